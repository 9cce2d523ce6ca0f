"""OpenDocument and RTF readers: the text a user sees, located (part/paragraph, sheet/cell, physical line), and
broken or hostile files ending with a reason that names the format, never a value."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scanners.formats import odf, rtf
from tests.unit.detector_contract import masked_id
from tests.unit.format_contract import Bad, check_bad, scan_bytes, truncated

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def luhn(prefix: str, length: int = 16) -> str:
    body = prefix + "3" * (length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


PAN = luhn("4556")


def odf_zip(body: str, kind: str = "text", styles: str | None = None, mimetype: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}")
        zf.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS}>'
                                   f"<office:body>{body}</office:body></office:document-content>")
        if styles is not None:
            zf.writestr("styles.xml", f"<office:document-styles {NS}><office:master-styles>{styles}"
                                      "</office:master-styles></office:document-styles>")
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def split(pan: str, at: int, tag: str = '<text:span text:style-name="T1">') -> str:
    return f"{pan[:at]}{tag}{pan[at:]}</text:span>"


ODT_CASES = [  # (paragraph xml, expected types on paragraph 2)
    (f"card {split(PAN, 12)} security code 123", {"pan", "cvv"}),
    (f"Card number: {PAN[:4]}<text:s/>{PAN[4:8]}<text:s/>{PAN[8:12]}<text:s/>{PAN[12:]} exp 08/29", {"pan", "expiry"}),
    (f"PAN {PAN[:8]}\u00ad{PAN[8:]}", {"pan"}),
    (f"<text:span>Kar</text:span>tennummer {PAN} g<text:span>\u00fc</text:span>ltig bis 05/28", {"pan", "expiry"}),
    (f"track2=;{split(PAN, 10)}=2912101123456789?", {"pan", "track"}),
]


@pytest.mark.parametrize(("para", "types"), ODT_CASES, ids=[f"odt{i}" for i in range(len(ODT_CASES))])
def test_odt_paragraph_read_as_seen(tmp_path: Path, para: str, types: set[str]) -> None:
    body = f"<office:text><text:p>Call notes</text:p><text:p>{para}</text:p></office:text>"
    out = scan_bytes(tmp_path, odf_zip(body), "notes.odt")
    got = {(f["type"], f["location"]["part"], f["location"]["paragraph"]) for f in out["findings"]}
    assert got == {(t, "content.xml", 2) for t in types}


ODT_QUIET = [  # near misses that must stay quiet
    f"order {PAN[:8]}<text:tab/>{PAN[8:]}",  # a tab between two numbers is two cells
    f"invoice {PAN[:6]}<text:s text:c=\"3\"/>{PAN[6:]}",  # a wide gap is not a card's grouping
    f"card <text:note><text:note-body><text:p>ref</text:p></text:note-body></text:note>{PAN[:6]}******{PAN[-4:]}",
]


@pytest.mark.parametrize("para", ODT_QUIET, ids=masked_id)
def test_odt_near_misses_quiet(tmp_path: Path, para: str) -> None:
    out = scan_bytes(tmp_path, odf_zip(f"<office:text><text:p>{para}</text:p></office:text>"), "notes.odt")
    assert [f["type"] for f in out["findings"] if f["type"] == "pan"] == []


def test_odt_header_in_styles(tmp_path: Path) -> None:
    styles = f"<style:master-page><style:header><text:p>Card {PAN}</text:p></style:header></style:master-page>"
    data = odf_zip("<office:text><text:p>x</text:p></office:text>", styles=styles.replace("style:", "text:"))
    out = scan_bytes(tmp_path, data, "notes.odt")
    assert {(f["location"]["part"], f["location"]["paragraph"]) for f in out["findings"]} == {("styles.xml", 1)}


def cell(text: str, kind: str = "string", value: str | None = None, repeat: int = 1) -> str:
    attrs = f'office:value-type="{kind}"' + (f' office:value="{value}"' if value else "")
    attrs += f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    inner = f"<text:p>{text}</text:p>" if text else ""
    return f"<table:table-cell {attrs}>{inner}</table:table-cell>"


def row(*cells: str, repeat: int = 1) -> str:
    attr = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attr}>{''.join(cells)}</table:table-row>"


def sheet(*rows: str, name: str = "Cards") -> str:
    return f'<office:spreadsheet><table:table table:name="{name}">{"".join(rows)}</table:table></office:spreadsheet>'


def test_ods_row_read_with_its_header(tmp_path: Path) -> None:
    body = sheet(row(cell("Card Number"), cell("Expiry"), cell("CVV")),
                 row(cell(""), repeat=3),
                 row(cell(f"{PAN[:4]}-{PAN[4:8]}-{PAN[8:12]}-{PAN[12:]}"), cell("12/30"), cell("773", "float", "773")),
                 row(cell("XXXXXXXXXXXX" + PAN[-4:]), cell("04/27"), cell("", repeat=1000)),
                 row(cell(""), repeat=1048000))
    out = scan_bytes(tmp_path, odf_zip(body, "spreadsheet"), "cards.ods")
    got = {(f["type"], f["location"]["sheet"], f["location"]["cell"]) for f in out["findings"]}
    assert got == {("pan", "Cards", "A5"), ("expiry", "Cards", "B5"), ("cvv", "Cards", "C5")}


def test_ods_float_cell_without_text_reads_its_value(tmp_path: Path) -> None:
    body = sheet(row(cell("Card Number"), cell("CVV")), row(cell(PAN), cell("", "float", "512")))
    out = scan_bytes(tmp_path, odf_zip(body, "spreadsheet"), "cards.ods")
    assert ("cvv", "B2") in {(f["type"], f["location"]["cell"]) for f in out["findings"]}


def sci(number: str) -> str:
    """A float cell's default display of a long number (``4.55633E+15``)."""
    return f"{float(number):.5E}".replace("E+0", "E+")


