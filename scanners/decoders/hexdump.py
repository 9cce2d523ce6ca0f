"""Hex dumps, as debug logs and packet captures print payloads: ``xxd``, ``hexdump -C``, ``od -A x -t x1z``,
``tcpdump -X``, Wireshark and Netty. Each line is an offset, 8-32 bytes in hex (grouped by one or two bytes) and
usually the same bytes as text, so a card number is cut wherever a line ends (``note: card 41111`` /
``11111111111 exp``).

A segment is a block of consecutive dump lines whose offsets follow on (each line's offset is the previous line's
plus its byte count) holding a trigger match: a dump line with two hex-encoded ASCII digits in a row. The block's
bytes, joined, decode as text. A line's byte count is the step to the next offset (the last line keeps the width of
the others), so an ASCII column that looks like hex is never read as bytes. Like a quoted-printable paragraph, any
window touching the block yields the whole block. A value is reported on the row where its first byte is, and the
joined reading stands for the rows (``Joined``): a row alone shows a number without the key on the row above
(``"order_id":`` / ``"5829…"``) or digits from the hex column, which the whole says are no card data.

Limits: blocks longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, bytes_to_text, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.engine.pieces import Joined
from scanners.lazy_re import lazy_compile

_OFFSET = r"^[ \t|]*(?:0x)?[0-9A-Fa-f]{4,8}[:|]?[ \t]+"
TRIGGERS = (_OFFSET + r"(?:[0-9A-Fa-f]{2} ?){0,30}3[0-9] ?3[0-9]",)
_TEXT_BYTES = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
_HEAD = 128  # the longest binary head read past: Ethernet, IPv6 or IPv4 and TCP headers with options
_MIN_PAYLOAD = 8  # the shortest text after a binary head that is read
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII | re.MULTILINE)
_LINE = lazy_compile(
    r"[ \t|]*(?:0x)?(?P<offset>[0-9A-Fa-f]{4,8})[:|]?[ \t]+(?P<hex>(?:[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?(?: {1,2}|$))+)"
)


def _dump_line(text: str, ls: int, le: int) -> tuple[int, bytes] | None:
    """(offset, bytes in its hex column) of a dump line, or None."""
    m = _LINE.match(text, ls, le)
    if m is None:
        return None
    raw = bytes.fromhex(m["hex"].replace(" ", ""))
    return (int(m["offset"], 16), raw) if raw else None


def _lines(text: str, ls: int, step: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the lines from the one starting at ``ls`` on, forward (``step`` 1) or backward (-1)."""
    while 0 <= ls <= len(text):
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        yield ls, le - (text[le - 1 : le] == "\r")
        if step > 0:
            if le >= len(text):
                return
            ls = le + 1
        else:
            if ls == 0:
                return
            ls = text.rfind("\n", 0, ls - 1) + 1


class HexDumpDecoder(BoundedDecoder):
    id = "hexdump"
    priority = 55
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        _, end, line_start, line_end = line_bounds(text, pos, endpos)
        done = -1
        for ls, le in _lines(text, line_start, 1):
            if ls > end or ls > line_end:
                return
            if ls > done and _dump_line(text, ls, le) is not None and (block := self._block(text, ls)) is not None:
                done = block.end
                yield block

    def _block(self, text: str, at: int) -> Decoded | None:
        """The block of dump lines around the line starting at ``at``, decoded, or None."""
        first = at
        for ls, le in _lines(text, at, -1):
            if _dump_line(text, ls, le) is None or over_limit(at - ls, self.max_segment):
                break
            first = ls
        lines: list[tuple[int, bytes, int]] = []  # offset, bytes, line end
        rows: list[tuple[int, int]] = []
        for ls, le in _lines(text, first, 1):
            line = _dump_line(text, ls, le)
            if line is None or over_limit(le - first, self.max_segment):
                break
            if lines:  # the step between offsets is the previous line's byte count
                offset, raw, end = lines[-1]
                if not 0 < line[0] - offset <= len(raw):
                    break
                lines[-1] = (offset, raw[: line[0] - offset], end)
            lines.append((line[0], line[1], le))
            rows.append((ls, le))
        if len(lines) < 2 or not _TRIGGER.search(text, first, lines[-1][2]):
            return None
        offset, raw, end = lines[-1]
        lines[-1] = (offset, raw[: len(lines[-2][1])], end)  # the last line: no longer than the others
        data = b"".join(raw for _, raw, _ in lines)
        if (got := self._text(data)) is None:
            return None
        decoded, head = got
        starts = row_starts(data, head, decoded, [offset - lines[0][0] for offset, _, _ in lines])
        if not starts:  # (UTF-16) no row of its own for a value: the rows' own readings stay
            return Decoded(first, lines[-1][2], decoded, ("hexdump",))
        pieces = tuple(row for row, at in zip(rows, starts, strict=True) if at < len(decoded))  # rows read whole
        return Joined(first, lines[-1][2], decoded, ("hexdump",), line_starts=starts, pieces=pieces)

    def _text(self, data: bytes) -> tuple[str, int] | None:
        """The block's bytes as text, or the text after a binary head (a packet's link, IP and TCP headers, which
        ``tcpdump -X`` and Wireshark print before the payload): (text, bytes skipped), or None. UTF-8 text after a
        head comes before a guess of BOM-less UTF-16 for the whole (a binary head can pass for UTF-16 with it)."""
        heads = [0, *(i + 1 for i, b in enumerate(data[:_HEAD]) if b not in _TEXT_BYTES)]
        for utf8 in (True, False):
            for head in heads:
                rest = data[head:]
                if (head == 0 or len(rest) >= _MIN_PAYLOAD) and (not utf8 or _utf8(rest)) and (
                        text := bytes_to_text(rest, self.max_output)) is not None:
                    return text, head
        return None


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def row_starts(data: bytes, head: int, text: str, offsets: list[int]) -> tuple[int, ...]:
    """Where each dump line's bytes begin in ``text`` (``data[head:]`` decoded; a line before the text at 0), so a
    value is reported on the lines it was dumped on; () when the text is not UTF-8 read byte for byte (UTF-16)."""
    chars = [0] * (len(data) - head + 1)  # characters decoded before each byte: a UTF-8 continuation byte adds none
    for i, b in enumerate(data[head:]):
        chars[i + 1] = chars[i] + (b & 0xC0 != 0x80)
    if chars[-1] != len(text):
        return ()
    return tuple(chars[max(0, min(o - head, len(chars) - 1))] for o in offsets)


DECODER = HexDumpDecoder
