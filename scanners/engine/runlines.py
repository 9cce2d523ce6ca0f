"""Lines for the text runs of a binary item that is line-structured text with control bytes in it.

A receipt printer's spool file (ESC/POS commands such as ``ESC @``, ``ESC E 1``, ``GS V`` between lines of receipt
text, NUL parameters), a terminal capture with escape sequences, bells and NULs, or a log with stray NULs (a block
zeroed by a crash) is binary to ``sniff_encoding``, so it is read by its text runs (``scanners.engine.textruns``).
A person opens it in an editor and counts lines, so its findings name the line and column an editor shows (lines
end at ``\n``, ``\r\n`` or a lone ``\r``; a column per UTF-8 character, per byte where the bytes are no UTF-8),
with the byte offset kept. Executables, object files, databases, dumps and compiled code (``_COMPILED``), and
anything whose first 64K bytes are not mostly text on short lines (``line_structured``), keep offsets alone.
"""

from __future__ import annotations

import re
from typing import Protocol

SAMPLE = 1 << 16  # bytes judged
MAX_LINE = 1024  # average bytes per line at most
MIN_TEXT = 85  # per cent of the bytes that are text: printable ASCII, tab, line ends, ESC and UTF-8 characters
MAX_NUL = 5  # per cent of NUL bytes at most, a block of 8 or more counted once
_ASCII_TEXT = bytes(range(0x20, 0x7F)) + b"\t\n\r\x1b"
_HIGH = bytes(range(0x80, 0x100))
_ZEROED = re.compile(rb"\x00{8,}")
# binaries that hold text on lines of their own (strings, docstrings, messages) but are no text a person reads
_COMPILED = (
    b"\x7fELF",  # executables, shared objects, core dumps
    b"MZ",  # Windows executables and DLLs
    b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe",  # Mach-O, Java class
    b"!<arch>\n",  # static libraries, .deb packages
    b"SQLite format 3\x00",
    b"MDMP",  # Windows minidump
    b"JAVA PROFILE",  # Java heap dump (hprof)
    b"\x00asm",  # WebAssembly
)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _compiled(head: bytes) -> bool:
    """A known binary by its first bytes; Python bytecode is a 2-byte magic, ``\r\n`` and a code object soon after."""
    return head.startswith(_COMPILED) or (head[2:4] == b"\r\n" and (b"\xe3" in head[8:17] or head[8:9] == b"c"))


def line_structured(head: bytes) -> bool:
    """Whether a binary item is text on lines with control bytes in it, judged from its first bytes."""
    if _compiled(head):
        return False
    sample = _ZEROED.sub(b"\x00", head[:SAMPLE])
    size = len(sample)
    breaks = sample.count(b"\n") + sample.count(b"\r") - sample.count(b"\r\n")
    if not breaks or size > breaks * MAX_LINE or sample.count(0) * 100 > size * MAX_NUL:
        return False
    other = sample.translate(None, _ASCII_TEXT)  # control bytes, NULs, bytes over 0x7f
    high = len(other) - len(other.translate(None, _HIGH))
    utf8 = high - sample.decode("utf-8", "replace").count("\ufffd") if high else 0  # in UTF-8 characters
    return (size - len(other) + max(utf8, 0)) * 100 >= size * MIN_TEXT


def _columns(data: bytes) -> int:
    """Columns an editor gives ``data`` (no line break in it)."""
    return len(data) if data.isascii() else len(data.decode("utf-8", "replace"))


class LineTee:
    """A stream read through that keeps the bytes read and not yet located: ``place(offset)`` for ascending byte
    offsets gives the line and column of that byte and the bytes per character of the run starting there (2 for
    a UTF-16LE run). Memory: at most ``2 * keep`` bytes; older ones are counted as they are read (no run placed
    later starts more than ``keep`` bytes before the end of what was read)."""

    def __init__(self, head: bytes, stream: _Readable, keep: int) -> None:
        self._raw, self._held, self._base, self._keep = stream, bytearray(head), 0, keep
        self.line = self.column = 1  # of the byte at ``_base``
        self._cr = False  # the bytes placed so far end with "\r": a "\n" next is the same line break

    def read(self, size: int = -1, /) -> bytes:
        data = self._raw.read(size)
        self._held += data
        if len(self._held) > 2 * self._keep:  # a long stretch without a run (a zeroed block)
            self.place(self._base + len(self._held) - self._keep)
        return data

    def place(self, offset: int) -> tuple[int, int, int]:
        cut = offset - self._base
        if cut > 0:
            gap = bytes(self._held[:cut])
            del self._held[:cut]
            self._base = offset
            self.line += gap.count(b"\n") + gap.count(b"\r") - gap.count(b"\r\n") - (self._cr and gap[0] == 0x0A)
            last = max(gap.rfind(b"\n"), gap.rfind(b"\r"))
            self.column = (self.column if last < 0 else 1) + _columns(gap[last + 1 :])
            self._cr = gap[-1] == 0x0D
        return self.line, self.column, 2 if self._held[1:2] == b"\x00" else 1
