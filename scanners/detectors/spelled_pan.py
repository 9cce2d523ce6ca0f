"""Card numbers spelled out in words, as in LLM prompts and call transcripts.

``four two four two, four two four two ...``: digit words in any case, "oh" for zero, "double"/"triple", digits
mixed in, grouped by spaces, commas, hyphens, periods or "and". A run of number tokens is reported when it holds
three number words in a row and its digits (or a run of its comma/period/"and" groups) form a valid PAN. Words
mixed with a long numeral (``four one one one`` and the rest as one number) are read by ``mixed_words``. Quiet when an
id label names the run (``customer id four zero six …``, ``idkeys.id_keyed``), as for digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.cards.idkeys import id_keyed
from scanners.detectors.base import Detector
from scanners.detectors.companions import unpadded_after
from scanners.detectors.context import line_end, line_start
from scanners.detectors.digit_words import SPELLED_TRIGGER, number_groups, number_runs
from scanners.detectors.mixed_words import mixed_pans
from scanners.engine.finding import CardDataType, Span


class SpelledPanDetector(Detector):
    id: ClassVar[str] = "spelled_pan"
    priority: ClassVar[int] = 50
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (SPELLED_TRIGGER,)
    margin: ClassVar[int | None] = None  # a spelled card runs to 150+ characters: look at the whole line

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lo, hi = line_start(text, pos), line_end(text, max(pos, endpos - 1))
        found = [hit for run in number_runs(text, lo, hi) for hit in _pans(run)]
        for start, end, digits in found + list(mixed_pans(text, lo, hi)):
                if pos <= start and end <= endpos and not id_keyed(text, start):  # "policy number four two …"
                    yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))
                    yield from unpadded_after(text, end, endpos, self.id, is_test_pan(digits))


def _pans(run: re.Match[str]) -> Iterator[tuple[int, int, str]]:
    """The whole run if it is a PAN, else the longest PANs made of whole groups (cut at commas, periods, "and")."""
    groups, i = number_groups(run.group()), 0
    while i < len(groups):
        for j in range(len(groups), i, -1):
            parts = [digits for _, _, digits in groups[i:j]]
            joined = "" if None in parts else "".join(p or "" for p in parts)
            if 13 <= len(joined) <= 19 and is_pan(joined):
                yield run.start() + groups[i][0], run.start() + groups[j - 1][1], joined
                i = j
                break
        else:
            i += 1


DETECTOR = SpelledPanDetector
