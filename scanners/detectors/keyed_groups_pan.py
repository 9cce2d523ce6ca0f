"""A card number keyed on a phone's keypad in groups, ``*`` between them and ``#`` at the end: ``4111*1111*1111*1111#``.

A softphone's or IVR's log of the keys sent (the CCP's ``sendDigits``, a keypad buffer) writes the keys as pressed:
``*`` and ``#`` are keys there, not masking. A caller or agent who keys the card a printed group at a time, with
``*`` between groups, leaves the whole number in the entry; ``#`` ends it. Read only as a whole entry: full digit
groups (3-6 digits, the last one 1-6: ``3056*9309*0259*04#``; never a lone star run), each joined by exactly one
``*``, the last one followed by ``#``, nothing word-like or keyed right before it; 13-19 digits in a card's printed
layout (``panchain.plausible_grouping``), IIN and Luhn valid. A mask (``4111********1111``, ``****1111``) has stars
where digits were, never one star between full groups, and stays quiet, as does a keyed number under an id-like key
(``idkeys``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import MAX_LENGTH, is_pan, is_test_pan
from scanners.cards.idkeys import id_keyed
from scanners.cards.panchain import plausible_grouping
from scanners.cards.pangroups import SHORT_ALONE
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_ENTRY = re.compile(r"(?<![0-9A-Za-z_*])[0-9]{3,6}(?:\*[0-9]{3,6}){1,4}\*[0-9]{1,6}")


class KeyedGroupsPanDetector(Detector):
    id: ClassVar[str] = "keyed_groups_pan"
    priority: ClassVar[int] = 62
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (r"[0-9]{3}\*[0-9]{3,6}(?:\*[0-9]{3,6}){0,3}\*[0-9]{1,6}#",)
    margin: ClassVar[int | None] = 2 * MAX_LENGTH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for m in _ENTRY.finditer(text, pos, endpos):
            if not text.startswith("#", m.end()):
                continue  # not the whole entry: ``#`` ends one
            groups = m.group().split("*")
            digits = "".join(groups)
            if not SHORT_ALONE <= len(digits) <= MAX_LENGTH or not plausible_grouping([len(g) for g in groups]):
                continue
            if is_pan(digits) and ((test := is_test_pan(digits)) or not id_keyed(text, m.start())):
                yield Span(m.start(), m.end(), "pan", self.id, digits, test_card=test)


DETECTOR = KeyedGroupsPanDetector
