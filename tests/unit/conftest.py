"""Shared unit-test fixtures: ``log_output`` collects what the IVR's loggers write, through the handler's own
(redacting) formatter, so a test can check a log line never holds card data."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from ivr import handler


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    out = logging.StreamHandler(stream)
    out.setFormatter(handler.logger.logger_handler.formatter)
    logging.getLogger("ivr").addHandler(out)
    yield stream
    logging.getLogger("ivr").removeHandler(out)
