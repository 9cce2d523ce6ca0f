"""Card numbers split across the elements of a one-line JSON array: ``["4111","1111","1111","1111"]``, ``[4,2,...]``.

The array must hold only digit elements, all quoted alike (JSON-escaped quotes too), grouped as a card is written
(one digit each, fours with a shorter tail, or 4-6-5 / 4-6-4: a form's boxes, never the 4-3-3-3 a 13-digit card is
printed in, which a list of four whole numbers often is), and the joined digits must form a valid PAN. The span is
the whole array.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.cards.panchain import MERGED_TAILS, VISA_13, plausible_grouping
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_EL = r'(?:\\?")?[0-9]{1,6}(?:\\?")?'
_ARRAY = re.compile(rf"\[[ \t]*{_EL}(?:[ \t]*,[ \t]*{_EL}){{1,18}}[ \t]*\]")
_ELEMENT = re.compile(r'(\\?"?)([0-9]+)(\\?"?)')
_MARGIN = 200  # the longest array read as one card number


class ArrayPanDetector(Detector):
    id: ClassVar[str] = "array_pan"
    priority: ClassVar[int] = 60
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (r'\[[ \t]*(?:\\?")?[0-9]{1,6}(?:\\?")?[ \t]*,[ \t]*(?:\\?")?[0-9]',)
    margin: ClassVar[int | None] = None  # whole lines: a start offset (hyperscan's SOM) cost 10 % of the trigger pass

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for m in _ARRAY.finditer(text, pos, endpos):
            elements = _ELEMENT.findall(m.group())
            quotes = {(q1, q2) for q1, _, q2 in elements}
            if len(quotes) != 1 or quotes.pop() not in {("", ""), ('"', '"'), ('\\"', '\\"')}:
                continue
            digits = "".join(d for _, d, _ in elements)
            sizes = [len(d) for _, d, _ in elements]
            printed_only = sizes == VISA_13 or sizes in MERGED_TAILS  # layouts a list of numbers never holds
            if m.end() - m.start() <= _MARGIN and plausible_grouping(sizes) and not printed_only and is_pan(digits):
                yield Span(m.start(), m.end(), "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = ArrayPanDetector
