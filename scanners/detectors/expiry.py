"""Card expiry dates after a keyword (exp, expiry, expiration, valid thru, exp_month/exp_year), as ``MM/YY``.

MM/YY, MM/YYYY, MM-YY, MMYY, YYYY-MM, ``Feb 2027`` (shapes in ``context.date_at``), ``expM=02, expY=2026``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import DATE_END, FILLERS, GAP, date_at, keyed_pair, keywords
from scanners.engine.finding import CardDataType, Span

_KEYWORD = (
    r"(?i:exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|m|year|yr|y))?"
    r"|valid[ _\-]?thr(?:u|ough)|good[ _\-]?thr(?:u|ough))(?:\b|_)"
)
_KIND = re.compile(r"(?i)exp(?:iry|iration)?[ _.\-]?(?:(month|mon|m)|year|yr|y)")
_MONTH = re.compile(GAP + r"(?P<v>0?[1-9]|1[0-2])" + DATE_END)
_YEAR = re.compile(GAP + r"(?P<v>(?:20)?[0-9]{2})" + DATE_END)
_FILLERS = FILLERS | {"date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru"}


class ExpiryDetector(Detector):
    id: ClassVar[str] = "expiry"
    priority: ClassVar[int] = 40
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD,)
    margin: ClassVar[int | None] = 96
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, last = len(text) if endpos is None else endpos, -1
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=("exp", "thr")):
            hit = date_at(text, e, _FILLERS) or self._pair(text, _kind(text[s:e]), e)
            if hit and pos <= hit[0] and hit[1] <= endpos and hit[0] != last:
                last = hit[0]
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])

    def _pair(self, text: str, kind: str | None, at: int) -> tuple[int, int, str] | None:
        """``exp_month: 12, exp_year: 2030`` in either order: one span from the first value to the second."""
        first, second = (_MONTH, _YEAR) if kind == "month" else (_YEAR, _MONTH)
        pair = keyed_pair(self._rx, text, at, first, second, fillers=_FILLERS) if kind else None
        if pair is None or _kind(pair[2]) in (kind, None):
            return None
        month, year = pair[:2] if kind == "month" else pair[1::-1]
        return pair[0].start("v"), pair[1].end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"


def _kind(keyword: str) -> str | None:
    m = _KIND.fullmatch(keyword)
    return None if m is None else "month" if m.group(1) else "year"


DETECTOR = ExpiryDetector
