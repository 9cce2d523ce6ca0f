"""Card numbers and expiry dates in Thales payShield CW/CY host commands (generate and verify a card verification
code) as a host's trace logs them: ``2550CWU<CVK>4…;2801101`` (rules in ``scanners.cards.hsmcmd``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.hsmcmd import TRIGGER, command_fields
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class HsmCommandDetector(Detector):
    id: ClassVar[str] = "hsm_command"
    priority: ClassVar[int] = 16
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (TRIGGER,)
    margin: ClassVar[int | None] = 96

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in command_fields(text, pos, endpos):
            yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = HsmCommandDetector
