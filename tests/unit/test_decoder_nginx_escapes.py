"""NginxEscapesDecoder: nginx's default ``log_format`` escaping (``escape=default``: ``"``, ``\\`` and bytes below
0x20 or above 0x7E written as ``\\xHH``) glues a JSON body's escaped quotes onto its values' digits; the body is read
with its quotes back, at any level of backslash escaping a pipeline adds, so its card number, code and expiry are
found; escapes that touch no digit, and other ``\\x`` text, are left alone."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.nginx_escapes import NginxEscapesDecoder
from scanners.engine.core import Engine

D = NginxEscapesDecoder()
_BODY = "601100099012341"
PAN = next(_BODY + d for d in "0123456789" if luhn_valid(_BODY + d))  # no published test card


def nginx_escaped(value: str) -> str:
    """``value`` as nginx's ``escape=default`` logs it: ``"``, ``\\`` and non-printable or non-ASCII bytes as \\xHH."""
    return "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\x{b:02X}" for b in value.encode())


def access_line(body: str) -> str:
    return (f'10.99.116.112 - - [07/Dec/2026:20:13:44 +0000] "POST /pay HTTP/1.1" 200 199 "-" "okhttp/4.12.0" '
            f'"{nginx_escaped(body)}"')


BODY = json.dumps({"pan": PAN, "cvv": "371", "exp": "11/32"}, separators=(",", ":"))
CASES = [
    ("access-log", access_line(BODY), {"pan", "cvv", "expiry"}),
    ("utf8-name", access_line(json.dumps({"name": "Zoë Ünal", "card_number": PAN, "cvc": "482"})), {"pan", "cvv"}),
    ("shipped-in-json", json.dumps({"message": access_line(BODY), "log.level": "info"}), {"pan", "cvv", "expiry"}),
    ("shipped-twice", json.dumps({"log": json.dumps({"message": access_line(BODY)})}), {"pan", "cvv", "expiry"}),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_engine_finds_the_escaped_body(text: str, types: set[str]) -> None:
    assert {s.type for s in Engine().scan_text(text)} == types


def test_the_body_is_read_with_its_quotes_and_keys() -> None:
    (seg,) = list(D.decode(access_line(BODY)))
    assert seg.text == BODY[1:-1]
    assert seg.encoding == ("nginx_escapes",)


@pytest.mark.parametrize(
    "text",
    [
        access_line(json.dumps({"q": "hello", "lang": "en"})),  # no digit beside an escaped quote
        'GET /static/app.js?v=\\x41\\x42 HTTP/1.1" 304',  # escapes that are no quote
        access_line(json.dumps({"order": "7d2c9", "qty": 12})),  # digits, but no card data
    ],
    ids=["no-digits", "no-quote", "no-card"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert Engine().scan_text(text) == []
