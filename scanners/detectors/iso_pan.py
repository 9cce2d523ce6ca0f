"""Card numbers in ISO 8583 dumps written as field 2's LLVAR value, the two-digit length glued before the digits:
``DE002 : [164111111111111111]``, ``F002=16...``, ``<isomsg><field id="2" value="16..."/>``. Only under a key naming
field 2, and only when the prefix counts the digits after it and those form a valid card number (rules and reasons
in ``scanners.cards.iso8583``). The span is the card number, without the prefix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.iso8583 import REACH, TRIGGERS, field2_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class IsoPanDetector(Detector):
    id: ClassVar[str] = "iso_pan"
    priority: ClassVar[int] = 15
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = TRIGGERS
    margin: ClassVar[int | None] = REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, digits in field2_pans(text, pos, endpos):
            yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = IsoPanDetector
