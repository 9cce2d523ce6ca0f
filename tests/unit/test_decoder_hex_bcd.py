"""HexDecoder and ``iso8583.bcd_length_pan``: ISO 8583's field 2 as a host interface with BCD lengths and ASCII data
writes it, logged as hex (a switch trace's ``RAW 16 36 30 38 …``): the length byte is no text, so the run reads as
the card number it announces. Hex of other text, a length that does not count the digits, a number that is no card
stay quiet."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.iso8583 import bcd_length_pan
from scanners.engine.core import Backend, Engine


def card(prefix: str, length: int) -> str:
    """The first Luhn-valid number of ``length`` digits that starts with ``prefix`` (zeros between)."""
    return next(c for k in range(10) if luhn_valid(c := prefix + "0" * (length - len(prefix) - 1) + str(k)))


V16, M16, V19, V13 = card("453201", 16), card("542523", 16), card("491812", 19), card("492901", 13)
BAD = V16[:-1] + str((int(V16[-1]) + 1) % 10)  # Luhn-invalid


def field(digits: str, length: str | None = None, rest: bytes = b"") -> str:
    """Field 2 in hex: the BCD length (``length`` in hex, else the digits' count), the ASCII digits, then ``rest``."""
    return (bytes.fromhex(length or f"{len(digits):02d}") + digits.encode() + rest).hex().upper()


CASES: list[tuple[str, str, set[tuple[str, str]]]] = [
    ("switch-trace-raw", f"  RAW {field(V16)} {b'2801'.hex()}", {("pan", V16)}),
    ("lower-hex", f"de2_hex={field(M16).lower()}", {("pan", M16)}),
    ("19-digits", f"RAW {field(V19)}", {("pan", V19)}),
    ("13-digits", f"RAW {field(V13)}", {("pan", V13)}),
    ("lll-length", f"RAW {field(V16, '0016')}", {("pan", V16)}),
    ("fields-after", f"RAW {field(V16, rest=b'000000000000001500')}", {("pan", V16)}),
    # quiet: the length does not count the digits, no card number, other bytes after it, hex of plain text
    ("length-short", f"RAW {field(V16, '15')}", set()),
    ("length-long", f"RAW {field(V16, '17')}", set()),
    ("luhn-invalid", f"RAW {field(BAD)}", set()),
    ("binary-after", f"RAW {field(V16, rest=bytes([0x01, 0xFF, 0x80]))}", set()),
    ("order-id-text", f"RAW {('ORDER-' + BAD).encode().hex()}", set()),
    ("binary-length", f"RAW {field(V16, '10')}", set()),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_field_2_with_a_bcd_length(text: str, expected: set[tuple[str, str]], backend: Backend) -> None:
    assert {(s.type, s.value) for s in Engine(backend=backend).scan_text(text)} == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (bytes([0x16]) + V16.encode(), (V16, "")),
        (bytes([0x00, 0x16]) + V16.encode() + b"0000", (V16, "0000")),
        (bytes([0x16]) + V16[:-1].encode(), None),  # cut short
        (bytes([0x1A]) + V16.encode(), None),  # no BCD digit
        (b"", None),
        (bytes([0x00]), None),
    ],
)
def test_bcd_length_pan(raw: bytes, expected: tuple[str, str] | None) -> None:
    assert bcd_length_pan(raw) == expected


# A whole message with a binary bitmap and field 2's length in BCD: ``iso_wire`` reads it as it reads one whose
# length is written in ASCII (``iso8583.binary_bitmap_message``).
NO_TRACK = "7234054108C28805"  # bits 2-4, 7, 11, 12, 14, 22, 24, 26, 32, 37, 41, 42...
FIELDS = "000000" + "000000001500" + "1204101530" + "123456" + "101530" + "2812" + "051" + "001" + "00" + "06123456"
FIELDS += "123456789012" + "TERM0001" + "MERCHANT0000001" + "ABC"


def message(pan: str, length: bytes) -> str:
    raw = b"0100" + bytes.fromhex(NO_TRACK) + length + pan.encode() + FIELDS.encode()
    return f"2026-11-19 19:07:29.362 DEBUG c.p.iso.HostChannel : TX msg_hex={raw.hex()}"


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(message(V16, bytes([0x16])), {("pan", V16), ("expiry", "12/28")}, id="bcd-length"),
        pytest.param(message(V16, b"16"), {("pan", V16), ("expiry", "12/28")}, id="ascii-length"),
        pytest.param(message(V16, bytes([0x17])), set(), id="bcd-length-long"),
        pytest.param(message(BAD, bytes([0x16])), set(), id="bcd-length-luhn-invalid"),
    ],
)
def test_a_message_with_a_bcd_length(text: str, expected: set[tuple[str, str]], backend: Backend) -> None:
    found = {(s.type, s.value) for s in Engine(backend=backend).scan_text(text) if s.type in ("pan", "expiry")}
    assert found == expected
