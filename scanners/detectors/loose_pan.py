"""Card numbers typed as they come, in irregular groups, right after a card key or word (``"ccNum": "41- 11 111"``).

An irregular grouping is weaker evidence than a card's print grouping (``pan`` reads only fours with a tail, 4-6-5
and 4-6-4), so the value must be named a card just before it: a card key (``cardNumber``, ``raw_card``, ``PAN``,
``ccNum``) or the word card / PAN ending the text before it. The groups (two or more, joined by one to three spaces
or a dash with spaces around it) are the whole value, and their digits a valid PAN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan, is_test_pan
from scanners.cards.idnames import CARD_KEY
from scanners.cards.keyparse import key_before
from scanners.cards.panchain import plausible_grouping
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_SEP = r"(?: {1,3}|[ \t]*-[ \t]*)"
_OPEN = r"""\\?["']?[ \t]*[:=]?[ \t]*\\?["']?"""
_CHAIN = re.compile(rf"(?<![0-9A-Za-z_.\-/])[0-9]{{1,6}}(?:{_SEP}[0-9]{{1,6}})+(?![0-9A-Za-z_]|{_SEP}[0-9]|[./][0-9])")
_WORD = re.compile(rf"(?i)(?<![a-z])(?:card|pan)(?:[ _-]?(?:number|num|no))?{_OPEN}$")
_GROUP = re.compile("[0-9]+")


class LoosePanDetector(Detector):
    id: ClassVar[str] = "loose_pan"
    priority: ClassVar[int] = 62
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    # "cc" caseless cost the prefilter pass 15 %: its own pattern, in the cases keys write it (ccNum, CC_NO)
    triggers: ClassVar[tuple[str, ...]] = (
        rf"(?i)(?:card|pan)[a-z_]{{0,16}}{_OPEN}[0-9]{{1,6}}{_SEP}[0-9]{{1,6}}{_SEP}[0-9]",
        rf"(?:cc|CC|Cc)(?:[_-]?(?:[Nn]um|NUM|[Nn]o|NO|[Nn]r|NR)[A-Za-z_]{{0,12}})?{_OPEN}[0-9]{{1,6}}{_SEP}[0-9]{{1,6}}{_SEP}[0-9]",
    )
    margin: ClassVar[int | None] = 4 * MAX_LENGTH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        for m in _CHAIN.finditer(text, pos, len(text) if endpos is None else endpos):
            sizes = [len(g) for g in _GROUP.findall(m.group())]
            digits = "".join(_GROUP.findall(m.group()))
            if not MIN_LENGTH <= len(digits) <= MAX_LENGTH or plausible_grouping(sizes) or not is_pan(digits):
                continue  # no card's length, or a grouping ``pan`` reads itself
            if _card_named(text, m.start()):
                yield Span(m.start(), m.end(), "pan", self.id, digits, test_card=is_test_pan(digits))


def _card_named(text: str, start: int) -> bool:
    """A card key or the word card / PAN right before ``start``."""
    lo = max(0, start - 48)
    key = key_before(text, lo, start)
    if key is not None:
        return CARD_KEY.search(key.lower().replace("_", "").replace("-", "")) is not None
    return _WORD.search(text, lo, start) is not None


DETECTOR = LoosePanDetector
