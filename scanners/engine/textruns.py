"""The printable text of a binary item (a core or heap dump, a memory image, a database file), read as ``strings``
reads it: runs of at least ``MIN_RUN`` printable characters, ASCII or UTF-16LE (``strings -e s`` and ``-e l``), each
scanned as its own line. A UTF-8 letter outside ASCII ends a run, as in ``strings``; card data is ASCII.

Memory-scraping malware reads card data out of process memory as text; a core dump or a database journal holds it the
same way. A run ends at any other byte (NUL, control bytes, line breaks), so a card number split by binary bytes
is not found. Runs are found by one ``re`` pass over blocks of bytes (a run crossing a block's end is kept whole, up
to ``MAX_CARRY`` bytes), joined with ``\n`` into records of about ``chunk`` characters; ``Record.run_offsets``
gives each line's byte offset in the item, so a finding is located by ``offset`` (where its run starts) and
``column`` (the character in the run). A run longer than a record is cut into overlapping records. An item that
starts as a binary serialisation (Java serialization, pickle, BSON, CBOR, MessagePack, .NET BinaryFormatter:
``scanners.engine.serial``) is read by its strings instead, up to ``SERIAL_MAX`` bytes and where its format ends,
each string a line at its own byte offset (``key: value`` where the format names it). An item that is
line-structured text with control bytes (a print stream, a terminal capture; ``scanners.engine.runlines``) also
gets ``Record.run_lines``: its findings name the line and column an editor shows, and their own byte offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from scanners.engine import serial
from scanners.engine.finding import Coverage, Record
from scanners.engine.runlines import LineTee

MIN_RUN = 4  # characters, as strings(1) by default
BLOCK = 1 << 20
MAX_CARRY = 8 << 20  # an unfinished run longer than this is cut (a value across that cut is not found)
SERIAL_MAX = 64 << 20  # bytes of a serialisation read by its strings (the rest: by its text runs)
# a printable ASCII character (or tab) first, then either the rest of a UTF-16LE run or of an ASCII run: one class
# test per byte at C speed (an alternation of the two, or UTF-8 multi-byte sequences, measured 3-8 times slower)
_RUN = re.compile(rb"[\t\x20-\x7e](?:\x00(?:[\t\x20-\x7e]\x00){%d,}|[\t\x20-\x7e]{%d,})" % (MIN_RUN - 1, MIN_RUN - 1))
NOTE = "read by its text runs (ASCII and UTF-16LE, 4+ characters; findings located by byte offset)"
LINES_NOTE = ("read by its text runs (ASCII and UTF-16LE, 4+ characters) as lines of text with control bytes; "
              "findings located by line, column and byte offset")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Counting:
    """Counts the bytes read from a stream."""

    def __init__(self, raw: _Readable) -> None:
        self._raw, self.count = raw, 0

    def read(self, size: int = -1, /) -> bytes:
        data = self._raw.read(size)
        self.count += len(data)
        return data


def _read(stream: _Readable, size: int) -> bytes:
    parts: list[bytes] = []
    while size > 0 and (got := stream.read(min(size, BLOCK))):
        parts.append(got)
        size -= len(got)
    return b"".join(parts)


def runs(head: bytes, stream: _Readable, *, strings: bool = True) -> Iterator[tuple[int, str]]:
    """(byte offset, text) of every run in ``head`` and the rest of ``stream``, in order; with ``strings``, a
    serialisation's strings first (``scanners.engine.serial``), then the runs after its end."""
    base = 0
    if strings and serial.candidate(head) and (walked := serial.walk(head)) is not None:
        if more := _read(stream, SERIAL_MAX - len(head)):  # the first block is the format's (a blob: not read ahead)
            head += more
            walked = serial.walk(head) or walked
        yield from walked.lines
        head, base = head[walked.end:], walked.end
    data, final = head, False
    while True:
        block = b"" if final else stream.read(BLOCK)
        final = final or not block
        data += block
        keep = 0  # where the bytes kept for the next pass start: after the runs reported
        for m in _RUN.finditer(data):
            if not final and m.end() > len(data) - 2 and m.end() - m.start() < MAX_CARRY:
                keep = m.start()  # may go on in the next block
                break
            raw = m.group()
            yield base + m.start(), raw.decode("utf-16-le" if raw[1] == 0 else "ascii")
            keep = m.end()
        else:
            keep = max(keep, len(data) - 8)  # the first characters of a run may end the block
        if final:
            return
        base, data = base + keep, data[keep:]


def run_records(
    head: bytes, stream: _Readable, *, source: str, location: Mapping[str, Any], chunk: int, context: int,
    coverage: Coverage | None, lines: bool = False,
) -> Iterator[tuple[Record, int, int]]:
    """Records of the runs, ``chunk`` characters or so each, with the runs and bytes (``head`` included) read so
    far (the last pair is final); ``lines``: the item is line-structured text, its runs are placed on lines."""
    counted = _Counting(stream)
    done = 0  # runs in the records yielded
    for rec in _records(head, counted, source=source, location=location, chunk=chunk, context=context,
                        coverage=coverage, lines=lines):
        done += 0 if rec.report_from else len(rec.run_offsets or ())
        yield rec, done, len(head) + counted.count


def _records(
    head: bytes, stream: _Readable, *, source: str, location: Mapping[str, Any], chunk: int, context: int,
    coverage: Coverage | None, lines: bool,
) -> Iterator[Record]:
    texts: list[str] = []
    offsets: list[int] = []
    places: list[tuple[int, int, int]] = []  # with ``lines``: (line, column, bytes per character) of each run
    size = 0
    tee = LineTee(head, stream, MAX_CARRY + 2 * BLOCK) if lines else None

    def record(text: str, offs: list[int], report_from: int = 0, until: int | None = None, column: int = 1) -> Record:
        return Record(text=text, source=source, location=location, line_key="line" if lines else "offset",
                      run_offsets=tuple(offs), run_lines=tuple(places) if lines else None,
                      report_from=report_from, report_until=until, first_column=column, coverage=coverage)

    for offset, text in runs(head, stream if tee is None else tee, strings=tee is None):
        if len(text) > chunk:  # a huge run: overlapping records, each reporting its own part
            if texts:
                yield record("\n".join(texts), offsets)
                texts, offsets, size = [], [], 0
                places.clear()
            if tee is not None:
                places.append(tee.place(offset))
            for pos in range(0, len(text), chunk):
                lo, end = max(pos - context, 0), min(pos + chunk + context, len(text))
                until = pos + chunk - lo if end < len(text) else None
                yield record(text[lo:end], [offset], pos - lo, until, lo + 1)
            places.clear()
            continue
        texts.append(text)
        offsets.append(offset)
        if tee is not None:
            places.append(tee.place(offset))
        size += len(text) + 1
        if size >= chunk:
            yield record("\n".join(texts), offsets)
            texts, offsets, size = [], [], 0
            places.clear()
    if texts:
        yield record("\n".join(texts), offsets)
