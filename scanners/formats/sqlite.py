"""SQLite database files, read as the tables they hold: each row scanned as ``column: value`` lines.

A row's cells are stored back to back with no separator (``...4111111111111111` `1129` `123...`), so reading the
file by its text runs glues a card number, its expiry and its CVV into one run of digits. Read through the
``sqlite3`` module (a read-only copy, ``immutable``, untrusted schema: only ``SELECT`` of the file's own tables is
run; virtual tables, whose module code would run, are listed as not examined), each cell has its column's name in
front, so the key-aware detectors judge a ``pan`` column and a ``serial`` column differently. Each table is an item
of its own; findings name ``table``, ``rowid`` and ``offset``, the byte where the value is stored in the file
(``_sqlitepages``; a value on an overflow page is placed at its row's cell). A file ``sqlite3`` cannot open
(corrupt, or encrypted past its header) is an error in coverage, never clean. The pages no table read returns,
index pages (copies of the values indexed) and the free list's pages (deleted rows, dropped tables), are read by
their text runs as one more item (``pages``), each run at its byte offset; a deleted row still inside a live
table page is not read.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanners.engine.textruns import runs
from scanners.errors import FormatError
from scanners.formats import _sqlitepages as pages
from scanners.formats.base import Context, Format, Part, Stream, Text

if TYPE_CHECKING:
    import sqlite3

MAGIC = b"SQLite format 3\x00"
_BATCH = 512  # rows fetched at a time


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    import sqlite3  # here, so a scan without databases does not pay for importing it

    stream.seek(0)
    geo = pages.layout(header := stream.read(100))
    if geo is None:
        raise FormatError("invalid SQLite header")
    with tempfile.TemporaryDirectory(prefix="spc-sqlite-") as tmp:
        path = Path(tmp) / "db"
        stream.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out)
        try:
            con = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as exc:
            raise FormatError(f"cannot be opened ({type(exc).__name__})") from exc
        with closing(con):
            try:
                con.execute("PRAGMA trusted_schema=OFF")
                tables = con.execute("SELECT name, rootpage, sql FROM sqlite_master WHERE type='table'").fetchall()
                indexes = [r for (r,) in con.execute("SELECT rootpage FROM sqlite_master WHERE type='index'")]
            except sqlite3.Error as exc:  # "file is not a database", "database disk image is malformed"
                raise FormatError(f"corrupt or encrypted database ({type(exc).__name__})") from exc
            for name, root, sql in tables:
                where = {"table": str(name)}
                if str(sql or "").upper().startswith("CREATE VIRTUAL"):
                    yield Part(where, skipped="virtual table: its module is not run; its stored tables are read")
                else:
                    yield Part(where, texts=_rows(con, stream, geo, str(name), root))
    yield Part({"pages": "index and free"}, texts=_loose(stream, geo, header, indexes))


def _loose(stream: Stream, geo: pages.Layout, header: bytes, indexes: list[Any]) -> Iterator[Text]:
    """The text runs of each index or free page, one text a page, each run on its own line at its byte offset."""
    loose = pages.free_pages(stream, geo, header)
    for root in indexes:
        if isinstance(root, int) and root > 0:
            loose |= pages.index_pages(stream, geo, root)
    for page in sorted(loose):
        base = (page - 1) * geo.page_size
        stream.seek(base)
        found = list(runs(stream.read(geo.page_size), _Empty(), strings=False))
        if found:
            at, places = 0, []
            for offset, run in found:
                places.append((at, base + offset))
                at += len(run) + 1
            yield Text("\n".join(run for _, run in found), {"page": page}, byte_offsets=tuple(places))


def _rows(con: sqlite3.Connection, stream: Stream, geo: pages.Layout, name: str, root: Any) -> Iterator[Text]:
    import sqlite3  # as in ``read``

    quoted = '"' + name.replace('"', '""') + '"'
    rowids = True
    try:
        cur = con.execute(f"SELECT rowid, * FROM {quoted}")  # noqa: S608 - a name from the file's own schema, quoted
    except sqlite3.OperationalError:  # a WITHOUT ROWID table
        cur, rowids = con.execute(f"SELECT NULL, * FROM {quoted}"), False  # noqa: S608 - as above
    columns = [d[0] for d in cur.description[1:]]
    root_at = (int(root) - 1) * geo.page_size if isinstance(root, int) and root > 0 else 0
    places = _Places(stream, geo, root if rowids and isinstance(root, int) else 0)
    number = 0
    try:
        while batch := cur.fetchmany(_BATCH):
            for row in batch:
                number += 1
                cell, offsets = places.of(row[0]) if rowids else (None, [])
                where = {"rowid": row[0]} if rowids else {"row": number}
                yield _text(columns, row[1:], where, cell if cell is not None else root_at, offsets)
    except sqlite3.Error as exc:
        raise FormatError(f"corrupt table after {number} rows ({type(exc).__name__})") from exc


def _text(columns: list[str], values: tuple[Any, ...], where: dict[str, Any], cell: int,
          offsets: list[int | None]) -> Text:
    lines: list[str] = []
    places: list[tuple[int, int]] = []
    at = 0
    for i, (column, value) in enumerate(zip(columns, values, strict=True)):
        shown = _shown(value)
        if not shown:
            continue
        label = f"{column}: "
        byte = offsets[i] if i < len(offsets) else None
        places.append((at + len(label), byte) if byte is not None else (at, cell))
        lines.append(label + shown)
        at += len(lines[-1]) + 1
    return Text("\n".join(lines), where, byte_offsets=tuple(places) or ((0, cell),))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):  # a blob: its printable runs, as a binary file's are read
        return " ".join(text for _, text in runs(value, _Empty()))
    return str(value)


class _Empty:
    def read(self, size: int = -1, /) -> bytes:
        return b""


class _Places:
    """Each row's place from the b-tree walk, in step with the table scan (both in rowid order)."""

    def __init__(self, stream: Stream, geo: pages.Layout, root: int) -> None:
        self.walk = pages.rows(stream, geo, root) if root else iter(())
        self.next: tuple[int, int, list[int | None]] | None = None

    def of(self, rowid: int) -> tuple[int | None, list[int | None]]:
        try:
            while self.next is None or self.next[0] < rowid:
                self.next = next(self.walk)
        except (StopIteration, IndexError, ValueError, OSError):
            self.walk, self.next = iter(()), None
            return None, []
        if self.next[0] != rowid:
            return None, []
        return self.next[1], self.next[2]


def canary(text: str) -> bytes | None:
    import sqlite3  # as in ``read``

    with tempfile.TemporaryDirectory(prefix="spc-sqlite-") as tmp:
        path = Path(tmp) / "canary.sqlite"
        with closing(sqlite3.connect(path)) as con:
            con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, contact_id TEXT, note TEXT)")
            con.executemany("INSERT INTO contact (contact_id, note) VALUES (?, ?)", [("c-1", "no card"), ("c-2", text)])
            con.commit()
        return path.read_bytes()


FORMAT = Format("sqlite", lambda head: head[:16] == MAGIC, read, seekable=True, canary=canary, order=30)