ODS_FLOAT_CASES = [  # (cell as shown, office:value-type, office:value, expected pan finding in B2)
    (sci(PAN), "float", PAN, True),  # shown rounded: the stored value is the number
    (sci(luhn("6011", 19)), "float", luhn("6011", 19), True),
    (sci(PAN), "currency", PAN, True),
    (PAN, "float", PAN, True),  # shown whole, as before
    (sci(PAN[:-1] + str((int(PAN[-1]) + 1) % 10)), "float", PAN[:-1] + str((int(PAN[-1]) + 1) % 10), False),
    ("4.56E+15", "float", "4.56E+15", False),  # no integer stored: nothing to read
    ("1,234.50", "currency", "1234.5", False),
]


@pytest.mark.parametrize(("shown", "kind", "value", "found"), ODS_FLOAT_CASES,
                         ids=[f"odsfloat{i}" for i in range(len(ODS_FLOAT_CASES))])
def test_ods_float_cell_shown_rounded_reads_its_value(
        tmp_path: Path, shown: str, kind: str, value: str, found: bool) -> None:
    body = sheet(row(cell("Order"), cell("Refund to")), row(cell("1"), cell(shown, kind, value)))
    out = scan_bytes(tmp_path, odf_zip(body, "spreadsheet"), "refunds.ods")
    assert (("pan", "B2") in {(f["type"], f["location"]["cell"]) for f in out["findings"]}) is found


def test_ods_repeated_cells_capped() -> None:
    raw = f'<office:document-content {NS}><office:body>' + sheet(
        row(cell("note")), row(cell("x", repeat=1 << 20), repeat=1 << 20)) + "</office:body></office:document-content>"
    events = list(odf._events(io.BytesIO(raw.encode())))
    assert len(events) == 1 + 1 + odf.REPEAT_CAP * odf.REPEAT_CAP


def test_flat_odt(tmp_path: Path) -> None:
    data = odf.canary(f"card {PAN}").replace(b"<text:p>card", b"<text:p>card<text:span> </text:span>")
    out = scan_bytes(tmp_path, data, "notes.fodt")
    assert {(f["type"], f["location"]["paragraph"]) for f in out["findings"]} == {("pan", 2)}


