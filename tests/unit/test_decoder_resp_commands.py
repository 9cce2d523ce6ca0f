"""RespCommandsDecoder: Redis write commands in RESP (an append-only file), each value read under its field's name
on the value's own line; commands that name nothing (lists, counters, expiries) and values whose names lend them
nothing stay quiet."""

from __future__ import annotations

import pytest

from scanners.decoders.resp_commands import RespCommandsDecoder
from scanners.engine.core import Engine
from scanners.engine.limits import SEGMENT, collecting
from tests.unit.cardvalues import luhn

D = RespCommandsDecoder()



PAN = luhn("545454545454545")


def resp(*args: str) -> str:
    """One command as RESP writes it (lengths in bytes, CRLF line ends)."""
    return f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)


SELECT = resp("SELECT", "0")
HSET = resp("HSET", "checkout:9f2c", "card_number", PAN, "cvv", "934", "exp", "12/26", "amount", "10937")
HMSET = resp("HMSET", "pay:1", "order", "SO1", "cvc", "417")
XADD = resp("XADD", "payments", "MAXLEN", "~", "1000", "*", "event", "charge", "cvv", "939")
SETX = resp("SETEX", "checkout:9f2c:cvv", "600", "934")


def lines_of(text: str, found: list[tuple[int, str]]) -> set[tuple[int, str]]:
    return {(text[:at].count("\n") + 1, kind) for at, kind in found}


# (commands, {(line, type)} the engine reports): the value's line
CASES = [
    ("hset", SELECT + HSET, {(14, "pan"), (18, "cvv"), (22, "expiry")}),
    ("hmset", HMSET, {(13, "cvv")}),
    ("xadd-trimmed", XADD, {(21, "cvv")}),
    ("setex", SETX, {(9, "cvv")}),
    ("lf-only", (SELECT + HSET).replace("\r\n", "\n"), {(14, "pan"), (18, "cvv"), (22, "expiry")}),
    ("multi-line-value", resp("HSET", "n:1", "note", "line one\r\nline two", "cvv", "512"), {(14, "cvv")}),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_values_are_read_under_their_fields(each_engine: Engine, text: str, want: set[tuple[int, str]]) -> None:
    assert lines_of(text, [(f.start, f.type) for f in each_engine.scan_text(text)]) == want


QUIET = [
    ("amounts-and-ids", resp("HSET", "order:1", "amount", "939", "qty", "2", "ts", "1751008281000")),
    ("expiry-time", resp("PEXPIREAT", "sess:1", "1751008281000")),
    ("counter", resp("INCRBY", "stock:1", "-1")),
    ("list-push", resp("RPUSH", "codes", "cvv", "939")),  # a list's items name nothing
    ("json-session", resp("SET", "sess:1", '{"cart": "x", "items": 5, "ts": 1750921800000}')),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_near_misses_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_keeps_the_lines_and_names_each_value() -> None:
    (seg,) = D.decode(HSET, 0, len(HSET))
    assert seg.lines and seg.encoding == ("resp_commands",) and (seg.start, seg.end) == (0, len(HSET) - 2)
    assert seg.text.count("\n") == HSET[seg.start : seg.end].count("\n")
    lines = seg.text.split("\r\n")
    assert f"card_number: {PAN}" in lines and "cvv: 934" in lines and "$3" not in lines


def test_a_command_is_read_once_from_its_name() -> None:
    """Only the command name's line (its count and length lines above) starts a segment."""
    assert [s.start for s in D.decode(SELECT + HSET, 0, len(SELECT + HSET))] == [len(SELECT)]
    assert list(D.decode(HSET[5:], 0, len(HSET) - 5)) == []  # the count line cut off


def test_a_command_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(RespCommandsDecoder(max_segment=16).decode(HSET)) == []
    assert noted == {SEGMENT}
