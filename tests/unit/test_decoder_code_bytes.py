"""CodeBytesDecoder: a card number written in source code as an array of its bytes (C, C#, Go, Java, Rust; hex or,
in braces, decimal; one line or several) reads as the quoted digits in place, with the name before it; arrays of
key, IV and hash bytes, and arrays under a name that is no card's (for a twelve-digit number), stay quiet."""

from __future__ import annotations

import random
import re

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.code_bytes import TRIGGERS, CodeBytesDecoder, array_text
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

D = CodeBytesDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")
AMEX = luhn("37144963539843")
MAESTRO12 = luhn("67614788033")


SPACED = " ".join(MC[i : i + 4] for i in range(0, 16, 4))
DASHED = "-".join(VISA[i : i + 4] for i in range(0, 16, 4))
GROUPED_JSON = f'{{"cardNumber":"{SPACED}","last4":"{MC[-4:]}"}}'


def hexes(text: str, form: str = "0x{:02X}", sep: str = ", ") -> str:
    return sep.join(form.format(ord(c)) for c in text)


# (text, the card number it holds, the types the engine reports)
POSITIVE = [
    (f"static const uint8_t pan_vec_0[16] = {{{hexes(VISA)}}};", VISA, {"pan"}),
    (f"        private static readonly byte[] PanBytes0 = {{ {hexes(MC)} }};", MC, {"pan"}),
    (f"var rawPan0 = []byte{{{hexes(AMEX, '0x{:02x}')}}}", AMEX, {"pan"}),
    (f"    byte[] pan = new byte[] {{{hexes(VISA, '(byte) 0x{:02x}')}}};", VISA, {"pan"}),
    (f"let pan: [u8; 16] = [{hexes(MC, '0x{:02x}u8')}];", MC, {"pan"}),
    (f"byte[] cardNumber = {{{hexes(VISA, '{:d}')}}};", VISA, {"pan"}),  # decimal, in braces
    (f"val pan = byteArrayOf({hexes(MC, '0x{:02x}')})", MC, {"pan"}),  # Kotlin
    (f"static const uint8_t pan_vec_3[12] = {{{hexes(MAESTRO12)}}};", MAESTRO12, {"pan"}),  # named: a card word
    ("static const uint8_t card_number[] = {\n    " + hexes(VISA[:8]) + ",\n    " + hexes(VISA[8:]) + ",\n};",
     VISA, {"pan"}),  # pretty-printed over lines, a trailing comma
    (f"uint8_t msg[] = {{{hexes(f'PAN={MC};CVV=123')}}};", MC, {"pan", "cvv"}),  # text the bytes spell
    # the number in groups of four, a space's or a dash's byte between them (a JSON body kept as a fixture)
    (f"static const uint8_t sample_frame[] = {{ {hexes(GROUPED_JSON)} }};", SPACED, {"pan"}),
    (f"byte[] cardNumber = {{{hexes(DASHED, '{:d}')}}};", DASHED, {"pan"}),  # decimal, from the brace on
]


@pytest.mark.parametrize(("text", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_array_reads_as_its_text_with_its_name(text: str, digits: str, types: set[str]) -> None:
    segs = list(D.decode(text))
    assert segs and all((s.start, s.encoding) == (0, ("code_bytes",)) for s in segs)
    assert any(f'"{digits}"' in s.text or digits in s.text for s in segs)
    assert all(text.split("=")[0] in s.text for s in segs)  # the name before the array stays with it


@pytest.mark.parametrize(("text", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_engine_finds_the_card(each_engine: Engine, text: str, digits: str, types: set[str]) -> None:
    assert {s.type for s in each_engine.scan_text(text)} == types


_RNG = random.Random(48)
NEGATIVE = [
    "static const uint8_t key_0[16] = {" + ", ".join(f"0x{_RNG.randrange(256):02X}" for _ in range(16)) + "};",
    "static const uint8_t iv[16] = {0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x00, 0xff, 0x10, 0x20, 0x30, 0x40, 0x50,"
    " 0x60, 0x70, 0x80};",  # six digit bytes, then bytes no text holds
    "byte[] sha = {" + ", ".join(f"0x{b:02x}" for b in bytes.fromhex("9f86d081884c7d659a2feaa0c55ad015")) + "};",
    "t = (0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x7f)",  # a byte no text holds
    "int[] ports = {8080, 8443, 9090, 50, 51, 52, 53, 54, 55};",  # no decimal byte run from the brace on
    f"uint8_t vec[] = {{{hexes('123456')}}};",  # too few bytes to be text
]


@pytest.mark.parametrize("text", NEGATIVE, ids=masked_id)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text)) == []


QUIET = [
    f"static const uint8_t build_id[12] = {{{hexes(MAESTRO12)}}};",  # twelve digits with no card word
    f"static const uint8_t pan_vec_0[16] = {{{hexes(VISA[:-1] + str((int(VISA[-1]) + 1) % 10))}}};",  # Luhn fails
    f"byte[] orderId = {{{hexes(VISA)}}};",  # an id's key: as the plain literal is judged
]


@pytest.mark.parametrize("text", QUIET, ids=masked_id)
def test_no_finding_where_the_plain_literal_would_give_none(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_array_text_needs_printable_bytes() -> None:
    assert array_text("{0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48}") == "ABCDEFGH"
    assert array_text("{0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x00}") is None
    assert array_text("{0x41, 0x42, 0x43}") is None


def test_sampled_forms_fire_the_trigger() -> None:
    rng = random.Random(7)
    triggers = [re.compile(t) for t in TRIGGERS]
    for _ in range(200):
        digits = luhn("4" + "".join(rng.choice("0123456789") for _ in range(rng.choice([11, 14, 17]))))
        form = rng.choice(["0x{:02X}", "0x{:02x}", "(byte) 0x{:02x}", "(byte)0x{:02X}", "0x{:02x}u8", "0x{:02x}_u8"])
        line = rng.choice(["x = {{{}}};", "b := []byte{{{}}}", "let b = [{}];"]).format(hexes(digits, form))
        assert any(t.search(line) for t in triggers), line
        assert any(digits in s.text for s in D.decode(line))
