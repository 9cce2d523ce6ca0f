"""Turn a byte stream into line-numbered, overlapping text records with bounded memory.

Lines are never cut unless a single line is longer than ``chunk_chars`` (512K characters by default); then it is
cut (preferably at whitespace) and neighbouring records overlap by ``context`` characters, with
``report_from``/``report_until`` set so each hit is reported once. Memory stays near ``chunk_chars + block``
whatever the stream size.
Lines end at ``\n``, ``\r\n`` or a lone ``\r`` (``count_breaks``); a record cut from inside a line carries the
column of its first character, so columns stay right inside huge lines.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from scanners.engine import fixedrecords, runlines, textruns
from scanners.engine.finding import Coverage, LineMarks, Record
from scanners.engine.legacy_script import SCRIPT_CODE_PAGES
from scanners.engine.sniff import sniff_encoding
from scanners.errors import BinaryContentError

BLOCK = 256 * 1024  # bytes per read (bigger reads measured slower: wider strings, more page faults)
MARK_EVERY = 8192  # characters between a record's line marks


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: an open file, a GzipFile, a botocore StreamingBody."""

    def read(self, size: int = -1, /) -> bytes: ...


def count_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """Line breaks in ``text[start:end]``: ``\n``, ``\r\n`` and a lone ``\r`` each count once."""
    breaks = text.count("\n", start, end)
    if text.find("\r", start, end) < 0:  # the common case: no carriage return, one more scan at C speed
        return breaks
    return breaks + text.count("\r", start, end) - text.count("\r\n", start, end)


def _line_marks(buf: str, lo: int, pos: int, cut: int, line: int, *, cr: bool) -> tuple[LineMarks, int]:
    """The line marks of a record whose text starts at ``buf[lo]`` and whose own text ``buf[pos:cut]`` starts on
    line ``line`` (see ``Record.line_marks``), and the line of ``buf[cut]``. Own text is counted once here in
    ``MARK_EVERY`` pieces, so the pipeline counts at most that many characters to place a finding; text with a
    ``\r`` gets none (a mark could fall inside a ``\r\n``)."""
    if cr:
        return (), line + count_breaks(buf, pos, cut)
    marks = []
    count = buf.count
    for at in range(pos, cut, MARK_EVERY):
        marks.append((at - lo, line))
        line += count("\n", at, min(at + MARK_EVERY, cut))
    return tuple(marks), line


def last_break(text: str, end: int) -> int:
    """Index of the last character of the last line break in ``text[:end]`` (-1 when there is none)."""
    return max(text.rfind("\n", 0, end), text.rfind("\r", 0, end))


def last_break_in(text: str, start: int, end: int, *, cr: bool = True) -> int:
    """Index of the last character of the last line break in ``text[start:end]`` (-1 when there is none);
    ``cr=False`` when the caller knows ``text`` holds no ``\r`` (it saves a scan of the whole range)."""
    if not cr:
        return text.rfind("\n", start, end)
    return max(text.rfind("\n", start, end), text.rfind("\r", start, end))


def column_at(text: str, index: int, first_column: int = 1) -> int:
    """1-based column of ``text[index]`` when ``text[0]`` is at ``first_column``."""
    j = last_break(text, index)
    return index - j if j >= 0 else first_column + index


def column_in(text: str, start: int, index: int, first_column: int, *, cr: bool = True) -> int:
    """1-based column of ``text[index]`` when ``text[start]`` is at ``first_column`` (breaks before start unseen;
    ``cr`` as for ``last_break_in``)."""
    j = last_break_in(text, start, index, cr=cr)
    return index - j if j >= 0 else first_column + index - start


class BoundedReader:
    """At most ``remaining`` bytes of a stream (one range of a file)."""

    def __init__(self, raw: Readable, remaining: int) -> None:
        self._raw, self._remaining = raw, remaining

    def read(self, size: int = -1, /) -> bytes:
        size = self._remaining if size < 0 else min(size, self._remaining)
        data = self._raw.read(size) if size else b""
        self._remaining -= len(data)
        return data


