"""curl's ``--trace-ascii`` dumps (and libcurl's ``CURLOPT_DEBUGFUNCTION`` example that writes them), read joined:
after a ``=> Send data, 100 bytes (0x64)`` line (``<= Recv data``, ``=> Send header``...; with ``--trace-time`` a
time before it), the bytes follow in rows of an offset and up to 64 characters (``0000: {"card_number": "41...``,
``0040: 11", "expiry": "09/27"}``), so a value is cut wherever a row ends.

curl ends a row at 64 bytes, or early at a CRLF, which it skips unprinted: a row's offset is the previous row's plus
its length (a cut inside the line: joined as it stood) or plus its length and 2 (a CRLF: a line break). Rows whose
offsets do not follow on end the block. A block of two rows or more is one segment from its header line on, decoded
to the header line and the joined rows; a value is reported on the rows it was dumped on, and the joined reading
stands for the rows (``Joined``): a row alone shows a number without the key on the row above (``0080:
5829…","ts":…`` after ``"order_id":"`` ), which the whole says is no card number. A block of one row is already
whole as written.

Limits: blocks longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, trigger_lines
from scanners.detectors.base import Decoded
from scanners.engine.pieces import Joined

TRIGGERS = (r"^(?:[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} )?(?:=>|<=) (?:Send|Recv) (?:SSL )?(?:data|header), [0-9]",)
_HEAD = re.compile(TRIGGERS[0], re.MULTILINE)
_ROW = re.compile(r"(?P<offset>[0-9a-f]{4,8}): ")
_WIDTH = 64  # curl's row width without the hex column


class TraceAsciiDecoder(BoundedDecoder):
    id = "trace_ascii"
    priority = 56
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_HEAD, text, pos, endpos, self.max_segment):
            if (got := self._block(text, s, e)) is not None:
                yield got

    def _block(self, text: str, head: int, head_end: int) -> Joined | None:
        """The rows after the header line ``text[head:head_end]``, joined, or None when fewer than two follow on."""
        rows: list[tuple[int, str]] = []  # offset, row
        lines: list[tuple[int, int]] = []  # each row's line
        at, end = head_end + 1, head_end
        while at < len(text) and (m := _ROW.match(text, at)) is not None:
            offset = int(m["offset"], 16)
            if offset - (rows[-1][0] + len(rows[-1][1]) if rows else 0) not in ((0, 2) if rows else (0,)):
                break
            le = text.find("\n", at)
            le = len(text) if le < 0 else le
            row = text[m.end() : le].rstrip("\r")
            if len(row) > _WIDTH or over_limit(le - head, self.max_segment):
                break
            rows.append((offset, row))
            lines.append((at, le))
            end, at = le, le + 1
        if len(rows) < 2:
            return None
        out, starts = [text[head:head_end].rstrip("\r")], [0]
        size = len(out[0])
        for i, (offset, row) in enumerate(rows):
            # a line break where curl skipped a CRLF (the offset steps two past the row), none where it cut the line
            out.append("\n" if i == 0 or offset > rows[i - 1][0] + len(rows[i - 1][1]) else "")
            starts.append(size + len(out[-1]))
            out.append(row)
            size = starts[-1] + len(row)
        decoded = capped("".join(out), self.max_output)
        pieces = tuple(line for line, at in zip(lines, starts[1:], strict=True) if at < len(decoded))  # rows read whole
        return Joined(head, end, decoded, ("trace_ascii",), line_starts=tuple(starts), pieces=pieces)


DECODER = TraceAsciiDecoder
