"""Fixed-width result tables (sqlcmd, osql, PowerShell ``Format-Table``): a row's expiry and CVV cells are found under
their column's name in the header above the dashes, only in a table that names a card-number column; a card-like
number in an id column (``OrderNumber``, ``OrderId``) stays quiet. Values are built at run time."""

from __future__ import annotations

import re

import pytest

from scanners.cards import dashedtables
from scanners.cards.dashedtables import column_header, row_cells, rule_columns
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN = luhn("453914880343646")
ORDER = luhn("601195842996428")  # a Luhn-valid order number in a card's range

SQLCMD_HEAD = ("CustomerId  OrderNumber       CardNumber                ExpDate Phone\r\n"
               "----------- ----------------- ------------------------- ------- --------------------\r\n")


def _sqlcmd(order: str, card: str, exp: str) -> str:
    return f"{41:>11} {order:<17} {card:<25} {exp:<7} +1 819-792-5653\r\n"


FT_HEAD = ("CustomerId Name               CardNumber          Exp\n"
           "---------- ----               ----------          ---\n")
FT_PAIR = "Id CardNumber       ExpMonth ExpYear Cvv\n-- ----------       -------- ------- ---\n"
MASKED = "6492 **** **** " + PAN[-4:]

CASES = [
    ("sqlcmd", SQLCMD_HEAD + _sqlcmd("743823928347", PAN, "11/27") + "\r\n(1 rows affected)\r\n",
     {("pan", 3), ("expiry", 3)}),
    ("sqlcmd-order-id", SQLCMD_HEAD + _sqlcmd(ORDER, MASKED, "NULL") + _sqlcmd("743823928347", PAN, "02/28"),
     {("pan", 4), ("expiry", 4)}),
    ("sqlcmd-masked-row", SQLCMD_HEAD + _sqlcmd("743823928347", MASKED, "11/27"), set()),  # card metadata
    ("format-table", FT_HEAD + f"     62954 James Muller       {PAN}    11/29\n\nPS C:\\>",
     {("pan", 3), ("expiry", 3)}),
    ("format-table-pairs", FT_PAIR + f" 7 {PAN}        5    2029 310\n", {("pan", 3), ("expiry", 3), ("cvv", 3)}),
    ("format-table-cvv-masked", FT_PAIR + f" 7 {PAN}        5    2029 ***\n", {("pan", 3), ("expiry", 3)}),
    ("order-id-first-column", f"OrderId          Status\n---------------- ------\n{ORDER} Paid\n", set()),
    ("order-id-masked", f"OrderId             Status\n------------------- ------\n{MASKED} Paid\n", set()),
    # near misses: an ``Exp`` beside no card column is another date; a row past the blank line is no table's
    ("exp-no-card", "Name   Exp\n------ -----\nbackup 11/27\n", set()),
    ("after-blank-line", f"OrderNumber       Status\n----------------- ------\n743823928347      Paid\n\n{ORDER} x\n",
     {("pan", 5)}),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_named_cells_of_fixed_width_tables(name: str, text: str, want: set[tuple[str, int]]) -> None:
    got = [{(s.type, text.count("\n", 0, s.start) + 1) for s in engine.scan_text(text)} for engine in ENGINES]
    assert got[0] == want, name
    assert got[1] == got[0]


def test_columns_are_read_from_the_dashes() -> None:
    names, runs = rule_columns("     Id Name        Exp", "     -- ----        ---") or ([], [])
    assert names == ["Id", "Name", "Exp"] and runs == [(5, 7), (8, 12), (20, 23)]
    assert row_cells("   5936 James Muller 11/29", runs) == ["5936", "James Muller", "11/29"]
    assert rule_columns("Id Name", "-- --") is None  # no run of three dashes
    assert rule_columns("Id", "-- ---") is None  # a run with no name over it
    assert rule_columns("Id Name", "-- ---x") is None


@pytest.mark.parametrize(
    ("text", "value", "want"),
    [
        ("OrderNumber  Exp\n------------ -----\n123456789012 11/27", "123456789012", "OrderNumber"),
        ("OrderNumber  Exp\n------------ -----\n123456789012 11/27", "11/27", "Exp"),
        ("OrderNumber  Exp\n------------ -----\n\n123456789012 11/27", "123456789012", None),  # a blank line
        ("OrderNumber\n------------\n123456789012", "123456789012", None),  # one column: a rule under a title
        ("x -- y\n123456789012", "123456789012", None),
        ("A   B\n--- ---\n  123456789012", "123456789012", None),  # under two columns
    ],
)
def test_column_header(text: str, value: str, want: str | None) -> None:
    at = text.rindex(value)
    assert column_header(text, at, at + len(value)) == want


def test_a_text_asked_in_order_reads_as_asked_afresh() -> None:
    """``column_header`` remembers the last ``--`` it found in a text: asked value after value, it names each value's
    column as it does asked about that value alone."""
    text = ("note -- x\n" + SQLCMD_HEAD + _sqlcmd(ORDER, PAN, "11/27") + "\r\n(1 rows affected)\r\n"
            + FT_HEAD + f"     62954 James Muller       {PAN}    11/29\n" + "Id --\n 123456789012\n")
    values = list(re.finditer(r"[0-9][0-9/]+", text))
    in_order = [column_header(text, m.start(), m.end()) for m in values]
    dashedtables._memo[0] = ("", 0, 0, -1)
    alone = []
    for m in values:
        alone.append(column_header(text, m.start(), m.end()))
        dashedtables._memo[0] = ("", 0, 0, -1)
    assert in_order == alone
    assert in_order.count("ExpDate") == 1 and in_order.count("Exp") == 1 and in_order.count("OrderNumber") == 1
