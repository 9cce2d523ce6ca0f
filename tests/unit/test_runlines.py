"""Line-structured text with control bytes (a receipt printer's ESC/POS stream, a terminal capture, a log with stray
NULs) is read by its text runs and located by the line and column an editor shows, with the finding's byte offset;
true binaries (an executable, a database, compiled code, random bytes) keep the run's offset and column alone."""

from __future__ import annotations

import io
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scanners.cards.brands import luhn_valid
from scanners.engine import textruns
from scanners.engine.runlines import LineTee, line_structured
from tests.unit.format_contract import scan_bytes


def luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("453201511283036")
AMEX = luhn("37144963539843")


def receipt(pan: str, n: int) -> bytes:
    """One ESC/POS receipt: initialise, centre, double size, bold card line, barcode, cut."""
    return (b"\x1b@\x1ba\x01\x1d!\x11STORE %d\x1d!\x00\n\x1ba\x00TOTAL       %d.25\n" % (n, 10 + n)
            + b"\x1bE\x01CARD " + pan.encode() + b"\x1bE\x00\nAPPR 0%05d SEQ 77%06d\n\x1dk\x04%09d\x00\n\x1dV\x42\x03\n"
            % (n, n, n))


def print_stream() -> bytes:
    return b"".join(receipt(PAN if n in (3, 11) else "************" + PAN[-4:], n) for n in range(14))


def terminal_capture() -> bytes:
    lines = [b"Script started on 2026-12-01 10:00:00+00:00\r\n"]
    for n in range(30):
        lines.append(b"\x1b]0;ops@pos-01: ~\x07\x1b[01;32mops@pos-01\x1b[00m:~$ tail -n1 pay%d.log\r\n" % n)
        card = AMEX if n == 17 else f"ref={n:015d}"
        lines.append(b"2026-12-01 INFO \x1b[31mcard %s\x1b[0m ok\x00\x1b[K\r\n" % card.encode())
    return b"".join(lines)


def nul_log() -> bytes:
    lines = [b"2026-12-01T10:00:%02d INFO svc handled request id=%d status=200\n" % (n % 60, n) for n in range(300)]
    lines[40] += b"\x00" * 4096  # a block zeroed by a crash
    lines[120] = lines[120][:-1] + b"\x00\r"  # a stray NUL, and a lone CR ending the line
    lines[250] = b"2026-12-01T10:04:10 WARN declined card " + PAN.encode() + b" retry\n"
    return b"".join(lines)


def line_of(data: bytes, offset: int) -> int:
    """The line an editor shows byte ``offset`` on: ``\n``, ``\r\n`` and a lone ``\r`` each end one."""
    head = data[:offset]
    return 1 + head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n")


def pans(out: dict[str, Any]) -> list[dict[str, Any]]:
    return [f["location"] for f in out["findings"] if f["type"] == "pan"]


# (name, data, the number found, its line, column)
LINED = [
    ("print stream", print_stream, PAN, [(3 * 6 + 3, 9), (11 * 6 + 3, 9)]),  # six lines a receipt
    ("terminal capture", terminal_capture, AMEX, [(1 + 2 * 17 + 2, len("2026-12-01 INFO \x1b[31mcard ") + 1)]),
    ("log with NULs", nul_log, PAN, [(251, 40)]),
]


@pytest.mark.parametrize("name, make, pan, where", LINED, ids=[c[0] for c in LINED])
def test_line_structured_text_is_located_by_line_column_and_offset(
    tmp_path: Path, name: str, make: Any, pan: str, where: list[tuple[int, int]]
) -> None:
    data = make()
    assert line_structured(data)
    out = scan_bytes(tmp_path, data, "spool.prn")
    locs = pans(out)
    assert [(loc["line"], loc["column"]) for loc in locs] == where
    for loc in locs:  # the offset is the finding's own first byte, on the line named
        assert data[loc["offset"] : loc["offset"] + len(pan)] == pan.encode()
        assert line_of(data, loc["offset"]) == loc["line"]
    (cov,) = out["coverage"]
    assert cov["status"] == "scanned" and "lines of text with control bytes" in cov["reason"]


def elf_like() -> bytes:
    code = bytes(random.Random(3).randrange(256) for _ in range(3000))
    text = b"usage: pay [-v]\n" * 40 + b"card " + PAN.encode() + b"\n"
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + code + text


def sqlite_db(tmp_path: Path) -> bytes:
    db = tmp_path / "payments.db"
    with sqlite3.connect(db) as con:
        con.execute("create table t (id integer primary key, note text)")
        con.executemany("insert into t (note) values (?)", [(f"note {n}\nline two\n",) for n in range(200)])
        con.execute("insert into t (note) values (?)", (f"card {PAN}\n",))
    con.close()
    return db.read_bytes()


