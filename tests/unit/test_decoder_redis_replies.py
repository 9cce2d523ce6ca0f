"""RedisRepliesDecoder: a reply as redis-cli prints it (HGETALL, XRANGE/XREAD entries), each field's value read under
its field's name on the value's own line; a numbered list of amounts, ids, timestamps or documents (LRANGE) and fields
whose names lend a value nothing stay quiet."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.redis_replies import RedisRepliesDecoder
from scanners.engine.core import Backend, Engine
from scanners.engine.limits import SEGMENT, collecting

D = RedisRepliesDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("358346750433328")


def hgetall(fields: list[tuple[str, str]], width: int = 2) -> str:
    """redis-cli's flat list: the numbers right-aligned to the widest."""
    items = [v for kv in fields for v in kv]
    return "".join(f'{i:>{width}}) "{v}"\n' for i, v in enumerate(items, 1))


def entry(n: int, entry_id: str, fields: list[tuple[str, str]], *, aligned: bool = True) -> str:
    """One XRANGE entry: its id, then its field list nested under ``2)`` (redis-cli pads the numbers of a list of ten
    items or more; some tools print them unpadded)."""
    items = [v for kv in fields for v in kv]
    width = len(str(len(items))) if aligned else 1
    lines = [f'{n}) 1) "{entry_id}"']
    for i, v in enumerate(items, 1):
        lines.append(("   2) " if i == 1 else "      ") + f'{i:>{width}}) "{v}"')
    return "\n".join(lines) + "\n"


BASE = [("event", "charge"), ("order", "PO-2026-6492993063"), ("amount", "18081"), ("ts", "1745044417221")]
CARD = [*BASE, ("card", PAN), ("cvv", "939")]
HEAD = "127.0.0.1:6379> XRANGE payments:stream - + COUNT 100\n"
XRANGE = HEAD + entry(1, "1749361801648-1", BASE) + entry(2, "1749361801649-0", CARD)
UNPADDED = HEAD + entry(1, "1749361801649-0", CARD, aligned=False)
HASH = "127.0.0.1:6379> HGETALL pay:1\n" + hgetall([("order", "SO1"), ("exp", "06/31"), ("cvc", "417")])


def lines_of(text: str, spans: list[tuple[int, str]]) -> set[tuple[int, str]]:
    return {(text[:at].count("\n") + 1, kind) for at, kind in spans}


# (reply, {(line, type)} the engine reports): the value's line
CASES = [
    ("xrange", XRANGE, {(21, "pan"), (23, "cvv")}),
    ("xrange-unpadded", UNPADDED, {(12, "pan"), (14, "cvv")}),
    ("hgetall", HASH, {(5, "expiry"), (7, "cvv")}),
    ("crlf", HASH.replace("\n", "\r\n"), {(5, "expiry"), (7, "cvv")}),
]


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_values_are_read_under_their_fields(backend: Backend, text: str, want: set[tuple[int, str]]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    found = Engine(backend=backend).scan_text(text)
    assert lines_of(text, [(f.start, f.type) for f in found]) == want


QUIET = [
    ("amounts-ids-timestamps", hgetall([("amount", "939"), ("id", "321"), ("ts", "1700000000000"), ("retries", "3")])),
    ("lrange-numbers", '1) "939"\n2) "1200"\n3) "482"\n4) "1745044417221"\n'),
    ("lrange-words", '1) "charge"\n2) "939"\n3) "refund"\n4) "482"\n'),
    ("field-then-field", '1) "cvv"\n3) "939"\n'),  # not numbered on: no pair
    ("xrange-no-card", XRANGE.split("2) 1)")[0]),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_near_misses_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_keeps_the_lines_and_names_each_value() -> None:
    (seg,) = [s for s in D.decode(XRANGE, 0, len(XRANGE)) if PAN in s.text]
    assert seg.lines and seg.encoding == ("redis_replies",)
    assert seg.text.count("\n") == XRANGE[seg.start : seg.end].count("\n")
    assert f'      10) card: "{PAN}"' in seg.text.splitlines() and '      12) cvv: "939"' in seg.text.splitlines()


def test_a_run_is_read_once_from_its_first_field() -> None:
    """Every field's line wakes the decoder; only the run's first field yields it."""
    starts = [s.start for s in D.decode(HASH, 0, len(HASH))]
    assert starts == [HASH.index(' 1) "order"')]
    middle = HASH.index(' 3) "exp"')
    assert list(D.decode(HASH, middle, HASH.index("\n", middle))) == []


def test_a_run_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(RedisRepliesDecoder(max_segment=16).decode(HASH)) == []
    assert noted == {SEGMENT}
