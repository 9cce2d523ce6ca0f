"""BinlogRowsDecoder and Wal2jsonArraysDecoder: change-data-capture rows whose values stand apart from their column
names. A ``mysqlbinlog -v`` row event's ``@n`` values are named by the ``# Columns(...)`` list that
``--print-table-metadata`` prints under its Table_map, or, without it, read in column order as a card dump's line is
(a card number, then an expiry and a code); a wal2json format-version-1 change's ``columnvalues`` are named by its
``columnnames``. Each value is reported on its own line; a masked or last-four card's expiry stays quiet. Both back
ends agree."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.binlog_rows import positional, table_columns
from scanners.decoders.wal2json_arrays import Wal2jsonArraysDecoder
from scanners.engine.core import Engine


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
PAN = luhn("353077146701447468")  # JCB 19
MAESTRO = luhn("67590000001")  # 12 digits: a card only with a reason
MASKED = "XXXX-XXXX-XXXX-" + PAN[-4:]
HEAD = ("# at 4\n#240728 12:10:31 server id 1  end_log_pos 9 CRC32 0x3deb1209 \tWrite_rows: table id 7"
        " flags: STMT_END_F\n")


def binlog(*values: str, verb: str = "INSERT INTO", image: str = "SET", comments: bool = False) -> str:
    note = "  /* VARSTRING(64) meta=64 nullable=1 is_null=0 */" if comments else ""
    lines = [f"### {verb} `payments`.`ivr_payment`", f"### {image}"]
    lines += [f"###   @{i}={v}{note}" for i, v in enumerate(values, 1)]
    return HEAD + "\n".join(lines) + "\n# at 18473058\nCOMMIT/*!*/;\n"


ROW = ("77065776", "'fe16e915-3fc7-4e71-8f70-46e37293bb41'", f"'{PAN}'", "'0332'", "'346'", "865.09", "1722168631")
META = ("#240728 12:10:31 server id 1  end_log_pos 9 CRC32 0x1 \tTable_map: `payments`.`ivr_payment` mapped to"
        " number 7\n# Columns(`id` BIGINT NOT NULL,\n#         `card_no` VARCHAR(19) CHARSET utf8mb4,\n"
        "#         `exp_month` TINYINT,\n#         `exp_year` SMALLINT,\n#         `cvv2` CHAR(4))\n"
        "# Primary Key(id)\n")
UPDATE = (HEAD + "### UPDATE `payments`.`ivr_payment`\n### WHERE\n###   @1=7\n###   @2='" + MASKED + "'\n"
          "###   @3='0332'\n###   @4=NULL\n### SET\n###   @1=7\n###   @2='" + PAN + "'\n###   @3='0332'\n"
          "###   @4='346'\n")
WAL = ('{"xid": 88011589, "nextlsn": "C/3A9755FE", "change": [{"kind": "insert", "schema": "public", "table": '
       '"card_vault", "columnnames": ["id", "contact_id", "pan", "exp", "cvv", "amount"], "columntypes": ["bigint", '
       '"uuid", "text", "text", "text", "numeric(12,2)"], "columnvalues": [79362370, "e5e4b8a8", "' + PAN + '", '
       '"03/27", "338", 483.76]}]}')
WAL_LAST4 = ('{"change": [{"kind": "insert", "table": "card_vault", "columnnames": ["id", "pan_last4", "exp", "phone"],'
             ' "columntypes": ["bigint", "text", "text", "text"], "columnvalues": [2, "' + PAN[-4:] + '", "02/32", '
             '"+12065559772"]}]}')
WAL_PRETTY = ('{\n\t"change": [\n\t\t{\n\t\t\t"kind": "update",\n\t\t\t"table": "card_vault",\n'
              '\t\t\t"columnnames": ["id", "card_number", "card_cvc"],\n\t\t\t"columntypes": ["int", "text", "text"],\n'
              '\t\t\t"columnvalues": [1, "' + PAN + '", "512"],\n\t\t\t"oldkeys": {\n'
              '\t\t\t\t"keynames": ["card_number"],\n\t\t\t\t"keytypes": ["text"],\n'
              '\t\t\t\t"keyvalues": ["' + MAESTRO + '"]\n\t\t\t}\n\t\t}\n\t]\n}')

# (name, text, {(type, line)}) - line is 0-based in the text
CASES = [
    ("binlog-v-positional", binlog(*ROW), {("pan", 6), ("expiry", 7), ("cvv", 8)}),
    ("binlog-vv-positional", binlog(*ROW, comments=True), {("pan", 6), ("expiry", 7), ("cvv", 8)}),
    ("binlog-slash-date-no-code", binlog("1", f"'{PAN}'", "'03/32'", "NULL"), {("pan", 5), ("expiry", 6)}),
    ("binlog-maestro-12-with-date-and-code", binlog("1", f"'{MAESTRO}'", "'0332'", "'346'"),
     {("pan", 5), ("expiry", 6), ("cvv", 7)}),
    ("binlog-update-after-image", UPDATE, {("pan", 10), ("expiry", 11), ("cvv", 12)}),
    ("binlog-table-metadata-names", META + binlog("1", f"'{PAN}'", "3", "2032", "'346'"),
     {("pan", 12), ("expiry", 13), ("cvv", 15)}),
    ("wal2json-v1", WAL, {("pan", 0), ("expiry", 0), ("cvv", 0)}),
    ("wal2json-v1-pretty-oldkeys", WAL_PRETTY, {("pan", 7), ("cvv", 7), ("pan", 11)}),
    # near misses: a masked card and MMYY (no code), a bare MMYY without a code, an amount after the number, a
    # last-four column, a 12-digit number with no date after it, names of another table
    ("binlog-masked-row", binlog("1", f"'{MASKED}'", "'0332'", "NULL", "104.97"), set()),
    ("binlog-bare-mmyy-without-code", binlog("1", f"'{PAN}'", "'0332'", "NULL"), {("pan", 5)}),
    ("binlog-amount-after-card", binlog("1", f"'{PAN}'", "12.50", "'346'"), {("pan", 5)}),
    ("binlog-12-digits-alone", binlog("1", f"'{MAESTRO}'", "'x'"), set()),
    ("binlog-metadata-of-another-table", META.replace("ivr_payment", "orders") + binlog("1", "'a'", "3", "2032",
                                                                                      "'346'"), set()),
    ("wal2json-v1-last-four", WAL_LAST4, set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_cdc_rows_read_under_their_columns(name: str, text: str, want: set[tuple[str, int]]) -> None:
    got = [sorted((f.type, text.count("\n", 0, f.start), f.start, f.end) for f in engine.scan_text(text))
           for engine in ENGINES]
    assert {(t, line) for t, line, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_positional_reads_a_card_then_its_date_and_code() -> None:
    assert positional(["1", PAN, "0332", "346"]) == {1: "card_number", 2: "card_expiry", 3: "card_cvv"}
    assert positional(["1", PAN, "03/2032", None]) == {1: "card_number", 2: "card_expiry"}
    assert positional(["1", PAN, "2032-03", "346"]) == {1: "card_number", 2: "card_expiry", 3: "card_cvv"}
    assert positional(["1", MASKED, "0332", "346"]) == {}
    assert positional([PAN]) == {}


def test_table_columns_come_from_the_last_table_map() -> None:
    text = META + binlog(*ROW)
    at = text.index("### INSERT")
    assert table_columns(text, at, "ivr_payment") == ["id", "card_no", "exp_month", "exp_year", "cvv2"]
    assert table_columns(text, at, "orders") is None
    assert table_columns(binlog(*ROW), 0, "ivr_payment") is None


def test_wal2json_segment_is_the_values_line() -> None:
    (seg,) = list(Wal2jsonArraysDecoder().decode(WAL_PRETTY, 0, len(WAL_PRETTY)))[:1]
    assert WAL_PRETTY[seg.start : seg.end].strip().startswith('"columnvalues"')
    assert json.loads(seg.text) == {"id": "1", "card_number": PAN, "card_cvc": "512"}
