"""A long line (``json_escape._LONG``) is read only around its trigger hits: the decoder gives exactly what reading the
whole line gives, whatever the mix of strings, separators, escapes, tabs and stray backslashes."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.decoders import json_escape
from scanners.decoders.json_escape import JsonEscapeDecoder

PIECES = [
    '"', '":"', '", "', '","', '":', ",", ":", " ", "\t", "{", "}", "[", "]", "\\", '\\"', "\\\\", "\\n", "\\/",
    "\\u0034", "\\u00a0", "\\u002f", "\\uff14", "4111", "09", "27", "1", "card", "exp", "key", "x", "g\\u00fcltig",
    "pr\\u00fcfnummer", "Content-Transfer-Encoding: base64\\r\\n", "\\u00e8 12",
]  # fmt: skip


def _decoded(text: str, long: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, str]]:
    monkeypatch.setattr(json_escape, "_LONG", long)
    return [(d.start, d.end, d.text) for d in JsonEscapeDecoder().decode(text, 0, len(text))]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
@example('{"card":"4111\\u00a01111","exp":"09\\u002f27"},{"a":"b"},{"k":"\\u0034\\u0031"}')
@example('x"a":"1\\u0034", "b": "\\u0032"\t"c":"9\\/9"')
def test_reading_around_hits_equals_reading_the_line(text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        whole = _decoded(text, 1 << 30, mp)
        around = _decoded(text, 0, mp)
    assert around == whole


def test_every_trigger_holds_a_backslash() -> None:
    """What lets a long line be read only around its backslashes."""
    assert all("\\\\" in trigger for trigger in json_escape.TRIGGERS)


def test_a_long_line_of_records_is_read_around_its_hits() -> None:
    record = '{"id":"r%d","name":"J\\u00f6rg","note":"paid"}'
    line = ",".join(record % i for i in range(3000))
    planted = line + ',{"card":"\\u0034\\u0031\\u0031\\u0031 1111 1111 1111"}' + "," + line
    assert len(line) > json_escape._LONG
    found = [d.text for d in JsonEscapeDecoder().decode(planted, 0, len(planted))]
    assert any("4111 1111 1111 1111" in t for t in found)
