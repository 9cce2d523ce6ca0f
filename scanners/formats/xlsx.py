"""Excel workbooks (xlsx/xlsm, Office Open XML) with the standard library: every sheet an item, every cell located.

A cell's text is scanned with its column's header (the first row's text) in front, ``"Card number: 4111…"``, so
context-keyed detectors (CVV, expiry) see the column name; the finding's location is ``sheet`` and ``cell``. A sheet
is read a row at a time: a row that names its card truncated keeps its expiry quiet (``_tablerows``), and a number
cell with a date style is read as the date Excel shows (``_xlsxdates``; in an expiry column, its month and year).
A sheet's notes (``xl/comments1.xml``, shown on hover) and threaded comments (``xl/threadedComments/``), both
linked from the sheet's relationships, are read as its cells are, located by their part and cell; the legacy copy
Excel writes of a threaded comment is read once.
Reached through ``zip.py`` (a zip holding ``xl/workbook.xml``), so its own ``detect`` never claims bytes.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.formats._csvroles import card_number_column
from scanners.formats._csvsummary import expiry_column
from scanners.formats._tablerows import row_cells
from scanners.formats._xlsxdates import date_format, iso_date, month_year, serial_date, shown
from scanners.formats.base import Context, Part, Text
from scanners.formats.ooxml import elements, escape, local, ooxml_format, package, relationships, text_of

WORKBOOK = "xl/workbook.xml"
STYLES = "xl/styles.xml"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NOTES = re.compile(r"xl/(threadedComments/[^/]+|comments[^/]*)\.xml")


def read_zip(zf: zipfile.ZipFile, ctx: Context) -> Iterator[Part]:
    lim = ctx.limits
    strings = _shared_strings(zf, ctx) if "xl/sharedStrings.xml" in zf.namelist() else []
    rels = relationships(zf, WORKBOOK, lim)
    book = list(elements(zf, WORKBOOK, lim))
    sheets = [(str(e.get("name")), rels.get(e.get(_RID) or e.get("id") or "", ""))
              for e in book if local(e.tag) == "sheet"]
    date1904 = any(local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true") for e in book)
    dates = _date_styles(zf, ctx) if STYLES in zf.namelist() else {}
    for name, target in sheets:
        where = {"sheet": name}
        if target not in zf.namelist():
            yield Part(where, failed="sheet part missing from the workbook")
        else:
            yield Part(where, texts=itertools.chain(_cells(zf, target, strings, (dates, date1904), ctx),
                                                    _notes(zf, target, ctx)))


def _notes(zf: zipfile.ZipFile, sheet: str, ctx: Context) -> Iterator[Text]:
    """The sheet's notes and threaded comments, each with its cell; a legacy note on a cell holding a threaded
    comment is Excel's copy of it, skipped."""
    parts = sorted((t for t in relationships(zf, sheet, ctx.limits).values() if _NOTES.fullmatch(t)),
                   key=lambda t: not t.startswith("xl/threaded"))  # threaded comments first
    seen: set[str] = set()
    for part in (p for p in parts if p in zf.namelist()):
        threaded = part.startswith("xl/threaded")
        for elem in elements(zf, part, ctx.limits):
            if local(elem.tag) not in ("threadedComment", "comment"):
                continue
            ref, text = str(elem.get("ref", "")), text_of(elem, "text" if threaded else "t")
            elem.clear()
            if text and (threaded or ref not in seen):
                yield Text(text, {"part": part, "cell": ref})
            if threaded:
                seen.add(ref)


def _date_styles(zf: zipfile.ZipFile, ctx: Context) -> dict[int, str]:
    """Cell style index (a cell's ``s``) -> its date format code, for the ``cellXfs`` styles showing a date."""
    custom: dict[int, str] = {}
    ids: list[int] = []
    for elem in elements(zf, STYLES, ctx.limits):
        tag = local(elem.tag)
        if tag == "numFmt" and (elem.get("numFmtId") or "").isdigit():
            custom[int(str(elem.get("numFmtId")))] = str(elem.get("formatCode") or "")
        elif tag == "cellXfs":
            ids = [int(x) if (x := str(xf.get("numFmtId") or "0")).isdigit() else 0
                   for xf in elem if local(xf.tag) == "xf"]
    return {i: code for i, num in enumerate(ids) if (code := date_format(num, custom) or "")}


def _shared_strings(zf: zipfile.ZipFile, ctx: Context) -> list[str]:
    out: list[str] = []
    for elem in elements(zf, "xl/sharedStrings.xml", ctx.limits):
        if local(elem.tag) == "si":
            out.append(text_of(elem))
            elem.clear()
    return out


def _cells(zf: zipfile.ZipFile, part: str, strings: list[str], dates: tuple[dict[int, str], bool],
           ctx: Context) -> Iterator[Text]:
    headers: dict[str, str] = {}
    row: dict[str, tuple[str, str]] = {}  # column -> (cell reference, value) of the row being read
    for elem in elements(zf, part, ctx.limits):
        tag = local(elem.tag)
        if tag == "row":
            elem.clear()
            yield from _row(row, headers)
            row = {}
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
        code = dates[0].get(int(style)) if kind in ("n", "d") and (style := elem.get("s", "")).isdigit() else None
        day = iso_date(value) if kind == "d" else serial_date(value, dates[1]) if code else None
        code = code or "yyyy-mm-dd"  # an ISO 8601 date cell (``t="d"``) with no date style: shown as its date
        if ref[len(col):] == "1":
            headers[col] = value
            yield Text(value, {"cell": ref})
        elif day is not None:  # a date: as Excel shows it (an expiry column: month/year)
            row[col] = (ref, month_year(day) if expiry_column(headers.get(col, "")) else shown(day, code))
        else:
            row[col] = (ref, value)
    yield from _row(row, headers)


def _row(row: dict[str, tuple[str, str]], headers: dict[str, str]) -> Iterator[Text]:
    """A row's cells, each with its column's header in front (``_tablerows``: a masked card's expiry read as empty);
    a row with no header above its cells as it is."""
    if not row:
        return
    cols = sorted(headers.keys() | row.keys(), key=lambda c: (len(c), c))
    names = tuple(headers.get(c, "") for c in cols)
    _grouped_card(row, cols, names)
    texts = row_cells(names, [row[c][1] if c in row else "" for c in cols]) if any(names) else []
    for i, col in enumerate(cols):
        if col in row and (text := texts[i] if texts else row[col][1]):
            yield Text(text, {"cell": row[col][0]})


def _grouped_card(row: dict[str, tuple[str, str]], cols: list[str], names: tuple[str, ...]) -> None:
    """A card-entry form's number typed one group a cell (``4272 | 0470 | 7085 | 0239``) under one ``Card number``
    header spanning them (the cells right of it have no header of their own), joined into the header's cell when
    the groups spell a card: a grid of ids or amounts has a header over each column and stays as it is."""
    for i, name in enumerate(names):
        if not card_number_column(name) or cols[i] not in row:
            continue
        span = list(itertools.takewhile(lambda c: c in row and not names[cols.index(c)], cols[i + 1:]))
        groups = [row[cols[i]][1], *(row[c][1] for c in span)]
        digits = "".join(groups)
        if len(groups) > 1 and all(g.isdigit() and 3 <= len(g) <= 6 for g in groups) and is_pan(digits):
            row[cols[i]] = (row[cols[i]][0], " ".join(groups))
            for c in span:
                del row[c]


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
