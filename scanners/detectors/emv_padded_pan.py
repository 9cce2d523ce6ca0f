"""Card numbers of odd length (15, 13, 17, 19 digits) as EMV tag 5A holds them, padded to whole bytes with ``F``
(EMV Book 3: a compressed-numeric value is right-padded with hex ``F``): ``getTlv(0x5A) = 3449…7665F``,
``5A  Application PAN  6267…4163F``. Read only after a ``5A`` tag on the same line (``5A``, ``0x5A``, within
``_TAG_REACH`` characters), the digits a brand-range, Luhn-valid card number of odd length and the ``F`` ending the
token; an even-length number needs no pad and is the PAN detector's. ``padded_pan_in`` tells the expiry detectors
that such a number (its bytes also spaced, ``5A (10) 50 18 … 26 1F``) stands on a tag dump's lines: tag 5F24 after
it is that card's expiry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan_ascii, is_test_pan
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_PADDED = re.compile(r"(?<![0-9A-Za-z])([0-9]{13,19})[Ff](?![0-9A-Za-z])")
_TAG = re.compile(r"(?<![0-9A-Za-z])(?:0[xX])?5[Aa](?![0-9A-Za-z])")
_SPACED = re.compile(r"(?<![0-9A-Za-z])((?:[0-9]{2} ){6,9}[0-9])[Ff](?![0-9A-Za-z])")
_TAG_REACH = 48


def _after_tag(text: str, at: int) -> bool:
    lo = max(text.rfind("\n", 0, at) + 1, at - _TAG_REACH)
    return _TAG.search(text, lo, at) is not None


def padded_pan_in(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` holds a tag 5A's F-padded card number of odd length, its bytes joined or spaced."""
    for rx in (_PADDED, _SPACED):
        for m in rx.finditer(text, lo, hi):
            digits = m[1].replace(" ", "")
            if len(digits) % 2 and is_pan_ascii(digits) and _after_tag(text, m.start()):
                return True
    return False


class EmvPaddedPanDetector(Detector):
    id: ClassVar[str] = "emv_padded_pan"
    priority: ClassVar[int] = 18
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (r"[0-9]{13}[Ff]",)
    margin: ClassVar[int | None] = 16

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for m in _PADDED.finditer(text, pos, min(len(text), endpos + 1)):
            digits = m[1]
            if len(digits) % 2 == 0 or m.end(1) > endpos or not is_pan_ascii(digits):
                continue
            if _after_tag(text, m.start()):
                yield Span(m.start(1), m.end(1), "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = EmvPaddedPanDetector
