"""Card security codes (CVV/CVC/CID/CSC...): 3-4 digits as the value of, or right after, a keyword (``cvv=123``,
``card[cvc]=123``, ``<CardCode>123``, ``the security code is one two three``: shapes in ``spoken.code_at``), or a few
keys below it (``structure``). Only punctuation and filler words may stand between, so ``"cvv_enabled": true`` lends
nothing onward; a URL's ``cid=`` parameter is a campaign or client id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import FILLERS, keywords
from scanners.detectors.spoken import BACK_CODE, code_at
from scanners.detectors.structure import CELL, HOLDER, held_values
from scanners.engine.finding import CardDataType, Span

_CARD_WORD = r"card[ _-]?(?:verification|validation|security|code)"
_KEYWORDS = (rf"cv(?:number|num)|cv[vcdn]2?(?:cv[vcdn]2?)?|cv2|csc2?|cav2|{{cid}}|_cid|security[ _-]?code"  # cv2: Opayo
             rf"|{_CARD_WORD}|{BACK_CODE}")  # cv[vcdn]2?cv[vcdn]2?: Elavon's ssl_cvv2cvc2
_KEYWORD = "(?i:" + _KEYWORDS.format(cid=r"\bcid") + ")"
# For lower-cased ASCII text (``\bcid`` as a look-behind after the c: no word character before it).
_LOWER = re.compile("(?:" + _KEYWORDS.format(cid=r"c(?<![a-z0-9_]c)id") + ")", re.ASCII)
_NEEDLES = ("cv", "csc", "cav2", "cid", "secur", "verif", "valid", "code", "back")
_FILLERS = FILLERS | {"digit", "digits", "three", "four", "back", "security", "verification", "validation", "of",
                      "card's", "that"}
_HELD = re.compile(r"(?P<v>[0-9]{3,4})(?![A-Za-z0-9_]|[.,/:\-][0-9])", re.ASCII)
CVV_KEY = re.compile(
    r"(?:card|payment|pmt|cc)?(?:cvv2?|cvc2?|cv2|cvv2cvc2|csc2?|cid|cav2|cvd|cvn|cvnumber|cvv2val|securitycode"
    r"|cardcode|verificationvalue|verificationnumber|verificationcode|validationcode)(?:value|val|code|number|no)?"
)


class CvvDetector(Detector):
    id: ClassVar[str] = "cvv"
    priority: ClassVar[int] = 30
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True
    # the keyword; a 3-4 digit value of a generic holder key (value, originalValue...) or table cell: its owner decides
    triggers: ClassVar[tuple[str, ...]] = (_KEYWORD, HOLDER + r"[0-9]{3,4}(?:[^0-9]|$)", CELL + r"[0-9]{3,4}[ \t]*\|")
    margin: ClassVar[int | None] = 64
    _rx = re.compile(_KEYWORD, re.ASCII | re.MULTILINE)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        seen: set[int] = set()
        for kw_start, kw_end in keywords(self._rx, text, pos, endpos, lookback=64, needles=_NEEDLES, lower=_LOWER):
            if text[kw_start - 1 : kw_start] in ("?", "&") and text[kw_start:kw_end].lower() == "cid":
                continue  # a URL's cid= parameter: a campaign or client id
            code = code_at(text, kw_end, _FILLERS)
            if code is not None and pos <= code[0] and code[1] <= endpos and code[0] not in seen:
                seen.add(code[0])
                yield Span(*code[:2], "cvv", self.id, code[2])
        for at in held_values(text, pos, endpos, CVV_KEY):
            m = _HELD.match(text, at)
            if m and m.end() <= endpos and at not in seen:
                seen.add(at)
                yield Span(at, m.end(), "cvv", self.id, m.group("v"))

DETECTOR = CvvDetector
