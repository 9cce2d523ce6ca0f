"""Word documents (docx/docm, Office Open XML) with the standard library: the body, headers, footers, footnotes and
comments are items of their own; findings name the ``part`` and the ``paragraph`` (1-based, tables included).

A table whose first row names card data (``Card Number`` / ``Expiry`` / ``CVV``) is read as rows under that header
(``_tablerows``, as a sheet's): each cell's paragraphs are scanned with the column's name in front (``Expiry: 07/31``)
on their own paragraph numbers, and a row naming its card masked keeps its expiry quiet.

Reached through ``zip.py`` (a zip holding ``word/document.xml``), so its own ``detect`` never claims bytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from scanners.formats._tablerows import names_columns, row_cells
from scanners.formats.base import Context, Part, Text
from scanners.formats.ooxml import escape, events, local, ooxml_format, package, text_of

DOCUMENT = "word/document.xml"
_STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_FLUSH = 1 << 18  # characters of paragraphs per record


def read_zip(zf: zipfile.ZipFile, ctx: Context) -> Iterator[Part]:
    for name in sorted(n for n in zf.namelist() if _STORIES.fullmatch(n)):
        yield Part({"part": name}, texts=_paragraphs(zf, name, ctx))


def _paragraphs(zf: zipfile.ZipFile, name: str, ctx: Context) -> Iterator[Text]:
    lines: list[str] = []
    size, first, n = 0, 1, 0
    tables: list[list[list[range]]] = []  # the open tables' rows so far: each cell its paragraph numbers
    cells: list[int] = []  # the paragraph count when each open cell started
    for event, elem in events(zf, name, ctx.limits, ("start", "end")):
        tag = local(elem.tag)
        if event == "start":
            if tag == "tbl":
                tables.append([])
            elif tag == "tr" and tables:
                tables[-1].append([])
            elif tag == "tc":
                cells.append(n)
            continue
        if tag == "tc" and cells and tables and tables[-1]:
            tables[-1][-1].append(range(cells.pop() + 1, n + 1))
        elif tag == "tr" and tables and len(tables[-1]) > 1:
            _table_row(tables[-1][0], tables[-1][-1], lines, first)
        elif tag == "tbl" and tables:
            tables.pop()
        if tag != "p":
            continue
        n += 1
        para = "".join(_run(e) for e in elem.iter())
        elem.clear()
        lines.append(para.replace("\n", " "))
        size += len(para) + 1
        if size >= _FLUSH and not tables:
            yield Text("\n".join(lines), first_line=first, line_key="paragraph")
            lines, size, first = [], 0, n + 1
    if lines:
        yield Text("\n".join(lines), first_line=first, line_key="paragraph")


def _table_row(head: list[range], row: list[range], lines: list[str], first: int) -> None:
    """A table row's paragraphs (``lines[k - first]`` for paragraph ``k``) rewritten as ``_tablerows`` reads the
    row under ``head``, the table's first row, when that row names card data: each cell's paragraphs with the
    column's name in front, a masked card's expiry emptied."""
    names = tuple(" ".join(lines[k - first] for k in cell if k >= first).strip() for cell in head)
    if len(row) != len(names) or not names_columns(names):
        return
    values = [" ".join(lines[k - first] for k in cell if k >= first).strip() for cell in row]
    for cell, value, text in zip(row, values, row_cells(names, values), strict=True):
        for k in cell:
            if k >= first and lines[k - first].strip():
                lines[k - first] = text[: len(text) - len(value)] + lines[k - first].strip() if text else ""


def _run(elem: Element) -> str:
    """A run's text: ``w:t``; and a tracked deletion's (``w:del``, its ``w:delText``), a word of its own apart from
    the text inserted in its place: it is still stored in the file and shown with All Markup, so a card number
    "deleted" with Track Changes on is still card data in the document (moved-from text is ``w:t`` already)."""
    tag = local(elem.tag)
    if tag == "del":
        return f" {text} " if (text := text_of(elem, "delText")) else ""
    return (elem.text or "") if tag == "t" else "\t" if tag == "tab" else ""


def canary(text: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return package({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        DOCUMENT: f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Customer complaint</w:t></w:r></w:p>'
        f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>",
    })


FORMAT = ooxml_format("docx", read_zip, canary)
