"""xlsx sheets and docx tables read as rows under their header: date-styled expiry cells (``_xlsxdates``), Expiry
and CVV cells of a Word table, and a masked card's row kept quiet (``_tablerows``, the CSV row judgment)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlwt

from scanners.cards.brands import luhn_valid
from scanners.formats._xlsxdates import date_format, iso_date, month_year, serial_date, shown
from scanners.formats.docx import canary as docx_canary
from scanners.formats.ooxml import escape, package
from scanners.formats.xlsx import canary as xlsx_canary
from tests.unit.detector_contract import masked_id
from tests.unit.format_contract import scan_bytes


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453201511283036")
SERIAL_DEC_2028 = "47088"  # 1 December 2028 in the 1900 date system


@pytest.mark.parametrize(("num", "custom", "code"), [
    (14, {}, "m/d/yyyy"), (17, {}, "mmm-yy"), (22, {}, "m/d/yyyy h:mm"), (31, {}, "yyyy-mm-dd"),
    (164, {164: "mm/yy"}, "mm/yy"), (164, {164: "[$-409]mmm-yy;@"}, "[$-409]mmm-yy;@"),
    (0, {}, None), (1, {}, None), (49, {}, None), (20, {}, None), (45, {}, None),  # General, 0, @, h:mm, mm:ss
    (164, {164: "0.00"}, None), (164, {164: "[h]:mm:ss"}, None), (164, {164: '#,##0 "mm"'}, None),
])
def test_date_format(num: int, custom: dict[int, str], code: str | None) -> None:
    assert date_format(num, custom) == code


@pytest.mark.parametrize(("code", "text"), [
    ("m/d/yyyy", "12/1/2028"), ("mm/yy", "12/28"), ("mm/yyyy", "12/2028"), ("mmm-yy", "Dec-28"),
    ("[$-409]mmmm yyyy;@", "December 2028"), ("dd.mm.yyyy", "01.12.2028"), ('"Exp "mm/yy', "Exp 12/28"),
    ("m/d/yyyy h:mm", "12/1/2028"),
])
def test_shown(code: str, text: str) -> None:
    assert shown(date(2028, 12, 1), code) == text


def test_serial_date() -> None:
    assert serial_date(SERIAL_DEC_2028) == date(2028, 12, 1)
    assert serial_date("47088.5") == date(2028, 12, 1)
    assert serial_date(str(47088 - 1462), date1904=True) == date(2028, 12, 1)
    assert serial_date("61") == date(1900, 3, 1) and serial_date("59") == date(1900, 2, 28)
    assert serial_date("0") is None and serial_date("abc") is None and serial_date("99999999") is None
    assert month_year(date(2028, 12, 1)) == "12/2028"
    assert iso_date("2028-12-01T00:00:00") == date(2028, 12, 1) and iso_date("12/2028") is None


def _cell(ref: str, value: str) -> str:
    if value.startswith("@"):  # an ISO 8601 date cell: ``@<date>``
        return f'<c r="{ref}" t="d"><v>{value[1:]}</v></c>'
    if value.startswith("#"):  # a number cell with the date style: ``#<serial>``
        return f'<c r="{ref}" s="1"><v>{value[1:]}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def xlsx_rows(rows: list[list[str]], fmt: str = '<xf numFmtId="14" applyNumberFormat="1"/>') -> bytes:
    base = zipfile.ZipFile(io.BytesIO(xlsx_canary("x")))
    files = {n: base.read(n).decode().split("\n", 1)[1] for n in base.namelist()}
    cells = "".join(f'<row r="{r}">' + "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v)
                    + "</row>" for r, row in enumerate(rows, 1))
    files["xl/worksheets/sheet1.xml"] = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                         f'main"><sheetData>{cells}</sheetData></worksheet>')
    files["xl/styles.xml"] = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                              '<numFmts count="1"><numFmt numFmtId="164" formatCode="mm/yy"/></numFmts>'
                              f'<cellXfs count="2"><xf numFmtId="0"/>{fmt}</cellXfs></styleSheet>')
    return package(files)


XLSX_ROWS = [  # (row under Date / Card Number / Exp / CVV, expected finding types in it, sorted)
    (["#46211", PAN, "#" + SERIAL_DEC_2028, "318"], ("cvv", "expiry", "pan")),
    (["#46211", PAN, "10/27", ""], ("expiry", "pan")),
    (["#46211", "************" + PAN[-4:], "#" + SERIAL_DEC_2028, ""], ()),
    (["#46211", f"{PAN[:4]} **** **** {PAN[-4:]}", "01-30", ""], ()),
    (["#46211", "ending " + PAN[-4:], "#" + SERIAL_DEC_2028, ""], ()),
    (["#46211", f"•••• {PAN[-4:]}", "09/2025", ""], ()),
    (["#46211", "", "#" + SERIAL_DEC_2028, ""], ("expiry",)),  # no card named: the expiry stays reported
    (["#46211", PAN, "@2028-12-01T00:00:00", ""], ("expiry", "pan")),
    (["#46211", "ending " + PAN[-4:], "@2028-12-01", ""], ()),
]


@pytest.mark.parametrize(("row", "types"), XLSX_ROWS, ids=masked_id)
def test_xlsx_rows(row: list[str], types: tuple[str, ...], tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, xlsx_rows([["Date", "Card Number", "Exp", "CVV"], row]))
    assert tuple(sorted({f["type"] for f in out["findings"]})) == types
    assert all(f["location"]["cell"][1:] == "2" for f in out["findings"])


XLS_ROWS = [row for row in XLSX_ROWS if not any(v.startswith(("#", "@")) for v in row[0][2:3])]


@pytest.mark.parametrize(("row", "types"), XLS_ROWS, ids=masked_id)
def test_xls_rows(row: list[str], types: tuple[str, ...], tmp_path: Path) -> None:
    """A legacy workbook's rows are judged as xlsx rows are: a masked card's expiry stays quiet."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("MOTO")
    for r, values in enumerate([["Date", "Card Number", "Exp", "CVV"], row]):
        for c, v in enumerate(values):
            if v:
                sheet.write(r, c, v)
    data = io.BytesIO()
    book.save(data)
    out = scan_bytes(tmp_path, data.getvalue())
    assert tuple(sorted({f["type"] for f in out["findings"]})) == types
    assert all(f["location"]["cell"][1:] == "2" for f in out["findings"])


