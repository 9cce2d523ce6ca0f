"""BoxTablesDecoder: a result table drawn with box-drawing characters (sqlite3 ``.mode box``, psql's unicode line
style) is read as the MySQL client's ASCII table, so its header names the expiry and code cells of each row, far
below it too; tables whose header names no card data, and bars in prose, stay quiet. Values are built at run time;
both back ends agree."""

from __future__ import annotations

import pytest

from scanners.decoders.box_tables import BoxTablesDecoder
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN = luhn("453201511283036")


def _box(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(c) for c in col) + 2 for col in zip(header, *rows, strict=True)]

    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * w for w in widths) + right

    def line(cells: list[str]) -> str:
        return "│" + "│".join(f" {c:<{w - 2}} " for c, w in zip(cells, widths, strict=True)) + "│"

    return "\n".join([rule("┌", "┬", "┐"), line(header), rule("├", "┼", "┤"), *map(line, rows), rule("└", "┴", "┘")])


def _psql(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(c) for c in col) for col in zip(header, *rows, strict=True)]
    out = [" " + " │ ".join(f"{c:<{w}}" for c, w in zip(header, widths, strict=True)),
           "┼".join("─" * (w + 2) for w in widths)]
    return "\n".join(out + [" " + " │ ".join(f"{c:>{w}}" for c, w in zip(r, widths, strict=True)) for r in rows])


CARDS = ["id", "card_number", "exp_month", "exp_year", "cvc"]
ROW = ["7", PAN, "07", "2031", "583"]
FILLER = [[str(i), "", "", "", ""] for i in range(120)]  # some 5,000 characters between the header and the row
CASES = [
    ("sqlite-box", _box(CARDS, [ROW]), {"pan", "expiry", "cvv"}),
    ("sqlite-box-far-row", _box(CARDS, [*FILLER, ROW]), {"pan", "expiry", "cvv"}),
    ("psql-unicode", _psql(CARDS, [ROW]), {"pan", "expiry", "cvv"}),
    # near misses: no card data named by the header, a code column of another kind, a bar in prose
    ("box-years-and-zips", _box(["id", "year", "zip", "branch"], [["7", "2031", "02134", "583"]]), set()),
    ("box-no-rule", "│ cvc │ exp │\n│ 583 │ 07/31 │", set()),
    ("prose-bar", "status │ 200 OK │ 583 ms", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_box_tables_read_as_ascii_tables(name: str, text: str, want: set[str]) -> None:
    got = [sorted((s.type, s.start, s.end) for s in engine.scan_text(text)) for engine in ENGINES]
    assert {t for t, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_a_value_is_reported_where_it_stands() -> None:
    text = _box(CARDS, [*FILLER[:3], ROW])
    (seg,) = list(BoxTablesDecoder().decode(text))
    assert (seg.start, seg.end, seg.encoding, seg.same_places) == (0, len(text), ("box_tables",), True)
    assert len(seg.text) == len(text) and "│" not in seg.text and seg.text.count("|") == text.count("│")
    cvc = [s for s in Engine().scan_text(text) if s.type == "cvv"]
    assert [text[s.start : s.end] for s in cvc] == ["583"]