def test_plain_zip_with_content_xml_stays_a_zip(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("content.xml", f"<x>card {PAN}</x>")
    res = scan_bytes(tmp_path, out.getvalue(), "a.zip")
    assert [f["location"]["member"] for f in res["findings"]] == ["content.xml"]


RTF_CASES = [  # (body lines, expected (type, line) findings); the body starts on line 3
    ([f"PAN {PAN[:8]}{{\\b {PAN[8:12]}}}{PAN[12:]}\\par"], {("pan", 3)}),
    ([f"Card number: {PAN[:14]}{{\\b {PAN[14:]}  E}}xp: 08/29  CVV: 123\\par"],
     {("pan", 3), ("expiry", 3), ("cvv", 3)}),
    ([f"Kartennummer {PAN} g\\'fcltig bis 05/28\\par"], {("pan", 3), ("expiry", 3)}),
    ([f"Kartennummer {PAN} g\\u252?ltig bis 05/28\\par"], {("pan", 3), ("expiry", 3)}),
    (["See attached.\\par", "", f"card {PAN} {{\\b secu}}rity code 123\\par"], {("pan", 5), ("cvv", 5)}),
    ([f"first\\par card {PAN[:6]}", f"{PAN[6:]}\\par"], {("pan", 3)}),
    ([f"track2=;{PAN[:12]}{{\\b {PAN[12:]}=29}}12101123456789?\\par"], {("pan", 3), ("track", 3)}),
]


def rtf_doc(lines: list[str]) -> bytes:
    head = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}\n" \
           "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1\\pard\\f0\\fs22\\lang9\n"
    return (head + "\n".join(lines) + "\n}\n").encode()


@pytest.mark.parametrize(("lines", "want"), RTF_CASES, ids=[f"rtf{i}" for i in range(len(RTF_CASES))])
def test_rtf_paragraphs_on_physical_lines(tmp_path: Path, lines: list[str], want: set[tuple[str, int]]) -> None:
    out = scan_bytes(tmp_path, rtf_doc(lines), "memo.rtf")
    assert {(f["type"], f["location"]["line"]) for f in out["findings"]} == want


RTF_QUIET = [
    f"{{\\*\\bkmkstart {PAN}}}Bookmark\\par",  # an ignorable destination
    f"{{\\fonttbl{{\\f0 {PAN};}}}}x\\par",  # the font table
    f"{{\\pict\\pngblip {PAN}00}}\\par",  # picture data
    f"order {PAN[:8]}\\par {PAN[8:]}\\par",  # two paragraphs
]


@pytest.mark.parametrize("line", RTF_QUIET, ids=masked_id)
def test_rtf_hidden_text_quiet(tmp_path: Path, line: str) -> None:
    assert scan_bytes(tmp_path, rtf_doc([line]), "memo.rtf")["findings"] == []


def test_rtf_tokenizer_table() -> None:
    doc = b"{\\rtf1\\ansicpg1251 \\'c0\\~b\\tab c\\line {\\info{\\title T}}d\\uc2\\u1071\\'80\\'80e}"
    got = [t for _, t in rtf.paragraphs(doc)]
    assert got == ["\u0410\u00a0b\tc", "T", "d\u042fe"]


def rtf_deep() -> bytes:
    return b"{\\rtf1 " + b"{" * (rtf.MAX_DEPTH + 5) + f"card {PAN}".encode()


def _without_content() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", f"<manifest><entry>{PAN}</entry></manifest>")
    return out.getvalue()


BAD = [
    Bad("odt-truncated", lambda: truncated(odf_zip(f"<office:text><text:p>card {PAN}</text:p></office:text>")), "zip"),
    Bad("odt-no-content", _without_content, "content.xml"),
    Bad("odt-bad-xml", lambda: odf_zip(f"<office:text><text:p>card {PAN}</office:text>"), "odf"),
    Bad("rtf-too-deep", rtf_deep, "nested deeper"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_inputs(tmp_path: Path, case: Bad) -> None:
    if case.id == "odt-no-content":  # not an OpenDocument package without its content: read as a plain zip
        out = scan_bytes(tmp_path, case.data())
        assert out["findings"] and all(f["location"]["member"] == "META-INF/manifest.xml" for f in out["findings"])
        return
    check_bad(tmp_path, case)


def test_rtf_unbalanced_braces_still_read(tmp_path: Path) -> None:
    data = b"{\\rtf1 x}}} {\\b card " + PAN.encode() + b"\\par"
    out = scan_bytes(tmp_path, data, "memo.rtf")
    assert [(f["type"], f["location"]["line"]) for f in out["findings"]] == [("pan", 1)]
