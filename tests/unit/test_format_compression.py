"""gzip, bzip2, xz and zstd (one table per row): canary found with its line, truncated, corrupt, bombs, nesting."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from scanners.formats.base import Limits
from tests.unit.format_contract import CANARIES, TEXT, Bad, check_bad, flipped, scan_bytes, truncated, walk

COMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda b: gzip.compress(b, mtime=0),
    "bzip2": bz2.compress,
    "xz": lzma.compress,
    "zstd": lambda b: zstandard.ZstdCompressor(write_checksum=True).compress(b),  # the zstd command's default
}
NOISE = "".join(f"{i:08x} " for i in range(20000)).encode()  # compresses badly: a cut stream is really cut
BIG = NOISE + f"\n{TEXT}\n".encode()


@pytest.mark.parametrize("fmt", sorted(COMPRESS))
def test_card_in_compressed_log_has_its_line(fmt: str, tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, COMPRESS[fmt](b"first line\nsecond\n" + TEXT.encode() + b"\n"), "app.log")
    (finding,) = out["findings"]
    assert finding["location"]["line"] == 3 and out["verdict"] == "leaks"


@pytest.mark.parametrize("fmt", sorted(COMPRESS))
def test_layers_nest_through_each_other(fmt: str, tmp_path: Path) -> None:
    data = CANARIES["tar"].data
    for layer in sorted(COMPRESS):  # tar inside every compression, in turn
        data = COMPRESS[layer](data)
    out = scan_bytes(tmp_path, COMPRESS[fmt](data))
    assert [f["location"]["member"] for f in out["findings"]] == ["var/log/canary.log"]


BAD = [
    Bad(f"{fmt}-{kind}", (lambda f=fmt, k=kind: make(f, k)), reason)
    for fmt in sorted(COMPRESS)
    for kind, reason in (("truncated", fmt), ("corrupt", fmt))
]


def make(fmt: str, kind: str) -> bytes:
    data = COMPRESS[fmt](BIG)
    return truncated(data) if kind == "truncated" else flipped(data)


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)


@pytest.mark.parametrize("fmt", sorted(COMPRESS))
def test_bomb_stops_at_the_ratio_limit(fmt: str) -> None:
    bomb = COMPRESS[fmt](b"A" * (8 << 20))
    records, cov, _ = walk(bomb, Limits(max_ratio=100, ratio_floor=1 << 20))
    assert cov.status == "error" and "compression ratio over the limit of 100:1" in (cov.reason or "")
    assert fmt in (cov.reason or "")
    assert sum(len(r.text) for r in records) <= 2 << 20  # stopped soon after the floor


def test_size_limit_per_member() -> None:
    _, cov, _ = walk(gzip.compress(NOISE, mtime=0), Limits(max_member_bytes=64 << 10))
    assert cov.status == "error" and "decompressed size over the limit" in (cov.reason or "")


def test_nesting_depth_limit_is_reported() -> None:
    data = TEXT.encode()
    for _ in range(5):
        data = gzip.compress(data, mtime=0)
    records, cov, _ = walk(data, Limits(max_depth=3))
    assert not records
    assert (cov.status, cov.reason) == ("skipped", "gzip nested deeper than the limit of 3 levels: not examined")


CUT = {  # a log smaller than one scan chunk, compressed in small blocks (bzip2 decodes whole blocks only), cut at 70 %
    "gzip": COMPRESS["gzip"],
    "bzip2": lambda b: bz2.compress(b, compresslevel=1),
    "xz": lambda b: lzma.compress(b, preset=0),
    "zstd": COMPRESS["zstd"],
}
SMALL_LOG = "".join(f"{i:05d} {TEXT} {random.Random(i).randbytes(12).hex()}\n" for i in range(5000)).encode()


@pytest.mark.parametrize("fmt", sorted(CUT))
def test_a_cut_stream_hands_on_the_text_before_the_cut(fmt: str, tmp_path: Path) -> None:
    """The text decompressed before the cut is scanned and counted; the item is still named not fully read."""
    out = scan_bytes(tmp_path, truncated(CUT[fmt](SMALL_LOG), 0.7), "app.log.cut")
    (cov,) = out["coverage"]
    assert cov["status"] == "error" and cov["reason"].startswith(f"{fmt}: truncated"), cov
    lines = {f["location"]["line"] for f in out["findings"]}
    assert len(lines) > 100 and set(range(1, cov["items_scanned"])) <= lines  # the cut last line may not hold it
    assert 0 < cov["bytes_scanned"] < len(SMALL_LOG) and out["verdict"] == "leaks"


@pytest.mark.parametrize(("fmt", "tail", "status"), [(f, t, s) for f in ("bzip2", "xz")
                                                     for t, s in ((b"\0" * 4, "scanned"), (b"garbage!", "error"))])
def test_what_follows_the_last_stream(fmt: str, tail: bytes, status: str) -> None:
    """Zero padding after the last stream is skipped; other data is named not read (it was dropped quietly)."""
    one = COMPRESS[fmt](f"{TEXT}\n".encode())
    records, cov, _ = walk(one + one + tail, Limits())
    assert cov.status == status and cov.items_scanned == 2 and sum(TEXT in r.text for r in records) == 1
    assert status == "scanned" or "data after the last stream" in (cov.reason or "")
