"""Bank and payment-slip numbers that pass a card's IIN, length and Luhn checks by chance, each named by its layout or
its label (``confounders`` asks ``bank_number`` for a PAN candidate):

- ``boleto``: a Brazilian boleto's linha digitável (FEBRABAN layout: ``AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D
  FFFFEEEEEEEEEE``, 47 digits: three fields with a dot and a check digit each, the slip's check digit, the due-date
  factor and the amount), or a collection slip's (arrecadação: four blocks of 11 digits, each with its check digit
  after a hyphen or a space). Any digits the candidate takes inside that line are the slip's, never a card's.
- ``nfe_key``: a Brazilian NF-e access key (chave de acesso, 44 digits) printed in eleven groups of four, as DANFE
  prints it.
- ``clabe``: a Mexican CLABE (18 digits: bank, branch, account and a check digit) right after its label ``CLABE``.
- ``bank_account``: an Indian bank account number after an IFSC branch code (four letters, a zero, six letters or
  digits) and ``A/c`` (``IFSC SBIN0001234 A/c 12345678901234``), as Indian payment records write a beneficiary.
- ``bai2_reference``, ``mt940_reference``: a reference field of a BAI2 or MT940/MT942 bank statement
  (``cards.statements``).
"""

from __future__ import annotations

import re

from scanners.cards.statements import statement_reference
from scanners.lazy_re import lazy_compile

_BOLETO = re.compile(
    r"(?<![0-9.])[0-9]{5}\.[0-9]{5}[ \t]+[0-9]{5}\.[0-9]{6}[ \t]+[0-9]{5}\.[0-9]{6}[ \t]+[0-9][ \t]+[0-9]{14}(?![0-9])"
    r"|(?<![0-9-])8[0-9]{10}[ -][0-9](?:[ \t]+[0-9]{11}[ -][0-9]){3}(?![0-9])"
)
_NFE_KEY = re.compile(r"(?<![0-9])[0-9]{4}(?: [0-9]{4}){10}(?![0-9])")
_CLABE_BEFORE = lazy_compile(
    r"(?i)(?<![a-z])clabe(?:[ _-]?(?:interbancaria|no\.?|number))?[\"']?[ \t]*[:=#]?[ \t]*[\"']?$"
)
_IFSC_BEFORE = lazy_compile(
    r"(?<![A-Za-z])IFSC(?:[ _-]?code)?[ \t]*[:=]?[ \t]*[A-Z]{4}0[A-Z0-9]{6}[ \t,;/-]*"
    r"(?i:a/c|acct|account)(?i:[ \t]*(?:no|number)\.?)?[ \t]*[:=#]?[ \t]*$"
)
_REACH = 64  # a slip's line reaches this far either side of the candidate's digits


def _covered(rx: re.Pattern[str], text: str, start: int, end: int, *, ls: int, le: int) -> bool:
    """A match of ``rx`` near the candidate ``text[start:end]`` (on its line) holds all of it."""
    near = rx.finditer(text, max(ls, start - _REACH), min(le, end + _REACH))
    return any(m.start() <= start and end <= m.end() for m in near)


def bank_number(text: str, start: int, end: int, digits: str, *, ls: int, le: int) -> str | None:
    """The class of the PAN candidate ``text[start:end]`` (its ``digits``) on the line ``text[ls:le]`` when a slip's
    layout or a bank number's label names it (see the module doc), or None."""
    near = text[max(ls, start - _REACH) : min(le, end + _REACH)]
    if ("." in near or near.count(" ") >= 4) and _covered(_BOLETO, text, start, end, ls=ls, le=le):
        return "boleto"  # (every slip's line holds its fields' dots, or four blanks between its blocks)
    if len(digits) <= 16 and near.count(" ") >= 10 and _covered(_NFE_KEY, text, start, end, ls=ls, le=le):
        return "nfe_key"
    before = text[max(ls, start - 48) : start]
    if len(digits) == 18 and ("CLABE" in before or "clabe" in before.lower()) and _CLABE_BEFORE.search(before):
        return "clabe"
    if "IFSC" in before and _IFSC_BEFORE.search(before):
        return "bank_account"
    return statement_reference(text, start, end, ls=ls, le=le)
