"""HexDecoder on Python's repr of UTF-16LE bytes (``http.client``'s ``send: b'4\\x001\\x00…'``: each character's low
byte as itself or escaped, its zero high byte as ``\\x00``): the characters are read, so a card number and a code sent
as UTF-16 text are found, also when a pipeline escapes the backslashes once more; other ``\\x00`` text stays quiet."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.hex import HexDecoder
from scanners.engine.core import Engine

PAN = next("554027945985766" + d for d in "0123456789" if luhn_valid("554027945985766" + d))  # no test card


def send(text: str) -> str:
    return f"send: {text.encode('utf-16-le')!r} (utf-16-le card field)"


CASES = [
    ("bare", send(PAN), {"pan"}),
    ("json-body", send(json.dumps({"cvv": "123", "number": PAN, "name": "Zoë"})), {"pan", "cvv"}),
    ("shipped-in-json", json.dumps({"message": send(PAN), "source_type": "kubernetes_logs"}), {"pan"}),
]


@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_characters_are_read(text: str, types: set[str]) -> None:
    assert {s.type for s in Engine().scan_text(text)} == types


def test_the_segment_is_the_run() -> None:
    line = send(PAN)
    (seg,) = [s for s in HexDecoder().decode(line) if PAN in s.text]
    assert seg.text == PAN
    assert line[seg.start : seg.end] == repr(PAN.encode("utf-16-le"))[2:-1]


@pytest.mark.parametrize(
    "text",
    [send("order 1234567890 ok"), "buf: b'\\x00\\x00\\x00\\x01\\x00\\x02' len=6", send(PAN[:-1] + "0")[:-1]],
    ids=["no-card", "zeros", "not-luhn"],
)
def test_what_stays_quiet(text: str) -> None:
    assert [s for s in Engine().scan_text(text) if s.type == "pan"] == []
