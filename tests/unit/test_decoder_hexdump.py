"""HexDumpDecoder on packet captures: ``tcpdump -X``/``-XX`` and Wireshark's hex dump print a packet's binary
headers before its text payload, so the payload is read after them and a value cut by a row end is reported on its
rows; a dump's ASCII column ending in ``=`` is no quoted-printable soft break (its hex column stays quiet); binary
payloads stay unread."""

from __future__ import annotations

import random
from collections.abc import Callable

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
# IPv4 and TCP headers with which the whole packet also reads as BOM-less UTF-16LE: the UTF-8 payload after them wins
_UTF16ISH = bytes.fromhex("450001db09f4085d57ea9cfffedcfbdb67020179f49692f4ef9974267128e54e"
                          "a0467d426a5f7e28708190f8939e022ca6f2d479") + _FORM[len(HEADERS):]
_HEAD_LINE = "12:49:32.683642 IP 10.0.3.167.51422 > 10.0.4.17.8080: Flags [P.], length 120\n"
CASES = [
    ("tcpdump-form", _HEAD_LINE + tcpdump(_FORM) + "\n", _FORM,
     {(line_of(_FORM, PAN.encode()), "pan", PAN[-4:]), (line_of(_FORM, b"0825"), "expiry", "8/25")}),
    ("tcpdump-19-digits-cut", _HEAD_LINE + tcpdump(_LONG) + "\n", _LONG, {(line_of(_LONG, PAN19.encode()), "pan",
                                                                          PAN19[-4:])}),
    ("wireshark-form", _HEAD_LINE + wireshark(_FORM) + "\n", _FORM, {(line_of(_FORM, PAN.encode()), "pan", PAN[-4:])}),
    ("headers-that-pass-for-utf16", _HEAD_LINE + tcpdump(_UTF16ISH) + "\n", _UTF16ISH,
     {(line_of(_UTF16ISH, PAN.encode()), "pan", PAN[-4:])}),
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


def hexdump_c(data: bytes) -> str:
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        left, right = " ".join(f"{b:02x}" for b in chunk[:8]), " ".join(f"{b:02x}" for b in chunk[8:])
        rows.append(f"{i:08x}  {left:<23}  {right:<23}  |" + "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
                    + "|")
    return "\n".join(rows)


def row_of(data: bytes, needle: bytes) -> int:
    return data.index(needle) // 16 + 1


_PLAIN = b"POST /v1/charges HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"
# A form body with encoded brackets (decoded whole by ``percent`` inside the dump's text) whose keys end rows: each
# value is reported on the row its first character is on, with the key from the row above
_BRACKETS = _PLAIN + f"amount=76071&card%5Bnumber%5D={PAN}&card%5Bexp_month%5D=9&card%5Bexp_year%5D=2031&card%5Bc" \
                     f"vc%5D=8373&metadata%5Border_id%5D=42".encode()


@pytest.mark.parametrize("layout", [tcpdump, hexdump_c, wireshark], ids=lambda f: f.__name__)
def test_a_form_value_is_reported_on_its_own_row(layout: Callable[[bytes], str]) -> None:
    text = layout(_BRACKETS)
    got = {(line, t) for line, t, _ in found(text)}
    assert got == {(row_of(_BRACKETS, PAN.encode()), "pan"), (row_of(_BRACKETS, b"9&card%5Bexp_y"), "expiry"),
                   (row_of(_BRACKETS, b"8373"), "cvv")}
    assert row_of(_BRACKETS, b"vc%5D") > row_of(_BRACKETS, b"card%5Bc")  # the CVV's key is cut by a row end


@pytest.mark.parametrize("layout", [tcpdump, hexdump_c, wireshark], ids=lambda f: f.__name__)
def test_a_row_alone_does_not_speak_for_a_number_whose_key_is_on_the_row_above(layout: Callable[[bytes], str]) -> None:
    order = luhn("401288777391003")
    body = f'{{"amount":100,"order_id":"{order}","ts":1794140460384}}'.encode()
    data = _PLAIN + b"x" * (-(len(_PLAIN) + body.index(order.encode())) % 16) + body
    assert data.index(order.encode()) % 16 == 0  # the number starts a row, its key ends the row above
    assert found(layout(data)) == set()
    card = data.replace(b'"order_id"', b'"card_num"')
    assert {(line, t) for line, t, _ in found(layout(card))} == {(row_of(card, order.encode()), "pan")}
