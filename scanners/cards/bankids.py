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
- ``iban``: digits inside an IBAN (ISO 13616: a country code, two check digits, up to 30 letters or digits) printed
  in groups or in one run, whatever the separators between the groups (spaces, no-break or zero-width spaces, soft
  hyphens), that passes the IBAN's ISO 7064 mod 97-10 check over the whole identifier (two capitals and two digits
  alone are any code; a card number printed after them by chance passes one time in 97). Speech-to-text writes one
  read aloud in lower case right after its name (``iban de91 6171 …``): read the same.
- ``rf_reference``: digits inside an RF creditor reference (ISO 11649: ``RF``, two check digits, then up to 21
  letters or digits, printed in groups of four or in one run, as bank exports and payment slips print it). The
  ``RF`` head names it as an IBAN's head names its groups: a card number is never printed after one. Its check
  digits are not asked (a reference a biller made up or a clerk mistyped is still a reference, not a card).
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
# An IBAN's head (a country code) or a creditor reference's (``RF``), then two check digits; nothing glued before.
_MOD97_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}")
# Speech-to-text writes a spoken IBAN in lower case after its name ("refund to iban de91 6171 …", an ITN form).
_SPOKEN_HEAD = lazy_compile(r"(?i:iban):? ([a-z]{2}[0-9]{2})")
_GROUP_SEPARATORS = frozenset(" \u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad")
_IBAN_BODY, _RF_BODY = 30, 21  # the most letters or digits after the head (ISO 13616, ISO 11649)
_IBAN_LEAST = 11  # after the head of the shortest IBAN (Norway's, 15 characters)
_HEAD_REACH = 48  # a head this far before the candidate: a 34-character IBAN printed in groups, a separator each


def _covered(rx: re.Pattern[str], text: str, start: int, end: int, *, ls: int, le: int) -> bool:
    """A match of ``rx`` near the candidate ``text[start:end]`` (on its line) holds all of it."""
    near = rx.finditer(text, max(ls, start - _REACH), min(le, end + _REACH))
    return any(m.start() <= start and end <= m.end() for m in near)


def mod97_valid(identifier: str) -> bool:
    """ISO 7064 mod 97-10 over an IBAN (letters and digits, its head first): the head moved to the end, each letter
    read as two digits (A = 10 ... Z = 35), the number leaves 1 over 97."""
    moved = identifier[4:] + identifier[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _checked_identifier(text: str, start: int, end: int, ls: int) -> str | None:
    """``iban`` or ``rf_reference`` when the candidate ``text[start:end]`` lies inside an IBAN that passes its check
    or inside an RF creditor reference (their groups cut by any of ``_GROUP_SEPARATORS``), else None."""
    lo = max(ls, start - _HEAD_REACH)
    heads = [(m.start(), m.group()) for m in _MOD97_HEAD.finditer(text, lo, start)]
    if "ban" in text[lo:start].lower():  # (the common case: no IBAN's name before the candidate)
        heads += [(m.start(1), m.group(1)) for m in _SPOKEN_HEAD.finditer(text, lo, start)]
    for at, head in heads:
        read = text[at : at + _HEAD_REACH + 4 * _IBAN_BODY]  # the longest IBAN, separators and all
        text_at = read.upper() if head.islower() else read  # the identifier's characters as an IBAN writes them
        between = text_at[4 : end - at]  # every character up to the candidate's end must be the identifier's
        if not all(c in _GROUP_SEPARATORS or ("0" <= c <= "9" or "A" <= c <= "Z") for c in between):
            continue
        need = sum(c not in _GROUP_SEPARATORS for c in between)  # the identifier's characters up to it
        if head.startswith("RF"):
            if need <= _RF_BODY:
                return "rf_reference"
            continue
        body: list[str] = []
        ends: list[int] = []
        pos = 4
        while pos < len(text_at) and len(body) <= _IBAN_BODY:
            c = text_at[pos]
            if c in _GROUP_SEPARATORS:
                ends.append(len(body))
            elif "0" <= c <= "9" or "A" <= c <= "Z":
                body.append(c)
            else:
                break
            pos += 1
        ends.append(len(body))
        # the IBAN ends at a group's end (a word after its last group may follow a space)
        for n in sorted(set(ends), reverse=True):
            if max(need, _IBAN_LEAST) <= n <= _IBAN_BODY and mod97_valid(head.upper() + "".join(body[:n])):
                return "iban"
    return None


def bank_number(text: str, start: int, end: int, digits: str, *, ls: int, le: int) -> str | None:
    """The class of the PAN candidate ``text[start:end]`` (its ``digits``) on the line ``text[ls:le]`` when a slip's
    layout or a bank number's label names it (see the module doc), or None."""
    if (kind := _checked_identifier(text, start, end, ls)) is not None:
        return kind
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