def test_an_executable_keeps_the_run_offset_and_column(tmp_path: Path) -> None:
    data = elf_like()
    assert not line_structured(data)
    (loc,) = pans(scan_bytes(tmp_path, data, "pay"))
    assert "line" not in loc and loc["offset"] == data.index(b"card " + PAN.encode()) and loc["column"] == 6


def test_a_database_is_read_by_its_rows_not_as_lines(tmp_path: Path) -> None:
    data = sqlite_db(tmp_path)  # its own reader (``formats.sqlite``): located by table, rowid and byte offset
    assert not line_structured(data)
    (loc,) = pans(scan_bytes(tmp_path, data, "copy.db"))
    assert "line" not in loc and (loc["table"], loc["rowid"]) == ("t", 201)
    assert data[loc["offset"]:].startswith(PAN.encode())


def test_an_image_is_still_named_and_skipped(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + print_stream())
    assert out["coverage"][0]["status"] == "skipped" and pans(out) == []


QUIET = [  # binary content that is no line-structured text
    ("random bytes", random.Random(7).randbytes(1 << 16)),
    ("NUL-separated strings, no line ends", b"\x00\x00\x01\x02" + b"INFO request handled\x00" * 500),
    ("NUL-dense records", b"".join(b"rec %04d\x00\x00\x01\x00\x00\x00\n" % n for n in range(500))),
    ("text on lines over 1K", (b"x" * 3000 + b"\x00\n") * 20),
    ("static library", b"!<arch>\n" + print_stream()),
    ("Python bytecode", b"\xf3\x0d\x0d\x0a\x00\x00\x00\x00" + b"\x00" * 8 + b"\xe3" + print_stream()),
    ("Windows executable", b"MZ\x90\x00" + print_stream()),
    ("minidump", b"MDMP\x93\xa7" + print_stream()),
]


@pytest.mark.parametrize("name, data", QUIET, ids=[c[0] for c in QUIET])
def test_true_binaries_are_not_line_structured(name: str, data: bytes) -> None:
    assert not line_structured(data)


def test_utf8_letters_count_as_text_and_one_column_each() -> None:
    data = "Café 1\x00\nRésumé ok \x01\x02 2026-12-01 run\n".encode() * 40
    assert line_structured(data)
    tee = LineTee(data, io.BytesIO(b""), 1 << 20)
    second = data.index(b"2026")
    assert tee.place(second) == (2, len("Résumé ok \x01\x02 ") + 1, 1)


@pytest.mark.parametrize("parts, want", [
    ([b"ab\r", b"\ncd"], (2, 3)),  # a CRLF split between two stretches placed apart is one line break
    ([b"ab\r", b"cd"], (2, 3)),  # a lone CR ends a line
    ([b"ab\n\n", b"\rcd"], (4, 3)),
    ([b"ab", b"cd"], (1, 5)),
])
def test_line_breaks_are_counted_once_across_places(parts: list[bytes], want: tuple[int, int]) -> None:
    data = b"".join(parts) + b"card"
    tee = LineTee(data, io.BytesIO(b""), 1 << 20)
    tee.place(len(parts[0]))
    assert tee.place(len(data) - 4)[:2] == want


def test_a_utf16le_run_has_two_bytes_a_character(tmp_path: Path) -> None:
    wide = f"card {PAN}".encode("utf-16-le")
    data = b"2026-12-01 INFO start\n\x00\x07" + wide + b"\x00\x00\n" + b"2026-12-01 INFO done ok\n" * 30
    assert line_structured(data)
    (loc,) = pans(scan_bytes(tmp_path, data))
    assert loc["line"] == 2 and loc["offset"] == data.index(wide) + 2 * len("card ")


def test_a_long_stretch_without_runs_is_counted_as_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textruns, "BLOCK", 64)
    monkeypatch.setattr(textruns, "MAX_CARRY", 256)
    data = b"start of log\n" * 10 + b"\x00\n" * 5000 + b"card " + PAN.encode() + b"\n"
    tee = LineTee(data[:64], io.BytesIO(data[64:]), 256 + 2 * 64)
    found = list(textruns.runs(data[:64], tee))
    assert found[-1] == (data.index(b"card"), f"card {PAN}")
    assert len(tee._held) <= 4 * 256  # the bound on what is held
    assert tee.place(found[-1][0]) == (10 + 5000 + 1, 1, 1)


def test_huge_run_in_line_structured_text_keeps_its_line(tmp_path: Path) -> None:
    text = "card " + PAN + " " + "word " * 120_000 + "card " + AMEX + " ok"  # longer than a record
    data = b"\x00\x01\n" + b"header line ok\n" * 5000 + text.encode() + b"\n"  # judged by its first 64K bytes
    assert line_structured(data)
    locs = pans(scan_bytes(tmp_path, data))
    assert [(loc["line"], loc["column"]) for loc in locs] == [(5002, 6), (5002, len(text) - len(AMEX) - 2)]
    assert [data[loc["offset"] :][:15] for loc in locs] == [PAN[:15].encode(), AMEX.encode()]
