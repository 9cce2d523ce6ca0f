"""Id columns of typed record files: a number in a column where only a chance share of the values are card numbers.

An acquirer's clearing file, a terminal's batch detail, a processor's settlement extract: lines that start with a
record type (``HDR``, ``DTL``, ``D``; one to four capital letters) and then hold one field per column, separated by
spaces or tabs (``DTL <mid 15> <tid 8> <batch 6> <arn 23> <rrn 12> <auth 6> <amount>``). Among the records of one
type, a column is the fields at the same position counted in blank-separated tokens (what a column is when the
fields' widths vary). A column of card numbers holds valid card numbers (Luhn and an IIN's length) in most of its
records; a column of merchant ids, terminal ids or retrieval reference numbers holds one only by chance (one value
in ten passes Luhn, fewer an IIN's range as well). So a bare number is an id (``record_column``) when its column,
over at least ``MIN_RECORDS`` records of its type, holds a 12-19 digit number in nearly every record
(``SHARE_FILLED``: a column, not a log's wandering words) and a card number in at most ``CHANCE_SHARE`` of them.

Only whole tokens of digits count: ``PAN=<n>`` at a record's end, a masked card number and a number glued to a key
are no column values and stay what the other rules make of them. A column of masked cards with a few full ones among
them, or of full ones, keeps its full ones (their share is not a chance one).
"""

from __future__ import annotations

import re

from scanners.cards.brands import is_pan_ascii
from scanners.cards.textmemo import per_text

MIN_RECORDS = 20  # records of one type the column is judged over
SHARE_FILLED = 0.9  # of those records, the share with a 12-19 digit number in the column
CHANCE_SHARE = 0.25  # the most of the column's numbers that may be card numbers: about 0.1 by chance
MAX_RECORDS = 5000  # records read for a census (a column shows in its first thousands)
_TYPE = re.compile(r"[A-Z]{1,4}(?=[ \t])")
_BLANK = " \t"


@per_text
def _census(text: str, kind: str) -> dict[int, tuple[int, int]]:
    """For the records of type ``kind`` in the text: per token position, (numbers, card numbers), and at key -1 the
    number of records."""
    counts: dict[int, tuple[int, int]] = {}
    records = 0
    for line in re.finditer(rf"^{kind}[ \t][^\n]*", text, re.MULTILINE):
        records += 1
        for at, token in enumerate(line[0].split()):
            if 12 <= len(token) <= 19 and token.isdigit():
                values, cards = counts.get(at, (0, 0))
                counts[at] = (values + 1, cards + is_pan_ascii(token))
        if records >= MAX_RECORDS:
            break
    counts[-1] = (records, 0)
    return counts


def record_column(text: str, start: int, end: int, ls: int) -> bool:
    """The number ``text[start:end]``, a whole token of a typed record line starting at ``ls``, stands in an id
    column of its record type (see above)."""
    if text[end : end + 1] not in ("", " ", "\t", "\r", "\n") or (kind := _TYPE.match(text, ls)) is None:
        return False
    counts = _census(text, kind[0])
    records = counts[-1][0]
    values, cards = counts.get(len(text[ls:start].split()), (0, 0))
    return records >= MIN_RECORDS and values >= SHARE_FILLED * records and cards <= CHANCE_SHARE * values
