"""SQLite files read as their tables: a row's cells (stored back to back in the file) each scanned under its
column's name, findings located by table, rowid and the byte where the value is stored; ids and serials under
non-card columns stay quiet; a file sqlite3 cannot read is never clean."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from scanners.cards.brands import luhn_valid
from tests.unit.format_contract import Bad, check_bad, flipped, scan_bytes, truncated


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453201511283036")
SERIAL = luhn("970403577918097")  # a Luhn-valid device serial: not a card under its column


def database(tmp_path: Path, *statements: str, rows: Callable[[sqlite3.Connection], object] | None = None) -> bytes:
    path = tmp_path / "made.sqlite"
    path.unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as con:
        for sql in statements:
            con.execute(sql)
        if rows is not None:
            rows(con)
        con.commit()
    return path.read_bytes()


def queue(count: int, note: str = "offline") -> Callable[[sqlite3.Connection], None]:
    def fill(con: sqlite3.Connection) -> None:
        con.executemany("INSERT INTO txn VALUES (?,?,?,?,?,?,?)", [
            (i + 1, 1709337600000 + i, f"T{i:07d}", PAN, "1129", "123", note) for i in range(count)])
    return fill


TXN = "CREATE TABLE txn (id INTEGER PRIMARY KEY, created_ms INTEGER, terminal TEXT, pan TEXT, exp TEXT, cvv TEXT, " \
      "note TEXT)"


def found(out: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f["type"], f["location"]) for f in out["findings"]]


def test_cells_stored_back_to_back_are_read_apart(tmp_path: Path) -> None:
    data = database(tmp_path, TXN, rows=queue(1))
    assert (PAN + "1129123").encode() in data  # the shape that glued them into one digit run
    out = scan_bytes(tmp_path, data)
    at = data.index((PAN + "1129123").encode())
    assert {(t, loc["table"], loc["rowid"], loc["offset"]) for t, loc in found(out)} == {
        ("pan", "txn", 1, at), ("expiry", "txn", 1, at + 16), ("cvv", "txn", 1, at + 20)}
    assert [c["location"].get("table") or c["location"].get("pages") for c in out["coverage"]] == [
        None, "txn", "index and free"]
    assert PAN not in repr(out)


def test_index_copies_and_deleted_rows_are_read_from_their_pages(tmp_path: Path) -> None:
    """An index holds a copy of what it indexes, and a deleted row's page goes to the free list with its bytes:
    both are read by their text runs, each value at its own byte offset."""
    def fill(con: sqlite3.Connection) -> None:
        con.execute("INSERT INTO prompts VALUES (?, ?)", (f"Charge card {PAN} please", "ok"))
        rows = [(i, f"card {PAN} exp 11/29 row {i:04d}") for i in range(300)]
        con.executemany("INSERT INTO gone VALUES (?, ?)", rows)
        con.execute("DELETE FROM gone")
    data = database(tmp_path, "PRAGMA secure_delete=OFF", "CREATE TABLE prompts (prompt TEXT PRIMARY KEY, llm TEXT)",
                    "CREATE TABLE gone (id INTEGER PRIMARY KEY, note TEXT)", rows=fill)
    out = scan_bytes(tmp_path, data)
    table = [loc["offset"] for t, loc in found(out) if t == "pan" and loc.get("table") == "prompts"]
    loose = [loc for t, loc in found(out) if t == "pan" and loc.get("pages")]
    copies = [m for m in range(len(data)) if data.startswith(PAN.encode(), m)]
    # the table's row once; the index's copy and the free pages' rows (a value repeated in one page: once a page)
    assert len(table) == 1 and len({loc["page"] for loc in loose}) >= 2 and len(copies) > 2
    assert {loc["offset"] for loc in loose} <= set(copies) - set(table)
    assert PAN not in repr(out)


def test_rows_deep_in_the_tree_are_placed_at_their_value(tmp_path: Path) -> None:
    def fill(con: sqlite3.Connection) -> None:
        con.executemany("INSERT INTO txn VALUES (?,?,?,?,?,?,?)", [
            (i + 1, 1709337600000 + i, f"T{i:07d}", PAN if i == 2345 else "", "1129" if i == 2345 else "", "",
             "x" * 40) for i in range(3000)])
    data = database(tmp_path, TXN, rows=fill)
    out = scan_bytes(tmp_path, data)
    (pan,) = [loc for t, loc in found(out) if t == "pan"]
    assert pan["rowid"] == 2346 and data[pan["offset"]:pan["offset"] + 16] == PAN.encode()


@pytest.mark.parametrize(("schema", "row"), [
    ("CREATE TABLE device (imei TEXT, serial TEXT, created_ns INTEGER, masked_pan TEXT)",
     ("356938035643809", SERIAL, 1709337600123456789, "453201******0366")),
    ("CREATE TABLE device (id INTEGER PRIMARY KEY, phone TEXT, serial TEXT)", (7, "+1 686-706-0798", SERIAL)),
    ("CREATE TABLE events (seq INTEGER, ts INTEGER, order_id TEXT)", (int(SERIAL), 1709337600000, SERIAL)),
], ids=["imei-serial-masked", "phone-serial", "seq-order"])
def test_ids_under_non_card_columns_stay_quiet(schema: str, row: tuple[Any, ...], tmp_path: Path) -> None:
    marks = ",".join("?" * len(row))
    table = schema.split()[2]
    data = database(tmp_path, schema, rows=lambda con: con.execute(f"INSERT INTO {table} VALUES ({marks})", row))
    out = scan_bytes(tmp_path, data)
    assert out["findings"] == [] and out["verdict"] == "clean", out["coverage"]


def test_overflow_blob_and_without_rowid_tables(tmp_path: Path) -> None:
    long_note = "x" * 9000 + f" paid with card {PAN}"
    data = database(
        tmp_path, TXN, "CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID",
        rows=lambda con: (queue(1, long_note)(con),
                          con.execute("INSERT INTO kv VALUES (?, ?)", ("card", b"\x00\x01" + PAN.encode() + b"\xff"))))
    out = scan_bytes(tmp_path, data)
    places = {(loc["table"], loc.get("rowid"), loc.get("row")) for t, loc in found(out) if t == "pan"}
    assert places == {("txn", 1, None), ("kv", None, 1)}
    assert all(isinstance(loc["offset"], int) for _, loc in found(out))


def test_virtual_table_module_is_not_run(tmp_path: Path) -> None:
    data = database(tmp_path, "CREATE VIRTUAL TABLE notes USING fts5(body)",
                    rows=lambda con: con.execute("INSERT INTO notes VALUES (?)", (f"card {PAN} exp 11/29",)))
    out = scan_bytes(tmp_path, data)
    skipped = [c for c in out["coverage"] if c["status"] == "skipped"]
    assert [c["location"]["table"] for c in skipped] == ["notes"] and out["verdict"] != "clean"


def big(tmp_path: Path) -> bytes:
    return database(tmp_path, TXN, rows=queue(400))


BAD = [
    Bad("sqlite-garbage", lambda: b"SQLite format 3\x00" + b"\xff" * 200, "sqlite"),
    Bad("sqlite-bad-page-size", lambda: b"SQLite format 3\x00" + b"\x03\x00" + b"\x00" * 300, "sqlite"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)


def leaf_header_flipped(data: bytes) -> bytes:  # the table's first page (page 2) starts at the page size
    size = int.from_bytes(data[16:18], "big")
    return data[:size] + bytes(b ^ 0x5A for b in data[size:size + 12]) + data[size + 12:]


@pytest.mark.parametrize("damage", [lambda d: truncated(d, 0.5), leaf_header_flipped, lambda d: flipped(d, 0.6, 64)],
                         ids=["truncated", "page-header-flipped", "cells-flipped"])
def test_damaged_database_is_never_clean(damage: Callable[[bytes], bytes], tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, damage(big(tmp_path)))
    assert out["verdict"] in ("incomplete", "leaks")
    assert out["summary"]["incomplete_items"] > 0, out["coverage"]
    assert PAN not in repr(out)
