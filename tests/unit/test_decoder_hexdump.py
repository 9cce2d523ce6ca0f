"""HexDumpDecoder on packet captures: ``tcpdump -X``/``-XX`` and Wireshark's hex dump print a packet's binary
headers before its text payload, so the payload is read after them and a value cut by a row end is reported on its
rows; a dump's ASCII column ending in ``=`` is no quoted-printable soft break (its hex column stays quiet); binary
payloads stay unread."""

from __future__ import annotations

import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.hexdump import HexDumpDecoder
from scanners.engine.core import Backend, Engine

D = HexDumpDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("504175198784450")
PAN19 = luhn("622126000000000012")
HEADERS = bytes(random.Random(7).randrange(256) for _ in range(52))  # IPv4 + TCP with options
_BINARY = bytes(random.Random(8).randrange(256) for _ in range(120))


def tcpdump(data: bytes) -> str:
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        groups = " ".join(chunk[j : j + 2].hex() for j in range(0, len(chunk), 2))
        rows.append(f"\t0x{i:04x}:  {groups:<39}  " + "".join(chr(b) if 32 <= b < 127 else "." for b in chunk))
    return "\n".join(rows)


def wireshark(data: bytes) -> str:
    def hexes(chunk: bytes) -> str:
        return " ".join(f"{b:02x}" for b in chunk)

    rows = [f"{i:04x}  {hexes(data[i:i + 8])}  {hexes(data[i + 8:i + 16])}   "
            + "".join(chr(b) if 32 <= b < 127 else "." for b in data[i : i + 16]) for i in range(0, len(data), 16)]
    return "\n".join(rows)


def packet(body: bytes, pad: int) -> bytes:
    return HEADERS + b"POST /pay HTTP/1.1\r\n" + b"x" * pad + b"\r\n\r\n" + body


def found(text: str, backend: Backend = "re") -> set[tuple[int, str, str]]:
    return {(text[: s.start].count("\n") + 1, s.type, s.value[-4:]) for s in Engine(backend=backend).scan_text(text)}


def line_of(data: bytes, needle: bytes) -> int:
    return data.index(needle) // 16 + 2  # after the capture's header line


_FORM = packet(f"card_number={PAN}&cvv=924&exp=0825&amount=9.05".encode(), 10)
_LONG = packet(f"card_number={PAN19}&cvv=924".encode(), 10)
_HEAD_LINE = "12:49:32.683642 IP 10.0.3.167.51422 > 10.0.4.17.8080: Flags [P.], length 120\n"
CASES = [
    ("tcpdump-form", _HEAD_LINE + tcpdump(_FORM) + "\n", _FORM,
     {(line_of(_FORM, PAN.encode()), "pan", PAN[-4:]), (line_of(_FORM, b"0825"), "expiry", "8/25")}),
    ("tcpdump-19-digits-cut", _HEAD_LINE + tcpdump(_LONG) + "\n", _LONG, {(line_of(_LONG, PAN19.encode()), "pan",
                                                                          PAN19[-4:])}),
    ("wireshark-form", _HEAD_LINE + wireshark(_FORM) + "\n", _FORM, {(line_of(_FORM, PAN.encode()), "pan", PAN[-4:])}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_payload_after_binary_headers_is_read(backend: Backend, text: str, want: set[tuple[int, str, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    got = found(text, backend)
    assert want <= got
    assert {(line, t) for line, t, _ in got if t == "pan"} == {(line, t) for line, t, _ in want if t == "pan"}


def test_the_payload_starts_after_the_headers() -> None:
    (seg,) = list(D.decode(tcpdump(_FORM)))
    assert seg.text.startswith("POST /pay") or seg.text.endswith("amount=9.05")
    assert seg.text.endswith("amount=9.05") and len(seg.line_starts) == tcpdump(_FORM).count("\n") + 1


NEGATIVE = [
    ("binary-payload", tcpdump(HEADERS + _BINARY)),
    ("short-text-after-headers", tcpdump(HEADERS + b"ok")),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NEGATIVE])
def test_no_segment(text: str) -> None:
    assert list(D.decode(text)) == []


def test_hex_column_after_an_ascii_column_ending_in_equals_is_quiet() -> None:
    # "card_number=" ends a row's ASCII column: no soft break joins the next row's hex digits to it
    pad = 16 - (len(HEADERS) + len(b"POST /pay HTTP/1.1\r\n") + 4 + len(b"card_number=")) % 16
    data = packet(f"card_number={PAN}&cvv=924".encode(), pad)
    text = tcpdump(data)
    assert text.splitlines()[line_of(data, PAN.encode()) - 3].endswith("card_number=")
    assert {v for _, t, v in found(text) if t == "pan"} == {PAN[-4:]}
