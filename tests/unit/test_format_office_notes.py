"""Text an Office file stores beside its cells and paragraphs: an Excel sheet's notes and threaded comments (read
as cells, located by part and cell), a Word tracked deletion (``w:del``/``w:delText``, still in the file), and a
card-entry form's number typed one group a cell under one ``Card number`` header."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scanners.formats.docx import canary as docx_canary
from scanners.formats.ooxml import escape, package
from scanners.formats.xlsx import canary as xlsx_canary
from tests.unit.cardvalues import luhn
from tests.unit.detector_contract import masked_id
from tests.unit.format_contract import scan_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


PAN = luhn("427204709123023")
GROUPS = [PAN[i : i + 4] for i in range(0, 16, 4)]
WRONG = [*GROUPS[:3], str((int(PAN[12:]) + 1) % 10000).zfill(4)]  # the last group off by one: no Luhn-valid card


def files_of(data: bytes) -> dict[str, str]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return {n: zf.read(n).decode().split("\n", 1)[1] for n in zf.namelist()}


def with_notes(parts: dict[str, str]) -> bytes:
    """The canary workbook with ``parts`` (name -> XML) linked from its sheet's relationships."""
    files = files_of(xlsx_canary("nothing"))
    links = "".join(f'<Relationship Id="rId{i}" Target="../{n[3:]}" Type="x"/>' for i, n in enumerate(parts, 1))
    files["xl/worksheets/_rels/sheet1.xml.rels"] = f'<Relationships xmlns="{RELS}">{links}</Relationships>'
    return package({**files, **parts})


def note(ref: str, text: str) -> str:
    return (f'<comments xmlns="{MAIN}"><authors><author>A</author></authors><commentList><comment ref="{ref}" '
            f'authorId="0"><text><r><rPr><b/></rPr><t>A:</t></r><r><t xml:space="preserve">\n{escape(text)}</t></r>'
            "</text></comment></commentList></comments>")


def threaded(ref: str, text: str) -> str:
    return (f'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            f'<threadedComment ref="{ref}" id="{{1}}"><text>{escape(text)}</text></threadedComment></ThreadedComments>')


def test_a_sheet_note_is_read_as_a_cell(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, with_notes({"xl/comments1.xml": note("E3", f"paid by card {PAN} exp 06/29")}))
    assert {(f["type"], f["location"]["part"], f["location"]["cell"]) for f in out["findings"]} == {
        ("pan", "xl/comments1.xml", "E3"), ("expiry", "xl/comments1.xml", "E3")}


def test_a_threaded_comment_is_read_once_beside_excels_legacy_copy(tmp_path: Path) -> None:
    text = f"card {PAN} exp 06/29"
    out = scan_bytes(tmp_path, with_notes({"xl/threadedComments/threadedComment1.xml": threaded("B2", text),
                                           "xl/comments1.xml": note("B2", "[Threaded comment] " + text)}))
    assert sorted((f["type"], f["location"]["part"]) for f in out["findings"]) == [
        ("expiry", "xl/threadedComments/threadedComment1.xml"), ("pan", "xl/threadedComments/threadedComment1.xml")]


def test_a_note_linked_from_no_sheet_and_a_plain_note_stay_quiet(tmp_path: Path) -> None:
    files = files_of(xlsx_canary("nothing"))
    files["xl/comments1.xml"] = note("B2", f"card {PAN}")  # no sheet links it: not the sheet's
    assert scan_bytes(tmp_path, package(files))["findings"] == []
    assert scan_bytes(tmp_path, with_notes({"xl/comments1.xml": note("B2", "call back on Monday")}))["findings"] == []


@pytest.mark.parametrize(
    ("lead", "runs", "found"),
    [
        # a card deleted with Track Changes on, the text inserted in its place right after it
        ("Payment card: ", f'<w:del w:id="1" w:author="T"><w:r><w:delText>{PAN}</w:delText></w:r></w:del>'
         '<w:ins w:id="2" w:author="T"><w:r><w:t>on file</w:t></w:r></w:ins>', {"pan"}),
        # near miss: a deleted order id beside its replacement stays two numbers, as on the page
        ("Order ref: ", f'<w:del w:id="1" w:author="T"><w:r><w:delText>{PAN[:8]}</w:delText></w:r></w:del>'
         f'<w:ins w:id="2" w:author="T"><w:r><w:t>{PAN[8:]}</w:t></w:r></w:ins>', set()),
    ],
    ids=masked_id,
)
def test_a_tracked_deletion_is_read(lead: str, runs: str, found: set[str], tmp_path: Path) -> None:
    files = files_of(docx_canary("nothing"))
    files["word/document.xml"] = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t xml:space="preserve">{lead}'
                                  f"</w:t></w:r>{runs}</w:p></w:body></w:document>")
    assert {f["type"] for f in scan_bytes(tmp_path, package(files))["findings"]} == found


def form(header: list[str], row: list[str]) -> bytes:
    """The canary workbook with one header row and one row of inline-string cells from column A."""
    files = files_of(xlsx_canary("nothing"))
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                                              for c, v in enumerate(cells) if v) + "</row>"
                   for r, cells in ((1, header), (2, row)))
    files["xl/worksheets/sheet1.xml"] = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    return package(files)


@pytest.mark.parametrize(
    ("header", "row", "found"),
    [
        # one group a cell under a ``Card number`` header spanning them
        (["Name", "Card number", "", "", "", "Status"], ["Ahmed Khan", *GROUPS, "open"], {"pan"}),
        (["Name", "Card No", "", "", ""], ["Ahmed Khan", *GROUPS], {"pan"}),
        # near misses: the groups spell no card; each column has a header of its own (a grid of ids or amounts);
        # the header names no card number
        (["Name", "Card number", "", "", ""], ["Ahmed Khan", *WRONG], set()),
        (["Name", "Card number", "Branch", "Till", "Txn"], ["Ahmed Khan", *GROUPS], set()),
        (["Name", "Reference", "", "", ""], ["Ahmed Khan", *GROUPS], set()),
    ],
    ids=masked_id,
)
def test_a_card_typed_one_group_a_cell(header: list[str], row: list[str], found: set[str], tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, form(header, row))
    assert {f["type"] for f in out["findings"]} == found
    assert {f["location"]["cell"] for f in out["findings"]} <= {"B2"}
