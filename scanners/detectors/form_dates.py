"""Expiry month and year as two fields of one URL-encoded form body, any other fields between them and in either
order: a Stripe API request as stripe-python's debug log or a request dump writes it (``post_data=card[exp_year]=2029
&card[number]=...&amount=1000&card[exp_month]=5``, the brackets also percent-encoded: ``card%5Bexp_month%5D=5``,
``payment_method_data[card][exp_month]``). The two fields belong together when they name the same object (the part
before ``[exp_month]``) on one line; the later one's value reports the pair, once. Two adjacent fields are left to the
keys' own reading on the line (``monthyear.same_line``), which reports them already.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.keyparse import MONTH_VALUE, YEAR_VALUE

_OPEN, _CLOSE = r"(?:\[|%5[Bb])", r"(?:\]|%5[Dd])"
TRIGGER = rf"{_OPEN}exp_(?:month|year){_CLOSE}=[0-9]"
_FIELD = re.compile(
    rf"(?:(?<=[&?=\s])|^)(?P<owner>[A-Za-z_][A-Za-z0-9_]*(?:{_OPEN}[A-Za-z0-9_]+{_CLOSE})*){_OPEN}"
    rf"exp_(?P<part>month|year){_CLOSE}=(?P<v>[0-9]{{1,4}})(?=[&\s\"']|$)", re.MULTILINE)
_ESCAPED = re.compile(r"%5[Bb]|%5[Dd]")
_REACH = 2000  # characters of one form body either side of a field


def _owner(m: re.Match[str]) -> str:
    return _ESCAPED.sub(lambda e: "[" if e.group()[2] in "Bb" else "]", m["owner"])


def form_dates(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, "MM/YY") of each form body's expiry whose later field's value lies in ``text[pos:endpos]``."""
    if "exp_" not in text[max(0, pos - 40) : endpos]:
        return
    for m in _FIELD.finditer(text, max(0, pos - 40), endpos):
        ls = text.rfind("\n", max(0, m.start() - _REACH), m.start()) + 1
        le = text.find("\n", m.end(), m.end() + _REACH)
        le = min(len(text), m.end() + _REACH) if le < 0 else le
        owner = _owner(m)
        partners = [p for p in _FIELD.finditer(text, max(ls, m.start() - _REACH), le)
                    if p["part"] != m["part"] and _owner(p) == owner]
        if len(partners) != 1 or partners[0].start() > m.start():
            continue  # no partner, several, or this field is the earlier one (the later one reports the pair)
        if text[partners[0].end() : m.start()] in ("&", "&amp;"):
            continue  # adjacent fields: the month-and-year keys on one line read them (``monthyear.same_line``)
        month, year = (m, partners[0]) if m["part"] == "month" else (partners[0], m)
        if MONTH_VALUE.fullmatch(month["v"]) and YEAR_VALUE.fullmatch(year["v"]):
            yield m.start("v"), m.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"
