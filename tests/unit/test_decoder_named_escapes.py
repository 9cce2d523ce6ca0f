"""A string of ``\\uXXXX`` (json_escape) or ``\\xXX`` (hex) escapes takes along the name it is the value of in source
code (``card0: "\\u0036…"``, ``PAN_BYTES = b"\\x36…"``), as a JSON member's string takes its key: a twelve-digit
card number (Maestro) needs a card word before it, and a card number under an id's name stays quiet as written
plainly."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders._common import string_key
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


MAESTRO12 = luhn("67614788033")
VISA = luhn("453201511283036")


def u(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def x(text: str) -> str:
    return "".join(f"\\x{ord(c):02x}" for c in text)


FOUND = [
    (f'  card0: "{u(MAESTRO12)}",', "json_escape"),  # a JavaScript object's key
    (f'const PAN = "{u(MAESTRO12)}";', "json_escape"),
    (f'pan := "{u(MAESTRO12)}"', "json_escape"),
    (f'  "card0": "{u(MAESTRO12)}",', "json_escape"),  # a JSON member (as before)
    (f'PAN_BYTES_0 = b"{x(MAESTRO12)}"', "hex"),  # Python bytes
    (f"card = '{x(MAESTRO12)}'", "hex"),
    (f'  card1: "{u(VISA)}",', "json_escape"),
]


@pytest.mark.parametrize(("line", "layer"), FOUND, ids=masked_id)
def test_the_name_comes_along(each_engine: Engine, line: str, layer: str) -> None:
    assert [(s.type, s.encoding) for s in each_engine.scan_text(line)] == [("pan", (layer,))]


QUIET = [
    f'  build0: "{u(MAESTRO12)}",',  # twelve digits with no card word
    f'BUILD_BYTES = b"{x(MAESTRO12)}"',
    f'  orderId: "{u(VISA)}",',  # an id's name: as written plainly
    f'label = "{u("Pay now")}"',
]


@pytest.mark.parametrize("line", QUIET, ids=masked_id)
def test_no_card_word_no_twelve_digit_card(each_engine: Engine, line: str) -> None:
    assert each_engine.scan_text(line) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [('x = {"card": "', '"card": "'), ("  card0: '", "card0: '"), ("PAN = b'", "PAN = b'"), ("p := \"", 'p := "'),
     ("a.b = \"", None), ("call(\"", None), ('"k" = "', None)],
)
def test_string_key(text: str, key: str | None) -> None:
    m = string_key(text, 0, len(text))
    assert (m.group() if m else None) == key
