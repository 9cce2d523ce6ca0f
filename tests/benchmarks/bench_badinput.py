"""Memory under hostile input (issue 10): peak RSS of ``spc scan`` on 100k tiny files, one 200 MB line, 200k findings.

Figures, not assertions. Each case runs ``spc scan`` in a child process (``--jobs 1``, JSON to a file) and reports
its peak RSS (``wait4``), wall time and the verdict, next to a baseline measured in the same run: the same command
on a single small clean file (the interpreter, engine and detector start-up every case pays).

    .venv/bin/python -m tests.benchmarks.bench_badinput            # full sizes (writes about 230 MB to a temp dir)
    .venv/bin/python -m tests.benchmarks.bench_badinput --quick    # a tenth of each
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PAN = "4111111111111111"
LIMIT_MB = 200


def tiny_files(root: Path, n: int) -> Path:
    tree = root / "tiny"
    for i in range(n):
        sub = tree / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"f{i:06d}.log").write_text(f"request {i} ok\n")
    return tree


def huge_line(root: Path, mb: int) -> Path:
    path = root / "one-line.log"
    chunk = ("lorem ipsum dolor sit amet " * 4000).encode()
    with path.open("wb") as fh:
        written = 0
        while written < mb << 20:
            fh.write(chunk)
            written += len(chunk)
        fh.write(f" card {PAN}\n".encode())
    return path


def many_findings(root: Path, n: int) -> Path:
    path = root / "findings.log"
    with path.open("w") as fh:
        for i in range(n):
            fh.write(f"{i} card {PAN}\n")
    return path


def run(target: Path, out: Path, key: Path) -> tuple[float, float, str, int]:
    """(peak RSS MB, seconds, verdict, findings) of one ``spc scan`` child."""
    env = dict(os.environ, SPC_KEY_FILE=str(key))
    cmd = [sys.executable, "-m", "scanners.cli", "scan", str(target), "--format", "json", "--out", str(out),
           "--no-progress", "--jobs", "1"]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - t0
    proc.returncode = 0
    with out.open() as fh:
        doc = json.load(fh)
    return usage.ru_maxrss / 1024, seconds, doc["verdict"], doc["summary"]["findings"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="a tenth of each size")
    args = p.parse_args(argv)
    scale = 10 if args.quick else 1
    root = Path(tempfile.mkdtemp(prefix="spc-bench-badinput-"))
    try:
        key = root / "fp.key"
        (root / "base.log").write_text("nothing here\n")
        cases: list[tuple[str, Callable[[], Path]]] = [
            ("baseline: one small clean file", lambda: root / "base.log"),
            (f"{100_000 // scale:,} tiny files", lambda: tiny_files(root, 100_000 // scale)),
            (f"one {200 // scale} MB line", lambda: huge_line(root, 200 // scale)),
            (f"{200_000 // scale:,} findings", lambda: many_findings(root, 200_000 // scale)),
        ]
        print(f"{'case':<34} {'peak RSS':>10} {'vs baseline':>12} {'seconds':>8}  verdict   findings")
        base = 0.0
        for name, make in cases:
            target = make()
            rss, seconds, verdict, findings = run(target, root / "out.json", key)
            base = base or rss
            flag = "" if rss <= LIMIT_MB else f"  over {LIMIT_MB} MB"
            print(f"{name:<34} {rss:>8.0f} MB {rss / base:>11.2f}x {seconds:>8.1f}  {verdict:<9} {findings}{flag}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