class TextReader:
    """Iterate ``records()`` once; afterwards ``bytes_read``, ``lines``, ``decode_errors`` and ``encoding`` (the text
    encoding read, see ``sniff.sniff_encoding``) are final. Binary content raises ``BinaryContentError``, or with
    ``binary_runs`` is read by its text runs (``scanners.engine.textruns``, placed on lines where it is line-structured
    text: ``scanners.engine.runlines``; ``lines`` counts runs, ``encoding`` is ``"binary"`` and ``note`` says so)."""

    def __init__(
        self,
        stream: Readable,
        *,
        source: str,
        location: Mapping[str, Any],
        chunk_chars: int = 1 << 19,  # run_scan measured 4-10 % faster than with 1 << 18 (less work per record)
        context: int = 256,
        first_line: int = 1,
        coverage: Coverage | None = None,
        binary_runs: bool = False,
    ) -> None:
        if chunk_chars <= 4 * context:
            raise ValueError("chunk_chars: expected more than four times context")
        self._stream = stream
        self._source = source
        self._location = location
        self._chunk = chunk_chars
        self._context = context
        self._first_line = first_line
        self._coverage = coverage
        self._binary_runs = binary_runs
        self.note: str | None = None
        self.bytes_read = 0
        self.lines = 0
        self.decode_errors = 0
        self.encoding = ""

    def _blocks(self, head: bytes, encoding: str) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        nel = encoding == "cp037"  # EBCDIC's line end (NL, 0x15) decodes to U+0085: a line break, as LF is
        data = head
        while data:
            text = decoder.decode(data)
            if nel:
                text = text.replace("\x85", "\n")
            if "\ufffd" in text:  # free for Latin-1-range text, which cannot hold it; one fast find otherwise
                self.decode_errors += text.count("\ufffd")
            yield text
            data = self._stream.read(BLOCK)
            self.bytes_read += len(data)
        tail = decoder.decode(b"", final=True)  # a multi-byte character cut off by the end of the stream
        if tail:
            self.decode_errors += tail.count("\ufffd")
            yield tail

    def _cut(self, buf: str, pos: int, cr: bool) -> int:
        """Where to end the record whose own text starts at ``buf[pos]``: after the last line break, else at
        whitespace, else hard (an index into ``buf``). A cut never falls between the ``\r`` and ``\n`` of one line
        break. ``cr``: whether ``buf`` may hold a ``\r``."""
        limit = self._chunk
        end = pos + limit
        nl = last_break_in(buf, pos, end, cr=cr)
        if nl >= pos + limit // 2:
            return nl + 2 if buf[nl] == "\r" and buf[nl + 1 : nl + 2] == "\n" else nl + 1
        for i in range(end - 1, end - self._context, -1):
            if buf[i].isspace() and buf[i] != "\r":
                return i + 1
        return end + 1 if buf[end - 1] == "\r" and buf[end : end + 1] == "\n" else end

    def records(self) -> Iterator[Record]:
        """The records of the stream: its text, or a binary item's text runs."""
        head = self._stream.read(BLOCK)
        self.bytes_read += len(head)
        try:
            self.encoding = sniff_encoding(head)
        except BinaryContentError as exc:
            if not self._binary_runs:
                raise
            self.encoding, lines = "binary", runlines.line_structured(head)
            self.note = f"{exc}: {textruns.LINES_NOTE if lines else textruns.NOTE}"
            runs = textruns.run_records(head, self._stream, source=self._source, location=self._location,
                                        chunk=self._chunk, context=self._context, coverage=self._coverage, lines=lines)
            for record, self.lines, self.bytes_read in runs:
                yield record
            return
        if self.encoding == "cp037" and (length := fixedrecords.record_length(head)) is not None:
            self.note = f"EBCDIC records of {length} bytes without line ends: {fixedrecords.NOTE}"
            fixed = fixedrecords.fixed_records(head, self._stream, length, encoding=self.encoding, source=self._source,
                                               location=self._location, chunk=self._chunk, coverage=self._coverage)
            for record, self.lines, self.bytes_read in fixed:
                yield record
            return
        if self.encoding in SCRIPT_CODE_PAGES:  # no UTF-8: the coverage says which code page the words were read in
            self.note = f"read as {self.encoding} (not UTF-8; its words are of that code page's script)"
        yield from self._text_records(head, self.encoding)

    def _text_records(self, head: bytes, encoding: str) -> Iterator[Record]:
        """Records cut from one buffer: ``buf[lo:pos]`` is the next record's prefix (the end of the previous
        record's own text), ``buf[pos:]`` the text not yet reported. Each record's text is one slice of ``buf``
        (no copy at all when it is the whole buffer). Blocks read wait in a list until they complete a record, and
        ``buf`` is then rebuilt by one join (appending each block would copy the growing text once per block when
        a record spans several). Records depend only on the text and on what was read when each was cut (as ``_cut``
        needs ``chunk + context`` characters)."""
        chunk, context = self._chunk, self._context
        buf, lo, pos = "", 0, 0
        waiting: list[str] = []  # blocks read since buf was built
        cr = False  # whether a block read so far held a "\r" (without one, no scan for it)
        more = chunk + context  # characters to read before the next record can be cut
        line = self._first_line  # line number of buf[pos]
        col = prefix_col = 1  # columns of buf[pos] and of buf[lo]
        for block in self._blocks(head, encoding):
            waiting.append(block)
            cr = cr or "\r" in block
            more -= len(block)
            if more > 0:
                continue
            buf, pos, lo = "".join([buf[lo:], *waiting]), pos - lo, 0
            waiting.clear()
            while len(buf) - pos >= chunk + context:
                cut = self._cut(buf, pos, cr)
                marks, next_line = _line_marks(buf, lo, pos, cut, line, cr=cr)
                yield self._record(buf, lo, pos, cut, line, prefix_col=prefix_col, col=col, marks=marks)
                start = max(pos, cut - context)
                prefix_col = column_in(buf, pos, start, col, cr=cr)
                line = next_line
                col = column_in(buf, pos, cut, col, cr=cr)
                lo, pos = start, cut
            more = chunk + context - (len(buf) - pos)
        if waiting:
            buf, pos, lo = "".join([buf[lo:], *waiting]), pos - lo, 0
        if len(buf) > pos:
            marks, next_line = _line_marks(buf, lo, pos, len(buf), line, cr=cr)
            yield self._record(buf, lo, pos, len(buf), line, prefix_col=prefix_col, col=col, marks=marks)
            line = next_line
            if not buf.endswith(("\n", "\r")):
                line += 1
        self.lines = line - self._first_line

    def _record(
        self, buf: str, lo: int, pos: int, cut: int, line: int, *, prefix_col: int, col: int, marks: LineMarks
    ) -> Record:
        """The record of own text ``buf[pos:cut]``, after the prefix ``buf[lo:pos]`` and before ``context``
        characters of suffix."""
        end = min(cut + self._context, len(buf))
        return Record(
            text=buf[lo:end],
            source=self._source,
            location=self._location,
            first_line=line - count_breaks(buf, lo, pos) if pos > lo else line,
            report_from=pos - lo,
            report_until=cut - lo if end > cut else None,
            first_column=prefix_col if pos > lo else col,
            line_marks=marks,
            coverage=self._coverage,
        )
