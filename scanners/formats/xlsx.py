"""Excel workbooks (xlsx/xlsm, Office Open XML) with the standard library: every sheet an item, every cell located.

A cell's text is scanned with its column's header (the first row's text) in front, ``"Card number: 4111…"``, so
context-keyed detectors (CVV, expiry) see the column name; the finding's location is ``sheet`` and ``cell``.
Reached through ``zip.py`` (a zip holding ``xl/workbook.xml``), so its own ``detect`` never claims bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from scanners.formats.base import Context, Part, Text
from scanners.formats.ooxml import elements, escape, local, ooxml_format, package, relationships, text_of

WORKBOOK = "xl/workbook.xml"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def read_zip(zf: zipfile.ZipFile, ctx: Context) -> Iterator[Part]:
    lim = ctx.limits
    strings = _shared_strings(zf, ctx) if "xl/sharedStrings.xml" in zf.namelist() else []
    rels = relationships(zf, WORKBOOK, lim)
    sheets = [(str(e.get("name")), rels.get(e.get(_RID) or e.get("id") or "", ""))
              for e in elements(zf, WORKBOOK, lim) if local(e.tag) == "sheet"]
    for name, target in sheets:
        where = {"sheet": name}
        if target not in zf.namelist():
            yield Part(where, failed="sheet part missing from the workbook")
        else:
            yield Part(where, texts=_cells(zf, target, strings, ctx))


def _shared_strings(zf: zipfile.ZipFile, ctx: Context) -> list[str]:
    out: list[str] = []
    for elem in elements(zf, "xl/sharedStrings.xml", ctx.limits):
        if local(elem.tag) == "si":
            out.append(text_of(elem))
            elem.clear()
    return out


def _cells(zf: zipfile.ZipFile, part: str, strings: list[str], ctx: Context) -> Iterator[Text]:
    headers: dict[str, str] = {}
    for elem in elements(zf, part, ctx.limits):
        tag = local(elem.tag)
        if tag == "row":
            elem.clear()
        if tag != "c":
            continue
        ref, kind = str(elem.get("r", "")), elem.get("t", "n")
        if kind == "inlineStr":
            value = text_of(elem)
        else:
            raw = next((e.text or "" for e in elem if local(e.tag) == "v"), "")
            value = strings[int(raw)] if kind == "s" and raw.isdigit() and int(raw) < len(strings) else raw
        if not value:
            continue
        col = ref.rstrip("0123456789")
        if ref[len(col):] == "1":
            headers[col] = value
            yield Text(value, {"cell": ref})
        else:
            head = headers.get(col)
            yield Text(f"{head}: {value}" if head else value, {"cell": ref})


def canary(text: str) -> bytes:
    """A minimal valid workbook (one sheet, inline strings) holding ``text`` in B2 under a header."""
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>note</t></is></c>'
        '</row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>{}</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        WORKBOOK: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Chargebacks" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.replace("{}", escape(text)),
    }
    return package(files)


FORMAT = ooxml_format("xlsx", read_zip, canary)
