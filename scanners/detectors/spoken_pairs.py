"""Card numbers read out in English two digits at a time (``ninety seven ninety two, thirteen eighty five, …``), as a
caller reads a card's groups and Contact Lens, Transcribe or Lex write them: the rules are ``cards.pairwords``'.
Quiet when an id label names the run (``confirmation number ninety …``: ``idkeys.id_keyed``), as for digits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.idkeys import id_keyed
from scanners.cards.pairwords import TRIGGER, pair_pans
from scanners.detectors.base import Detector
from scanners.detectors.context import line_end, line_start
from scanners.engine.finding import CardDataType, Span


class SpokenPairsDetector(Detector):
    id: ClassVar[str] = "spoken_pairs"
    priority: ClassVar[int] = 52
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (TRIGGER,)
    margin: ClassVar[int | None] = None  # a card read out runs to 150+ characters: look at the whole line

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lo, hi = line_start(text, pos), line_end(text, max(pos, endpos - 1))
        for start, end, digits in pair_pans(text, lo, hi):
            if pos <= start and end <= endpos and not id_keyed(text, start):
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = SpokenPairsDetector
