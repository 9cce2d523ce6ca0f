"""Card expiry dates after a keyword (exp, expiry, expiration, expires, valid thru/until, exp_month/exp_year), as
``MM/YY``.

MM/YY, MM/YYYY, MM-YY, MMYY, YYYY-MM, ``Feb 2027`` (shapes in ``context.date_at``), ``expM=02, expY=2026``,
``card[exp_month]=12&card[exp_year]=2030``; month and year under separate keys on separate lines (pretty-printed
JSON, XML ``<expirationMonth>``/``<expirationYear>``; see ``monthyear``); a date a few keys below its keyword
(``"expiry": {"value": {"originalValue": "12/30"}}``, see ``structure``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.companions import CardObjects, truncated_object
from scanners.detectors.context import FILLERS, date_at, keywords
from scanners.detectors.monthyear import about_a_card, across_lines, kind_of, no_card_date, same_line
from scanners.detectors.spoken import spoken_date
from scanners.detectors.structure import HOLDER, held_values
from scanners.engine.finding import CardDataType, Span

_KEYWORDS = (
    r"exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|m|year|yr|y))?|expir(?:es|ing|ed)"
    r"|valid[ _\-]?(?:thr(?:u|ough)|until)|good[ _\-]?thr(?:u|ough)"
)
_KEYWORD = rf"(?i:{_KEYWORDS})(?:\b|_)"
_LOWER = re.compile(rf"(?:{_KEYWORDS})(?:\b|_)", re.ASCII)  # for lower-cased ASCII text (context.keywords)
_FILLERS = FILLERS | {"date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru", "in", "at",
                      "end"}
EXPIRY_KEY = re.compile(r"(?:card|cc)?(?:exp|expiry|expiration|expires|validthru|validthrough)(?:date|dt)?")


class ExpiryDetector(Detector):
    id: ClassVar[str] = "expiry"
    priority: ClassVar[int] = 40
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD, HOLDER + r"[0-9]{1,4}[/\-]?[0-9]{2}")
    margin: ClassVar[int | None] = 96
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)

    def __init__(self) -> None:
        self._metadata = CardObjects()

    def screen(self, text: str, start: int, end: int) -> bool:
        return not self._metadata.holds(text, start)  # a processor's card object: its expiry is card metadata

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, seen = len(text) if endpos is None else endpos, set()
        card = (-1, -1)  # the last card object found to hold card metadata only
        needles = ("exp", "thr", "until")
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=needles, lower=_LOWER):
            if card[0] <= s < card[1] or not about_a_card(text, s, e):
                continue
            if (card := truncated_object(text, s) or card)[0] <= s < card[1]:
                continue
            kind = kind_of(text[s:e])
            hit = date_at(text, e, _FILLERS) or spoken_date(text, e, _FILLERS)
            hit = hit or same_line(self._rx, text, kind, e, _FILLERS, lower=_LOWER)
            hit = hit or across_lines(self._rx, text, kind, (s, e), _FILLERS, lower=_LOWER)
            if hit and pos <= hit[0] and hit[1] <= endpos and hit[0] not in seen:
                if no_card_date(text, hit[0], hit[1]):
                    continue
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
        for at in held_values(text, pos, endpos, EXPIRY_KEY):
            hit = date_at(text, at, _FILLERS)
            if hit and hit[1] <= endpos and hit[0] not in seen and not no_card_date(text, hit[0], hit[1]):
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])


DETECTOR = ExpiryDetector
