"""Findings as CSV (one row per finding, masked values and fingerprints only; spreadsheet-formula safe)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.model.core import ReportModel

NAME, FILE, TITLE = "csv", "findings.csv", "Findings (CSV)"
COLUMNS = ("ref", "status", "source", "type", "detector", "masked", "test_card", "where", "first_seen", "last_seen",
           "fingerprint", "run_id", "account", "region")


def cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(report: ReportModel) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    s = report.scope
    for f in report.findings:
        writer.writerow([cell(v) for v in (f.ref, f.status, f.source, f.type, f.detector, f.masked,
                                           "yes" if f.test_card else "no", f.where, f.first_seen, f.last_seen,
                                           f.fingerprint, s.run_id, s.account, s.region)])
    return out.getvalue()
