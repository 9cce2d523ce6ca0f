"""gdb's ``x/NNxb`` (examine memory as hex bytes): rows of an address, the symbol it falls in when gdb knows one
(``<buf+8>``), a colon, then up to 8 bytes, each ``0x34`` after a tab, so a card number held in a buffer reads
``0x34	0x31	0x31	0x31 ...`` and is cut every 8 bytes (``(gdb) x/24xb req->pan`` prints 3 rows).

A segment is a block of consecutive rows whose addresses follow on (each row's address is the previous row's plus
its byte count) holding a trigger match: a row with two ASCII digits' bytes in a row. The block's bytes, joined,
decode as text: the NUL padding after a C string is dropped and a NUL between strings reads as a line break. Any
window touching the block yields the whole block; a value is reported on the row where its first byte is, and the
joined reading stands for the rows (``Joined``).

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

TRIGGERS = (r":(?:\t0x[0-9a-f]{2}){0,6}\t0x3[0-9]\t0x3[0-9]",)  # from the colon after the address on
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII)
_ROW = lazy_compile(r"0x(?P<address>[0-9a-f]{4,16})(?: <[^<>\n]{1,120}>)?:(?P<bytes>(?:\t0x[0-9a-f]{2}){1,16})[ \t]*",
                    re.ASCII)


def _row(text: str, ls: int) -> tuple[int, bytes, int] | None:
    """(address, bytes, line end) of the ``x/xb`` row starting at ``ls``, or None."""
    le = text.find("\n", ls)
    le = len(text) if le < 0 else le
    m = _ROW.fullmatch(text, ls, le - (text[le - 1 : le] == "\r"))
    return None if m is None else (int(m["address"], 16), bytes.fromhex(m["bytes"].replace("\t0x", "")), le)


class GdbBytesDecoder(BoundedDecoder):
    id = "gdb_bytes"
    priority = 58
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        _, end, line_start, line_end = line_bounds(text, pos, endpos)
        ls, done = line_start, -1
        while 0 <= ls <= min(end, line_end):
            if ls > done and _row(text, ls) is not None and (block := self._block(text, ls)) is not None:
                done = block.end
                yield block
            ls = text.find("\n", ls) + 1 or -1

    def _block(self, text: str, at: int) -> Joined | None:
        """The rows around the one starting at ``at`` whose addresses follow on, decoded, or None."""
        first = at
        while first > 0:
            ls = text.rfind("\n", 0, first - 1) + 1
            prev, row = _row(text, ls), _row(text, first)
            if prev is None or row is None or row[0] - prev[0] != len(prev[1]) or over_limit(at - ls, self.max_segment):
                break
            first = ls
        rows: list[tuple[int, bytes, int, int]] = []  # address, bytes, line start, line end
        ls = first
        while ls < len(text) and (row := _row(text, ls)) is not None:
            if over_limit(row[2] - first, self.max_segment) or (rows and row[0] - rows[-1][0] != len(rows[-1][1])):
                break
            rows.append((row[0], row[1], ls, row[2]))
            ls = row[2] + 1
        if len(rows) < 2 or not _TRIGGER.search(text, first, rows[-1][3]):
            return None
        data = b"".join(raw for _, raw, _, _ in rows).rstrip(b"\0").replace(b"\0", b"\n")
        if not data or (decoded := bytes_to_text(data, self.max_output)) is None:
            return None
        offsets = [min(address - rows[0][0], len(data)) for address, _, _, _ in rows]
        if not (starts := row_starts(data, 0, decoded, offsets)):
            return None
        pieces = tuple((ls, le) for (_, _, ls, le), at in zip(rows, starts, strict=True) if at < len(decoded))
        return Joined(first, rows[-1][3], decoded, ("gdb_bytes",), line_starts=starts, pieces=pieces)


DECODER = GdbBytesDecoder
