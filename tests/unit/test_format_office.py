"""xlsx, xls and docx: cells and paragraphs located, column headers as context, broken and hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlwt

from scanners.formats.ooxml import package
from scanners.formats.xlsx import canary as xlsx_canary
from tests.unit.format_contract import CANARIES, TEXT, Bad, check_bad, scan_bytes, truncated


def sheet_xml(rows: list[list[str]]) -> str:
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                                   for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1))
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}' \
           "</sheetData></worksheet>"


def xlsx_with(rows: list[list[str]]) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(xlsx_canary("x")))
    files = {n: base.read(n).decode().split("\n", 1)[1] for n in base.namelist()}
    files["xl/worksheets/sheet1.xml"] = sheet_xml(rows)
    return package(files)


def test_xlsx_header_gives_context_to_a_cvv_column(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, xlsx_with([["Card number", "CVV", "Expiry"], ["4111111111111111", "123", "12/29"]]))
    got = {(f["type"], f["location"]["cell"]) for f in out["findings"]}
    assert {("pan", "A2"), ("cvv", "B2")} <= got
    assert all(f["location"]["sheet"] == "Chargebacks" for f in out["findings"])


def test_xlsx_shared_strings(tmp_path: Path) -> None:
    out = io.BytesIO()
    files = {n: zipfile.ZipFile(io.BytesIO(xlsx_canary("x"))).read(n).decode().split("\n", 1)[1]
             for n in zipfile.ZipFile(io.BytesIO(xlsx_canary("x"))).namelist()}
    files["xl/sharedStrings.xml"] = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                     f"<si><t>note</t></si><si><r><t>card </t></r><r><t>{TEXT}</t></r></si></sst>")
    files["xl/worksheets/sheet1.xml"] = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="C1" t="s"><v>0</v></c></row><row r="7"><c r="C7" t="s"><v>1</v></c></row>'
        "</sheetData></worksheet>")
    out.write(package(files))
    result = scan_bytes(tmp_path, out.getvalue())
    assert [f["location"]["cell"] for f in result["findings"]] == ["C7"]


def test_xls_cells_located(tmp_path: Path) -> None:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Refunds")
    for c, v in enumerate(["id", "Card number", "CVC"]):
        sheet.write(0, c, v)
    sheet.write(4, 1, "5555 5555 5555 4444")
    sheet.write(4, 2, "737")
    data = io.BytesIO()
    book.save(data)
    out = scan_bytes(tmp_path, data.getvalue())
    assert {(f["type"], f["location"]["sheet"], f["location"]["cell"]) for f in out["findings"]} >= {
        ("pan", "Refunds", "B5"), ("cvv", "Refunds", "C5")}


def test_docx_paragraph_located(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, CANARIES["docx"].data)
    (finding,) = out["findings"]
    assert finding["location"]["part"] == "word/document.xml" and finding["location"]["paragraph"] == 2


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')


def hostile_xlsx() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx_canary(TEXT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            body = src.read(name)
            zf.writestr(name, BILLION_LAUGHS if name.endswith("sheet1.xml") else body)
    return out.getvalue()


def ole2_without_workbook() -> bytes:
    data = bytearray(CANARIES["xls"].data)
    i = data.find("Workbook".encode("utf-16-le"))
    data[i : i + 16] = "Wxrkbxxk".encode("utf-16-le")
    return bytes(data)


def corrupt_member(data: bytes, name: bytes) -> bytes:
    """Flip bytes in the compressed data of member ``name`` (after its local header)."""
    start = data.find(b"PK\x03\x04")
    while data[start + 30 : start + 30 + len(name)] != name:
        start = data.find(b"PK\x03\x04", start + 4)
    extra = int.from_bytes(data[start + 28 : start + 30], "little")
    body = start + 30 + len(name) + extra
    return data[:body + 4] + bytes(b ^ 0x5A for b in data[body + 4 : body + 20]) + data[body + 20 :]


BAD = [
    Bad("xlsx-truncated", lambda: truncated(CANARIES["xlsx"].data), "corrupt or truncated zip"),
    Bad("xlsx-broken-xml", lambda: xlsx_with([["<unclosed"]]).replace(b"<unclosed", b"x"), "xlsx"),
    Bad("xlsx-entity-bomb", hostile_xlsx, "xlsx part: corrupt or unreadable data (EntitiesForbidden)"),
    Bad("docx-corrupt-part", lambda: corrupt_member(CANARIES["docx"].data, b"word/document.xml"), "docx"),
    Bad("xls-truncated", lambda: truncated(CANARIES["xls"].data), "corrupt or truncated xls"),
    Bad("ole2-not-a-workbook", ole2_without_workbook, "OLE2 compound file without a workbook"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)
