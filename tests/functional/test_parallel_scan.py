"""Scanning local files on several processes gives exactly the one-process result."""

import gzip
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from scanners.engine import parallel
from scanners.sources.files import FilePart

PANS = ["4111111111111111", "5555 5555 5555 4444", "3782-822463-10005", "6011000990139424"]


def write_log(path: Path, lines: int, seed: int) -> None:
    rnd = random.Random(seed)
    with path.open("w") as fh:
        for i in range(lines):
            card = f' card {rnd.choice(PANS)}' if i % 97 == 0 else ""
            fh.write(f'{{"i": {i}, "orderId": "{rnd.randrange(10**12, 10**16)}", "msg": "ok{card}"}}\n')


def test_split_points_are_line_aligned_and_count_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SPLIT_AT", 64 * 1024)
    monkeypatch.setattr(parallel, "BLOCK", 100)  # a line longer than one read block still finds its end
    log = tmp_path / "a.log"
    write_log(log, 6000, 1)
    data = log.read_bytes()
    parts = parallel.split(log, len(data))
    assert len(parts) > 3
    assert parts[0].start == 0 and parts[-1].end is None
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start and data[after.start - 1 : after.start] == b"\n"
        assert after.first_line == 1  # numbered within the part; shifted when results are assembled


@pytest.mark.parametrize("content", [b"\x1f\x8b" + b"x" * 100, b"\xff\xfe" + "t\n".encode("utf-16-le") * 50,
                                     b"\x00\x01" * 100])
def test_gzip_utf16_and_binary_stay_whole(tmp_path: Path, content: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SPLIT_AT", 16)
    f = tmp_path / "f"
    f.write_bytes(content)
    assert parallel.split(f, len(content)) == [FilePart(f)]


def spc(*args: str, tmp: Path, split_at: int) -> dict:
    env = dict(os.environ, SPC_KEY_FILE=str(tmp / "fp.key"))
    code = f"import sys; from scanners.engine import parallel; parallel.SPLIT_AT = {split_at}; " \
           "parallel.MIN_PARALLEL_BYTES = 0; from scanners.cli.main import main; sys.exit(main(sys.argv[1:]))"
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=180,
                         check=False)
    assert out.returncode in (0, 1, 2), out.stderr
    return json.loads(out.stdout)


def test_parallel_scan_equals_one_process(tmp_path: Path) -> None:
    root = tmp_path / "logs"
    (root / "sub").mkdir(parents=True)
    write_log(root / "big.log", 20000, 2)
    write_log(root / "sub" / "small.log", 300, 3)
    with gzip.open(root / "sub" / "old.log.gz", "wt") as fh:
        fh.write("x\n" * 50 + "card 4111111111111111\n")
    (root / "blob.bin").write_bytes(b"\x00\x02" * 500)
    (root / "skip.tmp").write_text("4111111111111111\n")
    args = ("scan", str(root), "--format", "json", "--exclude", "*.tmp=scratch files")
    one = spc(*args, "--jobs", "1", tmp=tmp_path, split_at=1 << 30)
    many = spc(*args, "--jobs", "3", tmp=tmp_path, split_at=100_000)
    assert many["findings"] == one["findings"] and many["coverage"] == one["coverage"]
    assert len(one["findings"]) > 150 and many["verdict"] == one["verdict"] == "leaks"
    lines = [f["location"]["line"] for f in many["findings"] if f["location"]["path"].endswith("big.log")]
    assert lines == sorted(lines) and lines[-1] > 19000


def test_merged_coverage_keeps_the_worst_status_and_every_reason() -> None:
    from scanners.engine.finding import Coverage

    covs = [Coverage("file", {}, "scanned", None, 10, 2), Coverage("file", {}, "error", "invalid UTF-8 (1 ...)", 5, 1),
            Coverage("file", {}, "error", "invalid UTF-8 (1 ...)", 5, 1)]
    merged = parallel.merge_coverage(Path("p"), covs)
    assert (merged.status, merged.reason, merged.bytes_scanned, merged.items_scanned) == (
        "error", "invalid UTF-8 (1 ...)", 20, 4)


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "scanners.cli", "scan", str(tmp_path), "--jobs", "0"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2 and "--jobs" in out.stderr and "1 or more" in out.stderr
