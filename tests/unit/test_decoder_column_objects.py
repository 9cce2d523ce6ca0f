"""ColumnObjectsDecoder: a table written column by column (pandas ``to_json()``'s default ``orient="columns"``), each
value read under its column's name on its own line; objects keyed by anything but row numbers, nested values and
columns whose names lend nothing stay quiet."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.column_objects import ColumnObjectsDecoder
from scanners.engine.core import Engine
from scanners.engine.limits import SEGMENT, collecting
from tests.unit.cardvalues import luhn

D = ColumnObjectsDecoder()



PAN = luhn("37486075710994")
ROWS = 60


def frame(**columns: dict[int, object]) -> dict[str, dict[str, object]]:
    """A frame's columns over ``ROWS`` rows, as ``to_json(orient="columns")`` keys them (nulls where unset)."""
    return {name: {str(i): values.get(i) for i in range(ROWS)} for name, values in columns.items()}


FRAME = frame(card_number={2: int(PAN)}, cvv={37: "584", 51: "0681"}, amount={2: 1200, 37: 950})
PRETTY = json.dumps(FRAME, indent=4)
FLAT = json.dumps(FRAME, separators=(",", ":"))


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CASES = [
    ("indent-4", PRETTY, {(line_of(PRETTY, PAN), "pan"), (line_of(PRETTY, '"584"'), "cvv"),
                          (line_of(PRETTY, '"0681"'), "cvv")}),
    ("one-line", FLAT, {(1, "pan"), (1, "cvv")}),
]


@pytest.mark.parametrize(("text", "want"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_values_are_read_under_their_column(each_engine: Engine, text: str, want: set[tuple[int, str]]) -> None:
    assert {(text[: f.start].count("\n") + 1, f.type) for f in each_engine.scan_text(text)} == want


QUIET = [
    ("other-columns", json.dumps(frame(qty={37: "584"}, sku={5: "0681"}), indent=4)),
    ("status-map", json.dumps({"cvv_checks": {"200": "ok", "404": "missing"}}, indent=4)),
    ("nested-rows", json.dumps({"cvv": {"0": {"code": "584"}}}, indent=4)),  # not a column of scalars
    ("named-keys", json.dumps({"cvv": {"a": "584", "0": "681"}}, indent=4)),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in QUIET])
def test_near_misses_stay_quiet(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_the_segment_keeps_the_lines_and_names_each_row() -> None:
    segs = list(D.decode(PRETTY, 0, len(PRETTY)))
    (seg,) = [s for s in segs if PRETTY[s.start :].startswith('"cvv"')]
    assert seg.lines and seg.encoding == ("column_objects",)
    assert seg.text.count("\n") == PRETTY[seg.start : seg.end].count("\n") and seg.text.endswith("}")
    assert '        "cvv": "584",' in seg.text.split("\n")
    assert not any(PRETTY[s.start :].startswith('"amount"') and "null" not in s.text for s in segs)


def test_a_column_of_nulls_is_not_yielded() -> None:
    text = json.dumps(frame(cvv={}), indent=4)
    assert list(D.decode(text, 0, len(text))) == []


def test_a_column_over_the_segment_limit_is_noted() -> None:
    with collecting() as noted:
        assert list(ColumnObjectsDecoder(max_segment=64).decode(PRETTY)) == []
    assert SEGMENT in noted
