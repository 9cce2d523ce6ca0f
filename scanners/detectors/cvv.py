"""Card security codes (CVV/CVC/CID/CSC...): three or four digits as the value of, or right after, a keyword.

``cvv=123``, ``"card_cvc": "123"``, ``CVV: 1234``, ``the security code is 1 2 3``. The value is a whole
token: not part of a longer digit run, a decimal, a date or an id. Only punctuation and filler words may stand
between keyword and value, so ``"cvv_enabled": true`` or ``CVV check passed`` lend nothing onward.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import FILLERS, GAP, gap_ok, keywords
from scanners.engine.finding import CardDataType, Span

_KEYWORD = (
    r"(?i:cv[vc]2?|csc2?|cav2|\bcid|_cid|security[ _-]?code"
    r"|card[ _-]?(?:verification|validation|security|code))"
)
_NEEDLES = ("cv", "csc", "cav2", "cid", "secur", "verif", "valid", "code")
_VALUE = re.compile(
    GAP + r"(?P<v>[0-9]{3,4}(?![0-9])|[0-9](?: [0-9]){2,3}(?! ?[0-9]))(?![A-Za-z0-9_]|[.,/:\-][0-9])",
    re.ASCII,
)
_FILLERS = FILLERS | {"digit", "digits", "three", "four", "back", "security", "verification", "validation"}


class CvvDetector(Detector):
    id: ClassVar[str] = "cvv"
    priority: ClassVar[int] = 30
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD,)
    margin: ClassVar[int | None] = 64
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        last = -1
        for _, kw_end in keywords(self._rx, text, pos, endpos, lookback=64, needles=_NEEDLES):
            m = _VALUE.match(text, kw_end)
            if m is None or not gap_ok(m.group("gap"), _FILLERS):
                continue
            start, end = m.span("v")
            if pos <= start and end <= endpos and start != last:
                last = start
                yield Span(start, end, "cvv", self.id, m.group("v").replace(" ", ""))


DETECTOR = CvvDetector
