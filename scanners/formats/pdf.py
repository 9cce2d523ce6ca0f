"""PDF (``pypdf`` from the ``formats`` extra): every page an item; a page without a text layer (a scan, an image)
is reported not examined, never clean. Encrypted PDFs open only when the user password is empty.

A page's text is pypdf's, one line per text line (``T*``, ``Td``...). A ``TJ`` array's strings are one text run: a
number the producer kerned (``[(4111 1) -30 (111 ...)] TJ``) reads whole, and a negative adjustment of at least half
the font's space width is a word space, as pdfminer (``word_margin`` 0.1 of a glyph), pdf.js and ABCpdf (0.15 em)
read a gap that wide: a quarter-em gap (``-250``) inside a number is two words on the page, for a reader too."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream, Text


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    pypdf = importlib.import_module("pypdf")
    try:
        reader = pypdf.PdfReader(stream, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            yield Part({}, skipped="encrypted PDF (password required): not examined")
            return
        pages = reader.pages
        count = len(pages)
    except FormatError:
        raise
    except Exception as exc:  # pypdf raises its own errors and plain ones for broken files
        raise FormatError(f"corrupt or truncated PDF ({type(exc).__name__})") from exc
    for n in range(count):
        yield _page(pages, n)


def _page(pages: Any, n: int) -> Part:
    where = {"page": n + 1}
    try:
        text = pages[n].extract_text() or ""
    except Exception as exc:
        return Part(where, failed=f"page unreadable ({type(exc).__name__})")
    if not text.strip():
        return Part(where, skipped="page has no text layer (a scanned image?): not examined")
    return Part(where, texts=[Text(text, first_line=1)])


def canary(text: str) -> bytes:
    """A one-page PDF 1.4 with ``text`` in Helvetica (written by hand: no writer library needed)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return one_page(f"BT /F1 11 Tf 40 780 Td ({safe}) Tj ET".encode("latin-1", "replace"))


def one_page(content: bytes) -> bytes:
    """A one-page PDF 1.4 drawing the content stream ``content`` with Helvetica as ``/F1`` (tests write ``TJ``
    arrays and lines with it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FORMAT = Format("pdf", lambda head: head[:5] == b"%PDF-", read, seekable=True, requires=("pypdf",),
                extra="formats", canary=canary, order=30)
