"""An expiry right after a card number in the forms agent notes and call transcripts write it
(``scanners.detectors.companions``): in parentheses (``4929... (May 2029)``, ``(05/29)``), after an ``x`` (an
agent's shorthand), after an expiry verb as an unpadded month, a space and the year (``expiring 9 2029``, also after
a number spelled out in words), or after a number grouped by commas as speech recognition writes it (``4929, 0690,
0679, 2183 expiring 05/29``). Never an aside with more words, a duration, or a date after a number that is no card
number."""

import pytest

from scanners.engine.core import Backend, Engine

SPELLED = "four nine two nine zero six nine zero zero six seven nine two one eight three"

# (case, text, [(type, value)] reported besides the PAN)
CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("agent-note-month-name", "Customer read card 4929069006792183 (May 2029)", [("expiry", "05/29")]),
    ("agent-note-grouped", "Customer read card 5454 5454 5454 5454 (Sep 2030)", [("expiry", "09/30")]),
    ("agent-note-amex", "Customer read card 3714 496353 98431 (Aug 2031)", [("expiry", "08/31")]),
    ("paren-mm-yy", "card 4929069006792183 (05/29)", [("expiry", "05/29")]),
    ("paren-exp-dot", "card 4929069006792183 (exp. May 2029)", [("expiry", "05/29")]),
    ("paren-then-code-not-read", "card 4929069006792183 (05/29) 123", [("expiry", "05/29")]),
    ("paren-more-words", "card 4929069006792183 (May 2029 statement)", []),
    ("paren-calendar-day", "charged 4929069006792183 (Mar 30, 2026)", []),
    ("paren-mmyy-not-read", "card 4929069006792183 (0529)", []),
    ("paren-after-order-number", "Order 4929069006792184 (May 2029)", []),
    ("commas-verb-mm-yy", "It's 4929, 0690, 0679, 2183 expiring 05/29", [("expiry", "05/29")]),
    ("commas-verb-month-name", "It's 4929, 0690, 0679, 2183 expiring July 2029", [("expiry", "07/29")]),
    ("commas-comma-verb", "It's 4929, 0690, 0679, 2183, expires 11/30", [("expiry", "11/30")]),
    ("verb-unpadded-month-year", "It's 4929 0690 0679 2183 expiring 9 2029", [("expiry", "09/29")]),
    ("verb-unpadded-month-short-year", "It's 4929 0690 0679 2183 expires 9 29", [("expiry", "09/29")]),
    ("verb-unpadded-then-code", "4929069006792183 expiring 3 2029, code 123", [("expiry", "03/29"), ("cvv", "123")]),
    ("spelled-verb-unpadded", f"It's {SPELLED} expiring 3 2029", [("expiry", "03/29")]),
    ("verb-in-days", "It's 4929 0690 0679 2183 expiring in 9 days", []),
    ("verb-unpadded-minutes", "It's 4929 0690 0679 2183 expires 9 2029 minutes", []),
    ("spelled-verb-minutes", f"It's {SPELLED} expires 9 2029 minutes", []),
    ("verb-year-only", "It's 4929 0690 0679 2183 expiring 2029", []),
    ("verb-unpadded-no-card", "the offer expiring 9 2029", []),
    ("verb-unpadded-month-13", "It's 4929 0690 0679 2183 expiring 13 2029", []),
    # an agent's shorthand: "x" before the date (a PNR remark, a reservation note), which names a bare MMYY an expiry
    # too (its year a card's); a code may follow
    ("x-mm-yy", "11 RM CARD 4929069006792183 x 10/30", [("expiry", "10/30")]),
    ("x-grouped-mm-yyyy", "guarantee - 4929-0690-0679-2183 x 11/2029", [("expiry", "11/29")]),
    ("x-mmyy-then-code", "VISA 4929069006792183 x 0231 cvv 944", [("expiry", "02/31"), ("cvv", "944")]),
    ("x-mmyy-alone", "VISA 4929069006792183 x 0231", [("expiry", "02/31")]),
    ("x-mmyy-no-card-year", "VISA 4929069006792183 x 1200", []),
    ("x-quantity", "card 4929069006792183 x 2 copies", []),
    ("x-after-order-number", "Order 4929069006792184 x 10/30", []),
]


def _found(text: str, backend: Backend) -> list[tuple[str, str]]:
    return [(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_expiry_after_the_card_number(case: str, text: str, expected: list[tuple[str, str]], backend: Backend) -> None:
    assert _found(text, backend) == expected


@pytest.mark.parametrize(("case", "text"), [(c[0], c[1]) for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_the_card_number_is_found_too(case: str, text: str) -> None:
    assert [s.type for s in Engine().scan_text(text)].count("pan") == 1
