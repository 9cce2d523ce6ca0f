"""Card numbers said in speech and chat turns that the PAN detector's layout rules miss: split over consecutive
turns of one speaker after a question for the card number, or said in uneven digit groups (``card 49 29 06 ...``).
The rules are in ``turns``; a split number is reported on the digits of its first turn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.context import line_end, line_start
from scanners.detectors.dictation import announces
from scanners.detectors.speech_turns import TURN, split_keys
from scanners.detectors.turns import joined_from, joined_pan, read_turn, said_pans
from scanners.engine.finding import CardDataType, Span

# "card", a few filler words, then three digit groups
SAID = r"[Cc]ard[A-Za-z' :]{0,16}[0-9]+[ \-][0-9]+[ \-][0-9]"


def _screen(text: str, start: int, end: int) -> bool:
    """``announces``, or a digit turn led by another language's words (``ja das ist die 5413 7106``)."""
    return announces(text, start, end) or (text[end - 1 : end] == '"' and read_turn(text, start, end) is not None)


class TurnPanDetector(Detector):
    id: ClassVar[str] = "turn_pan"
    priority: ClassVar[int] = 70
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (TURN, SAID)
    margin: ClassVar[int | None] = 96  # a turn's body is read up to 80 characters past its key

    screen = staticmethod(_screen)  # a turn gets a window only when a number (or its first part) leads it

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        found = [hit for key in split_keys(text, max(0, pos - 96), endpos)
                 for hit in (joined_pan(text, *key), joined_from(text, *key))]
        if "ard" in text[pos:endpos]:
            found += said_pans(text, line_start(text, pos), line_end(text, max(pos, endpos - 1)))
        for hit in sorted({h for h in found if h is not None}):
            start, end, digits = hit
            if pos <= start and end <= endpos:
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = TurnPanDetector
