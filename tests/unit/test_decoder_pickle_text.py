"""PickleTextDecoder: protocol-0 pickles (written by the real ``pickle`` module at run time) read as ``name: value``
lines, each value on its own line, never unpickled; pickles of amounts, ids and timestamps, the binary protocols and
prose that looks like an opcode stay quiet."""

from __future__ import annotations

import pickle

import pytest

from scanners.decoders.pickle_text import PickleTextDecoder
from scanners.engine.core import Engine
from scanners.engine.limits import SEGMENT, collecting
from tests.unit.cardvalues import luhn

D = PickleTextDecoder()



PAN = luhn("416638981046835")
DINERS = luhn("3016201301144")


class Checkout:
    def __init__(self) -> None:
        self.session, self.pan, self.cvv = "b3b2b115", PAN, "907"


def p0(obj: object) -> str:
    return pickle.dumps(obj, protocol=0).decode("latin-1")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


SESSION = {"session": "2f88bd0c", "created": 1751451287, "cart_total": 200727}
STR = p0({**SESSION, "card_number": PAN, "cvv": "689"})
LONG = p0({**SESSION, "card_number": int(DINERS), "cvv": "689"})
ROWS = p0([{"card_number": PAN, "cvv": "512"}, {"card_number": PAN, "cvv": "689"}])  # keys fetched from the memo
PY2 = f"(dp1\nS'card_number'\np2\nS'{PAN}'\np3\nsS'cvv'\np4\nS'271'\np5\ns."  # Python 2's str
OBJECT = p0(Checkout())
PREFIXED = "b4f1c2d3e4:" + STR  # a session store's hash before the pickle

CASES = [  # (pickle, {(line, type)}) on the value's line
    ("str", STR, {(line_of(STR, "V" + PAN), "pan"), (line_of(STR, "V689"), "cvv")}),
    ("long", LONG, {(line_of(LONG, "L" + DINERS), "pan"), (line_of(LONG, "V689"), "cvv")}),
    ("memo-keys", ROWS, {(line_of(ROWS, "V" + PAN), "pan"), (line_of(ROWS, "V512"), "cvv"),
                         (line_of(ROWS, "V689"), "cvv")}),
    ("python2-str", PY2, {(4, "pan"), (8, "cvv")}),
    ("object-state", OBJECT, {(line_of(OBJECT, "V" + PAN), "pan"), (line_of(OBJECT, "V907"), "cvv")}),
    ("prefixed", PREFIXED, {(line_of(PREFIXED, "V" + PAN), "pan"), (line_of(PREFIXED, "V689"), "cvv")}),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_values_are_read_under_their_keys(each_engine: Engine, text: str, want: set[tuple[int, str]]) -> None:
    found = {(text[: f.start].count("\n") + 1, f.type) for f in each_engine.scan_text(text)}
    assert found == want


QUIET = [
    ("session-no-card", p0(SESSION)),
    ("codes-under-other-names", p0({"qty": "689", "order": 1751451287, "sku": "512"})),
    ("prose", "(dp is a note\nVery good\nsession: 689\n"),
    ("binary-protocol", pickle.dumps({"cvv": "689"}, protocol=2).decode("latin-1")),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_near_misses_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_keeps_the_lines_and_names_each_value() -> None:
    (seg,) = D.decode(LONG, 0, len(LONG))
    assert seg.lines and seg.encoding == ("pickle_text",) and seg.start == 0
    assert seg.text.count("\n") == LONG[seg.start : seg.end].count("\n")
    lines = seg.text.split("\n")
    assert f"card_number: {DINERS}" in lines and "cvv: 689" in lines and "p5" not in lines


def test_a_pickle_is_read_once_from_its_first_line() -> None:
    """An inner dict's opening line (a list's rows) starts no segment of its own."""
    assert [s.start for s in D.decode(ROWS, 0, len(ROWS))] == [0]
    inner = ROWS.index("(dp", 1)
    assert list(D.decode(ROWS, inner, ROWS.index("\n", inner))) == []


def test_a_pickle_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(PickleTextDecoder(max_segment=16).decode(STR)) == []
    assert noted == {SEGMENT}
