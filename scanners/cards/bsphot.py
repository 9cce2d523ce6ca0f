"""Card numbers in an IATA BSP HOT file (the "Hand Off Tape" a BSP sends airlines and agents: fixed-width records,
one a line, in the layout of IATA's DISH): the form-of-payment record ``BKP84`` holds the card number in its Form of
Payment Account Number field (FPAC, 19 characters, left-justified, space-padded), glued to the fields around it.

The record, as the DISH and public HOT parsers give it (positions 1-based): the tag ``BKP`` (1-3), the sequence
number SQNR (4-11), the qualifier ``84`` (12-13), date of issue and transaction number (14-25), the form-of-payment
type FPTP (26-35: ``CC`` and the card's vendor code for a card, ``CCVI      ``; ``CA`` for cash), the amount FPAM
(36-46, zero-padded), then FPAC (47-65) and its expiry EXDA (66-69, MMYY). Extracts and converters also write the
qualifier after the tag (``BKP84`` then SQNR) and shift or drop fields before FPTP, and some put FPAC right after
FPTP: so FPTP is found by its content (a card's ``CC`` type, its vendor code, space-padded to its 10 characters,
right after digits in the first 40 columns) and FPAC is read after it, past FPAM when an amount stands there (11
characters, zero-led: an account number never starts with 0). A 16-digit number pads FPAC with spaces, but a 19-digit
one fills it and runs into the next field: read by position, never as a digit run. The number must be a card's (IIN,
length, Luhn) that its vendor code may name (``gds.vendor_agrees``); a masked FPAC (``411111XXXXXX1111``) is none.
EXDA is read only in the DISH order, right after FPAC.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from scanners.cards.brands import is_pan_ascii
from scanners.cards.gds import vendor_agrees
from scanners.lazy_re import lazy_compile

Kind = Literal["pan", "expiry"]
TRIGGERS = (r"^BKP84[0-9]{8}", r"^BKP[0-9]{8}84")  # the record's tag with its qualifier, before or after SQNR
REACH = 100  # the record's columns past the trigger that hold FPTP, FPAM, FPAC and EXDA
FPTP_WIDTH, FPAM_WIDTH, FPAC_WIDTH = 10, 11, 19
_RECORD = lazy_compile(r"BKP(?:84[0-9]{8}|[0-9]{8}84)[0-9]{0,22}?(?P<fptp>CC(?P<code>[A-Z]{2})[A-Z0-9]{0,4} *)")
_AMOUNT = lazy_compile(r"0[0-9]{9}[0-9A-R{}]")  # FPAM: zero-padded, its last character may be a signed digit
_ACCOUNT = lazy_compile(r"[1-9][0-9]{11,18}(?= *$)")  # left-justified, space-padded to the field's width
_EXDA = lazy_compile(r"(?:0[1-9]|1[0-2])[0-9]{2}")


def fpac_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """(start, end, type, value, pan digits) of the card number in each BKP84 record's FPAC that starts in
    ``text[pos:endpos]``, and of its expiry (EXDA) where the record is in the DISH order."""
    at = text.find("BKP", text.rfind("\n", 0, pos) + 1, endpos)  # from the start of the line ``pos`` cuts
    while at >= 0:
        if (at == 0 or text[at - 1] == "\n") and (m := _RECORD.match(text, at)) is not None \
                and m.end("fptp") - m.start("fptp") == FPTP_WIDTH:
            yield from _fpac(text, m.end("fptp"), m["code"])
        at = text.find("BKP", at + 3, endpos)


def _fpac(text: str, fptp_end: int, code: str) -> Iterator[tuple[int, int, Kind, str, str]]:
    dish = _AMOUNT.fullmatch(text, fptp_end, fptp_end + FPAM_WIDTH) is not None
    start = fptp_end + FPAM_WIDTH if dish else fptp_end
    field = text[start : start + FPAC_WIDTH]
    if len(field) < FPAC_WIDTH or "\n" in field or (m := _ACCOUNT.match(field)) is None:
        return
    digits = m[0]
    if not is_pan_ascii(digits) or not vendor_agrees(code, digits):
        return
    yield start, start + len(digits), "pan", digits, digits
    exda = start + FPAC_WIDTH
    if dish and _EXDA.fullmatch(text, exda, exda + 4) is not None:
        yield exda, exda + 4, "expiry", f"{text[exda:exda + 2]}/{text[exda + 2:exda + 4]}", digits