def columnar(kind: str, rows: list[list[str]]) -> bytes:
    """A Parquet or Avro file of string columns ``card_number``, ``card_exp``, ``cvv`` (rows after a filler row)."""
    names = ["card_number", "card_exp", "cvv"]
    records = [{"card_number": "", "card_exp": "", "cvv": ""}] + [dict(zip(names, r, strict=True)) for r in rows]
    out = io.BytesIO()
    if kind == "parquet":
        pq.write_table(pa.table({n: [r[n] for r in records] for n in names}), out)
    else:
        schema = {"type": "record", "name": "Payment", "fields": [{"name": n, "type": "string"} for n in names]}
        fastavro.writer(out, schema, records)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["parquet", "avro"])
@pytest.mark.parametrize(("row", "types"), XLS_ROWS, ids=masked_id)
def test_columnar_rows(kind: str, row: list[str], types: tuple[str, ...], tmp_path: Path) -> None:
    """Parquet and Avro are read a column at a time, their rows still judged whole: a masked card's expiry is quiet
    and a full card's counts."""
    out = scan_bytes(tmp_path, columnar(kind, [[row[1], row[2], row[3]]]))
    assert tuple(sorted({f["type"] for f in out["findings"]})) == types
    assert all(f["location"]["row"] == 2 for f in out["findings"])


@pytest.mark.parametrize("fmt", ['<xf numFmtId="17"/>', '<xf numFmtId="164"/>', '<xf numFmtId="14"/>'])
@pytest.mark.parametrize("header", ["Expiry", "Exp. Date", "Ablaufdatum", "Gültig bis", "Valid Thru"])
def test_xlsx_date_serial_expiry(header: str, fmt: str, tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, xlsx_rows([["Card Number", header], [PAN, "#" + SERIAL_DEC_2028]], fmt))
    assert ("expiry", "B2") in {(f["type"], f["location"]["cell"]) for f in out["findings"]}


@pytest.mark.parametrize("header", ["Date", "Refund date", "Created", "Amount"])
def test_xlsx_other_date_columns_quiet(header: str, tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, xlsx_rows([["Customer", header], ["Ng", "#" + SERIAL_DEC_2028]]))
    assert out["findings"] == []


def docx_table(rows: list[list[str]], before: int = 2) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(docx_canary("x")))
    files = {n: base.read(n).decode().split("\n", 1)[1] for n in base.namelist()}
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = "".join(f"<w:p><w:r><w:t>Call note {i}</w:t></w:r></w:p>" for i in range(before))
    table = "<w:tbl>" + "".join("<w:tr>" + "".join(
        f"<w:tc><w:p><w:r><w:t>{escape(v[:2])}</w:t></w:r><w:r><w:t>{escape(v[2:])}</w:t></w:r></w:p></w:tc>"
        for v in row) + "</w:tr>" for row in rows) + "</w:tbl>"
    files["word/document.xml"] = f'<w:document xmlns:w="{w}"><w:body>{paras}{table}</w:body></w:document>'
    return package(files)


def _found(data: bytes, tmp_path: Path) -> set[tuple[str, int]]:
    out = scan_bytes(tmp_path, data)
    return {(f["type"], f["location"]["paragraph"]) for f in out["findings"]}


def test_docx_table_cells_under_their_header(tmp_path: Path) -> None:
    rows = [["Customer", "Card Number", "Expiry", "CVV"],
            ["L. Chen", f"{PAN[:4]} **** **** {PAN[-4:]}", "0726", "n/a"],  # paragraphs 7-10: masked, quiet
            ["A. Gómez", PAN, "07-31", "450"],  # paragraphs 11-14
            ["L. Chen", f"{PAN[:6]}******{PAN[-4:]}", "05/2030", "n/a"],  # paragraphs 15-18: masked, quiet
            ["R. Ng", PAN, "2031-11", "210"]]  # paragraphs 19-22
    assert _found(docx_table(rows), tmp_path) == {("pan", 12), ("expiry", 13), ("cvv", 14),
                                                  ("pan", 20), ("expiry", 21), ("cvv", 22)}


def test_docx_table_without_card_header_is_paragraphs(tmp_path: Path) -> None:
    rows = [["Item", "Qty", "Notes"], ["Cable", "3", "450"], ["Plug", "12", "07-31"]]
    assert _found(docx_table(rows), tmp_path) == set()
