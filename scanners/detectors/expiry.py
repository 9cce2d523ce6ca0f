"""Card expiry dates (``MM/YY``) after a keyword (exp, expiry, expires, valid thru/until, exp_month/exp_year, XpryDt)
in every shape ``monthyear.date_after`` reads, or a few keys below it (``structure``); never a date a duration
follows, nor one in a processor's card-metadata object (``companions``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.companions import CardObjects
from scanners.detectors.context import FILLERS, date_at, keywords
from scanners.detectors.monthyear import about_a_card, date_after, no_card_date
from scanners.detectors.structure import CELL, HOLDER, held_values
from scanners.engine.finding import CardDataType, Span

_KEYWORDS = (
    r"(?:cc)?exp(?:iry|iration)?(?:[ _.\-]?(?:date|dt|d|month|mon|m|year|yr|y))?|expir(?:es|ing|ed)"
    r"|expire[ _.\-]?(?:date|month|year)"  # PayPal's expire_month
    r"|valid[ _\-]?(?:thr(?:u|ough)|until)|good[ _\-]?thr(?:u|ough)|xpry[ _]?dt"  # ISO 20022's XpryDt
)
_KEYWORD = rf"(?i:{_KEYWORDS})(?:\b|_)"
_LOWER = re.compile(rf"(?:{_KEYWORDS})(?:\b|_)", re.ASCII)  # for lower-cased ASCII text (context.keywords)
_NEEDLES = ("exp", "thr", "until", "xpry")
_FILLERS = FILLERS | {"date", "dt", "d", "month", "mon", "m", "year", "yr", "y", "mm", "yy", "yyyy", "thru", "in", "at",
                      "end"}
EXPIRY_KEY = re.compile(r"(?:card|cc)?(?:exp|expiry|expiration|expire|expires|validthru|validthrough|xpry)(?:date|dt)?")


class ExpiryDetector(Detector):
    id: ClassVar[str] = "expiry"
    priority: ClassVar[int] = 40
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD, *(h + r"[0-9]{1,4}[/\-]?[0-9]{2}" for h in (HOLDER, CELL)))
    margin: ClassVar[int | None] = 96
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)
    _metadata: ClassVar[CardObjects] = CardObjects()  # swapped as one tuple: safe to share

    def screen(self, text: str, start: int, end: int) -> bool:
        return not self._metadata.holds(text, start)  # a processor's card object: its expiry is card metadata

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, seen = len(text) if endpos is None else endpos, set()
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=_NEEDLES, lower=_LOWER):
            if not about_a_card(text, s, e) or self._metadata.holds(text, s):
                continue
            hit = date_after(self._rx, text, (s, e), _FILLERS, _LOWER)
            if hit and pos <= hit[0] and hit[1] <= endpos and hit[0] not in seen and not no_card_date(text, *hit[:2]):
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
        for at in held_values(text, pos, endpos, EXPIRY_KEY):
            hit = date_at(text, at, _FILLERS, yymm=True)  # held by a key naming a whole date
            if hit and hit[1] <= endpos and hit[0] not in seen and not no_card_date(text, hit[0], hit[1]):
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])


DETECTOR = ExpiryDetector
