"""Card numbers in fixed-width records whose record-type letter touches the PAN field (``D4111...   2703...``, an
acquirer chargeback or retrieval file), with the expiry written as YYMM right after the PAN field. Only where lines of
one length are records led by a type letter; the rules and reasons are in ``scanners.cards.glued``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.glued import PAN_FIELD, RECORD_TRIGGERS, record_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class RecordPanDetector(Detector):
    id: ClassVar[str] = "record_pan"
    priority: ClassVar[int] = 17
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = RECORD_TRIGGERS
    margin: ClassVar[int | None] = PAN_FIELD + 8

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in record_pans(text, pos, endpos):
            if pos <= start and end <= endpos:
                yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = RecordPanDetector
