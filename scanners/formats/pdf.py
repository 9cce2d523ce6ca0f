"""PDF (``pypdf`` from the ``formats`` extra): every page an item; a page without a text layer (a scan, an image)
is reported not examined, never clean. Encrypted PDFs open only when the user password is empty.

A page's text is pypdf's, one line per text line (``T*``, ``Td``...). A ``TJ`` array's strings are one text run: a
number the producer kerned (``[(4111 1) -30 (111 ...)] TJ``) reads whole, and a negative adjustment of at least half
the font's space width is a word space, as pdfminer (``word_margin`` 0.1 of a glyph), pdf.js and ABCpdf (0.15 em)
read a gap that wide: a quarter-em gap (``-250``) inside a number is two words on the page, for a reader too."""

from __future__ import annotations

import importlib
import itertools
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
    pieces: list[Piece] = []
    fonts: dict[int, tuple[Any, float]] = {}
    try:
        text = pages[n].extract_text(
            visitor_text=lambda t, cm, tm, font, size: pieces.append(_piece(t, cm, tm, size, _font(font, fonts))))
        text = by_baseline(text or "", pieces) or baseline_joined(text or "", pieces)
    except Exception as exc:
        return Part(where, failed=f"page unreadable ({type(exc).__name__})")
    if not text.strip():
        return Part(where, skipped="page has no text layer (a scanned image?): not examined")
    return Part(where, texts=[Text(text, first_line=1)])


# A piece of text pypdf put out: the text, where it starts on the page (x, y), its font size there, its width and
# the font's space width there (both None when the font gives no widths).
Piece = tuple[str, float, float, float, float | None, float | None]


def _font(font: Any, fonts: dict[int, tuple[Any, float]]) -> tuple[Any, float] | None:
    """The font's widths (pypdf's ``Font``: standard 14 metrics or the font's ``/Widths``), once per font."""
    if font is None:
        return None
    if id(font) not in fonts:
        try:  # pypdf's own metrics, from a private module: gone in another pypdf, the widths are unknown
            from pypdf.generic._font import Font

            got = Font.from_font_resource(font)
            fonts[id(font)] = (got, float(got.space_width or 250))
        except Exception:  # a broken font resource: widths unknown
            fonts[id(font)] = (None, 0.0)
    found = fonts[id(font)]
    return found if found[0] is not None else None


def _piece(text: str, cm: list[float], tm: list[float], size: float, font: tuple[Any, float] | None) -> Piece:
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scaled = abs(size * (tm[3] * cm[3] or 1.0)) or 1.0
    if font is None or not text:
        return text, x, y, scaled, None, None
    return text, x, y, scaled, font[0].get_text_width(text.rstrip("\n")) * scaled / 1000, font[1] * scaled / 1000


def baseline_joined(text: str, pieces: list[Piece]) -> str:
    """pypdf's ``text`` with the line breaks it put between pieces drawn on one baseline, left to right, removed
    (each piece its own ``Tj`` followed by ``T*``, as reportlab's text objects write a grouped or boxed card
    number): a gap of at least half the font's space width is a word space, as inside a ``TJ`` array; a smaller gap
    none. ``text`` as it is when the pieces do not spell it or their font gives no widths."""
    pieces = [p for p in pieces if p[0]]
    if len(pieces) < 2 or "".join(p[0] for p in pieces) != text:
        return text
    out = []
    for (piece, x, y, size, width, space), nxt in zip(pieces, [*pieces[1:], None], strict=True):
        body = piece[:-1]
        if nxt is None or width is None or space is None or not piece.endswith("\n") or "\n" in body:
            out.append(piece)
            continue
        gap = nxt[1] - x - width
        if abs(nxt[2] - y) > 0.1 * size or gap < -0.1 * size:  # another line, or back to the left
            out.append(piece)
        else:
            out.append(body + (" " if gap >= space / 2 and not body.endswith(" ") else ""))
    return "".join(out)


def by_baseline(text: str, pieces: list[Piece]) -> str | None:
    """The page read as lines by baseline, top to bottom and each left to right, as a reader sees it, when the
    producer drew it out of that order: a table drawn column by column (every name, then every card number, then
    every expiry, each at its row's baseline) reads row by row, so an expiry stays beside its card. None when the
    pieces never go back up the page (drawn in reading order: read as ``baseline_joined`` reads it) or do not spell
    ``text``."""
    pieces = [p for p in pieces if p[0]]
    if "".join(p[0] for p in pieces) != text or any("\n" in p[0].rstrip("\n") for p in pieces):
        return None
    drawn = [p for p in pieces if p[0].strip()]
    if not any(b[2] > a[2] + 0.5 * a[3] for a, b in itertools.pairwise(drawn)):
        return None
    lines: list[list[Piece]] = []
    for piece in sorted(drawn, key=lambda p: -p[2]):
        if lines and lines[-1][0][2] - piece[2] <= 0.3 * piece[3]:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return "\n".join(_line(sorted(line, key=lambda p: p[1])) for line in lines)


def _line(pieces: list[Piece]) -> str:
    """Pieces on one baseline, left to right: a gap of at least half the font's space width is a word space (a
    space when the widths are unknown), a smaller gap none."""
    out = pieces[0][0].rstrip("\n")
    for prev, nxt in itertools.pairwise(pieces):
        body = nxt[0].rstrip("\n")
        _, x, _, _, width, space = prev
        gap = None if width is None or space is None else nxt[1] - x - width
        glued = gap is not None and space is not None and gap < space / 2
        joined = out.endswith(" ") or body.startswith(" ") or glued
        out += body if joined else " " + body
    return out


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
