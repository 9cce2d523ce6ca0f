"""OpenDocument (odt/ods/odp/odg and the flat fodt/fods XML) with the standard library: the text a user sees.

A text document's paragraphs and headings are lines (``<text:span>`` runs joined, ``<text:s text:c="n"/>``,
``<text:tab/>`` and ``<text:line-break/>`` resolved, soft hyphens dropped); findings name the ``part``
(``content.xml``, or ``styles.xml`` for headers and footers) and the ``paragraph`` (1-based, document order, table
cells included), as docx does. A spreadsheet's cells are read as xlsx reads them: each cell with its column's header
(the sheet's first row with text) in front, located by ``sheet`` and ``cell``, and the rest of its row (each
cell ``Header: value``, tab-separated) as context only, so a CVV column is read beside the row's card number;
repeated rows and columns (``table:number-rows-repeated``) advance the address but at most ``REPEAT_CAP`` copies of
a non-empty cell are read.

Reached through ``zip.py`` (a zip whose stored first member ``mimetype`` names an OpenDocument type, or holding
``content.xml`` and ``META-INF/manifest.xml``); the flat single-XML forms are detected by their root element.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from scanners.formats.base import Context, Format, Part, Stream, Text
from scanners.formats.ooxml import escape, local, open_part

CONTENT, STYLES, MANIFEST = "content.xml", "styles.xml", "META-INF/manifest.xml"
MIME_PREFIX = b"application/vnd.oasis.opendocument."
REPEAT_CAP = 64  # copies of one repeated non-empty cell or row that are read (the address still advances)
ROW_CONTEXT = 4096  # a row up to this long is the context of each of its cells (the cell alone is reported)
SPACE_CAP = 1024  # spaces of one <text:s text:c="n"/>
_FLUSH = 1 << 18  # characters of paragraphs per record
_PARA = {"p", "h"}
_APART = {"note", "annotation", "frame", "custom-shape", "rect", "ellipse", "g", "p", "h", "list", "table"}
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_INTEGER = re.compile(r"-?[0-9]{1,40}")
_NOT_DIGIT = re.compile(r"[^0-9]")
READ_MEMBERS = frozenset({"mimetype", CONTENT, STYLES, MANIFEST, "settings.xml"})  # the rest: zip members


def is_package(zf: zipfile.ZipFile, names: set[str]) -> bool:
    """An OpenDocument package: ``mimetype`` names an OpenDocument type, or content.xml beside the manifest."""
    if CONTENT not in names:
        return False
    if "mimetype" in names:
        try:
            with zf.open("mimetype") as f:
                if f.read(80).startswith(MIME_PREFIX):
                    return True
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError):
            pass
    return MANIFEST in names


def read_zip(zf: zipfile.ZipFile, ctx: Context) -> Iterator[Part]:
    """content.xml and styles.xml as text (``zip.py`` reads every member not in ``READ_MEMBERS`` as a zip member:
    embedded objects, macros)."""
    names = set(zf.namelist())
    for name in (CONTENT, STYLES):
        if name in names:
            with open_part(zf, name, ctx.limits) as raw:
                yield from _parts(raw, name)


def _parts(raw: IO[bytes], name: str) -> Iterator[Part]:
    events, seen = _Peek(_events(raw, styles=name == STYLES)), [0]
    while (ev := events.peek()) is not None:
        if ev[0] == "para":
            yield Part({"part": name}, texts=_paragraphs(events, seen))
        else:
            events.next()
            yield Part({"sheet": ev[1]}, texts=_cells(events))
    if not seen[0] and not events.sheets:
        yield Part({"part": name}, texts=())


def _paragraphs(events: _Peek, seen: list[int]) -> Iterator[Text]:
    """Paragraph lines; ``seen`` carries the count on when the body follows the master styles (flat files)."""
    lines: list[str] = []
    size, first = 0, seen[0] + 1
    while (ev := events.peek()) is not None and ev[0] == "para":
        events.next()
        seen[0] += 1
        lines.append(ev[1])
        size += len(ev[1]) + 1
        if size >= _FLUSH:
            yield Text("\n".join(lines), first_line=first, line_key="paragraph")
            lines, size, first = [], 0, seen[0] + 1
    if lines:
        yield Text("\n".join(lines), first_line=first, line_key="paragraph")


def _cells(events: _Peek) -> Iterator[Text]:
    while (ev := events.peek()) is not None and ev[0] == "cell":
        events.next()
        yield Text(ev[2], {"cell": ev[1]}, report_from=ev[3], report_until=ev[4])


def _events(raw: IO[bytes], styles: bool = False) -> Iterator[tuple[Any, ...]]:
    """("para", text) for each paragraph; ("sheet", name) then ("cell", ref, row text, start, end) for a
    spreadsheet's tables."""
    sheet_mode = False
    depth = 0  # tables nested in a spreadsheet's table (read as text of their cell)
    row = col = 0
    cells: list[tuple[int, str]] = []
    headers: dict[int, str] | None = None
    for event, elem in iterparse(raw, events=("start", "end")):
        tag = local(elem.tag)
        if event == "start":
            if tag == "spreadsheet" and not styles:
                sheet_mode = True
            elif sheet_mode and tag == "table":
                depth += 1
                if depth == 1:
                    row, headers = 0, None
                    yield "sheet", str(elem.get(f"{{{_NS_TABLE}}}name") or "(unnamed)")
            elif sheet_mode and depth == 1 and tag == "table-row":
                col, cells = 0, []
            continue
        if sheet_mode and depth:
            if depth == 1 and tag in ("table-cell", "covered-table-cell"):
                span = _count(elem, "number-columns-repeated")
                value = _cell_value(elem)
                if value:
                    cells.extend((col + k, value) for k in range(min(span, REPEAT_CAP)))
                col += span
                elem.clear()
            elif depth == 1 and tag == "table-row":
                span = _count(elem, "number-rows-repeated")
                if cells:
                    if headers is None:
                        headers = dict(cells)
                    shown = [(c, f"{headers[c]}: {v}" if headers.get(c) and headers[c] != v else v) for c, v in cells]
                    line = "\t".join(v for _, v in shown)
                    for k in range(min(span, REPEAT_CAP)):
                        at = 0
                        for c, value in shown:
                            ref = f"{_column(c)}{row + k + 1}"
                            if len(line) <= ROW_CONTEXT:
                                yield "cell", ref, line, at, at + len(value)
                            else:
                                yield "cell", ref, value, 0, len(value)
                            at += len(value) + 1
                row += span
                elem.clear()
            elif tag == "table":
                depth -= 1
            continue
        if tag in _PARA and elem.tag.startswith(f"{{{_NS_TEXT}}}"):
            yield "para", render(elem).replace("\n", " ")
            elem.clear()


