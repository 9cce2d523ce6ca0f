"""The population: every item this run examined (or tried to), one CSV row each, for the assessor to sample from."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reports.exports.csv_findings import cell

if TYPE_CHECKING:
    from reports.model.core import ReportModel

NAME, FILE, TITLE = "population", "population.csv", "Examined items (CSV)"
COLUMNS = ("ref", "source", "where", "status", "items_read", "bytes_read", "reason")


def render(report: ReportModel) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report.population:
        writer.writerow([cell(row[c]) for c in COLUMNS])
    return out.getvalue()
