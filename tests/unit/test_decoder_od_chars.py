"""OdCharsDecoder: ``od -c`` dumps (one byte per 4-column cell after an octal, hex or decimal offset; C escapes and
octal codes for the other bytes; ``*`` for repeated rows) are read joined, so a value cut by a row end, or whose key
is on the row above, is found and reported on the row where it starts; a row alone no longer speaks for a number its
key names no card; binary bytes and other layouts stay unread."""

from __future__ import annotations

import json
import random

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.od_chars import OdCharsDecoder
from scanners.engine.core import Backend, Engine

D = OdCharsDecoder()
_ESC = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("536011862201473")


def od_c(data: bytes, radix: str = "o", width: int = 16) -> str:
    """``data`` as GNU ``od -c`` (``-A x`` / ``-A d``) prints it, a repeated row as ``*``, the end offset last."""
    fmt = {"o": "{:07o}", "x": "{:06x}", "d": "{:07d}"}[radix]
    rows, last = [], None
    for i in range(0, len(data), width):
        chunk = data[i : i + width]
        if chunk == last:
            if rows[-1] != "*":
                rows.append("*")
            continue
        last = chunk
        cells = "".join(f"{_ESC.get(b, chr(b) if 32 <= b < 127 else f'{b:03o}'):>4}" for b in chunk)
        rows.append(fmt.format(i) + cells)
    return "\n".join([*rows, fmt.format(len(data))])


HEAD = b"POST /v1/charges HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: application/json\r\n\r\n"


def lines(text: str, backend: Backend = "re") -> set[tuple[int, str]]:
    return {(text[: s.start].count("\n") + 1, s.type) for s in Engine(backend=backend).scan_text(text)}


def row(data: bytes, needle: bytes) -> int:
    return data.index(needle) // 16 + 2  # after the "$ od -c" line


_JSON = HEAD + json.dumps({"amount": 176834, "card": {"number": PAN, "expiry": "04-33", "cvv": "167"}}).encode()
_FORM = HEAD + f"amount=5&card%5Bnumber%5D={PAN}&card%5Bexp_month%5D=7&card%5Bexp_year%5D=2031&card%5Bc" \
               "vc%5D=599&x=1".encode()
_PADDED = b"\0" * 64 + _JSON  # a buffer's zeroed start: "*" stands for its repeated rows
CASES = [
    ("json", _JSON, "o", {(row(_JSON, PAN.encode()), "pan"), (row(_JSON, b"04-33"), "expiry"),
                          (row(_JSON, b"167"), "cvv")}),
    ("json-hex-offsets", _JSON, "x", {(row(_JSON, PAN.encode()), "pan"), (row(_JSON, b"04-33"), "expiry"),
                                      (row(_JSON, b"167"), "cvv")}),
    ("form-decimal-offsets", _FORM, "d", {(row(_FORM, PAN.encode()), "pan"), (row(_FORM, b"7&card%5Bexp_y"), "expiry"),
                                          (row(_FORM, b"599"), "cvv")}),
    ("repeated-rows", _PADDED, "o", {(row(_PADDED, PAN.encode()) - 2, "pan"), (row(_PADDED, b"04-33") - 2, "expiry"),
                                     (row(_PADDED, b"167") - 2, "cvv")}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("data", "radix", "want"), [pytest.param(c[1], c[2], c[3], id=c[0]) for c in CASES])
def test_values_are_found_on_their_rows(backend: Backend, data: bytes, radix: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert lines("$ od -c body.bin\n" + od_c(data, radix), backend) == want


def test_the_block_decodes_to_the_bytes() -> None:
    text = "$ od -c body.bin\n" + od_c(_PADDED + b"caf\xc3\xa9\t\x01") + "\n$ exit\n"
    (seg,) = list(D.decode(text))
    assert seg.text == (_PADDED + b"caf\xc3\xa9\t\x01").replace(b"\0", b"\n").decode()
    assert seg.encoding == ("od_chars",) and text[seg.start : seg.end].startswith("0000000")
    middle = text.index(PAN[8])  # any window touching the block yields the whole block
    assert [s.text for s in D.decode(text, middle, middle + 1)] == [seg.text]


def test_a_row_alone_does_not_speak_for_a_number_whose_key_is_on_the_row_above() -> None:
    order = luhn("401288777391003")
    body = f'{{"amount":100,"order_id":"{order}","ts":1794140460384}}'.encode()
    data = HEAD + b"x" * (-(len(HEAD) + body.index(order.encode())) % 16) + body
    assert lines(od_c(data)) == set()
    card = data.replace(b'"order_id"', b'"card_num"')
    assert lines(od_c(card)) == {(row(card, order.encode()) - 1, "pan")}


NEGATIVE = [
    ("binary", od_c(bytes(random.Random(3).randrange(256) for _ in range(160)))),
    ("no-digits", od_c(b"only words and punctuation here, nothing else at all......")),
    ("one-row", od_c(b"cvv 123 456 78")),
    ("offsets-not-following", "0000000   4   5   6   7   8   9   0   1\n0000100   2   3   4   5   6   7   8   9"),
    ("hex-bytes-layout", "0000000  34  31  31  31  31  31  31  31\n0000010  31  31  31  31  31  31  31  31"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NEGATIVE])
def test_no_segment(text: str) -> None:
    assert list(D.decode(text)) == []
    assert Engine().scan_text(text) == []
