"""Shared unit-test fixtures: ``log_output`` collects what the IVR's loggers write, through the handler's own
(redacting) formatter, so a test can check a log line never holds card data; ``each_engine`` is the default engine
on each prefilter back end (``re``, and hyperscan where it is installed)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from ivr import handler
from scanners.engine.core import Backend, Engine


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    out = logging.StreamHandler(stream)
    out.setFormatter(handler.logger.logger_handler.formatter)
    logging.getLogger("ivr").addHandler(out)
    yield stream
    logging.getLogger("ivr").removeHandler(out)


@pytest.fixture(scope="module", params=["re", "hyperscan"])
def each_engine(request: pytest.FixtureRequest) -> Engine:
    backend: Backend = request.param
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    return Engine(backend=backend)
