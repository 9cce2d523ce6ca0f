"""The ``account_number`` confounder: a number that the words or the member before it call an account's, a phone's or
another non-card number's (the rule in ``confounders``' module doc, with its reasons).

Twelve digits is the shortest card number and a usual length of bank, utility and phone numbers, so a 12-digit number
a turn or the question before it calls an account, phone or order number ("Can I get your account number?" then
"Sure, it's <n>"), or that "account" right before it names, is no card unless a card word labels it. A 12-13 digit
value under an account's key in an object whose card number has a member of its own before it is the biller's
account. An invoice's "Account:" beside the field that names the card the invoice was paid with, that card ending
in other last four, is the customer's billing account, whatever its length (``_invoice_account``). An account's
value in an object that also holds an ABA routing number and a NACHA SEC code is an ACH entry's bank account
(``_ach_account``). Kept apart from
``confounders``: the rule has its own vocabulary (number labels, card words, account keys and members) and reads up
to a transcript turn back.
"""

from __future__ import annotations

import html
import re

from scanners.cards.idnames import CARD_KEY, flat_key
from scanners.cards.keyparse import key_before
from scanners.cards.shortpan import CARD_WORD_INTL, in_card_object, view_named

# Read on the lower-cased text before the number (every needle below is lower case).
_NUMBER_SAID = re.compile(
    r"(?<![a-z])(?:account|callback|phone|telephone|mobile|cell|contact|customer|member|membership|reference"
    r"|confirmation|order|tracking|case|ticket|policy|invoice|routing)[ _-]?(?:number|no\.?|num|#)(?![a-z])"
)
_CARD_BEFORE = re.compile(r"(?<![a-z])(?:card|cards|card's|credit|debit|primary|visa|master ?card|amex)[ _-]?$")
# (``cardNumber``, ``card_no``: a card's key after another number's label, ``"Type": "TELEPHONE_NUMBER"`` in a CTR)
_CARD_WORD = re.compile(  # lower-cased text: "Kartennummer", "tarjeta" name the card as "card" does
    r"(?<![a-z0-9])(?:card|cards|credit|debit|pan|visa|master ?card|amex)(?:_?(?:number|num|no))?(?![a-z0-9])"
    rf"|(?<![a-z0-9])(?:{CARD_WORD_INTL})")
_ACCOUNT_BEFORE = re.compile(r"(?<![a-z0-9])(?:account|acct)[ \t]*[:#]?[ \t]*$")
# a key's whole scalar value and the separator after it: the next field is another member's
_OWN_VALUE = re.compile(r"""\\?["']?[ \t]*[:=][ \t]*(?:\\?"[^"\\\n]*\\?"|'[^'\n]*'|[^\s,;&"'{}\[\]]+)[ \t]*[,;&]""")
_SAID_REACH = 400  # a turn and the question before it in a Contact Lens or Lex transcript
# An account's key or element (lower case, ``_.-`` and spaces dropped): ``accountnumber``, ``acctno``, ``bankaccount``
_ACCOUNT_KEY = re.compile(r"(?:account|acct)(?:number|num|no|nr)?$")
_ACCOUNT_ELEMENT = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]{0,11}:)?([A-Za-z][\w.-]{0,40})>$")
# The card number's own member, a key or an element: ``"cardNumber":``, ``card_no=``, ``ccNum:``, ``<CardNumber>``,
# ``"pan":``
_CARD_NUMBER_MEMBER = re.compile(
    r"""(?i)(?:card|(?<![a-z])cc)[_.\- ]?(?:number|num|no|nr)(?:\\?["']?[ \t]*[:=]|>)"""
    r"""|(?<![a-z])pan(?:\\?["']?[ \t]*[:=]|>)""")


def account_number(text: str, start: int, digits: str) -> bool:
    """The PAN candidate ``digits`` at ``start`` is an account's (or another non-card) number: ``account_number``."""
    if len(digits) <= 13 and _account_beside_card(text, start):
        return True  # beside the card's own number member: a bank's or a biller's account
    if _invoice_account(text, start, digits):
        return True  # an invoice's billing account beside the card it was paid with
    if _ach_account(text, start):
        return True  # an ACH entry's bank account: its routing number and SEC code in the same object
    # Chase Orbital's <AccountNum> beside its <Exp>: the card's number
    # (a UI dump view's own id naming a card, after its text: ``text="…" resource-id="…:id/card_number"``)
    return len(digits) == 12 and (_number_said(text, start) or _account_before(text, start)) and not (
        in_card_object(text, start) or view_named(text, start))


def _number_said(text: str, start: int) -> bool:
    """A non-card number is named within reach before ``start``, no card word before the label or after it."""
    low = text[max(0, start - _SAID_REACH) : start].lower()
    if "num" not in low and " no" not in low and "-no" not in low and "#" not in low:
        return False  # no label noun at all: what almost every number has before it
    said = None
    for m in _NUMBER_SAID.finditer(low):
        said = m  # the label nearest the number
    if said is None or _CARD_BEFORE.search(low, max(0, said.start() - 16), said.start()):
        return False
    if _OWN_VALUE.match(low, said.end()):
        return False  # a key with a value of its own (``"orderNumber": "ORD-…",``): it names that value, not this one
    return _CARD_WORD.search(low, said.end()) is None


