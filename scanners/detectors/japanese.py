"""Card expiry dates and security codes after a Japanese label (``有効期限：09/27``, ``有効期限は 09/27``,
``セキュリティコード 123``, ``{"有効期限": "09/27"}``), as Japanese payment pages, chats and mails write them.

Such a label is all non-ASCII, so no ASCII trigger can name it: this detector is not ``ascii_only`` and the engine
hands it every line that holds a non-ASCII character whole; a plain substring test rejects the lines without a label
(the value is read by ``context.date_at`` and ``spoken.code_at``, as after an English keyword)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.context import date_at
from scanners.detectors.monthyear import no_card_date
from scanners.detectors.spoken import code_at
from scanners.detectors.vocabulary import JAPANESE_CVV, JAPANESE_EXPIRY, Cvv, Expiry
from scanners.engine.finding import CardDataType, Span

_LABEL = re.compile(f"(?P<exp>{JAPANESE_EXPIRY})|{JAPANESE_CVV}")


class JapaneseLabelDetector(Detector):
    id: ClassVar[str] = "japanese"
    priority: ClassVar[int] = 42
    type: ClassVar[CardDataType] = "expiry"  # and "cvv": each span names its own
    ascii_only: ClassVar[bool] = False
    triggers: ClassVar[tuple[str, ...]] = ()  # every line with a non-ASCII character is handed over

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lo = max(0, pos - 64)
        if text.find(JAPANESE_EXPIRY, lo, endpos) < 0 and text.find("コード", lo, endpos) < 0:
            return
        for m in _LABEL.finditer(text, lo, endpos):
            if m["exp"]:
                hit = date_at(text, m.end(), Expiry.FILLERS)
                if hit and pos <= hit[0] and hit[1] <= endpos and not no_card_date(text, *hit[:2]):
                    yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
            elif (code := code_at(text, m.end(), Cvv.FILLERS)) and pos <= code[0] and code[1] <= endpos:
                yield Span(code[0], code[1], "cvv", self.id, code[2])


DETECTOR = JapaneseLabelDetector
