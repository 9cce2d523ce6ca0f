"""A truncated or corrupt gzip: every card before the damage is found, the item ends with ``error`` and the reason,
and bytes_scanned counts what was read; on every read path (file, S3 object, archive member, nested gzip)."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest

from scanners.engine.finding import Coverage, Record
from scanners.formats.gz import Gunzip, gunzipped, gzip_error
from scanners.sources._parallel import read_object
from tests.unit.format_contract import TEXT, scan_bytes

LINES = 4000
PLAIN = "".join(f"{i} {TEXT} " + "x" * (i % 97) + "\n" for i in range(LINES)).encode()
WHOLE = gzip.compress(PLAIN, mtime=0)


def lines_found(out: dict[str, Any]) -> set[int]:
    return {f["location"]["line"] for f in out["findings"]}


def read_all(data: bytes) -> tuple[bytes, str | None]:
    stream = gunzipped(io.BytesIO(data))
    out = b"".join(iter(lambda: stream.read(1 << 18), b""))
    damage = gzip_error(stream)
    return out, None if damage is None else str(damage)


@pytest.mark.parametrize("keep", [0.05, 0.3, 0.5, 0.67, 0.9, 0.999])
def test_a_cut_gzip_file_reports_the_cards_before_the_cut(tmp_path: Path, keep: float) -> None:
    cut = WHOLE[: int(len(WHOLE) * keep)]
    got, why = read_all(cut)
    assert PLAIN.startswith(got) and why is not None and why.startswith("truncated")
    out = scan_bytes(tmp_path, cut, "cut.log.gz")
    (cov,) = out["coverage"]
    assert cov["status"] == "error" and cov["reason"].startswith("gzip: truncated"), cov
    complete = got.count(b"\n")  # every complete line before the cut is found
    assert complete > 0 and set(range(1, complete + 1)) <= lines_found(out)
    assert cov["bytes_scanned"] == len(got)


def test_cut_in_the_second_member_keeps_the_first_and_the_start_of_the_second(tmp_path: Path) -> None:
    data = WHOLE + WHOLE[: len(WHOLE) // 2]
    got, why = read_all(data)
    assert why is not None and why.startswith("truncated")
    assert got[: len(PLAIN)] == PLAIN and PLAIN.startswith(got[len(PLAIN) :]) and len(got) > len(PLAIN)
    out = scan_bytes(tmp_path, data)
    assert out["coverage"][0]["status"] == "error"
    assert set(range(1, LINES + got[len(PLAIN) :].count(b"\n") + 1)) <= lines_found(out)


def test_corrupt_block_in_the_middle_keeps_what_came_before(tmp_path: Path) -> None:
    big = gzip.compress(PLAIN * 8, mtime=0)
    at = len(big) // 2
    bad = big[:at] + bytes(b ^ 0x5A for b in big[at : at + 64]) + big[at + 64 :]
    got, why = read_all(bad)
    assert why is not None and why.startswith("corrupt")
    assert len(got) > len(PLAIN) * 3  # decompressed up to the damage, not dropped with the failing read
    out = scan_bytes(tmp_path, bad)
    (cov,) = out["coverage"]
    assert cov["status"] == "error" and cov["reason"].startswith("gzip: corrupt")
    assert set(range(1, 3 * LINES)) <= lines_found(out)


@pytest.mark.parametrize(
    ("tail", "error"),
    [(b"", None), (b"\x00" * 10, None), (WHOLE, None), (b"garbage after the member", "corrupt: data after")],
    ids=["whole", "zero-padding", "second-member", "garbage"],
)
def test_what_follows_a_member(tmp_path: Path, tail: bytes, error: str | None) -> None:
    got, why = read_all(WHOLE + tail)
    assert got == (PLAIN * 2 if tail == WHOLE else PLAIN)
    assert (why or "").startswith(error or "")
    (cov,) = scan_bytes(tmp_path, WHOLE + tail)["coverage"]
    assert cov["status"] == ("error" if error else "scanned")


def test_no_gzip_header_is_corrupt() -> None:
    stream = Gunzip(io.BytesIO(b"\x1f\x8b\x08\x00" + b"garbage" * 20))
    assert stream.read(100) == b"" and stream.error is not None and str(stream.error).startswith("corrupt")


def test_s3_object_cut(tmp_path: Path) -> None:
    class Body(io.BytesIO):
        pass

    out: list[Record | Coverage] = []
    read_object(Coverage("s3", {"key": "k"}, "scanned"), lambda: (Body(WHOLE[: len(WHOLE) // 2]), False),
                out.append)
    cov = out[-1]
    assert isinstance(cov, Coverage) and cov.status == "error" and (cov.reason or "").startswith("gzip: truncated")
    assert cov.items_scanned > LINES // 4 and cov.bytes_scanned > len(PLAIN) // 4


@pytest.mark.parametrize("nested", [False, True], ids=["tar-member", "gzip-in-gzip"])
def test_cut_gzip_inside_a_container(tmp_path: Path, nested: bool) -> None:
    cut = WHOLE[: len(WHOLE) // 2]
    if nested:
        data = gzip.compress(cut, mtime=0)
    else:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            info = tarfile.TarInfo("logs/app.log.gz")
            info.size = len(cut)
            tar.addfile(info, io.BytesIO(cut))
        data = buf.getvalue()
    out = scan_bytes(tmp_path, data)
    damaged = [c for c in out["coverage"] if c["status"] == "error"]
    assert len(damaged) == 1 and "truncated" in damaged[0]["reason"], out["coverage"]
    assert len(out["findings"]) > LINES // 4
