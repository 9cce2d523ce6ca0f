"""Report exports, one module each, discovered from this folder: ``NAME`` (the ``--format`` name), ``FILE`` (the file
written into the report directory, so the signed manifest covers it), ``TITLE`` and ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scanners.extensions import modules_of

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
    for mod in modules_of(__name__):
        out[mod.NAME] = Export(mod.NAME, mod.FILE, mod.TITLE, mod.render)
    return out
