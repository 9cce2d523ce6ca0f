"""Expiry dates that prose writes beside a full card number: four digits after an expiry keyword read as YYMM when
they are no MMYY (``card 4539 ... valid thru 2712``: an agent's note, a DTMF log), only with a card number on the
line; and the French label "échéance" (Latin-1 and CP1252 notes). The near misses: a calendar year, a month past 12,
no card number, a card number's own first group, another thing's due date."""

import pytest

from scanners.engine.core import Backend, Engine

CARD = "4539 1488 0343 6467"
FOUND = [
    ("valid-thru", f"DTMF digits captured {CARD} valid thru 2712 security code 123",
     [("expiry", "12/27"), ("cvv", "123")]),
    ("exp", "payment card: 4539148803436467 exp 2712 cvn 834", [("expiry", "12/27"), ("cvv", "834")]),
    ("expiry", f"customer read out {CARD} expiry 2906", [("expiry", "06/29")]),
    ("expires", f"Collected PAN {CARD.replace(' ', '-')} expires 3104", [("expiry", "04/31")]),
    ("mmyy-stays-mmyy", f"card {CARD} exp 1227", [("expiry", "12/27")]),
    ("json-message", f'{{"message": "card number {CARD} valid thru 2712", "level": "INFO"}}', [("expiry", "12/27")]),
    ("echeance", f"N\u00b0 de carte {CARD} \u00e9ch\u00e9ance 09/27", [("expiry", "09/27")]),
    ("echeance-year", f"Carte n\u00b0 {CARD} \u00e9ch\u00e9ance 09/2031", [("expiry", "09/31")]),
    ("first-group-is-no-date", '{"text": "| Card | CVV | Expiry |\\n| --- | --- | --- |\\n| 3704 609334 31874 '
                               '| 608 | 12/29 |\\n"}', [("cvv", "608"), ("expiry", "12/29")]),
    ("echeance-ascii", f"carte {CARD} echeance: 11/28", [("expiry", "11/28")]),
]
QUIET = [
    ("calendar-year", f"card {CARD} expires 2027"),
    ("calendar-year-thru", f"card {CARD} valid thru 2030"),
    ("no-month", f"card {CARD} exp 2713"),
    ("no-card", "promo code valid thru 2712, see terms"),
    ("no-card-exp", "exp 2712 units left in stock"),
    ("card-on-another-line", f"card {CARD}\nexpires 2712"),
    ("loan-due", "\u00e9ch\u00e9ance du pr\u00eat 09/27"),
    ("forfeiture", "d\u00e9ch\u00e9ance 09/27"),
]


def _found(text: str, backend: Backend) -> list[tuple[str, str]]:
    return [(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text", "expected"), FOUND, ids=[c[0] for c in FOUND])
def test_found(case: str, text: str, expected: list[tuple[str, str]], backend: Backend) -> None:
    assert _found(text, backend) == expected


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("case", "text"), QUIET, ids=[c[0] for c in QUIET])
def test_quiet(case: str, text: str, backend: Backend) -> None:
    assert _found(text, backend) == []
