"""A card's fields written apart by markup or JSON punctuation, every digit partly encoded, are read together.

A mail's HTML part writes the fields as lines of one paragraph (``<br>``) with digits as character references; a
form logged as JSON with each digit ``\\u``-escaped splits the date in two members. Each field alone is ambiguous
(``exp. 2812``, a month ``09``), beside its siblings it is not. Tags with attributes, other objects and keys that
name no card field keep them apart."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

ENGINES = [Engine(backend=b) for b in ("hyperscan", "re")]


def ent(text: str) -> str:
    """Every other digit as a decimal character reference, as a mail client's HTML export writes some."""
    out, n = [], 0
    for c in text:
        n += c.isdigit()
        out.append(f"&#{ord(c)};" if c.isdigit() and n % 2 else c)
    return "".join(out)


def esc(text: str) -> str:
    """Every digit as a JSON ``\\u`` escape."""
    return "".join(f"\\u{ord(c):04x}" if c.isdigit() else c for c in text)


FOUND = [
    ("<html><body><p>number: " + ent("4423 9771 0532 2135") + "<br>exp. " + ent("2812") + "<br>CVV2: " + ent("860")
     + "</p></body></html>", {("pan", "4423977105322135"), ("expiry", "12/28"), ("cvv", "860")}),
    ("<tr><td>card " + ent("4111 1111 1111 1111") + "</td><td>valid thru " + ent("2907") + "</td></tr>",
     {("pan", "4111111111111111"), ("expiry", "07/29")}),
    ('{"event": "card_form_submit", "cardNumber": "' + esc("2203 6376 9346 7789")
     + '", "expMonth": "1", "expiryYear": "' + esc("2030") + '", "CVV": "' + esc("511") + '"}',
     {("pan", "2203637693467789"), ("expiry", "01/30"), ("cvv", "511")}),
    ('{"expMonth": "' + esc("09") + '", "expYear": "' + esc("27") + '"}', {("expiry", "09/27")}),
    ('{"card_number": "' + esc("379790972505878") + '", "cvc2": "' + esc("0102") + '"}',
     {("pan", "379790972505878"), ("cvv", "0102")}),
]

APART = [
    # an attribute ends the join: the date is no longer beside the card
    ("<p>number: " + ent("4423 9771 0532 2135") + '</p><p class="note">exp. ' + ent("2812") + "</p>",
     {("pan", "4423977105322135")}),
    # months and years of something else
    ('{"orderMonth": "' + esc("09") + '", "orderYear": "' + esc("27") + '"}', set()),
    # two objects: the second's value is not the first's sibling
    ('[{"expMonth": "' + esc("09") + '"}, {"count": "' + esc("27") + '"}]', set()),
    # a key whose value is a number ends the run; nothing decoded reads as card data
    ('{"qty": "' + esc("12") + '", "price": 2812, "sku": "' + esc("30") + '"}', set()),
]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.backend)
@pytest.mark.parametrize(("line", "expected"), FOUND + APART)
def test_fields_are_read_beside_their_siblings(engine: Engine, line: str, expected: set[tuple[str, str]]) -> None:
    got = {(s.type, s.value) for s in engine.scan_text(line + "\n")}
    assert got == expected


# A code's digits followed or preceded by escaped digits are a piece of a longer number (a Google Analytics client
# id, ``<random>.<epoch seconds>``, logged with most digits escaped): the decoded number is read whole instead.
PIECES = [
    ('{"cid": "588\\u003982\\u00384\\u0032.1\\u00371\\u00365\\u0039\\u0038\\u0034\\u0037\\u0036"}', set()),
    ('{"cid": "\\u0035\\u0038\\u0038982842.1716598476"}', set()),
    ("<p>CID 58&#56;&#57;82842.1716598476</p>", set()),
    # the code itself, plain or escaped, beside an escaped digit of another value
    ('{"cvv": "123", "note": "\\u0031"}', {("cvv", "123")}),
    ('{"cvv": "\\u0031\\u0032\\u0033"}', {("cvv", "123")}),
    ("<p>CVV2: 8&#54;&#48;</p>", {("cvv", "860")}),
]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.backend)
@pytest.mark.parametrize(("line", "expected"), PIECES)
def test_a_code_is_no_piece_of_an_escaped_number(engine: Engine, line: str, expected: set[tuple[str, str]]) -> None:
    got = {(s.type, s.value) for s in engine.scan_text(line + "\n") if s.type == "cvv"}
    assert got == expected
