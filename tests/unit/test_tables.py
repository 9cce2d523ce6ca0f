"""Values named by a table's header row: text tables (Spark ``show()``, MySQL, psql, Markdown), HTML tables (a
notebook's DataFrame output) and Excel 2003 XML (SpreadsheetML); the same findings on both back ends."""

from __future__ import annotations

import pytest

from scanners.engine.core import Engine

SPARK = """+--------+--------------------+-------+----+--------+
|  txn_id|                 pan| expiry| cvc|merchant|
+--------+--------------------+-------+----+--------+
|37875526|    4607789551430967|2031-10| 558|  397.34|
|00244337|    455673******9855|   0830|0195|ACME LTD|
+--------+--------------------+-------+----+--------+"""
SPLIT = """+-------+------------+-----------+------+
|     id|cc_exp_month|cc_exp_year|cc_cvv|
+-------+------------+-----------+------+
|6634516|          07|       2033|   563|
|6634517|          13|       2033|  null|
+-------+------------+-----------+------+"""
PSQL = """ id |   card_number    |  exp  | cvv
----+------------------+-------+-----
  1 | pending          | 0730  | 123"""
MYSQL = """+----+------------------+---------+------+
| id | pan              | expiry  | cvc  |
+----+------------------+---------+------+
|  1 | pending          |  7/30   | 812  |
+----+------------------+---------+------+"""
# cqlsh's SELECT output: the header and its ``---+---`` rule once above hundreds of rows (here 60 rows, some 5,000
# characters above the last): remembered for the table, not looked for within the first 4096 characters only
CQLSH = (
    " card_id                              | cvc  | exp_month | exp_year | last_used\n"
    "--------------------------------------+------+-----------+----------+---------------------------------\n"
    + "".join(f" 7d3cd5b3-bebb-44f9-b84e-f07f4373f{i:03d} | null |      null |     null | 2026-03-02 00:02:54+0000\n"
              for i in range(60))
    + " 0b10a4d7-2c5f-48b1-bac7-321892376b49 |  926 |         2 |     2028 | 2026-03-02 00:03:21.000000+0000\n"
)
HTML = (
    '"<table border=\\"1\\" class=\\"dataframe\\">\\n",\n'
    '"  <thead><tr><th></th><th>card_number</th><th>exp</th><th>cvv</th></tr></thead>\\n",\n'
    '"  <tbody><tr><th>0</th><td>pending</td><td>12/29</td><td>766</td></tr></tbody>\\n",'
)
SHEET_HEAD = """<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Callbacks">
  <Table>
   <Row>
    <Cell><Data ss:Type="String">Contact Id</Data></Cell>
    <Cell><Data ss:Type="String">Card Number</Data></Cell>
    <Cell><Data ss:Type="String">Expiry</Data></Cell>
    <Cell><Data ss:Type="String">CVV</Data></Cell>
    <Cell><Data ss:Type="String">Amount</Data></Cell>
   </Row>
"""
SHEET = SHEET_HEAD + """   <Row>
    <Cell><Data ss:Type="String">c-1</Data></Cell>
    <Cell/>
    <Cell><Data ss:Type="String">07/31</Data></Cell>
    <Cell><Data ss:Type="Number">764</Data></Cell>
    <Cell><Data ss:Type="Number">1216.70</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">c-2</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">302</Data></Cell>
   </Row>
  </Table>
"""

FOUND = [
    # the second row names its card truncated: its expiry is card metadata, its code is not
    (SPARK, [("expiry", "2031-10"), ("cvv", "558"), ("cvv", "0195")]),
    (SPLIT, [("expiry", "07|       2033"), ("cvv", "563")]),
    (PSQL, [("expiry", "0730"), ("cvv", "123")]),
    (MYSQL, [("expiry", "7/30"), ("cvv", "812")]),
    (HTML, [("expiry", "12/29"), ("cvv", "766")]),
    (CQLSH, [("expiry", "2 |     2028"), ("cvv", "926")]),
    # a row that names its card by a payment token: its expiry is card metadata (cards.tokenrefs), its code is not
    (PSQL.replace("pending         ", "tok_1Nq2x7Lm9855"), [("cvv", "123")]),
    (MYSQL.replace("pending         ", "tok_1Nq2x7Lm9855"), [("cvv", "812")]),
    (SHEET, [("expiry", "07/31"), ("cvv", "764"), ("cvv", "302")]),
]
QUIET = [
    # ids, amounts, years and zip codes under headers that name no card data
    """ order_id | amount | year | zip\n----------+--------+------+-------\n 1234     | 300    | 2030 | 02134""",
    """+----+------+------+\n| id | year | code |\n+----+------+------+\n|  1 | 2030 | 4821 |\n+----+------+------+""",
    """| report | 2030 |\n|--------|------|\n| total  | 1230 |""",
    # a table whose rule is missing is no table: its cells are not named by the first line
    """| cvv | expiry |\n| 123 | 12/30 |""",
    """<table><tr><th>order</th><th>year</th><th>zip</th></tr><tr><td>1234</td><td>2030</td><td>02134</td></tr>""",
    # an HTML table that spans columns: the index names no header
    """<table><tr><th colspan="2">card</th><th>cvv</th></tr><tr><td>x</td><td>y</td><td>123</td></tr></table>""",
    SHEET_HEAD.replace("CVV", "Branch").replace("Expiry", "Year") + """   <Row>
    <Cell><Data ss:Type="String">c-1</Data></Cell>
    <Cell/>
    <Cell><Data ss:Type="Number">2030</Data></Cell>
    <Cell><Data ss:Type="Number">764</Data></Cell>
   </Row>
""",
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_header_names_the_cell(backend: str, text: str, expected: list[tuple[str, str]]) -> None:
    spans = [(s.type, text[s.start : s.end]) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]
    assert sorted(spans) == sorted(expected)


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize("text", QUIET)
def test_other_tables_stay_quiet(backend: str, text: str) -> None:
    assert [(s.type, s.start) for s in Engine(backend=backend).scan_text(text)] == []
