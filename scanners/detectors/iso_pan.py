"""Card numbers in ISO 8583 dumps written as field 2's LLVAR value, the two-digit length glued before the digits:
``DE002 : [164111111111111111]``, ``F002=16...``, ``<isomsg><field id="2" value="16..."/>``. Only under a key naming
field 2, and only when the prefix counts the digits after it and those form a valid card number (rules and reasons
in ``scanners.cards.iso8583``). The span is the card number, without the prefix.

Also field 2 of a raw message logged as ASCII text (``>> 0100 7234...`` glued: MTI, hex bitmap, then the elements in
bitmap order), read by its bitmap: the LLVAR right after the bitmap(s) when bit 2 is set, vouched for by the numeric
fields the bitmap announces after it; and its expiry in field 14 (YYMM) when the bitmap sets that bit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.iso8583 import TRIGGERS, WIRE_REACH, WIRE_TRIGGER, field2_pans, wire_fields
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class IsoPanDetector(Detector):
    id: ClassVar[str] = "iso_pan"
    priority: ClassVar[int] = 15
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (*TRIGGERS, WIRE_TRIGGER)
    margin: ClassVar[int | None] = WIRE_REACH  # the keyed forms need REACH (less)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, digits in field2_pans(text, pos, endpos):
            yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))
        for start, end, kind, value, pan in wire_fields(text, pos, endpos):
            yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = IsoPanDetector
