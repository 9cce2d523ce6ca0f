"""GdbBytesDecoder: gdb's ``x/NNxb`` rows (an address, an optional ``<sym+off>``, then up to 8 ``0x..`` bytes after
tabs) are read joined, so a card number held in a buffer and cut every 8 bytes is found on its first row; keys,
hashes and random bytes, one row, and addresses that do not follow on stay unread."""

from __future__ import annotations

import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.gdb_bytes import GdbBytesDecoder
from scanners.engine.core import Backend, Engine

D = GdbBytesDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453201511283036")


def x_xb(data: bytes, address: int = 0x7FFDA0DA162C, symbol: str | None = "buf", width: int = 8) -> str:
    """``data`` as gdb's ``x/<n>xb`` prints it."""
    rows = []
    for i in range(0, len(data), width):
        label = f" <{symbol}+{i}>" if symbol else ""
        rows.append(f"0x{address + i:x}{label}:" + "".join(f"\t0x{b:02x}" for b in data[i : i + width]))
    return "\n".join(rows)


def lines(text: str, backend: Backend = "re") -> set[tuple[int, str]]:
    return {(text[: s.start].count("\n") + 1, s.type) for s in Engine(backend=backend).scan_text(text)}


_PADDED = PAN.encode() + b"\0" * 8
CASES = [
    ("symbol", "(gdb) x/24xb req->pan\n" + x_xb(_PADDED), {(2, "pan")}),
    ("no-symbol", "(gdb) x/24xb 0x7ffda0da162c\n" + x_xb(_PADDED, symbol=None), {(2, "pan")}),
    ("struct", "(gdb) x/40xb req\n" + x_xb(b"\0" * 8 + b"cvv=731\0" + PAN.encode() + b"\0" * 8), {(3, "cvv"),
                                                                                                  (4, "pan")}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_buffer_is_read_on_its_rows(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert lines(text, backend) == want


def test_the_block_decodes_to_the_string() -> None:
    text = "(gdb) x/24xb req->pan\n" + x_xb(_PADDED) + "\n(gdb) c\n"
    (seg,) = list(D.decode(text))
    assert seg.text == PAN and seg.encoding == ("gdb_bytes",)
    assert text[seg.start : seg.end] == x_xb(_PADDED)
    last = text.index("<buf+16>")  # a window on the last row yields the whole block
    assert [s.text for s in D.decode(text, last, last + 1)] == [PAN]


NEGATIVE = [
    ("random-key", x_xb(bytes(random.Random(5).randrange(256) for _ in range(32)))),
    ("one-row", x_xb(PAN.encode()[:8])),
    ("addresses-not-following", x_xb(PAN.encode()[:8]) + "\n" + x_xb(PAN.encode()[8:], address=0x7FFDA0DA1700)),
    ("digits-of-an-order", "(gdb) x/24xb o->ref\n" + x_xb(b"order_id=" + luhn("401288777391003").encode())),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NEGATIVE])
def test_what_it_leaves_alone(text: str) -> None:
    assert Engine().scan_text(text) == []


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NEGATIVE[:3]])
def test_no_segment(text: str) -> None:
    assert list(D.decode(text)) == []
