"""Peak memory of ``spc scan`` on big archives and columnar files, next to baselines measured in the same run.

``python -m tests.benchmarks.bench_formats [--parquet-mb 2048] [--members 10000] [--keep DIR]``

1. Writes (a) a zip with ``--members`` small log members (one holds a test card), (b) a Parquet file of about
   ``--parquet-mb`` MB of poorly compressible text in row groups of 1,000,000 rows (pyarrow's default size),
   written batch by batch so this script stays small, one test card planted near the end, (c) baselines: a small
   text file and a small Parquet file (the interpreter, the engine and pyarrow loaded, nothing big read).
2. Runs ``spc scan FILE --jobs 1`` on each in its own process; peak RSS is its ``VmHWM`` (``/proc``), polled
   every 20 ms until it exits (``ru_maxrss`` would count this script's pages copied at fork).

Prints figures only; no assertions (goal from issue 16: <= 200 MB peak RSS for the 10,000-member zip and for a
2 GB Parquet file). The 2 GB case writes 2 GB to the work dir and takes minutes on a small machine.
"""

from __future__ import annotations

import argparse
import io
import json
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PAN = "4111111111111111"  # a published test card


def make_zip(path: Path, members: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(members):
            body = f"{i} GET /orders/{i} 200 {secrets.token_hex(40)}\n" * 20
            if i == members - 7:
                body += f"refund card {PAN}\n"
            zf.writestr(f"logs/2026/12/{i:05d}.log", body)


def make_parquet(path: Path, mb: int, rows_per_group: int = 1_000_000) -> int:
    """About ``mb`` MB of hex text (compresses poorly, so the file is about that size); returns rows written."""
    schema = pa.schema([("contact_id", pa.string()), ("note", pa.string())])
    rows, batch = 0, 100_000
    target = mb << 20
    with pq.ParquetWriter(path, schema, compression="snappy") as writer:
        while path.stat().st_size < target if path.exists() else True:
            notes = [secrets.token_hex(32) for _ in range(batch)]
            if path.exists() and path.stat().st_size > target * 0.95 and PAN not in notes[-1]:
                notes[-1] = f"refund card {PAN}"
            table = pa.table({"contact_id": [f"c-{rows + i}" for i in range(batch)], "note": notes}, schema=schema)
            writer.write_table(table, row_group_size=rows_per_group)
            rows += batch
            if rows % 1_000_000 == 0:
                sys.stderr.write(f"\rparquet: {rows:,} rows")
    sys.stderr.write("\n")
    return rows


def scan(path: Path, key: Path) -> tuple[float, float, dict[str, object]]:
    """(seconds, peak RSS MB, summary) of one ``spc scan`` in its own process."""
    out = path.with_suffix(".result.json")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scanners.cli", "scan", str(path), "--jobs", "1", "--no-progress",
                             "--format", "json", "--out", str(out), "--key-file", str(key)])
    peak = 0  # VmHWM of the scanning image (ru_maxrss would include this script's pages copied at fork)
    while proc.poll() is None:
        peak = max(peak, _hwm_kb(proc.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    result = json.loads(out.read_text())
    summary = {"verdict": result["verdict"], "findings": len(result["findings"]),
               "items": len(result["coverage"]), "incomplete": result["summary"]["incomplete_items"]}
    return seconds, peak / 1024, summary


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parquet-mb", type=int, default=2048)
    ap.add_argument("--members", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="write the files here and reuse them on the next run")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-formats-"))
    work.mkdir(parents=True, exist_ok=True)
    key = work / "fingerprint.key"
    if not key.exists():
        key.write_text(secrets.token_hex(32))
        key.chmod(0o600)
    cases = {
        "baseline: 1 KB text": work / "small.log",
        "baseline: small Parquet (pyarrow loaded)": work / "small.parquet",
        f"zip, {args.members:,} members": work / f"members-{args.members}.zip",
        f"Parquet, {args.parquet_mb:,} MB": work / f"big-{args.parquet_mb}.parquet",
    }
    paths = list(cases.values())
    if not paths[0].exists():
        paths[0].write_text(f"hello\nrefund card {PAN}\n" * 20)
    if not paths[1].exists():
        sink = io.BytesIO()
        pq.write_table(pa.table({"note": ["x", f"card {PAN}"]}), sink)
        paths[1].write_bytes(sink.getvalue())
    if not paths[2].exists():
        make_zip(paths[2], args.members)
    if not paths[3].exists():
        make_parquet(paths[3], args.parquet_mb)
    print(f"{'case':45} {'size MB':>9} {'seconds':>8} {'peak RSS MB':>12}  result")
    for name, path in cases.items():
        seconds, rss, summary = scan(path, key)
        print(f"{name:45} {path.stat().st_size / 2**20:9.1f} {seconds:8.1f} {rss:12.1f}  {summary}")


if __name__ == "__main__":
    main()
