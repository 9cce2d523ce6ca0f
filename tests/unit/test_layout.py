"""Card data laid out as a printed page (``pdftotext -layout`` of a statement or form, a card's face): a security
code label's parenthetical aside that describes the code, "Expires end" and the card's start date before "Expires",
on both back ends; asides about anything else, a start date alone, a statement date and a session's or promotion's
dates stay quiet."""

from __future__ import annotations

import pytest

from scanners.detectors.layout import aside_end, card_face
from scanners.engine.core import Engine

CASES = [
    ("cvv-digits-on-back", "   Security code (3 digits on back)     148", [("cvv", "148")]),
    ("cvv-two-columns", "   Security code (3 digits on back)     148          Customer ref    123456789",
     [("cvv", "148")]),
    ("cvv-other-name", "   CVC (CVV2)  148", [("cvv", "148")]),
    ("cvv-on-the-reverse", "   Card code (on the reverse) 148", [("cvv", "148")]),
    ("cvv-three-or-four", "Security code (3 or 4 digits, printed on the back of your card): 0148",
     [("cvv", "0148")]),
    ("uk-face", "   Valid from  08/26    Expires end  06/29", [("expiry", "06/29")]),
    ("uk-face-alone", "   Expires end  06/29", [("expiry", "06/29")]),
    ("face-upper", "   VALID FROM 08/26 EXPIRES 06/29", [("expiry", "06/29")]),
    ("face-member-since", "   Member since 2019    Expires 06/29", [("expiry", "06/29")]),
    ("two-columns", "   Valid from  12/28    Expires end  04/31    Security code (3 digits on back)     148",
     [("expiry", "04/31"), ("cvv", "148")]),
    # look-alikes
    ("aside-page", "   Security code (page 3 of 4)     148", []),
    ("aside-optional", "   Security code (optional)     148", []),
    ("start-date-alone", "   Valid from  08/26", []),
    ("statement-date", "Statement date 04/31", []),
    ("expires-alone", "   Expires  06/29", []),
    ("trial-end-of-month", "Your trial expires end of month 06/29", []),
    ("session", "Session valid from 08/26 expires 06/29", []),
    ("promo", "The promo is valid from 08/26, expires 06/29", []),
    ("token-issued", "token issued 08/26 expires 06/29", []),
    ("start-date-far-before", "Valid from 08/26, renewed twice since then, and it expires 06/29", []),
]


@pytest.mark.parametrize(("text", "spans"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_layout_text(each_engine: Engine, text: str, spans: list[tuple[str, str]]) -> None:
    found = [(s.type, text[s.start : s.end]) for s in each_engine.scan_text(text)]
    assert found == spans


@pytest.mark.parametrize(
    ("text", "skips"),
    [("cvv (3 digits on back) 123", True), ("cvv (CVV2/CVC2) 123", True), ("cvv  (on the reverse) 123", True),
     ("cvv (page 3 of 4) 123", False), ("cvv (see terms) 123", False), ("cvv 123 (3 digits)", False),
     ("cvv (3 digits on back", False)],
)
def test_aside_end(text: str, skips: bool) -> None:
    assert (aside_end(text, 3) > 3) is skips


@pytest.mark.parametrize(
    ("text", "face"),
    [("Expires end 06/29", True), ("Valid from 08/26  Expires 06/29", True), ("Issued 08/26, Expires 06/29", True),
     ("Expires 06/29", False), ("Expires end of month", False), ("Valid from 08/26 and then it Expires 06/29", False)],
)
def test_card_face(text: str, face: bool) -> None:
    s = text.index("Expires")
    assert card_face(text, s, s + len("Expires")) is face
