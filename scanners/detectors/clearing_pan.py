"""Card numbers in the TCR 0 records of a Visa BASE II clearing file (TC 05-07 drafts, their chargebacks and
reversals): the account number field at positions 5-23 of a 168-character record, read only when the line has the
record's layout (rules and reasons in ``scanners.cards.baseii``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.baseii import TRIGGER, record_pans
from scanners.cards.brands import is_test_pan
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class ClearingPanDetector(Detector):
    id: ClassVar[str] = "clearing_pan"
    priority: ClassVar[int] = 18
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (TRIGGER,)
    margin: ClassVar[int | None] = None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, digits in record_pans(text, pos, endpos):
            yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = ClearingPanDetector
