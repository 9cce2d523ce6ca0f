"""``od -c`` (``od -t c``) dumps: an offset (octal by default; ``-A x`` hex, ``-A d`` decimal), then one byte per
4-column cell, right-aligned: the character itself (``   4``, a space as four spaces), a C escape (``  \\n``,
``  \\0``) or three octal digits (`` 303``). A card number reads ``   4   1   1   1 ...`` and is cut wherever a
row ends (16 bytes by default), its key often on the row above.

A segment is a block of consecutive rows whose offsets follow on (each row's offset is the previous row's plus its
cell count; a ``*`` line, od's mark for rows repeating the one before, repeats it up to the next offset) holding a
trigger match: a row with two digit cells in a row. The block's bytes, joined, decode as text (a NUL, between C
strings or in a zeroed buffer, as a line break); any window touching the block yields the whole block. A value is
reported on the row where its first byte is, and the joined reading stands for the rows (``Joined``): a row alone
says less than the whole (a number whose key is on the row above).

Limits: blocks longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, bytes_to_text, line_bounds, over_limit
from scanners.decoders.hexdump import row_starts
from scanners.detectors.base import Decoded
from scanners.engine.pieces import Joined
from scanners.lazy_re import lazy_compile

_CELL = r"(?:   [ -~]|  \\[0abfnrtv]| [0-3][0-7]{2})"
TRIGGERS = (r"^[0-9A-Fa-f]{6,8}(?:   [ -~]|  \\[0abfnrtv]| [0-3][0-7]{2}){0,14}   [0-9]   [0-9]",)
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII | re.MULTILINE)
_ROW = lazy_compile(rf"(?P<offset>[0-9A-Fa-f]{{6,8}})(?P<cells>{_CELL}{{1,32}})[ \t]*", re.ASCII)
_ESCAPES = {"0": 0, "a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_RADIXES = (8, 16, 10)  # od's default first


def _cells(cells: str) -> bytes:
    out = bytearray()
    for i in range(0, len(cells), 4):
        cell = cells[i : i + 4]
        if cell[1] != " ":
            out.append(int(cell[1:], 8))
        elif cell[2] == "\\":
            out.append(_ESCAPES[cell[3]])
        else:
            out.append(ord(cell[3]))
    return bytes(out)


def _row(text: str, ls: int, le: int) -> tuple[str, bytes] | None:
    """(offset digits, bytes) of an ``od -c`` row, or None."""
    m = _ROW.fullmatch(text, ls, le)
    return None if m is None else (m["offset"], _cells(m["cells"]))


def _line(text: str, at: int) -> tuple[int, int]:
    le = text.find("\n", at)
    le = len(text) if le < 0 else le
    return at, le - (text[le - 1 : le] == "\r")


class OdCharsDecoder(BoundedDecoder):
    id = "od_chars"
    priority = 57
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        _, end, line_start, line_end = line_bounds(text, pos, endpos)
        ls, done = line_start, -1
        while ls <= min(end, line_end, len(text)):
            le = _line(text, ls)[1]
            if ls > done and _row(text, ls, le) is not None and (block := self._block(text, ls)) is not None:
                done = block.end
                yield block
            ls = text.find("\n", ls)
            if ls < 0:
                return
            ls += 1

    def _rows(self, text: str, at: int) -> list[tuple[str, bytes, int, int]]:
        """The rows (offset, bytes, start, end) of the block holding the row at ``at``, from its first row on."""
        first = at
        while first > 0:  # back to the block's first row (a "*" line belongs to it)
            ls = text.rfind("\n", 0, first - 1) + 1
            le = _line(text, ls)[1]
            if over_limit(at - ls, self.max_segment) or not (text[ls:le] == "*" or _row(text, ls, le)):
                break
            first = ls
        rows: list[tuple[str, bytes, int, int]] = []
        ls = first
        while ls < len(text):
            _, le = _line(text, ls)
            if over_limit(le - first, self.max_segment):
                break
            if text[ls:le] == "*":
                rows.append(("*", b"", ls, le))
            elif (row := _row(text, ls, le)) is not None:
                rows.append((row[0], row[1], ls, le))
            else:
                break
            ls = text.find("\n", ls) + 1 or len(text)
        while rows and rows[0][0] == "*":
            rows.pop(0)
        return rows

    def _block(self, text: str, at: int) -> Joined | None:
        """The ``od -c`` block around the row starting at ``at``, decoded, or None."""
        rows = self._rows(text, at)
        for radix in _RADIXES:
            got = _follow_on(rows, radix)
            if got is not None and len(got[0]) >= 2:
                break
        else:
            return None
        kept, offsets = got
        s, e = kept[0][1], kept[-1][2]
        if not _TRIGGER.search(text, s, e):
            return None
        data = b"".join(raw for raw, _, _ in kept).replace(b"\0", b"\n")  # NULs between C strings, a zeroed buffer
        if (decoded := bytes_to_text(data, self.max_output)) is None or not (
                starts := row_starts(data, 0, decoded, offsets)):
            return None
        pieces = tuple((ls, le) for (_, ls, le), at in zip(kept, starts, strict=True) if at < len(decoded))
        return Joined(s, e, decoded, ("od_chars",), line_starts=starts, pieces=pieces)


Kept = list[tuple[bytes, int, int]]  # each line's bytes, start and end


def _follow_on(rows: list[tuple[str, bytes, int, int]], radix: int) -> tuple[Kept, list[int]] | None:
    """The leading rows whose offsets (in ``radix``) follow on, a ``*`` line standing for the copies of the row before
    up to the next offset: ([(bytes, line start, line end)], each line's byte offset from the first), or None."""
    try:
        base = int(rows[0][0], radix) if rows else 0
    except ValueError:
        return None
    kept: Kept = []
    offsets: list[int] = []
    size = 0
    for offset, raw, ls, le in rows:
        if offset == "*":
            if not kept or not kept[-1][0]:
                break
            kept.append((b"", ls, le))  # its bytes once the next offset tells how many copies
            offsets.append(size)
            continue
        try:
            at = int(offset, radix) - base
        except ValueError:
            break
        if kept and not kept[-1][0]:  # after a "*"
            last = kept[-2][0]
            if at <= size or (at - size) % len(last):
                kept.pop()
                offsets.pop()
                break
            kept[-1] = (last * ((at - size) // len(last)), kept[-1][1], kept[-1][2])
            size = at
        if at != size:
            break
        kept.append((raw, ls, le))
        offsets.append(at)
        size = at + len(raw)
    if kept and not kept[-1][0]:
        kept.pop()
        offsets.pop()
    return kept, offsets


DECODER = OdCharsDecoder
