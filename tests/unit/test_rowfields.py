"""rowfields: a card number, then its expiry, then its code in the next fields, the rule ``companions``,
``short_card_rows`` and ``binlog_rows`` share. A row's values (``after_card``) and a line of text (the patterns)."""

from __future__ import annotations

import re

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.rowfields import CODE, END, EXPIRY, SEP, after_card


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("411111111111111")
# a line of text: the card number, its expiry and its code (a bare MMYY only with the code)
LINE = re.compile(rf"(?P<pan>[0-9]{{12,19}}){SEP}(?P<exp>{EXPIRY}){SEP}(?P<code>{CODE}){END}", re.ASCII)

VALUES = [  # (name, the values after the card number, how many are its expiry and code)
    ("date-then-code", ["03/32", "346"], 2),
    ("long-year-then-code", ["03/2032", "4711"], 2),
    ("dash-date-then-code", ["3-32", " 346 "], 2),
    ("bare-mmyy-then-code", ["0332", "346"], 2),
    ("year-first-then-code", ["2032-03", "346"], 2),
    ("date-without-code", ["03/32", None], 1),
    ("date-last", ["03/32"], 1),
    # near misses: a bare MMYY without a code, no valid month, an amount, nothing after the card number
    ("bare-mmyy-without-code", ["0332", None], 0),
    ("bare-mmyy-then-amount", ["0332", "12.50"], 0),
    ("month-thirteen", ["13/32", "346"], 0),
    ("amount-then-code", ["12.50", "346"], 0),
    ("five-digit-code", ["1332", "34612"], 0),
    ("nothing-after", [], 0),
]


@pytest.mark.parametrize(("name", "after", "want"), VALUES, ids=[v[0] for v in VALUES])
def test_after_card(name: str, after: list[str | None], want: int) -> None:
    assert after_card(["1", PAN, *after], 1) == want, name


LINES = [  # (name, the text after the card number, the expiry and the code read, or None)
    ("space-separated", " 03/32 346", ("03/32", "346")),
    ("pipes-long-year", "|03/2032|4711", ("03/2032", "4711")),
    ("commas-bare-mmyy", ",0332,346", ("0332", "346")),
    ("unpadded-dash", "; 3-32; 346", ("3-32", "346")),
    # near misses: a decimal or a date going on after the code, no code, a year-first date in text, too far apart
    ("code-is-an-amount", ",0332,346.50", None),
    ("code-runs-into-a-date", " 03/32 346/31", None),
    ("no-code", ",0332,", None),
    ("year-first-in-text", " 2032-03 346", None),
    ("fields-too-far-apart", "    03/32 346", None),
]


@pytest.mark.parametrize(("name", "after", "want"), LINES, ids=[v[0] for v in LINES])
def test_line(name: str, after: str, want: tuple[str, str] | None) -> None:
    m = LINE.match(PAN + after)
    assert (None if m is None else (m["exp"], m["code"])) == want, name
