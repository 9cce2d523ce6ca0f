"""NotebookTablesDecoder: a pandas table printed in a notebook output's ``text/plain`` (or a stream's ``text``)
array of strings, each row read under the header string's column names; masked rows, rows of another width, arrays
with no header of two names and strings outside an output array stay as they are."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.notebook_tables import NotebookTablesDecoder, keyed_row
from scanners.engine.core import Backend, Engine
from tests.unit.detector_contract import masked_id

D = NotebookTablesDecoder()


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("546674002851418")
AMEX = luhn("37002847218862")


def output(rows: list[str], key: str = "text/plain") -> str:
    strings = ",\n".join("       " + json.dumps(r) for r in rows)
    return f'    "data": {{\n      "{key}": [\n{strings}\n      ]\n    }}\n'


TABLE = ["   card_number      exp  cvv\n", "0  220058******5312  2027-09  NaN\n", f"1  {PAN}  2027-09  035\n",
         f"2  {AMEX}     1228  7712\n", "3  **** **** **** 5115  09/27  NaN"]


@pytest.mark.parametrize(
    ("header", "row", "want"),
    [
        ("   card  exp  cvv", f"0  {PAN}  2028-06  123", f"card: {PAN}, exp: 2028-06, cvv: 123"),
        ("card  exp  cvv", f"{PAN}  06/28  123", f"card: {PAN}, exp: 06/28, cvv: 123"),  # index=False
        ("   card  exp", "0  4221 **** **** 9823  0626", "card: 4221 **** **** 9823, exp: 0626"),
        ("   card  exp  cvv", f"0  {PAN}  2028-06", None),  # another width
        ("   id  card  cvv  exp", f"0  {PAN}  123  07/32", f"id: 0, card: {PAN}, cvv: 123, exp: 07/32"),  # index's name
        ("   id              card  cvv", f"0   7  {PAN}  123", f"id: 7, card: {PAN}, cvv: 123"),  # right-aligned
        ("   card  cvv  \\", f"0  {PAN}  123  ", f"card: {PAN}, cvv: 123"),  # a wide frame's first block
        ("   card  ...  cvv", f"0  {PAN}  ...  123", f"card: {PAN}, ...: ..., cvv: 123"),  # columns left out
        ("   card", f"0  {PAN}", None),  # one column: nothing to name
    ],
    ids=masked_id,
)
def test_keyed_row(header: str, row: str, want: str | None) -> None:
    assert keyed_row(header, row) == want


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("key", ["text/plain", "text"])
def test_rows_are_read_under_their_header(backend: Backend, key: str) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    text = output(TABLE, key)
    found = {(text[: s.start].count("\n") + 1, s.type) for s in Engine(backend=backend).scan_text(text)}
    assert found == {(5, "pan"), (5, "expiry"), (5, "cvv"), (6, "pan"), (6, "expiry"), (6, "cvv")}


def test_each_row_is_its_own_segment() -> None:
    text = output(TABLE)
    segs = list(D.decode(text, 0, len(text)))
    assert [text[: s.start].count("\n") + 1 for s in segs] == [4, 5, 6, 7]
    assert all(s.encoding == ("notebook_table",) and "\n" not in s.text for s in segs)


@pytest.mark.parametrize(
    "text",
    [
        output(["<Figure size 640x480 with 1 Axes>"]),
        output([f"0  {PAN}  2027-09  035\n"]),  # no header above the row
        f'  "source": [\n    "x = 1\\n",\n    "0  {PAN}  2027-09  035\\n"\n  ]\n',  # a source cell
        f'  "outputs": [],\n  "0  {PAN}  2027-09  035\\n"\n',  # no array opening
    ],
    ids=["figure", "headless", "source-cell", "no-array"],
)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text, 0, len(text))) == []


SHAPES = {  # pandas' other printed shapes: each has one row with a card, its cvv on the string's line
    "columns-name": ["card    card_number  cvv\n", f"0  {PAN}  035\n"],
    "index-name-line": ["         card_number  cvv\n", "id                      \n", f"7   {PAN}  035\n"],
    "after-other-output": ["loaded 3 rows\n", "   card_number  cvv\n", "0  **** **** **** 5115  NaN\n",
                           f"1  {PAN}  035\n"],
    "wrapped-blocks": ["   card_number  amount  \\\n", f"0  {PAN}  12.50   \n", "1  **** 5115  1.00   \n", "\n",
                       "   cvv  exp\n", "0  035  07/32\n", "1  NaN  NaN\n"],
    "rows-left-out": ["   card_number  cvv\n", "0  **** **** **** 5115  NaN\n", "..  ...  ...\n",
                      f"9  {PAN}  035\n", "\n", "[10 rows x 2 columns]"],
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_pandas_shapes_read_under_the_nearest_header(shape: str) -> None:
    text = output(SHAPES[shape])
    found = {s.type for s in Engine(backend="re").scan_text(text)}
    assert "cvv" in found
