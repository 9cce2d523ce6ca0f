"""Primary account numbers written as digits: every brand's IIN ranges and lengths, Luhn, plausible grouping.

Separators: spaces (several), dash, dot, slash, tab, Unicode spaces and dashes, zero-width characters, one between
every digit; Unicode digits. Never part of a longer digit run or an alphanumeric token. A bare number that is the
whole value of an id-, time- or phone-like key (``"orderId": ...``) is not reported unless it is a known test card.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.pangroups import window_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_B = "(?:^|[^0-9A-Za-z_])"
_E = "(?:[^0-9A-Za-z_]|$)"
_S = r"[ \t\-./]{1,4}"


class PanDetector(Detector):
    id: ClassVar[str] = "pan"
    type: ClassVar[CardDataType] = "pan"
    triggers: ClassVar[tuple[str, ...]] = (
        # contiguous: an IIN-leading prefix and 13+ digits (a bounded end check is slow in hyperscan)
        _B + r"(?:4[0-9]|5[0-8]|2[2-7]|3[0-9]|6[0-9]|8[01]|97)[0-9]{11}",
        # 4-4-4-x(-y) groups
        _B + rf"[2-9][0-9]{{3}}(?:{_S}[0-9]{{4}}){{2}}{_S}[0-9]{{1,4}}",
        # Amex 4-6-5 and Diners 4-6-4
        _B + rf"3[0-9]{{3}}{_S}[0-9]{{6}}{_S}[0-9]{{4,5}}",
        # a separator between every digit
        _B + r"[0-9](?:[ \t\-./]{1,4}[0-9]){12,18}" + _E,
    )
    margin: ClassVar[int | None] = 8

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        return self.find_windows(text, [(pos, len(text) if endpos is None else endpos)])

    def find_windows(self, text: str, windows: list[tuple[int, int]]) -> Iterator[Span]:
        for start, end, digits, test in window_pans(text, windows):
            yield Span(start, end, "pan", self.id, digits, test_card=test)
