"""A 12-digit card number (Maestro) written as a row's field with its expiry and code in the next fields, as a DMS
CSV without a header (``I,2024-05-02 ...,<id>,<uuid>,<12 digits>,0332,346,12.50``) or a driver's ``Failing row
contains (..., <12 digits>, 03/32, 346)`` writes it, rewritten as a keyed record on its line.

Twelve digits are a card number only with a reason (an order number or a phone's digits are as long); the expiry
and the code right after it are that reason, as on a card dump's line (``detectors.companions`` reads the longer
numbers the PAN detector finds). The number must be a whole field (no digit or letter around it) and a card number
(IIN range and Luhn); the expiry and the code as ``cards.rowfields`` reads them (``MM/YY``, ``MM/YYYY``, ``MM-YY``
or ``MMYY``; 3 or 4 digits, a whole field). Only the 12-digit form is read here: longer numbers are the PAN
detector's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.cards.brands import IIN_RANGES, is_pan_ascii
from scanners.cards.rowfields import CODE, END, EXPIRY, SEP
from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

# the first digits of the ranges issued at twelve digits (4, 5 and 6 today): a run led by another digit is no
# 12-digit card, and a trigger anchored on a whole field's first digit is not tried at every digit of a long run
LEADS = "".join(sorted({str(d) for r in IIN_RANGES if 12 in r.lengths for d in range(int(r.lo[0]), int(r.hi[0]) + 1)}))
TRIGGERS = (rf"(?:^|[^0-9A-Za-z_.\-])[{LEADS}][0-9]{{11}}{SEP}{EXPIRY}{SEP}{CODE}",)
# the card number, its expiry and its code as ``rowfields`` reads a card dump's line
_ROW = lazy_compile(
    rf"(?<![0-9A-Za-z_.\-])(?P<pan>[0-9]{{12}}){SEP}(?P<exp>{EXPIRY}){SEP}(?P<code>{CODE}){END}", re.ASCII)


def short_card_row(line: str) -> str | None:
    """Each 12-digit card number on ``line`` followed by its expiry and code, as objects; None when there is none."""
    rows = [json.dumps({"card_number": m["pan"], "card_expiry": m["exp"], "card_cvv": m["code"]})
            for m in _ROW.finditer(line) if is_pan_ascii(m["pan"])]
    return " ".join(rows) or None


class ShortCardRowsDecoder(BoundedDecoder):
    id = "short_card_rows"
    priority = 32
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            if not over_limit(e - s, self.max_segment) and (got := short_card_row(text[s:e])) is not None:
                yield Decoded(s, e, capped(got, self.max_output), ("short_card_rows",))


DECODER = ShortCardRowsDecoder
