"""Binary content read by its text runs (as ``strings`` reads it): a card in a NUL-separated dump, a SQLite text
column, a UTF-16LE string, a run across a block boundary, a huge run, located by byte offset; noise stays quiet."""

from __future__ import annotations

import io
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scanners.engine import textruns
from scanners.engine.finding import Coverage
from scanners.engine.textio import TextReader
from scanners.errors import BinaryContentError
from tests.unit.format_contract import TEXT, scan_bytes

CARD_LINE = TEXT.encode()


def findings(out: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in out["findings"] if f["type"] == "pan"]


def test_nul_separated_lines_are_scanned_with_their_offsets(tmp_path: Path) -> None:
    filler = b"INFO request handled\x00"
    data = b"\x00\x00\x01\x02" + filler * 3 + CARD_LINE + b"\x00" + filler + CARD_LINE + b"\x00\xff"
    out = scan_bytes(tmp_path, data, "core.dump")
    (cov,) = out["coverage"]
    assert cov["status"] == "scanned" and "text runs" in cov["reason"] and cov["bytes_scanned"] == len(data)
    first = 4 + 3 * len(filler)
    column = CARD_LINE.index(b"card ") + len("card ") + 1
    assert [(f["location"]["offset"], f["location"]["column"]) for f in findings(out)] == [
        (first, column), (first + len(CARD_LINE) + 1 + len(filler), column)]
    assert out["verdict"] == "leaks"


def test_utf16le_run_and_ascii_run_in_one_blob(tmp_path: Path) -> None:
    data = b"\x00\x07" * 8 + CARD_LINE.decode().encode("utf-16-le") + b"\x00\x00\x07" + CARD_LINE + b"\x00"
    out = scan_bytes(tmp_path, data)
    assert [f["location"]["offset"] for f in findings(out)] == [16, 16 + 2 * len(CARD_LINE) + 3]


def test_card_split_by_binary_bytes_is_not_found(tmp_path: Path) -> None:
    at = CARD_LINE.index(b"card ") + 12
    out = scan_bytes(tmp_path, b"\x00\x01" + CARD_LINE[:at] + b"\x00\x03" + CARD_LINE[at:] + b"\x00")
    assert findings(out) == [] and out["verdict"] == "clean"


def test_sqlite_text_column_is_read(tmp_path: Path) -> None:
    db = tmp_path / "payments.db"
    with sqlite3.connect(db) as con:
        con.execute("create table t (id integer primary key, note text)")
        con.executemany("insert into t (note) values (?)", [("nothing here",), (TEXT,), ("x" * 3000,)])
    con.close()
    out = scan_bytes(tmp_path, db.read_bytes(), "copy.db")
    assert len(findings(out)) == 1 and out["coverage"][0]["status"] == "scanned"


@pytest.mark.parametrize("block", [7, 64, 1000])
def test_a_run_across_block_boundaries_is_kept_whole(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(textruns, "BLOCK", block)
    rng = random.Random(5)
    parts, want = [], []
    pos = 0
    for k in range(200):
        junk = bytes(rng.choice(b"\x00\x01\x02\xff") for _ in range(rng.randint(1, 9)))
        run = (b"run %d " % k) + b"y" * rng.randint(0, 150)
        text = run.decode().encode("utf-16-le") if k % 3 == 0 else run
        pos += len(junk)
        want.append((pos, run.decode()))
        parts += [junk, text]
        pos += len(text)
    data = b"".join(parts)
    assert list(textruns.runs(data[:5], io.BytesIO(data[5:]))) == want


def test_huge_run_is_cut_into_overlapping_records_reported_once() -> None:
    text = ("y" * 700 + " " + TEXT + " ") * 40
    data = b"\x00\x01" + text.encode() + b"\x00"
    cov = Coverage("file", {"path": "x"}, "scanned")
    reader = TextReader(io.BytesIO(data), source="file", location={"path": "x"}, chunk_chars=4096, context=256,
                        binary_runs=True, coverage=cov)
    records = list(reader.records())
    assert len(records) > 5 and all(r.run_offsets == (2,) for r in records)
    own = "".join(r.text[r.report_from : r.report_until] for r in records)
    assert own == text and reader.lines == 1 and reader.bytes_read == len(data) and reader.encoding == "binary"


def test_binary_runs_are_opt_in() -> None:
    with pytest.raises(BinaryContentError):
        list(TextReader(io.BytesIO(b"\x00\x01\x02\x03" * 100), source="file", location={}).records())


def test_random_bytes_give_no_finding(tmp_path: Path) -> None:
    data = random.Random(11).randbytes(3 << 20)
    out = scan_bytes(tmp_path, data)
    assert out["findings"] == [] and out["verdict"] == "clean"
    assert out["coverage"][0]["items_scanned"] > 1000  # thousands of short runs, each read


def test_images_and_compressed_archives_stay_named_and_skipped(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, b"\x89PNG\r\n\x1a\n" + b"\x00" + CARD_LINE)
    assert out["coverage"][0]["status"] == "skipped" and findings(out) == []
