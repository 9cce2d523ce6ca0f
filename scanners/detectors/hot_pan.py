"""Card numbers in an IATA BSP HOT file's form-of-payment record (``BKP84``), read by position from its Form of
Payment Account Number field (FPAC), where a 19-digit number runs into the next field, and the expiry (EXDA) after
it. The layout, its variants and the checks are in ``scanners.cards.bsphot``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.bsphot import REACH, TRIGGERS, fpac_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class HotPanDetector(Detector):
    id: ClassVar[str] = "hot_pan"
    priority: ClassVar[int] = 18
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = TRIGGERS
    margin: ClassVar[int | None] = REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in fpac_pans(text, pos, endpos):
            if pos <= start and end <= endpos:
                yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = HotPanDetector
