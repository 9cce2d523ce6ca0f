"""SqlRowsDecoder: SQL rows whose values stand apart from their column names (a dump's extended INSERT without a
column list, read against the CREATE TABLE before it; pg_dump's COPY rows; Aurora's audit statement with escaped
quotes; SQL Server's sp_executesql arguments; test_decoding's ``col[type]:'v'``) are read as JSON objects keyed by
their columns, one per row, each reported on its own line. An expiry in a row that names its card truncated (a
masked number, a last-four column) stays quiet, and so do values of other columns. Both back ends agree."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.sqlinserts import insert_column, metadata_row
from scanners.cards.sqlrows import (
    MAX_TUPLES,
    copy_fields,
    last_four_only,
    may_hold_card,
    table_columns,
    tuples,
)
from scanners.decoders.sql_rows import SqlRowsDecoder, exec_args
from scanners.engine.core import Engine
from scanners.engine.limits import OUTPUT, collecting


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


D = SqlRowsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN = luhn("601148907896005")
MASKED = "XXXX-XXXX-XXXX-" + PAN[-4:]
CREATE = ("CREATE TABLE `card_capture` (\n  `id` bigint NOT NULL AUTO_INCREMENT,\n  `holder` varchar(64),\n"
          "  `card_number` varchar(32) DEFAULT NULL,\n  `card_expiry` char(5),\n  `card_cvv` varchar(4),\n"
          "  `amount` decimal(12,2) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n")
DUMP_ROWS = (f"INSERT INTO `card_capture` VALUES (1,'Aisha D\\'Angelo','{MASKED}','06/28',NULL,12.50),"
             f"(2,'Chen O''Brien','{PAN}','09/26','727',9.99);")
SQLITE = ("CREATE TABLE card_cache(id INTEGER PRIMARY KEY, contact_id TEXT, pan TEXT, exp TEXT, cvv TEXT);\n"
          f"INSERT INTO card_cache VALUES(7,'c-1','{PAN}','1127','318');")
COPY = ("COPY public.card_capture (id, contact_id, card_number, card_exp, card_cvc, note) FROM stdin;\n"
        f"1\tc-1\t{MASKED}\t05/32\t\\N\tline1\\nline2\n2\tc-2\t{PAN}\t08/28\t513\tcaller said \"visa\"\n\\.\n")
AURORA = ("1718603863394766,ip-10-0-1-26,app_rw,10.0.5.27,44690,46237038,QUERY,payments,'INSERT INTO t (pan, exp_date,"
          f" cvc, note) VALUES (\\'{PAN}\\',\\'04/30\\',\\'291\\',\\'caller\\\\\\'s card\\')',0")
MSSQL = ("2024-07-31 05:08:10.90 spid295      exec sp_executesql N'INSERT INTO dbo.CardCapture (ContactId, CardNumber,"
         " ExpiryDate, Cvv2) VALUES (@P0, @P1, @P2, @P3)',N'@P0 nvarchar(4000),@P1 nvarchar(4000),@P2 nvarchar(4000),"
         f"@P3 nvarchar(4000)',N'5e4f2b9b',N'{PAN}',N'0227',N'135'")
MSSQL_NAMED = ("exec sp_executesql N'UPDATE dbo.Cards SET Cvv2 = @P1, ExpiryDate = @P0 WHERE Pan = @P2',"
               f"N'@P0 nvarchar(8),@P1 nvarchar(4),@P2 nvarchar(19)',@P0=N'0227',@P1=N'135',@P2=N'{PAN}'")
DECODING = ("5/27DDB958 | 16585602 | table public.card_capture: INSERT: id[bigint]:74007662 "
            f"card_number[character varying]:'{PAN}' card_exp[character varying]:'07/30' "
            "card_cvc[character varying]:'816' amount[numeric]:668.56")
GENERAL = ("2024-07-31T08:22:07.925000Z\t  8418 Query\tINSERT INTO `ivr_payment` (`contact_id`,`cc_last4`,`cc_exp`,"
           f"`phone`,`amount`) VALUES ('5d02a1a2','{PAN[-4:]}','0132','+14155554167',2380.02)")
SEED = ("-- seed data\nINSERT INTO cards (id, user_id, pan, cvv, exp_month, exp_year, holder) VALUES\n"
        f"  (1, 8737, '{PAN}', '609', 12, 2027, 'Jane Doe'),\n  (2, 8108, '{luhn('453201511283036')}', '721', 7, 2031,"
        " 'Kenji Sato');\n")
ORDERS = ("INSERT INTO orders (id, order_number, amount, tracking) VALUES\n"
          f"  (3, '{luhn('663778421493705')}', 703.86, '1ZNMOGFV2123150771'),\n"
          f"  (4, '{luhn('266558595758752')}', 380.03, '1Z0YGLAB5079331711');\n")
# a JSON document kept in the card column (mysqldump escapes its quotes): the card number in it is the row's, so the
# row's expiry columns are no card metadata, last-four column or not
JSON_CREATE = ("CREATE TABLE `payment_cards` (\n  `id` int NOT NULL,\n  `card_no` varchar(255) DEFAULT NULL,\n"
               "  `exp_mm` tinyint DEFAULT NULL,\n  `exp_yy` smallint DEFAULT NULL,\n  `card_last4` char(4),\n"
               "  `token` varchar(64) DEFAULT NULL\n) ENGINE=InnoDB;\n")
JSON_ROWS = (JSON_CREATE + "INSERT INTO `payment_cards` VALUES (21,NULL,NULL,NULL,'1683','tok_ors55auFCMszqrvfFSY0H'),"
             f"(34,'{{\\\"card_no\\\":\\\"{PAN}\\\",\\\"src\\\":\\\"moto\\\"}}',5,2031,'{PAN[-4:]}',NULL);\n")

# (name, text, {(type, line)}) - line is 0-based in the text
CASES = [
    ("mysqldump-extended-insert", CREATE + DUMP_ROWS, {("pan", 9), ("expiry", 9), ("cvv", 9)}),
    ("sqlite-dump", SQLITE, {("pan", 1), ("expiry", 1), ("cvv", 1)}),
    ("pg-dump-copy", COPY, {("pan", 2), ("expiry", 2), ("cvv", 2)}),
    ("aurora-audit-escaped", AURORA, {("pan", 0), ("expiry", 0), ("cvv", 0)}),
    ("sp-executesql-positional", MSSQL, {("pan", 0), ("expiry", 0), ("cvv", 0)}),
    ("sp-executesql-named", MSSQL_NAMED, {("pan", 0), ("expiry", 0), ("cvv", 0)}),
    ("sp-prepexec", "declare @p1 int\nset @p1=NULL\nexec sp_prepexec @p1 output,N'@P0 nvarchar(4000),"
     f"@P1 nvarchar(4000)',N'INSERT INTO CardVault (Pan, Cvc) VALUES (@P0, @P1)',N'{PAN}',N'135'",
     {("pan", 2), ("cvv", 2)}),
    ("test-decoding", DECODING, {("pan", 0), ("expiry", 0), ("cvv", 0)}),
    # a VALUES list over several lines (a seed file, pg_dump --rows-per-insert): each row on its line
    ("seed-rows-below", SEED, {("pan", 2), ("cvv", 2), ("expiry", 2), ("pan", 3), ("cvv", 3), ("expiry", 3)}),
    ("seed-first-row-on-insert-line", SEED.replace("VALUES\n  (1", "VALUES (1"),
     {("pan", 1), ("cvv", 1), ("expiry", 1), ("pan", 2), ("cvv", 2), ("expiry", 2)}),
    ("dump-json-card-column", JSON_ROWS, {("pan", 8), ("expiry", 8)}),
    ("column-insert-one-row", SEED.split("\n  (2")[0] + ";", {("pan", 2), ("cvv", 2), ("expiry", 2)}),
    # near misses: masked rows only, a last-four column, no CREATE TABLE for the table, other tables' columns
    ("dump-masked-rows-only", CREATE + f"INSERT INTO `card_capture` VALUES (1,'A','{MASKED}','06/28',NULL,1.00);",
     set()),
    ("copy-masked-row-only", COPY.replace(f"2\tc-2\t{PAN}\t08/28\t513\tcaller said \"visa\"\n", ""), set()),
    ("general-log-last-four", GENERAL, set()),
    ("dump-json-card-column-masked", JSON_ROWS.replace(PAN, MASKED), set()),
    ("insert-without-create-table", "INSERT INTO other VALUES (1,'0132','135');", set()),
    ("create-table-of-another", CREATE + "INSERT INTO `orders` VALUES (1,'A','x','0132','135',1.00);", set()),
    ("orders-order-numbers-below", ORDERS, set()),  # a Luhn-valid order number named so by its column
    ("orders-order-numbers-one-line", ORDERS.replace(" VALUES\n  ", " VALUES ").replace(",\n  ", ", "), set()),
    ("row-after-the-statement-ended", SEED.replace("),\n  (2", ");\n  (2"), {("pan", 2), ("cvv", 2), ("expiry", 2),
                                                                               ("pan", 3)}),
    ("sp-executesql-other-columns", "exec sp_executesql N'UPDATE dbo.Orders SET Qty = @P0, Store = @P1',"
     "N'@P0 int,@P1 nvarchar(8)',@P0=135,@P1=N'0227'", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_rows_read_under_their_columns(name: str, text: str, want: set[tuple[str, int]]) -> None:
    got = [sorted((f.type, text.count("\n", 0, f.start), f.start, f.end) for f in engine.scan_text(text))
           for engine in ENGINES]
    assert {(t, line) for t, line, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_tuples_read_escapes_nulls_and_introducers() -> None:
    rows = tuples("VALUES (1,'a\\'b','c''d',NULL,_binary 0x4f,N'x',now()),(2,'',X'00',-1.5)", 7)
    assert rows == [["1", "a'b", "c'd", None, "0x4f", "x", "now()"], ["2", "", "00", "-1.5"]]
    assert tuples("VALUES (1,'open", 7) == []


def test_table_columns_skip_keys_and_take_the_last_definition() -> None:
    text = CREATE + "CREATE TABLE IF NOT EXISTS \"card_capture\" (a int, CONSTRAINT pk PRIMARY KEY (a), b text);\n"
    assert table_columns(text, len(CREATE), "card_capture") == [
        "id", "holder", "card_number", "card_expiry", "card_cvv", "amount"]
    assert table_columns(text, len(text), "CARD_CAPTURE") == ["a", "b"]
    assert table_columns(text, len(text), "orders") is None


def test_copy_fields_and_metadata_rows() -> None:
    assert copy_fields("1\t\\N\ta\\tb\\\\c") == ["1", None, "a\tb\\c"]
    assert last_four_only(["id", "cc_last4", "cc_exp"], ["1", "4242", "0132"])
    assert not last_four_only(["id", "cc_last4", "cc_exp"], ["1", PAN, "0132"])
    assert not last_four_only(["id", "cc_number", "cc_exp"], ["1", "x", "0132"])
    assert not last_four_only(["id", "cc_last4", "doc"], ["1", "4242", f'{{"pan": "{PAN}"}}'])
    assert last_four_only(["id", "cc_last4", "note"], ["1", "4242", f"call back {PAN}"])  # no JSON document
    at = GENERAL.index("'0132'") + 1
    assert metadata_row(GENERAL, at, "cc_exp") and not metadata_row(GENERAL, at, "cc_cvv")


def test_exec_args_map_parameters_to_columns() -> None:
    want = {"ContactId": "5e4f2b9b", "CardNumber": PAN, "ExpiryDate": "0227", "Cvv2": "135"}
    assert json.loads(exec_args(MSSQL) or "{}") == want
    assert exec_args("exec sp_executesql N'SELECT 1'") is None
    bare = "exec sp_executesql N'UPDATE c SET cvc = @P0 WHERE id = @P1',N'@P0 int,@P1 int',@P0=135,@P1=NULL"
    assert json.loads(exec_args(bare) or "{}") == {"cvc": "135", "id": "NULL"}
    assert exec_args("exec sp_executesql N'SELECT a FROM t WHERE cvc = @P0'") is None  # no values


def test_may_hold_card_checks_digits_or_a_code_column() -> None:
    assert may_hold_card(["a"], f"VALUES ('{PAN}')", 0) and may_hold_card(["card_cvv"], "VALUES (1)", 0)
    assert not may_hold_card(["exp"], "VALUES ('1127', '2024-08-14 18:54:52', 1718100757)", 0)


def test_copy_segment_keeps_lines_and_ends_before_its_terminator() -> None:
    text = "-- dump\n" + COPY + "-- after\n"
    (seg,) = list(D.decode(text, 8, text.index("\n", 8)))
    assert seg.lines and text[seg.end : seg.end + 3] == "\n\\."
    assert seg.text.count("\n") == text.count("\n", seg.start, seg.end)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("INSERT INTO t (a, b, c) VALUES (1, 'x', '42')", "c"),
        ("INSERT INTO t (a, b, c) VALUES (1, 'x', '7'), (2, 'y', '42')", "c"),  # a later row on the INSERT's line
        ("INSERT INTO t (a, b) VALUES\n  (1, 'x'),\n  ('42', 'y');", "a"),
        ("INSERT INTO t (a, b) VALUES\n  (1, 'x'),\n  (2, '42');", "b"),
        ("INSERT INTO t (a, b) VALUES\n  (1, 'x');\n  (2, '42');", None),  # the statement ended above
        ("INSERT INTO t (a, b) VALUES (f(1), '42')", None),  # a nested call first: no index to trust
        ("SELECT x FROM t WHERE y IN (1, '42')", None),
    ],
)
def test_insert_column_names_a_value_by_its_column(text: str, want: str | None) -> None:
    assert insert_column(text, text.rindex("42")) == want


@pytest.mark.parametrize(("rows", "noted"), [(MAX_TUPLES - 1, False), (MAX_TUPLES + 1, True)])
def test_an_extended_insert_past_the_row_cap_is_noted(rows: int, noted: bool) -> None:
    values = ",".join(f"({i},'{PAN}','123')" for i in range(rows))
    text = f"INSERT INTO cards (id, pan, cvv) VALUES {values};\n"
    roomy = SqlRowsDecoder(max_segment=1 << 26, max_output=1 << 26)  # only the row cap can be reached
    with collecting() as reached:
        assert list(roomy.decode(text, 0, len(text)))
    assert (OUTPUT in reached) is noted  # rows past the cap are not read under their columns: never clean
