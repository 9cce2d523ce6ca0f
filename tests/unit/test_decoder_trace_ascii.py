"""TraceAsciiDecoder: curl's ``--trace-ascii`` rows joined (64-character rows, CRLF rows), so a value cut by a row
end is read whole and reported on its rows; a single row, offsets that do not follow on and lookalike lines stay
as written."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.trace_ascii import TraceAsciiDecoder
from scanners.engine.core import Backend, Engine

D = TraceAsciiDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("541601369717152")


def trace(title: str, data: bytes, *, time: str = "") -> str:
    """``data`` as curl --trace-ascii writes it: 64 bytes a row, a row ended early at a CRLF that is skipped."""
    rows, i = [f"{time}{title}, {len(data)} bytes (0x{len(data):x})"], 0
    while i < len(data):
        row, j = "", i
        while j < len(data) and j - i < 64:
            if data[j : j + 2] == b"\r\n":
                j += 2
                break
            row += chr(data[j]) if 0x20 <= data[j] < 0x80 else "."
            j += 1
        rows.append(f"{i:04x}: {row}")
        i = j
    return "\n".join(rows)


BODY = json.dumps({"card_number": PAN, "cvv": "430", "expiry": "09/32", "amount": 8364}).encode()
HEADER = b"POST /v1/charges HTTP/1.1\r\nHost: pay.example.com\r\nContent-Type: application/json\r\n\r\n"
FORM = f"card_number={PAN}&cvv=924&exp=0825".encode()


def lines_of(text: str, type_: str, backend: Backend = "re") -> set[int]:
    return {text[: s.start].count("\n") + 1 for s in Engine(backend=backend).scan_text(text) if s.type == type_}


# (case, text, type, the lines it is reported on)
CASES = [
    ("expiry-cut-by-row", "== Info: Connected\n" + trace("=> Send data", BODY) + "\n== Info: done\n", "expiry", {3}),
    ("pan-cut-by-row", trace("=> Send data", b"x" * 50 + FORM), "pan", {2}),
    ("trace-time", trace("=> Send data", b"x" * 45 + FORM, time="10:23:45.123456 "), "pan", {2}),
    ("after-crlf-rows", trace("=> Send header", HEADER + b"y" * 40 + FORM), "pan", {6}),
    ("recv-data", trace("<= Recv data", b"z" * 55 + FORM), "cvv", {3}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "type_", "want"), [pytest.param(c[1], c[2], c[3], id=c[0]) for c in CASES])
def test_values_cut_by_rows_are_found_on_their_rows(backend: Backend, text: str, type_: str, want: set[int]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert lines_of(text, type_, backend) == want


def test_rows_are_joined_and_crlf_rows_broken() -> None:
    text = trace("=> Send header", HEADER + BODY)
    (seg,) = list(D.decode(text))
    assert seg.text.split("\n", 1)[1] == (HEADER + BODY).decode().replace("\r\n", "\n")
    assert (seg.start, seg.end) == (0, len(text)) and seg.encoding == ("trace_ascii",)
    assert len(seg.line_starts) == text.count("\n") + 1


_ROW = trace("=> Send data", BODY).splitlines()
NEGATIVE = [
    ("one-row", trace("=> Send data", b"card_number=" + PAN.encode()[:8])),
    ("offsets-not-following", "\n".join([_ROW[0], _ROW[1], "0080: " + PAN[8:]])),
    ("no-header-line", "\n".join(_ROW[1:])),
    ("header-only", "=> Send data, 0 bytes (0x0)\n== Info: done"),
    ("lookalike-log", "=> Send data, 12 bytes\nabcd: efgh\n0000: x"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in NEGATIVE])
def test_no_segment(text: str) -> None:
    assert list(D.decode(text)) == []


def test_a_row_alone_does_not_speak_for_a_number_whose_key_is_on_the_row_above() -> None:
    # an order id cut after its key (``"order_id":"`` ends a row): the row alone shows a bare Luhn-valid number,
    # the joined rows say it is an order id, and the joined reading stands for the rows
    order = luhn("401288777391003")
    body = json.dumps({"amount": 100, "order_id": order, "ts": 1794140460384}, separators=(",", ":")).encode()
    data = b"x" * (64 - body.index(order.encode())) + body
    text = trace("=> Send data", data)
    assert text.splitlines()[2].startswith(f"0040: {order}")
    assert lines_of(text, "pan") == set()
    card = trace("=> Send data", data.replace(b'"order_id"', b'"card_num"'))
    assert lines_of(card, "pan") == {3}
