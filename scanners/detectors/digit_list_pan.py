"""Card numbers keyed or heard one digit at a time and logged as a list: ``4,1,1,1,...``, ``4|1|1|1``, ``4;1;1``.

Amazon Connect's stored customer input, a keypad-event log and speech-to-text all write a DTMF entry this way. The
list holds only single digits joined by one separator (a bare comma, a pipe or a semicolon) and must be the whole
list: not a stretch of a longer one (a CSV row of numeric cells: ``12,4,1,1,...``), nor a line of its own (a row of
single-digit cells). The joined digits must form a valid PAN. A comma
with spaces and a dash are ``pan``'s separators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan, is_test_pan
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_N = f"{{{MIN_LENGTH - 1},{MAX_LENGTH - 1}}}"
_LIST = re.compile(rf"[0-9](?:(?P<s>[,|;])[0-9])(?:(?P=s)[0-9]){{{MIN_LENGTH - 2},}}")
_OPENERS = frozenset(" \t\"'=:([{>")  # what a list of digits is written after: a key's sign, a quote, a space


class DigitListPanDetector(Detector):
    id: ClassVar[str] = "digit_list_pan"
    priority: ClassVar[int] = 61
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = tuple(rf"[0-9](?:\{s}[0-9]){_N}" for s in ",|;")
    margin: ClassVar[int | None] = 2 * MAX_LENGTH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for m in _LIST.finditer(text, pos, endpos):
            start, end = m.span()
            if (end - start + 1) // 2 > MAX_LENGTH or not _opened(text, start) or _continued(text, end):
                continue  # too long, or a cell of a longer row or list
            digits = text[start:end:2]
            if is_pan(digits):
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


def _opened(text: str, start: int) -> bool:
    """The list at ``start`` opens a value: a key's sign, a quote or a space before it (a JSON-escaped line break or
    tab too), never a line's start or another cell."""
    if start == 0 or text[start - 1] in "\r\n":
        return False
    return text[start - 1] in _OPENERS or (start > 1 and text[start - 2] == "\\" and text[start - 1] in "ntr")


def _continued(text: str, end: int) -> bool:
    """A word character, or the list's separator and a word character, right at ``end``: more cells follow."""
    after = text[end : end + 2]
    return after[:1].isalnum() or (after[:1] in (",", "|", ";") and after[1:].isalnum())


DETECTOR = DigitListPanDetector
