"""Card numbers in a reservation system's form of payment, the vendor code glued to the digits and the expiry
right after them: Amadeus ``FPCCVI4111.../1227``, Sabre ``5-*VI4111...¥1227``, Travelport ``F.VI4111.../D1227``.
The leads, the vendor codes' brands and the expiry forms (and their public sources) are in ``scanners.cards.gds``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.gds import BARE_TRIGGER, LEAD, REACH, TRIGGERS, fop_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class GdsPanDetector(Detector):
    id: ClassVar[str] = "gds_pan"
    priority: ClassVar[int] = 18
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True  # its triggers see the Sabre separators, as "?": they decide on every line
    triggers: ClassVar[tuple[str, ...]] = (*TRIGGERS, BARE_TRIGGER)
    margin: ClassVar[int | None] = LEAD + 19 + REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in fop_pans(text, pos, endpos):
            if pos <= start and end <= endpos:
                yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = GdsPanDetector
