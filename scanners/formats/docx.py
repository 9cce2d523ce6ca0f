"""Word documents (docx/docm, Office Open XML) with the standard library: the body, headers, footers, footnotes and
comments are items of their own; findings name the ``part`` and the ``paragraph`` (1-based, tables included).

Reached through ``zip.py`` (a zip holding ``word/document.xml``), so its own ``detect`` never claims bytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from scanners.formats.base import Context, Part, Text
from scanners.formats.ooxml import elements, escape, local, ooxml_format, package

DOCUMENT = "word/document.xml"
_STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_FLUSH = 1 << 18  # characters of paragraphs per record


def read_zip(zf: zipfile.ZipFile, ctx: Context) -> Iterator[Part]:
    for name in sorted(n for n in zf.namelist() if _STORIES.fullmatch(n)):
        yield Part({"part": name}, texts=_paragraphs(zf, name, ctx))


def _paragraphs(zf: zipfile.ZipFile, name: str, ctx: Context) -> Iterator[Text]:
    lines: list[str] = []
    size, first, n = 0, 1, 0
    for elem in elements(zf, name, ctx.limits):
        if local(elem.tag) != "p":
            continue
        n += 1
        para = "".join(_run(e) for e in elem.iter())
        elem.clear()
        lines.append(para.replace("\n", " "))
        size += len(para) + 1
        if size >= _FLUSH:
            yield Text("\n".join(lines), first_line=first, line_key="paragraph")
            lines, size, first = [], 0, n + 1
    if lines:
        yield Text("\n".join(lines), first_line=first, line_key="paragraph")


def _run(elem: Element) -> str:
    tag = local(elem.tag)
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
