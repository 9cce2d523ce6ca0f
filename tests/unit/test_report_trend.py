"""Trend points per night, missed nights, and the inline SVG."""

from __future__ import annotations

import re

from reports.model.trend import MAX_NIGHTS, TrendPoint, fill_nights, previous_points, trend_svg


def point(night: str, findings: int = 0, coverage: float = 100.0, verdict: str = "clean") -> TrendPoint:
    return TrendPoint(night, findings, coverage, verdict, 1)


def test_fill_nights_marks_gaps_as_missed() -> None:
    points = fill_nights([point("2026-01-03", 2, verdict="leaks"), point("2026-01-01")])
    assert [(p.night, p.verdict) for p in points] == [
        ("2026-01-01", "clean"), ("2026-01-02", "missed"), ("2026-01-03", "leaks")]
    assert fill_nights([]) == []


def test_fill_nights_keeps_the_newest_nights() -> None:
    points = fill_nights([point("2025-01-01"), point("2025-12-31")])
    assert len(points) == MAX_NIGHTS
    assert points[-1].night == "2025-12-31"


def test_trend_svg_draws_bars_line_and_hatched_missed_nights() -> None:
    svg = trend_svg(fill_nights([point("2026-01-01", 3, verdict="leaks"), point("2026-01-02", 0, 50.0, "incomplete"),
                                 point("2026-01-04", 1, verdict="leaks"), point("2026-01-05")]))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="missed"') == 1
    assert svg.count('class="bar"') == 2
    assert svg.count("<polyline") == 2  # the coverage line breaks at the missed night
    assert "2026-01-03: no run" in svg
    assert not re.search(r"(href|src)=\"(?!#)|url\((?!#)", svg)  # nothing outside the document


def test_trend_svg_with_no_runs_says_so() -> None:
    assert "No runs to chart" in trend_svg([])


def test_previous_points_skip_missed_and_malformed_entries() -> None:
    report = {"trend": [{"night": "2026-01-01", "findings": 1, "coverage_percent": 90, "verdict": "leaks"},
                        {"night": "2026-01-02", "verdict": "missed"}, {"night": "yesterday"}, "junk",
                        {"night": "2026-01-03", "findings": "many"}]}
    assert [p.night for p in previous_points(report)] == ["2026-01-01"]
    assert previous_points(None) == []
