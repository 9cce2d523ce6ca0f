"""Card expiry dates after a keyword (exp, expiry, expiration, valid thru, exp_month/exp_year), as ``MM/YY``.

MM/YY, MM/YYYY, MM-YY, MMYY, YYYY-MM, ``Feb 2027`` (shapes in ``context.date_at``), ``expM=02, expY=2026``,
``card[exp_month]=12&card[exp_year]=2030``; month and year under separate keys on separate lines (pretty-printed
JSON, XML ``<expirationMonth>``/``<expirationYear>``; see ``monthyear``); a date a few keys below its keyword
(``"expiry": {"value": {"originalValue": "12/30"}}``, see ``structure``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import FILLERS, date_at, keywords
from scanners.detectors.monthyear import across_lines, kind_of, same_line
from scanners.detectors.structure import HOLDER, held_values
from scanners.engine.finding import CardDataType, Span

_KEYWORDS = (
    r"exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|m|year|yr|y))?"
    r"|valid[ _\-]?thr(?:u|ough)|good[ _\-]?thr(?:u|ough)"
)
_KEYWORD = rf"(?i:{_KEYWORDS})(?:\b|_)"
_LOWER = re.compile(rf"(?:{_KEYWORDS})(?:\b|_)", re.ASCII)  # for lower-cased ASCII text (context.keywords)
_FILLERS = FILLERS | {"date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru"}
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
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=("exp", "thr"), lower=_LOWER):
            kind = kind_of(text[s:e])
            hit = date_at(text, e, _FILLERS) or same_line(self._rx, text, kind, e, _FILLERS, lower=_LOWER)
            hit = hit or across_lines(self._rx, text, kind, (s, e), _FILLERS, lower=_LOWER)
            if hit and pos <= hit[0] and hit[1] <= endpos and hit[0] not in seen:
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
        for at in held_values(text, pos, endpos, EXPIRY_KEY):
            hit = date_at(text, at, _FILLERS)
            if hit and hit[1] <= endpos and hit[0] not in seen:
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])


DETECTOR = ExpiryDetector
