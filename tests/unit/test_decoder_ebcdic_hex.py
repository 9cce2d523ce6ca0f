"""EbcdicHexDecoder: a mainframe record in EBCDIC (code page 037/500/1047) written as hex (``F4F1F1F1…``) reads as
the text it holds (Python has no cp1047 codec; its digits, letters and space are cp037's, as cp1140's are); hex of
ASCII, masked records, random bytes and records with binary fields stay quiet here."""

from __future__ import annotations

import hashlib

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.ebcdic_hex import EbcdicHexDecoder, ebcdic_text
from scanners.engine.core import Backend, Engine


def card(prefix: str, length: int) -> str:
    """The first Luhn-valid number of ``length`` digits that starts with ``prefix`` (zeros between)."""
    return next(c for k in range(10) if luhn_valid(c := prefix + "0" * (length - len(prefix) - 1) + str(k)))


V16, M16, U19 = card("453201", 16), card("542523", 16), card("621483", 19)
BAD = V16[:-1] + str((int(V16[-1]) + 1) % 10)  # Luhn-invalid


def ebcdic(text: str, codec: str = "cp037", sep: str = "") -> str:
    return text.encode(codec).hex(sep).upper() if sep else text.encode(codec).hex().upper()


def record(pan: str) -> str:
    return f"D1945542 {pan} 000009086486"


DIGEST = hashlib.sha256(b"settlement").hexdigest().upper()
CASES: list[tuple[str, str, set[tuple[str, str]]]] = [
    ("settlement-record", ebcdic(record(V16)), {("pan", V16)}),
    ("cp500", ebcdic(record(M16), "cp500"), {("pan", M16)}),
    ("cp1140-lower", ebcdic(record(U19), "cp1140").lower(), {("pan", U19)}),
    ("spaced-pairs", f"dump: {ebcdic(record(V16), sep=' ')}", {("pan", V16)}),
    ("keyed", f"REC={ebcdic('CARD NUMBER ' + M16 + ' NAME SMITH')}", {("pan", M16)}),
    # quiet: no card number, a masked record, digits that are no EBCDIC text, a digest around EBCDIC digits
    ("luhn-invalid", ebcdic(record(BAD)), set()),
    ("masked", ebcdic(record(V16[:6] + "******" + V16[-4:])), set()),
    ("packed-fields", ebcdic(record(V16)) + "000C0012", set()),
    ("digest", DIGEST[:20] + ebcdic(V16) + DIGEST[20:], set()),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "expected"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_ebcdic_records_in_hex(text: str, expected: set[tuple[str, str]], backend: Backend) -> None:
    assert {(s.type, s.value) for s in Engine(backend=backend).scan_text(text)} == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (record(V16).encode("cp037"), True),
        (record(V16).encode("ascii"), False),  # hex of ASCII: the hex decoder's
        (V16[:6].encode("cp037"), False),  # too short
        (bytes(range(0x40, 0x100, 3)), False),  # 0xFF and mostly punctuation
        (b"\xf4\xf1" * 4 + b"\x4b\x5b\x5c\x6b\x7b\x7c\x7d\x7e" * 2, False),  # mostly punctuation
    ],
)
def test_ebcdic_text(raw: bytes, expected: bool) -> None:
    assert ebcdic_text(raw) is expected


def test_only_runs_touching_the_window_decode() -> None:
    line = ebcdic(record(V16)) + " x " + ebcdic(record(M16))
    got = list(EbcdicHexDecoder().decode(line, len(line) - 4, len(line)))
    assert [d.text for d in got] == [record(M16)]
