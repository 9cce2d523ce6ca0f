"""A parcel's tracking number written in digit groups, which the PAN reader must not cut a card-length slice from.

USPS prints its 20- and 22-digit tracking numbers (IMpb) in groups of four, the last group short
(``9400 1000 0000 0000 0000 00``); FedEx's 20- and 22-digit Ground and SmartPost numbers are written the same way.
No card number is that long, so when the whole grouped run has 20-22 digits and a tracking word names it right
before (``ref tracking <run>``, ``USPS tracking #: <run>``, ``Sendungsnummer <run>``), no slice of it is a card.
A run of another length, or one no tracking word names, is left to the other rules: a card number followed by its
expiry in the same grouping (``<16 digits> 1228``) still reads as a card where no tracking word stands before it.
"""

from __future__ import annotations

import re

TRACKING_LENGTHS = range(20, 23)
_SEPARATORS = " -"
_REACH = 60
# The tracking word, then an optional label word (number, no., #, id), the quote that ends a key, an optional verb,
# a colon or number sign, the quote that opens a value.
_TRACKING_BEFORE = re.compile(
    r"(?i)(?<![a-z])(?:tracking|track|usps|fedex|shipment|parcel|package|waybill|consignment|sendungsnummer"
    r"|suivi|seguimiento|rastreamento|rastreio)"
    r"""(?:[ _-]?(?:number|num|no\.?|nr\.?|id|code|#))?\\?["']?(?:[ \t]+(?:is|was))?[ \t]*[:#=]?[ \t]*\\?["']?$"""
)


def grouped_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole run of digit groups (joined by single spaces or hyphens) that ``text[start:end]`` is part of."""
    s, e, n = start, end, len(text)
    while True:
        while s > 0 and text[s - 1].isdigit():
            s -= 1
        if s > 1 and text[s - 1] in _SEPARATORS and text[s - 2].isdigit():
            s -= 1
            continue
        break
    while True:
        while e < n and text[e].isdigit():
            e += 1
        if e + 1 < n and text[e] in _SEPARATORS and text[e + 1].isdigit():
            e += 1
            continue
        break
    return s, e


def tracking_slice(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` lies in a grouped run of a tracking number's length that a tracking word names."""
    s, e = grouped_run(text, start, end)
    if (s, e) == (start, end) or sum(c.isdigit() for c in text[s:e]) not in TRACKING_LENGTHS:
        return False
    return _TRACKING_BEFORE.search(text, max(0, s - _REACH), s) is not None