def _count(elem: Element, attr: str) -> int:
    raw = elem.get(f"{{{_NS_TABLE}}}{attr}") or "1"
    return max(1, min(int(raw), 1 << 24)) if raw.isdigit() else 1


def _cell_value(cell: Element) -> str:
    """What the cell shows (its paragraphs), else its typed value (``office:value``, date, string). A number shown
    rounded or in scientific notation (``4.11111E+15``: a float cell's default format for a long number) is read as
    its stored ``office:value``, the whole number, when that is an integer whose digits the shown text does not hold
    (a grouped or currency display, ``1,234.00``, still holds them and stays as shown)."""
    shown = " ".join(render(e) for e in cell if local(e.tag) in _PARA).strip()
    if shown:
        stored = cell.get(f"{{{_NS_OFFICE}}}value") or ""
        if _INTEGER.fullmatch(stored) and stored.lstrip("-") not in _NOT_DIGIT.sub("", shown):
            return stored
        return shown
    for attr in ("value", "date-value", "time-value", "string-value", "boolean-value"):
        if value := cell.get(f"{{{_NS_OFFICE}}}{attr}"):
            return value
    return ""


def render(elem: Element) -> str:
    """The text a user sees of a paragraph (nested paragraphs, notes, annotations and frames are read apart)."""
    out: list[str] = [elem.text or ""]
    for child in elem:
        tag = local(child.tag)
        if tag == "s":
            raw = child.get(f"{{{_NS_TEXT}}}c") or "1"
            out.append(" " * (min(int(raw), SPACE_CAP) if raw.isdigit() else 1))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append(" ")
        elif tag not in _APART:
            out.append(render(child))
        out.append(child.tail or "")
    return "".join(out).replace("\u00ad", "")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


class _Peek:
    def __init__(self, it: Iterator[tuple[Any, ...]]) -> None:
        self.it, self.head = it, None  # type: tuple[Iterator[tuple[Any, ...]], tuple[Any, ...] | None]
        self.done = False
        self.sheets = 0

    def peek(self) -> tuple[Any, ...] | None:
        if self.head is None and not self.done:
            self.head = next(self.it, None)
            self.done = self.head is None
            self.sheets += self.head is not None and self.head[0] == "sheet"
        return self.head

    def next(self) -> tuple[Any, ...] | None:
        ev = self.peek()
        self.head = None
        return ev


def detect_flat(head: bytes) -> bool:
    """A flat OpenDocument file (fodt/fods/fodp/fodg): one XML document rooted at ``office:document``."""
    return b"<office:document " in head and b"urn:oasis:names:tc:opendocument:xmlns:office" in head


def read_flat(stream: Stream, ctx: Context) -> Iterator[Part]:
    yield from _parts(stream, "document")


def canary(text: str) -> bytes:
    """A minimal flat text document holding ``text`` in its second paragraph."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="{_NS_OFFICE}" '
            f'xmlns:text="{_NS_TEXT}" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
            f"<office:body><office:text><text:p>Customer complaint</text:p><text:p>{escape(text)}</text:p>"
            "</office:text></office:body></office:document>\n").encode()


FORMAT = Format("odf", detect_flat, read_flat, canary=canary, order=40)
