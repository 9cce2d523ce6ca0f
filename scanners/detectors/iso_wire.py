"""Card data in raw ISO 8583 messages logged as ASCII text: ``>> 0100`` then the primary bitmap in hex (a secondary
one when bit 1 is set) and the data elements glued in bitmap order. Read by the bitmap: field 2's card number (the
LLVAR right after the bitmaps, vouched for by the numeric fields the bitmap announces after it), field 14's expiry
(YYMM), and the track data of fields 35 and 45 with their card numbers when the fields before them all fit. A valid
MTI, a hex bitmap with bit 2 set, a length of 12 to 19 and a valid card number are required (rules and field table
in ``scanners.cards.iso8583``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.iso8583 import WIRE_REACH, WIRE_TRIGGER, wire_fields
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class IsoWireDetector(Detector):
    id: ClassVar[str] = "iso_wire"
    priority: ClassVar[int] = 16
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (WIRE_TRIGGER,)
    margin: ClassVar[int | None] = WIRE_REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in wire_fields(text, pos, endpos):
            yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = IsoWireDetector
