"""Where each row of a SQLite table sits in the file: its b-tree walked page by page, as the file format
(sqlite.org/fileformat2.html) lays it out, for the byte offset of every cell value stored on the row's own page.

``scanners.formats.sqlite`` reads the values through the ``sqlite3`` module; this walk only places them, so a
finding names the byte where its value is stored (as findings in other binary items do). It yields rows in rowid
order, the order a table scan returns them in. A page it cannot read ends the walk early: the rows after it are
placed at their table's root page instead, never dropped (their values come from ``sqlite3``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

_LEAF, _INTERIOR = 13, 5  # table b-tree page types
_INDEX = (2, 10)  # index b-tree page types: interior, leaf
_MAX_PAGES = 1 << 31


@dataclass(frozen=True, slots=True)
class Layout:
    page_size: int
    usable: int  # page size less the bytes reserved at each page's end (by an encryption extension, for one)


def layout(header: bytes) -> Layout | None:
    """The page geometry in a database header (its first 100 bytes); None when it is not a valid one."""
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    size = int.from_bytes(header[16:18], "big")
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        return None
    return Layout(size, size - header[20])


def varint(buf: bytes, at: int) -> tuple[int, int]:
    """The varint at ``at`` and the offset after it (1 to 9 bytes, big-endian, 7 bits a byte but the ninth)."""
    value = 0
    for i in range(8):
        byte = buf[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | buf[at + 8], at + 9


def _size(serial: int) -> int:
    if serial >= 12:
        return (serial - 12) >> 1
    return (0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0)[serial]


def _local(payload: int, usable: int) -> int:
    """Bytes of a table leaf cell's payload stored on its page (the rest goes to overflow pages)."""
    most = usable - 35
    if payload <= most:
        return payload
    least = ((usable - 12) * 32 // 255) - 23
    keep = least + (payload - least) % (usable - 4)
    return keep if keep <= most else least


def rows(stream: IO[bytes], geo: Layout, root: int) -> Iterator[tuple[int, int, list[int | None]]]:
    """(rowid, byte offset of the cell, byte offset of each column's value or None) for every row under ``root``."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        page = stack.pop()
        if page in seen or not 0 < page < _MAX_PAGES:
            return  # a loop or a bad pointer: a corrupt file
        seen.add(page)
        base = (page - 1) * geo.page_size
        stream.seek(base)
        buf = stream.read(geo.page_size)
        head = 100 if page == 1 else 0
        if len(buf) < geo.page_size or buf[head] not in (_LEAF, _INTERIOR):
            return
        count = int.from_bytes(buf[head + 3:head + 5], "big")
        leaf = buf[head] == _LEAF
        ptrs = head + (8 if leaf else 12)
        cells = [int.from_bytes(buf[ptrs + 2 * i:ptrs + 2 * i + 2], "big") for i in range(count)]
        if not leaf:
            children = [int.from_bytes(buf[c:c + 4], "big") for c in cells]
            children.append(int.from_bytes(buf[head + 8:head + 12], "big"))
            stack.extend(reversed(children))
            continue
        for cell in cells:
            yield _cell(buf, cell, base, geo.usable)


def _cell(buf: bytes, cell: int, base: int, usable: int) -> tuple[int, int, list[int | None]]:
    payload, at = varint(buf, cell)
    rowid, at = varint(buf, at)
    local_end = at + _local(payload, usable)
    header, body = varint(buf, at)
    header_end = at + header
    body_at = header_end
    offsets: list[int | None] = []
    while body < header_end:
        serial, body = varint(buf, body)
        offsets.append(base + body_at if body_at + _size(serial) <= local_end else None)
        body_at += _size(serial)
    return rowid - (1 << 64 if rowid >= 1 << 63 else 0), base + cell, offsets


def index_pages(stream: IO[bytes], geo: Layout, root: int) -> set[int]:
    """The pages of the index b-tree under ``root`` (interior and leaf), as far as they read as one."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        page = stack.pop()
        if page in seen or not 0 < page < _MAX_PAGES:
            break  # a loop or a bad pointer: a corrupt file
        stream.seek((page - 1) * geo.page_size)
        buf = stream.read(geo.page_size)
        head = 100 if page == 1 else 0
        if len(buf) < geo.page_size or buf[head] not in _INDEX:
            break
        seen.add(page)
        if buf[head] == _INDEX[0]:  # interior: each cell starts with its left child, the right-most child after
            count = int.from_bytes(buf[head + 3:head + 5], "big")
            cells = [int.from_bytes(buf[head + 12 + 2 * i:head + 14 + 2 * i], "big") for i in range(count)]
            stack.extend(int.from_bytes(buf[c:c + 4], "big") for c in cells if c + 4 <= len(buf))
            stack.append(int.from_bytes(buf[head + 8:head + 12], "big"))
    return seen


def free_pages(stream: IO[bytes], geo: Layout, header: bytes) -> set[int]:
    """The free list's pages (what deleted rows and dropped tables left), trunks and leaves."""
    stream.seek(0, 2)
    count = stream.tell() // geo.page_size
    free: set[int] = set()
    trunk = int.from_bytes(header[32:36], "big")
    while 0 < trunk <= count and trunk not in free:
        stream.seek((trunk - 1) * geo.page_size)
        buf = stream.read(geo.page_size)
        free.add(trunk)
        leaves = min(int.from_bytes(buf[4:8], "big"), (len(buf) - 8) // 4)
        free.update(p for i in range(leaves) if 0 < (p := int.from_bytes(buf[8 + 4 * i:12 + 4 * i], "big")) <= count)
        trunk = int.from_bytes(buf[0:4], "big")
    return free
