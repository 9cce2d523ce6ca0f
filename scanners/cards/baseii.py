"""Card numbers in Visa BASE II clearing records: the TCR 0 record of a draft (TC 05 sales draft, 06 credit
voucher, 07 cash disbursement), of its chargeback (15-17), reversal (25-27) and chargeback reversal (35-37), as an
acquirer's or processor's clearing transaction file (CTF) holds them: fixed-width 168-character records, one a line.

The record opens with the transaction code, its qualifier and the component sequence number (``0`` for TCR 0), then
the 16-digit account number (positions 5-20) and its 3-digit extension (21-23, zeros for a 16-digit card; the last
digits of a 19-digit one), so the card number sits at the head of a 23-digit run that no reader of single numbers
takes apart. The fields after it follow the layout: three one-character indicators (floor limit, CRB/exception
file, PCAS), the 23-digit acquirer reference number (27-49), the acquirer's 8-digit business id (50-57), the MMDD
purchase date (58-61), the 12-digit destination amount and its 3-digit currency (62-76), the source amount and
currency (77-91), the merchant's name (92-116). A line is a TCR 0 record only when all of these are there, and it is
no longer than the record (its trailing blanks may be trimmed). Then the account number field is read at its
position: the 16 digits before a ``000`` extension, else the field's digits (a 19-digit card, or a shorter one
padded with blanks); each still a brand-range, Luhn-valid card number. Producers differ on the fields after the
business id (a file without the source amount, a purchase date left unset): such a line is a record too when its
ARN holds its documented mod-10 check digit, still the whole head up to the business id at its positions, digits
through the amount and currency, no longer than the record. No other run of a record is read: an ARN, an
id or a timestamp that opens a line of another shape stays what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan_ascii, is_test_pan, luhn_valid
from scanners.lazy_re import lazy_compile

# The engine's trigger: a line opening as a TCR 0 draft record (transaction code, qualifier, sequence number 0, the
# account number field, the indicators and the ARN's first digit). ``_TCR0`` checks the whole line: the ARN and the
# 59 characters of fields after it, then the merchant's name and what follows, at most the record's 168 characters.
# (Spelled out in the trigger, the ARN's 23 digits grew the hyperscan database by 160 KB, 8 %, for no fewer hits.)
TRIGGER = r"^[0-3][5-7][0-9]0[0-9]{12}[0-9 ]{7}[0-9A-Z ]{3}[0-9]"
_TCR0 = lazy_compile(
    r"^[0-3][5-7][0-9]0[0-9]{12}[0-9 ]{7}[0-9A-Z ]{3}[0-9]{23}[0-9]{8}(?:0[1-9]|1[0-2])(?:[0-2][0-9]|3[01])[0-9]{30}"
    r"[0-9A-Za-z .,&'/#*@()!+:-]{1,77}\r?$",
    re.MULTILINE,
)
# Any producer's TCR 0: the head as above through the business id, the date and one amount with its currency.
_LOOSE = lazy_compile(
    r"^[0-3][5-7][0-9]0[0-9]{12}[0-9 ]{7}[0-9A-Z ]{3}([0-9]{23})[0-9]{27}[0-9A-Za-z .,&'/#*@()!+:-]{1,92}\r?$",
    re.MULTILINE,
)
_FIELD = slice(4, 23)  # the account number and its extension


def _card(field: str) -> int:
    """The length of the card number the record's account number field holds, or 0 (also for a number truncated to
    its first six and last four digits with zeros between: a file written for a party that may not hold the PAN; a
    published test card that has such zeros stays one)."""
    if field[6:12] == "000000" and not is_test_pan(field[:16]):
        return 0
    if field.endswith("000") and field[:16].isdigit() and is_pan_ascii(field[:16]):
        return 16
    digits = field.rstrip(" ")
    return len(digits) if digits.isdigit() and is_pan_ascii(digits) else 0


def record_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of the card number in each TCR 0 record line of ``text`` within ``text[pos:endpos]``."""
    ls, hi = text.rfind("\n", 0, pos) + 1, text.find("\n", endpos)
    for line in _LOOSE.finditer(text, ls, len(text) if hi < 0 else hi):
        if not (luhn_valid(line[1]) or _TCR0.match(line[0])):
            continue
        n = _card(line[0][_FIELD])
        start = line.start() + _FIELD.start
        if n and pos <= start and start + n <= endpos:
            yield start, start + n, text[start : start + n]
