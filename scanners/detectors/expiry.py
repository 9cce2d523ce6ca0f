"""Card expiry dates after a keyword (exp, expiry, expiration, valid thru, exp_month/exp_year), as ``MM/YY``.

MM/YY, MM/YYYY, MM-YY, MMYY, YYYY-MM, ``Feb 2027`` (shapes in ``context.date_at``), ``expM=02, expY=2026``,
``card[exp_month]=12&card[exp_year]=2030``; month and year under separate keys on separate lines (pretty-printed
JSON, XML ``<expirationMonth>``/``<expirationYear>``), reported at the second value; a date a few keys below its
keyword (``"expiry": {"value": {"originalValue": "12/30"}}``, see ``structure``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import DATE_END, FILLERS, GAP, date_at, gap_ok, keyed_pair, keywords
from scanners.detectors.structure import HOLDER, held_values
from scanners.engine.finding import CardDataType, Span

_KEYWORD = (
    r"(?i:exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|m|year|yr|y))?"
    r"|valid[ _\-]?thr(?:u|ough)|good[ _\-]?thr(?:u|ough))(?:\b|_)"
)
_KIND = re.compile(r"(?i)exp(?:iry|iration)?[ _.\-]?(?:(month|mon|m)|year|yr|y)")
_MONTH = re.compile(GAP + r"(?P<v>0?[1-9]|1[0-2])" + DATE_END)
_YEAR = re.compile(GAP + r"(?P<v>(?:20)?[0-9]{2})" + DATE_END)
_FILLERS = FILLERS | {"date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru"}
_BETWEEN = re.compile(r"[^0-9{}\[\]]{1,120}")  # month to year across lines: same object, no other value between
EXPIRY_KEY = re.compile(r"(?:card|cc)?(?:exp|expiry|expiration|expires|validthru|validthrough)(?:date|dt)?")


class ExpiryDetector(Detector):
    id: ClassVar[str] = "expiry"
    priority: ClassVar[int] = 40
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD, HOLDER + r"[0-9]{1,4}[/\-]?[0-9]{2}")
    margin: ClassVar[int | None] = 96
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, seen = len(text) if endpos is None else endpos, set()
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=("exp", "thr")):
            kind = _kind(text[s:e])
            hit = date_at(text, e, _FILLERS) or self._pair(text, kind, e) or self._across(text, kind, s, e)
            if hit and pos <= hit[0] and hit[1] <= endpos and hit[0] not in seen:
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
        for at in held_values(text, pos, endpos, EXPIRY_KEY):
            hit = date_at(text, at, _FILLERS)
            if hit and hit[1] <= endpos and hit[0] not in seen:
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])

    def _pair(self, text: str, kind: str | None, at: int) -> tuple[int, int, str] | None:
        """``exp_month: 12, exp_year: 2030`` in either order: one span from the first value to the second."""
        first, second = (_MONTH, _YEAR) if kind == "month" else (_YEAR, _MONTH)
        pair = keyed_pair(self._rx, text, at, first, second, fillers=_FILLERS) if kind else None
        if pair is None or _kind(pair[2]) in (kind, None):
            return None
        month, year = pair[:2] if kind == "month" else pair[1::-1]
        return pair[0].start("v"), pair[1].end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"

    def _across(self, text: str, kind: str | None, s: int, e: int) -> tuple[int, int, str] | None:
        """This keyword's value and the other part's keyed value on an earlier line: the span is this value."""
        this = (_MONTH if kind == "month" else _YEAR).match(text, e) if kind else None
        if this is None or not gap_ok(this["gap"], _FILLERS):
            return None
        other_rx = _YEAR if kind == "month" else _MONTH
        for m in reversed(list(self._rx.finditer(text, max(0, s - 240), s))):
            other = other_rx.match(text, m.end()) if _kind(m.group()) not in (kind, None) else None
            if other and gap_ok(other["gap"], _FILLERS) and "\n" in text[other.end() : s]:
                if not _BETWEEN.fullmatch(text, other.end(), s):
                    return None
                month, year = (this, other) if kind == "month" else (other, this)
                return this.start("v"), this.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"
        return None


def _kind(keyword: str) -> str | None:
    m = _KIND.fullmatch(keyword)
    return None if m is None else "month" if m.group(1) else "year"


DETECTOR = ExpiryDetector
