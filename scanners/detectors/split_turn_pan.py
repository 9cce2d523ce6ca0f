"""A card number a person gives in two consecutive messages of their own, each only digit groups ("4578 9160",
then "1329 1423"), in any record that writes one message after another: a JSON or logfmt value, a form parameter,
an HTML note's blocks, a transcript's or a text's lines. The rules are in ``split_turns``; the number is reported on
the first message's digits (the trigger's), where it starts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.context import line_end, line_start
from scanners.detectors.split_turns import TRIGGERS, split_pans
from scanners.engine.finding import CardDataType, Span


class SplitTurnPanDetector(Detector):
    id: ClassVar[str] = "split_turn_pan"
    priority: ClassVar[int] = 72
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True  # ASCII digits; the triggers read a letter outside ASCII as "?"
    triggers: ClassVar[tuple[str, ...]] = TRIGGERS
    margin: ClassVar[int | None] = None  # the trigger's line is read from its start: the message's key is before it

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        # the closing quote, tag or line end is read past the window: a value is judged the same through any window
        for start, end, digits in split_pans(text, line_start(text, pos), line_end(text, max(pos, endpos - 1))):
            if pos <= start and end <= endpos:
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = SplitTurnPanDetector
