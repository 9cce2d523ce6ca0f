"""Report exports, one module each, discovered from this folder: ``NAME`` (the ``--format`` name), ``FILE`` (the file
written into the report directory, so the signed manifest covers it), ``TITLE`` and ``render(report) -> str``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.model.core import ReportModel


@dataclass(frozen=True, slots=True)
class Export:
    name: str
    file: str
    title: str
    render: Callable[[ReportModel], str]


def exports() -> dict[str, Export]:
    """Every export module in this package, by format name (sorted by module name)."""
    out: dict[str, Export] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        out[mod.NAME] = Export(mod.NAME, mod.FILE, mod.TITLE, mod.render)
    return out
