"""Binary mail attachments: base64 MIME parts of a text item (an ``.eml``, an mbox, a mail inside an archive) whose
bytes are a file of their own (a spreadsheet, a PDF, a zip) and not text.

The ``base64`` decoder reads a text part (``text/csv``, ``text/plain``) in place, on the mail's lines; bytes that are
no text it leaves. Those are collected here while the mail's records are read (a part is a header block holding
``Content-Transfer-Encoding: base64``, a blank line, then lines of base64; RFC 2045 §6.8, RFC 2046 §5.1) and handed
back as items of their own, examined as a file or a zip member is: format by magic bytes (xlsx, PDF, zip...), else
by their text runs. The item's location adds ``attachment`` (the part's file name, else its content type) and the
mail's ``line`` where the part's encoded body starts (``scanners.formats.examine``).

Not collected: a part the decoder reads as text (UTF-8 or UTF-16 text, gzip or zlib of text) within its segment
limit, so nothing is reported twice, unless its bytes are a document whose text is no reader's (an uncompressed
PDF, an RTF: ``MARKUP``), read by its format too. A body over ``MAX_BODY_CHARS`` is an item *not examined*, never
clean; a body cut short (a mail truncated) is examined as far as it goes, and a format that cannot read it says so.
A body that runs to the end of one scan range of a huge mbox (``scanners.engine.parallel``) is read on into the next
range's lines (``follow``), so it is whole in the range where its mail starts.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scanners.decoders._common import (
    GZIP_MAGIC,
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    bytes_to_text,
    inflate,
    zlib_header,
)
from scanners.engine.finding import Record
from scanners.engine.limits import collecting
from scanners.engine.textio import count_breaks
from scanners.formats.base import Format
from scanners.formats.streams import HEAD

MARKUP = frozenset({"pdf", "rtf"})  # formats whose bytes may be text that is not what a reader sees
MAX_BODY_CHARS = 64 << 20  # base64 characters of one part held in memory (48 MB of bytes)
_CTE = re.compile(r"^content-transfer-encoding:[ \t]*base64[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_BLANK = re.compile(r"\n\r?\n")
_BODY = re.compile(r"(?:[A-Za-z0-9+/]+={0,2}[ \t]*(?:\r?\n|\Z))+")  # the last line may end the file
_NAME = re.compile(r"""(?:file)?name\*?=[ \t]*(?:"([^"\r\n]{1,200})"|([^;\s]{1,200}))""", re.IGNORECASE)
_TYPE = re.compile(r"^content-type:[ \t]*([\w.+-]+/[\w.+-]+)", re.IGNORECASE | re.MULTILINE)


@dataclass(slots=True)
class Attachment:
    """One base64 part: its name, the mail line its body starts on, and its encoded characters."""

    name: str
    line: int
    chunks: list[str] = field(default_factory=list)
    chars: int = 0
    over: bool = False  # longer than MAX_BODY_CHARS: not examined

    def add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_BODY_CHARS:
            self.over, self.chunks = True, []
        elif not self.over:
            self.chunks.append(text)

    def data(self) -> bytes:
        joined = "".join("".join(self.chunks).split())
        joined = joined.rstrip("=")
        joined = joined[: len(joined) - (len(joined) % 4 == 1)]
        try:
            return binascii.a2b_base64(joined + "=" * (-len(joined) % 4))
        except (binascii.Error, ValueError):
            return b""


class Attachments:
    """Feed every record of a text item in order (``feed``); ``found`` then holds its binary base64 parts."""

    def __init__(self) -> None:
        self.found: list[Attachment] = []
        self._open: Attachment | None = None  # a body that ran past the last record's own text
        self._ended: Attachment | None = None  # a body that reached the end of the last record's text

    def feed(self, record: Record) -> None:
        text = record.text
        own, until = record.report_from, len(text) if record.report_until is None else record.report_until
        self._ended = None
        if self._open is not None:
            own = self._body(record, self._open, own, until)
        if "ransfer-" not in text and "RANSFER-" not in text:  # a fast look first: most text holds no MIME part
            return
        for m in _CTE.finditer(text, own, until):
            blank = _BLANK.search(text, m.end() - 1)
            if blank is None:
                continue
            head_start = max(text.rfind("\n\n", 0, m.start()), text.rfind("\n\r\n", 0, m.start()), 0)
            head = text[head_start : blank.start()]
            start = blank.end()
            part = Attachment(_name(head), record.first_line + count_breaks(text, 0, start) if record.first_line else 0)
            own = self._body(record, part, start, until)

    def _body(self, record: Record, part: Attachment, start: int, until: int) -> int:
        """Take the base64 lines from ``start``; returns where they end. A body reaching the end of the record's own
        text stays open for the next record."""
        text = record.text
        m = _BODY.match(text, start)
        end = start if m is None else m.end()
        if end >= until and record.report_until is not None:
            part.add(text[start:until])
            self._open = part
            return until
        part.add(text[start:end])
        self._open = None
        if part.chars:
            self.found.append(part)
        self._ended = part if end >= until else None
        return end

    def follow(self, more: Callable[[], Iterable[Record]]) -> None:
        """The text goes on past its last record (in the next scan range of a file): when the last body ran to the
        end, read its lines on from ``more()`` until it ends; nothing else in them is fed (their range reads it)."""
        part = self._open or self._ended
        if part is None:
            return
        if self.found and self.found[-1] is part:
            self.found.pop()
        self._open = part
        for record in more():
            if record.run_offsets is not None:
                break
            self._body(record, part, record.report_from,
                       len(record.text) if record.report_until is None else record.report_until)
            if self._open is None:
                return

    def close(self, detect: Callable[[bytes], Format | None]) -> list[Attachment]:
        """The parts to examine as items of their own (a body still open at the end of the text is cut short);
        ``detect``: the format of a part's first bytes."""
        if self._open is not None and self._open.chars:
            self.found.append(self._open)
        self._open = None
        return [p for p in self.found if p.over or not _read_as_text(p, detect)]


def _name(head: str) -> str:
    name = _NAME.search(head)
    if name is not None:
        return "".join(ch if ch.isprintable() else "?" for ch in (name[1] or name[2]).strip())
    kind = _TYPE.search(head)
    return kind[1] if kind is not None else "(unnamed part)"


def _read_as_text(part: Attachment, detect: Callable[[bytes], Format | None]) -> bool:
    """True when the ``base64`` decoder reads this body in place (text, or gzip/zlib of text, within its limit)."""
    if part.chars > MAX_SEGMENT_CHARS:
        return False
    raw = part.data()
    if (fmt := detect(raw[:HEAD])) is not None and fmt.name in MARKUP:
        return False  # a document whose bytes are text (an uncompressed PDF, an RTF) is read by its format
    with collecting():  # a limit the decoder hits is its own to note
        if raw[:2] == GZIP_MAGIC or zlib_header(raw):
            inflated = inflate(raw, MAX_OUTPUT_CHARS)
            return inflated is not None and bytes_to_text(inflated, MAX_OUTPUT_CHARS) is not None
        return bytes_to_text(raw, MAX_OUTPUT_CHARS) is not None