def _account_before(text: str, start: int) -> bool:
    """The word "account" (or "acct") right before ``start``, no card word before it ("card account")."""
    low = text[max(0, start - 40) : start].lower()
    m = _ACCOUNT_BEFORE.search(low)
    return m is not None and _CARD_BEFORE.search(low, 0, m.start()) is None


def _account_beside_card(text: str, start: int) -> bool:
    """The number at ``start`` is the value of an account's key or element that holds no card word, in an object
    whose card number has a member of its own before it (no brace between: the same object)."""
    lo = max(0, start - 48)
    if text[start - 1 : start] == ">":
        m = _ACCOUNT_ELEMENT.search(text, lo, start)
        key = m.group(1) if m else None
    else:
        key = key_before(text, lo, start)
    if key is None or not _ACCOUNT_KEY.search(name := flat_key(key)) or CARD_KEY.search(name):
        return False
    lo = max(0, start - _SAID_REACH)
    lo = max(lo, text.rfind("{", lo, start) + 1, text.rfind("}", lo, start) + 1)
    return "primary" not in name and _CARD_NUMBER_MEMBER.search(text, lo, start) is not None


# An ACH entry's members: the bank's ABA routing number and NACHA's Standard Entry Class code (WEB, PPD, CCD, TEL)
_ROUTING_MEMBER = re.compile(r"""(?i)(?<![a-z])(?:aba_?)?routing[_.\- ]?(?:number|num|no|nr)?\\?["']?[ \t]*[:=]""")
_SEC_MEMBER = re.compile(r"""(?i)(?<![a-z])(?:sec|standard[_.\- ]?entry[_.\- ]?class)[_.\- ]?code\\?["']?[ \t]*[:=]""")
_ACH_REACH = 600


def _ach_account(text: str, start: int) -> bool:
    """The number at ``start`` is an account key's value (no card word in the key) in an object that also holds an
    ABA routing number and a NACHA SEC code as members (``{"routing_number": …, "account_number": …, "sec_code":
    "WEB"}``) and no card number member: an ACH entry debits a bank account; a card payment has neither member."""
    if text.find("outing", max(0, start - _ACH_REACH), start + _ACH_REACH) < 0:
        return False  # no routing member near: what almost every number has around it
    key = key_before(text, max(0, start - 48), start)
    if key is None or not _ACCOUNT_KEY.search(name := flat_key(key)) or CARD_KEY.search(name):
        return False
    lo = max(0, start - _ACH_REACH)
    lo = max(lo, text.rfind("{", lo, start) + 1, text.rfind("}", lo, start) + 1)
    hi = min(len(text), start + _ACH_REACH)
    hi = min(i for i in (text.find("{", start, hi), text.find("}", start, hi), hi) if i >= 0)
    return (_ROUTING_MEMBER.search(text, lo, hi) is not None and _SEC_MEMBER.search(text, lo, hi) is not None
            and _CARD_NUMBER_MEMBER.search(text, lo, hi) is None)


# An invoice's own heading (its title or first heading, or a line of text that starts with the word), in English,
# German, French, Spanish and Italian
_INVOICE = re.compile(
    r"(?im)(?:^|<(?:title|h[1-3])(?:\s[^<>]{0,60})?>)[ \t]*(?:tax |vat )?(?:invoice|rechnung|facture|factura|fattura)"
    r"(?![a-z])")
# The field that names the card an invoice was paid with, and its value (digits, masked, or in numeric entities)
_CARD_FIELD = re.compile(
    r"(?i)(?<![a-z])(?:paid (?:with|by) |payment )?card(?: number| no\.?| ending(?: in)?)?[ \t]*:?[ \t]*"
    r"(?:<[^<>]{0,80}>[ \t]*)*((?:[0-9*xX\u2022 \-]|&#[0-9]{2,3};|&#[xX][0-9a-fA-F]{2};|&ast;){4,200})")
_INVOICE_REACH = 4096
_DIGITS = re.compile(r"[0-9]")


def _invoice_account(text: str, start: int, digits: str) -> bool:
    """The number "account" names on an invoice (its heading says so) that names the card it was paid with in a field
    of its own (``Paid with card: **** 4242``, in numeric entities too), whose last four are not the account's: the
    customer's account with the biller. A bare "account" names a card's number in card systems (a card issuer's
    statement has no invoice heading), and an account that ends as the invoice's card does may be that card."""
    if text.find("ccount", max(0, start - 24), start) < 0 or not _account_before(text, start):
        return False  # the common case: no account word right before
    lo, hi = max(0, start - _INVOICE_REACH), min(len(text), start + _INVOICE_REACH)
    if _INVOICE.search(text, lo, start) is None:
        return False
    end = start + len(digits)
    for m in _CARD_FIELD.finditer(text, lo, hi):
        if m.start(1) <= end and start <= m.end(1):
            continue  # the account's own number
        card = "".join(_DIGITS.findall(html.unescape(m.group(1))))
        if len(card) >= 4 and card[-4:] != digits[-4:]:
            return True
    return False
