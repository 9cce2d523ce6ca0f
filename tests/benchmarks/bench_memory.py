"""Peak memory of ``spc scan`` on the large cases of issue 11, each scan in its own process.

``python -m tests.benchmarks.bench_memory [--big-gb 1] [--cards-mb 20] [--tiny-files 100000] [--findings 200000]``

Cases (generated into the work directory, streamed to disk, deterministic for a seed):

- ``floor``: a one-line file (interpreter, imports and the compiled engine).
- ``big``: a ``--big-gb`` GB JSON-lines log (realistic lines from the corpus generator) with one plain PAN every
  10,000 lines (0.01 %); every planted line must be found.
- ``cards``: a ``--cards-mb`` MB log with a card number on every line; every line must be found.
- ``tiny``: ``--tiny-files`` files of one or two log lines (one in 1,000 holds a PAN), scanned with the default
  ``--jobs`` and with ``--jobs 1``, ``--tiny-repeat`` times each, interleaved: the fastest run of each is shown
  (wall seconds, peak RSS).
- ``findings``: ``--findings`` card numbers over 50 files (JSON lines), so the run reports that many findings.

Each row: wall seconds, CPU seconds, peak RSS of the largest single process (``os.wait4``, see ``proc.py``), the
sampled RSS of the whole process tree, exit code, and planted card numbers found. The report is read line by line
(the JSON output writes one finding per line), so this process never holds a large report either.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarks import proc
from tests.benchmarks.corpus import _Noise

GOAL_RSS_MB = 200.0
PLANT_EVERY = 10_000  # 0.01 % of the big file's lines
FINDINGS_FILES = 50
TINY_PER_DIR = 1_000
TINY_PLANT_EVERY = 1_000


@dataclass
class Case:
    name: str
    mb: float
    planted: set[tuple[str, int]] = field(default_factory=set)  # (path, line) holding one planted PAN
    target: Path = Path()
    files: int = 1
    args: tuple[str, ...] = ()
    run: proc.Measured | None = None
    found: int = 0  # planted lines with a PAN finding
    extra: int = 0  # PAN findings on lines that were not planted
    findings: int = 0
    verdict: str = ""
    coverage: str = ""


def spc(target: Path, report: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scanners.cli", "scan", str(target), "--format", "json", "--out", str(report),
            "--no-progress", *args]


# -- generators (streamed to disk; a manifest lets a --keep directory be reused) --------------------------------
def _manifest_ok(path: Path, spec: dict[str, Any]) -> dict[str, Any] | None:
    meta = path.with_name(path.name + ".manifest.json")
    doc: dict[str, Any] = json.loads(meta.read_text()) if meta.exists() else {}
    return doc if doc.get("spec") == spec else None


def _save_manifest(path: Path, spec: dict[str, Any], planted: set[tuple[str, int]], size: int) -> None:
    meta = path.with_name(path.name + ".manifest.json")
    meta.write_text(json.dumps({"spec": spec, "size": size, "planted": sorted(planted)}))


def _cached(path: Path, spec: dict[str, Any], case: Case) -> bool:
    doc = _manifest_ok(path, spec)
    if doc is None or not path.exists():
        return False
    case.planted = {(p, n) for p, n in doc["planted"]}
    case.mb = doc["size"] / 1e6
    print(f"  reusing {path}")
    return True


def make_big(work: Path, gb: float, seed: int) -> Case:
    """JSON-lines drawn from a pool of 20,000 generated lines; one plain-tier PAN line every 10,000 lines."""
    path = work / "big.jsonl"
    case = Case("big", 0.0, target=path)
    spec = {"gb": gb, "seed": seed, "every": PLANT_EVERY}
    if _cached(path, spec, case):
        return case
    gen, rng = _Noise(random.Random(seed + 1)), random.Random(seed)
    pool = [gen.json_line() + "\n" for _ in range(20_000)]
    size, lines, goal = 0, 0, int(gb * 1e9)
    with path.open("w", encoding="utf-8") as fh:
        while size < goal:
            block = rng.choices(pool, k=10_000)
            for i in range((-lines - 1) % PLANT_EVERY, len(block), PLANT_EVERY):
                block[i] = gen.json_line(gen.f_json_plain().fragment) + "\n"
                case.planted.add((str(path), lines + i + 1))
            data = "".join(block)
            fh.write(data)
            size += len(data.encode())
            lines += len(block)
    case.mb = size / 1e6
    _save_manifest(path, spec, case.planted, size)
    return case


def _card_lines(gen: _Noise, n: int) -> Iterator[str]:
    for i in range(n):
        ts, _ = gen.tick()
        yield f"{ts} INFO payments[{1000 + i % 9000}] {gen.say(gen.pan())}\n"


def make_cards(work: Path, mb: float, seed: int) -> Case:
    """A plain-text log of about ``mb`` MB with a card number on every line."""
    path = work / "cards.log"
    case = Case("cards", 0.0, target=path)
    spec = {"mb": mb, "seed": seed}
    if _cached(path, spec, case):
        return case
    gen, size, line, goal = _Noise(random.Random(seed + 2)), 0, 0, int(mb * 1e6)
    with path.open("w", encoding="utf-8") as fh:
        while size < goal:
            for text in _card_lines(gen, 1000):
                fh.write(text)
                size += len(text)
                line += 1
                case.planted.add((str(path), line))
    case.mb = size / 1e6
    _save_manifest(path, spec, case.planted, size)
    return case


def make_tiny(work: Path, n: int, seed: int) -> Case:
    """``n`` files of one or two JSON log lines under ``n / 1000`` directories; every 1,000th holds a PAN."""
    root = work / "tiny"
    case = Case("tiny", 0.0, target=root, files=n)
    spec = {"n": n, "seed": seed}
    if _cached(root, spec, case):
        return case
    gen, rng, size = _Noise(random.Random(seed + 3)), random.Random(seed), 0
    pool = [gen.json_line() + "\n" for _ in range(5_000)]
    for i in range(n):
        folder = root / f"d{i // TINY_PER_DIR:04d}"
        if i % TINY_PER_DIR == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{i:06d}.jsonl"
        lines = rng.choices(pool, k=rng.randint(1, 2))
        if i % TINY_PLANT_EVERY == TINY_PLANT_EVERY - 1:
            lines[-1] = gen.json_line(gen.f_json_plain().fragment) + "\n"
            case.planted.add((str(path), len(lines)))
        data = "".join(lines).encode()
        path.write_bytes(data)
        size += len(data)
    case.mb = size / 1e6
    _save_manifest(root, spec, case.planted, size)
    return case


def make_findings(work: Path, n: int, seed: int) -> Case:
    """``n`` JSON log lines, each with a plain PAN in its message, over ``FINDINGS_FILES`` files."""
    root = work / "findings"
    case = Case("findings", 0.0, target=root, files=FINDINGS_FILES)
    spec = {"n": n, "seed": seed, "files": FINDINGS_FILES}
    if _cached(root, spec, case):
        return case
    root.mkdir(parents=True, exist_ok=True)
    gen, size, per = _Noise(random.Random(seed + 4)), 0, -(-n // FINDINGS_FILES)
    for k in range(FINDINGS_FILES):
        path, count = root / f"cards-{k:02d}.jsonl", min(per, n - k * per)
        with path.open("w", encoding="utf-8") as fh:
            for line in range(1, max(0, count) + 1):
                text = gen.json_line(gen.f_json_plain().fragment) + "\n"
                fh.write(text)
                size += len(text.encode())
                case.planted.add((str(path), line))
    case.mb = size / 1e6
    _save_manifest(root, spec, case.planted, size)
    return case


# -- the report, read line by line -------------------------------------------------------------------------------
def read_report(path: Path, case: Case) -> None:
    """Verdict, coverage statuses and PAN findings of a JSON report without loading it whole: each finding and
    coverage entry is one line of its own; the rest of the document is parsed once the lists are left out."""
    skeleton: list[str] = []
    current = ""
    statuses: dict[str, int] = {}
    found: set[tuple[str, int]] = set()
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if line.startswith("{") and current:
                item = json.loads(line.rstrip(","))
                if current == "findings":
                    case.findings += 1
                    loc = item.get("location", {})
                    if item.get("type") == "pan" and "line" in loc:
                        found.add((loc.get("path", ""), int(loc["line"])))
                elif current == "coverage":
                    key = item.get("status", "?") + (f": {item['reason']}" if item.get("reason") else "")
                    statuses[key] = statuses.get(key, 0) + 1
                continue
            for name in ("findings", "coverage"):
                if line.startswith(f'"{name}": ['):
                    current = name
            if line.startswith("]"):
                current = ""
            skeleton.append(raw)
    doc = json.loads("".join(skeleton))
    case.verdict = doc.get("verdict", "")
    case.coverage = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    case.found = len(found & case.planted)
    case.extra = len(found - case.planted)


def measure(case: Case, work: Path, env: dict[str, str], *args: str) -> Case:
    report = work / f"{case.name}{'-'.join(('', *args)).replace('--', '')}.json"
    report.unlink(missing_ok=True)
    print(f"  scanning {case.name} {' '.join(args)} ...", flush=True)
    case.run = proc.run(spc(case.target, report, *args), env)
    case.args = args
    if report.exists():
        read_report(report, case)
        report.unlink()
    return case


def print_rows(cases: list[Case]) -> None:
    print(f"\n{'case':<22} {'MB':>8} {'wall s':>7} {'CPU s':>7} {'RSS MB':>7} {'tree MB':>8} {'exit':>4}  "
          f"{'verdict':<10} {'findings':>8}  {'planted found':<18} coverage")
    for c in cases:
        run = c.run
        label = f"{c.name} {' '.join(c.args)}".strip()
        if run is None or not c.verdict:
            err = run.stderr if run else ""
            print(f"{label:<22} failed (exit {run.code if run else '?'}): {err}")
            continue
        found = f"{c.found}/{len(c.planted)}" + (f" +{c.extra}" if c.extra else "")
        print(f"{label:<22} {c.mb:8.1f} {run.wall:7.1f} {run.cpu:7.1f} {run.rss_mb:7.0f} {run.tree_mb:8.0f} "
              f"{run.code:>4}  {c.verdict:<10} {c.findings:>8}  {found:<18} {c.coverage[:60]}")


def run_all(work: Path, env: dict[str, str], args: argparse.Namespace) -> list[Case]:
    """Generate and scan every case; the scans' rows, in order."""
    print("memory cases: generating ...", flush=True)
    floor = Case("floor", 0.0, target=work / "one-line.log")
    floor.target.write_text('{"msg":"hello"}\n')
    floor.mb = floor.target.stat().st_size / 1e6
    cases = [measure(floor, work, env)]
    if args.big_gb > 0:
        cases.append(measure(make_big(work, args.big_gb, args.seed), work, env))
    if args.cards_mb > 0:
        cases.append(measure(make_cards(work, args.cards_mb, args.seed), work, env))
    if args.tiny_files > 0:
        tiny = make_tiny(work, args.tiny_files, args.seed)
        best: dict[tuple[str, ...], Case] = {}
        for _ in range(max(1, args.tiny_repeat)):  # interleaved, so load changes hit both alike; fastest kept
            for flags in ((), ("--jobs", "1")):
                run = measure(Case("tiny", tiny.mb, tiny.planted, tiny.target, files=tiny.files), work, env, *flags)
                if flags not in best or _wall(run) < _wall(best[flags]):
                    best[flags] = run
        cases += best.values()
    if args.findings > 0:
        cases.append(measure(make_findings(work, args.findings, args.seed), work, env))
    return cases


def _wall(case: Case) -> float:
    return case.run.wall if case.run is not None and case.verdict else float("inf")


def add_options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the big log file in GB (0: skip; default 1)")
    ap.add_argument("--cards-mb", type=float, default=20.0,
                    help="size of the card-on-every-line file in MB (0: skip; default 20)")
    ap.add_argument("--tiny-files", type=int, default=100_000, help="tiny files (0: skip; default 100000)")
    ap.add_argument("--tiny-repeat", type=int, default=3,
                    help="tiny-file scans per --jobs setting, interleaved; the fastest is shown (default 3)")
    ap.add_argument("--findings", type=int, default=200_000, help="findings of the findings case (0: skip)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_memory", description=__doc__.split("\n")[0])
    add_options(ap)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="generate into / reuse this directory instead of a temporary one")
    args = ap.parse_args(argv)
    proc.compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="spc-bench-mem-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SPC_KEY_FILE": str(Path(tmp) / "fingerprint.key")}
        print_rows(run_all(work, env, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
