"""Findings and coverage per night, with nights that had no run made visible, drawn as an inline SVG.

A night is a calendar date (UTC) with at least one run. Nights between the first and the last night without a
run are ``missed``: the automated review did not happen (PCI DSS 10.7.2), and they make the report incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from reports.model.runs import Run, complete, coverage_percent

MAX_NIGHTS = 92
_RANK = {"clean": 0, "incomplete": 1, "leaks": 2}


@dataclass(frozen=True, slots=True)
class TrendPoint:
    night: str
    findings: int
    coverage: float
    verdict: str  # clean / leaks / incomplete, or "missed" when no run happened that night
    runs: int

    def to_dict(self) -> dict[str, Any]:
        return {"night": self.night, "findings": self.findings, "coverage_percent": self.coverage,
                "verdict": self.verdict, "runs": self.runs}


def run_verdict(leaks: int, coverage: Sequence[Mapping[str, Any]], canaries_missed: int) -> str:
    if leaks:
        return "leaks"
    if not coverage or not all(complete(c) for c in coverage) or canaries_missed:
        return "incomplete"
    return "clean"


def missed_canaries(run: Run) -> int:
    return sum(1 for c in run.data.get("canaries") or () if isinstance(c, Mapping) and c.get("status") != "found")


def night_point(night: date, runs: Sequence[Run], leaks: Sequence[int]) -> TrendPoint:
    """One night from its runs (``leaks[i]`` = leak findings of ``runs[i]``, canary findings excluded)."""
    coverage = [c for r in runs for c in r.data.get("coverage") or () if isinstance(c, Mapping)]
    verdicts = [
        run_verdict(n, r.data.get("coverage") or (), missed_canaries(r)) for r, n in zip(runs, leaks, strict=True)
    ]
    verdict = max(verdicts, key=lambda v: _RANK[v]) if verdicts else "incomplete"
    return TrendPoint(night.isoformat(), sum(leaks), coverage_percent(coverage), verdict, len(runs))


def fill_nights(points: Sequence[TrendPoint]) -> list[TrendPoint]:
    """Every night from the first to the last, missing ones as ``missed``; the newest ``MAX_NIGHTS`` kept."""
    by_night = {p.night: p for p in points}
    if not by_night:
        return []
    first, last = date.fromisoformat(min(by_night)), date.fromisoformat(max(by_night))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)][-MAX_NIGHTS:]
    return [by_night.get(d.isoformat()) or TrendPoint(d.isoformat(), 0, 0.0, "missed", 0) for d in days]


def previous_points(previous_report: Mapping[str, Any] | None) -> list[TrendPoint]:
    out = []
    for p in (previous_report or {}).get("trend") or ():
        if isinstance(p, Mapping) and p.get("verdict") != "missed":
            try:
                date.fromisoformat(str(p.get("night")))
                out.append(TrendPoint(str(p["night"]), int(p.get("findings") or 0),
                                      float(p.get("coverage_percent") or 0.0), str(p.get("verdict")),
                                      int(p.get("runs") or 1)))
            except (ValueError, TypeError):
                continue
    return out


_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 760, 230, 48, 52, 14, 40
_COLOURS = {"clean": "#1a7f37", "leaks": "#b42318", "incomplete": "#b54708"}


def trend_svg(points: Sequence[TrendPoint]) -> str:
    """An inline SVG: findings as bars (left axis), coverage % as a line (right axis), missed nights hatched."""
    title = "<title>Findings and coverage per night</title>"
    if not points:
        return (f'<svg class="trend" role="img" viewBox="0 0 {_W} 60" width="{_W}" height="60">{title}'
                f'<text x="{_W // 2}" y="34" text-anchor="middle">No runs to chart</text></svg>')
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / len(points)
    peak = max(1, *(p.findings for p in points))
    base = _TOP + plot_h
    parts = [
        f'<svg class="trend" role="img" viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" '
        f'font-size="11" fill="#475467" aria-label="Findings and coverage per night">{title}',
        '<defs><pattern id="missed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f4f7"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#98a2b3" stroke-width="2"/></pattern></defs>',
        f'<line x1="{_LEFT}" y1="{base}" x2="{_W - _RIGHT}" y2="{base}" stroke="#667085"/>',
        f'<text class="axis" x="{_LEFT - 6}" y="{_TOP + plot_h * 0.15 + 4:.0f}" text-anchor="end">{peak}</text>',
        f'<text class="axis" x="{_LEFT - 6}" y="{base}" text-anchor="end">0</text>',
        f'<text class="axis" x="{_W - _RIGHT + 6}" y="{_TOP + 4}">100%</text>',
        f'<text class="axis" x="{_W - _RIGHT + 6}" y="{base}">0%</text>',
    ]
    bars: list[str] = []
    dots: list[str] = []
    lines: list[list[str]] = [[]]
    label_every = -(-len(points) // 10)  # at most about ten date labels
    for i, p in enumerate(points):
        x = _LEFT + i * step
        mid = x + step / 2
        if p.verdict == "missed":
            lines.append([])
            bars.append(f'<rect class="missed" x="{x + step * 0.1:.1f}" y="{_TOP}" width="{step * 0.8:.1f}" '
                        f'height="{plot_h}" fill="url(#missed-hatch)"><title>{escape(p.night)}: no run</title></rect>')
        else:
            height = plot_h * 0.85 * p.findings / peak  # headroom: the 100% coverage line stays clear
            if p.findings:
                bars.append(f'<rect class="bar" x="{x + step * 0.2:.1f}" y="{base - height:.1f}" '
                            f'width="{step * 0.6:.1f}" height="{height:.1f}" fill="#b42318">'
                            f'<title>{escape(p.night)}: {p.findings} findings</title></rect>')
            y = base - plot_h * p.coverage / 100
            lines[-1].append(f"{mid:.1f},{y:.1f}")
            dots.append(f'<circle cx="{mid:.1f}" cy="{y:.1f}" r="3.5" fill="{_COLOURS.get(p.verdict, "#667085")}">'
                        f'<title>{escape(p.night)}: {p.coverage}% covered, {escape(p.verdict)}</title></circle>')
        if i % label_every == 0 or i == len(points) - 1:
            parts.append(f'<text class="axis" x="{mid:.1f}" y="{base + 16}" text-anchor="middle">'
                         f"{escape(p.night[5:])}</text>")
    polylines = [f'<polyline points="{" ".join(pts)}" fill="none" stroke="#1d4ed8" stroke-width="2"/>'
                 for pts in lines if len(pts) > 1]
    parts += bars + polylines + dots
    parts.append(f'<text class="axis" x="{_LEFT}" y="{_H - 6}">bars: findings · line: coverage % · '
                 "hatched: no run</text></svg>")
    return "".join(parts)
