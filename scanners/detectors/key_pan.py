"""Card numbers glued by ``_`` (or a URL-encoded separator) into an object key or a file name, with the expiry and
security-code segments of the same name: ``failed-payments%2F4111..._0327.json``, ``notes/ahmed_4111..._cvv123.txt``.
``_`` separates the words of a name; the rules (a path or file-name token, 13-19 digits, never a letter) and
reasons are in ``scanners.cards.glued``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.glued import KEY_REACH, KEY_TRIGGERS, key_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class KeyPanDetector(Detector):
    id: ClassVar[str] = "key_pan"
    priority: ClassVar[int] = 16
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = KEY_TRIGGERS
    margin: ClassVar[int | None] = 24 + KEY_REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, kind, value, pan in key_pans(text, pos, endpos):
            if pos <= start and end <= endpos:
                yield Span(start, end, kind, self.id, value, test_card=is_test_pan(pan))


DETECTOR = KeyPanDetector
