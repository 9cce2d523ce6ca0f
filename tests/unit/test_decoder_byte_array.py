"""ByteArrayDecoder: text written as an array of its byte values (journald's JSON export of a field with
non-printable or non-UTF-8 bytes, a Node.js Buffer, Java's signed byte[]) is read as text, so card data in it is
found; arrays of numbers that are no text (readings, ids, out-of-range values, short lists) are left alone."""

from __future__ import annotations

import json
import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.byte_array import ByteArrayDecoder
from scanners.engine.core import Backend, Engine

D = ByteArrayDecoder()
_BODY = "492906900679218"
PAN = next(_BODY + d for d in "0123456789" if luhn_valid(_BODY + d))  # no published test card


def journald(message: bytes, indent: int | None = None) -> str:
    """A ``journalctl -o json`` entry whose MESSAGE journald wrote as bytes."""
    entry = {"__REALTIME_TIMESTAMP": "1764900209336281", "_PID": "63011", "SYSLOG_IDENTIFIER": "ivr-agent",
             "MESSAGE": list(message), "PRIORITY": "6"}
    return json.dumps(entry, indent=indent)


def signed(data: bytes) -> str:
    """Java's ``Arrays.toString(byte[])``: bytes above 127 as negative numbers."""
    return "[" + ", ".join(str(b - 256 if b > 127 else b) for b in data) + "]"


def go_v(data: bytes) -> str:
    """Go's ``fmt`` ``%v`` of a ``[]byte``: decimal bytes separated by single spaces."""
    return "[" + " ".join(str(b) for b in data) + "]"


CASES = [
    ("journald-ansi", journald(f"captured card {PAN}\x1b[0m".encode()), f"captured card {PAN}", {"pan"}),
    ("journald-colours", journald(f"\x1b[1;31mcard {PAN} exp 09/27\x1b[0m".encode()),
     f"card {PAN} exp 09/27", {"pan", "expiry"}),
    ("journald-pretty", journald(f"captured card {PAN}\x1b[0m".encode(), indent=2), f"captured card {PAN}", {"pan"}),
    ("journald-latin1", journald(f"Karte {PAN} f\u00fcr K\u00e4ufer".encode("latin-1")),
     f"Karte {PAN} f\u00fcr K\u00e4ufer", {"pan"}),
    ("node-buffer", json.dumps({"payload": {"type": "Buffer", "data": list(f"card={PAN}&cvc=837".encode())}}),
     f"card={PAN}&cvc=837", {"pan", "cvv"}),
    ("java-signed", "DEBUG body=" + signed(f"Karte {PAN} g\u00fcltig bis 09/27".encode()),
     f"Karte {PAN} g\u00fcltig bis 09/27", {"pan", "expiry"}),
    ("go-v", f"2026-01-12T22:31:21.592Z\tDEBUG\ttokenizer/pan.go:13\tpan bytes {go_v(PAN.encode())}", PAN, {"pan"}),
    ("go-plus-v-struct", "charge {Amount:1200 Body:" + go_v(f'{{"cvc":"491","number":"{PAN}"}}'.encode()) + "}",
     f'{{"cvc":"491","number":"{PAN}"}}', {"pan", "cvv"}),
]


@pytest.mark.parametrize(("text", "decoded"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_bytes_are_read_as_text(text: str, decoded: str) -> None:
    (seg,) = list(D.decode(text))
    assert seg.text == decoded
    assert seg.encoding == ("byte_array",)
    assert text[seg.start] == "[" and text[seg.end - 1] == "]"


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_the_engine_finds_what_the_bytes_say(backend: Backend, text: str, types: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(text)} == types


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"latency_ms": [12, 250, 3, 0, 7, 19, 1, 2, 4, 8]}),  # readings: control bytes, no text
        json.dumps({"ids": [int(c) * 100 + 48 for c in PAN]}),  # numbers above 255: no bytes
        json.dumps({"MESSAGE": list(PAN[:7].encode())}),  # too short to hold a value
        json.dumps({"MESSAGE": list(b"order 1234567 shipped")}),  # text without card data
        json.dumps({"coords": [52.5, 13.4, 48.1, 11.6, 50.1, 8.7, 53.5, 10.0]}),  # not integers
        json.dumps({"matrix": [[52, 57], [50, 57], [48, 54], [57, 48]]}),  # nested pairs: no run of bytes
        "nonce " + go_v(bytes(random.Random(4).randrange(256) for _ in range(12))),  # Go: random bytes
        "digest " + go_v(bytes(range(48, 58)) + bytes(random.Random(6).randrange(256) for _ in range(22))),
        "order bytes " + go_v(b"order-" + PAN[:-1].encode() + b"0"),  # Go: digits that are no card number
    ],
    ids=["readings", "not-bytes", "short", "no-card", "floats", "pairs", "go-nonce", "go-digest", "go-order"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert all(PAN not in seg.text for seg in D.decode(text))
    assert Engine().scan_text(text) == []


def test_a_pretty_printed_array_is_read_from_a_window_inside_it() -> None:
    text = journald(f"captured card {PAN}".encode(), indent=2)
    inner = text.index("\n", text.index('"MESSAGE"') + 40) + 1  # a line well inside the array
    (seg,) = list(D.decode(text, inner, text.index("\n", inner)))
    assert seg.text == f"captured card {PAN}"
    assert seg.start == text.index("[")


def test_an_unclosed_array_yields_nothing() -> None:
    text = journald(f"captured card {PAN}".encode())
    cut = text[: text.index("]")]
    assert list(D.decode(cut)) == []


def erlang(data: bytes) -> str:
    """Erlang's ``~p`` of a binary holding a byte that is no printable character: its bytes in ``<<...>>``."""
    return "<<" + ",".join(str(b) for b in data) + ">>"


ERLANG = [
    ("bad-frame", "=ERROR REPORT==== bad frame: " + erlang(f'{{"pan":"{PAN}","ts":'.encode() + b"\x00\x01"),
     {"pan"}),
    ("length-prefixed", "frame " + erlang(b"\x00\x2a" + f'{{"cvv":"731","number":"{PAN}"}}'.encode()),
     {"pan", "cvv"}),
    ("shipped-in-json", json.dumps({"message": "bad frame: " + erlang(f"card {PAN} exp 09/27".encode() + b"\x00")}),
     {"pan", "expiry"}),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in ERLANG])
def test_an_erlang_binary_is_read_as_text(text: str, types: set[str]) -> None:
    assert {s.type for s in Engine().scan_text(text)} == types


@pytest.mark.parametrize(
    "text",
    [
        "state " + erlang(bytes(random.Random(9).randrange(256) for _ in range(24))),  # a random binary
        "frame " + erlang(b"\x00\x01order 1234567 shipped\x00"),  # text without card data
        "x = 1 << 8, y = 2",  # a shift, no binary
    ],
    ids=["random", "no-card", "shift"],
)
def test_what_it_leaves_alone_in_erlang(text: str) -> None:
    assert Engine().scan_text(text) == []
