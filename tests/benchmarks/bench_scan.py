"""Throughput, peak memory and accuracy of ``spc scan`` next to peer baselines, all measured in the same run, and
the issue-11 targets table computed from that run.

``python -m tests.benchmarks.bench_scan [--mb 60] [--seed 7] [--keep DIR] [--repeat N] [--big-gb 1] ...``

1. Generates the labelled corpus (or reuses ``--keep DIR`` when its manifest matches ``--mb``/``--seed``).
2. Runs, each in its own process, timed rounds interleaved: ``spc scan DIR --format json --out /dev/null``, the
   regex + Luhn baseline, Presidio's recognizer and ripgrep (``rg -j1``, when installed); then ``spc scan`` once
   more with a report file (accuracy). Wall and CPU seconds (``os.wait4`` rusage, so MB/s is per core), peak RSS.
3. Scores each against ``labels.jsonl`` and prints a table with per-core ratios against Presidio and ripgrep, then
   the scan loop alone per core (spc's ``run_scan`` and the Python baselines timed in-process).
4. The record-shape corpus (``corpus_shapes``): spc, regex + Luhn and Presidio in this process, ripgrep in its own,
   CPU seconds per tool; card-number recall and false alarms, and spc's recall by tier, shape and brand.
5. Memory: a 100 MB single-line file and a 50 MB binary blob, then ``bench_memory``'s cases (a ``--big-gb`` log,
   a file with a card on every line, tiny files at the default ``--jobs`` and ``--jobs 1``, 200k findings).
6. The targets of issue 11 item 6, each with this run's figure and met / NOT met.

Prints figures only; there are no assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import Engine
from scanners.engine.pipeline import run_scan
from scanners.sources.files import FileSource
from tests.benchmarks import baselines, bench_memory, corpus_shapes, proc
from tests.benchmarks.corpus import (
    CORPUS_DIR,
    PLAIN,
    SPELLED,
    VARIANT,
    Hit,
    Labels,
    generate,
    hits_from_scan,
    read_manifest,
    sample_pans,
    score,
    single_line_noise,
)

ROOT = Path(__file__).resolve().parents[2]
PLANT_RATE = 0.01
GOAL_RATIO, GOAL_MBS, GOAL_RSS_MB = 5.0, 100.0, 200.0  # issue 11 item 6
_DIGIT_RUN = re.compile(r"(?:\d[ -]?){12,}\d")


@dataclass
class Run:
    name: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds, the process and its reaped children
    rss_mb: float = 0.0
    returncode: int = 0
    scan_seconds: float | None = None  # in-process time, when the tool reports it
    scan_cpu: float | None = None  # CPU seconds of the scan loop alone (start-up excluded)
    hits: list[Hit] | None = None  # None when the tool failed
    stderr: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus) if self.cpus else 0.0


def measured(cmd: list[str], env: dict[str, str], run: Run, stdout: Path | None = None) -> Run:
    """Run ``cmd`` to completion; add its wall and CPU time and keep the largest peak RSS seen."""
    with tempfile.TemporaryFile() as err, (stdout.open("wb") if stdout else open(os.devnull, "wb")) as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        run.walls.append(time.perf_counter() - start)
        run.cpus.append(usage.ru_utime + usage.ru_stime)
        proc.returncode = run.returncode = os.waitstatus_to_exitcode(status)
        run.rss_mb = max(run.rss_mb, usage.ru_maxrss / 1024)  # KiB on Linux
        err.seek(0)
        run.stderr = _DIGIT_RUN.sub("<digits>", err.read().decode("utf-8", "replace"))[-600:]
    return run


def spc(*args: str) -> list[str]:
    return [sys.executable, "-m", "scanners.cli", "scan", *args]


def prepare_corpus(out: Path, mb: float, seed: int) -> tuple[Labels, dict[str, Any]]:
    manifest = read_manifest(out)
    if manifest and (manifest["mb"], manifest["seed"], manifest["plant_rate"]) == (mb, seed, PLANT_RATE):
        print(f"reusing corpus in {out}")
        return Labels.load(out), manifest
    print(f"generating {mb} MB corpus (seed {seed}) in {out} ...", flush=True)
    start = time.perf_counter()
    labels = generate(out, mb=mb, seed=seed, plant_rate=PLANT_RATE)
    print(f"  done in {time.perf_counter() - start:.1f} s")
    return labels, read_manifest(out) or {}


def spc_accuracy(run: Run, labels: Labels, work: Path, env: dict[str, str]) -> None:
    """One more (untimed) ``spc scan`` writing its report: hits, in-process scan time, exit code."""
    report = work / "spc-report.json"
    accuracy = measured(spc(str(labels.root), "--format", "json", "--out", str(report)), env, Run("spc"))
    run.rss_mb = max(run.rss_mb, accuracy.rss_mb)
    run.returncode, run.stderr = accuracy.returncode, accuracy.stderr
    if report.exists():
        doc = json.loads(report.read_text())
        summary = doc.get("summary", {})
        if summary.get("finished") and summary.get("started"):
            run.scan_seconds = summary["finished"] - summary["started"]
        run.hits = hits_from_scan(doc, labels.root)


def baseline_cmd(tool: str, labels: Labels, work: Path) -> list[str]:
    out = work / f"{tool}-hits.json"
    return [sys.executable, "-m", "tests.benchmarks.baselines", tool, str(labels.root), "--out", str(out)]


def baseline_results(tool: str, run: Run, work: Path) -> None:
    out = work / f"{tool}-hits.json"
    if run.returncode == 0 and out.exists():
        doc = json.loads(out.read_text())
        run.scan_seconds, run.scan_cpu = doc["seconds"], doc.get("cpu_seconds")
        run.hits = [Hit(p, n, "pan", tool) for p, n in doc["hits"]]


def bench_all(labels: Labels, work: Path, env: dict[str, str], repeat: int, presidio: bool,
              rg: str | None) -> dict[str, Run]:
    """Timed runs interleaved tool by tool (so load changes hit every tool alike), then accuracy."""
    cmds = {"spc scan": spc(str(labels.root), "--format", "json", "--out", os.devnull),
            "regex": baseline_cmd("regex", labels, work)}
    runs = {"spc scan": Run("spc scan"), "regex": Run("regex+Luhn (bytes)")}
    if presidio:
        cmds["presidio"] = baseline_cmd("presidio", labels, work)
        runs["presidio"] = Run("Presidio CreditCardRecognizer")
    rg_out = work / "ripgrep-matches.txt"
    if rg:
        cmds["ripgrep"] = baselines.ripgrep_cmd(labels.root, rg)
        runs["ripgrep"] = Run("ripgrep -j1 (Luhn untimed)")
    for _ in range(repeat):
        for key, cmd in cmds.items():
            measured(cmd, env, runs[key], rg_out if key == "ripgrep" else None)
    spc_accuracy(runs["spc scan"], labels, work, env)
    for key in ("regex", "presidio"):
        if key in runs:
            baseline_results(key, runs[key], work)
    if "ripgrep" in runs and runs["ripgrep"].returncode in (0, 1):  # rg: 1 = no match
        runs["ripgrep"].hits = [Hit(p, n, "pan", "ripgrep") for p, n in baselines.ripgrep_hits(rg_out, labels.root)]
    return runs


def _pct(found_total: tuple[int, int]) -> str:
    n, t = found_total
    return f"{n / t:6.1%}" if t else "     -"


def spc_scan_cpu(root: Path) -> float:
    """CPU seconds of ``run_scan`` over the corpus in this process, on one core, the engine built beforehand."""
    engine, fingerprinter = Engine(), LocalKeyFingerprinter(b"k" * 32)
    cpu = time.process_time()
    run_scan([FileSource([root])], engine=engine, fingerprinter=fingerprinter)
    return time.process_time() - cpu


def scan_loop_core(runs: dict[str, Run], mb: float) -> dict[str, float]:
    """MB/s per core of the scan loop alone: spc's ``run_scan`` and the Python baselines timed in-process, ripgrep
    as a whole process (its start-up is a few milliseconds)."""
    out = {key: mb / run.scan_cpu for key, run in runs.items() if run.hits is not None and run.scan_cpu}
    if "ripgrep" in runs and runs["ripgrep"].hits is not None and runs["ripgrep"].cpu > 0:
        out["ripgrep"] = mb / runs["ripgrep"].cpu
    return out


def print_scan_loop(core: dict[str, float], runs: dict[str, Run]) -> None:
    print(f"\nscan loop alone, per core (start-up excluded): {'MB/s/core':>9} {'x Presidio':>10} {'x ripgrep':>9}")
    for key, mbs in core.items():
        print(f"  {runs[key].name:<44} {mbs:9.1f} {_ratio(mbs, core.get('presidio')):>10} "
              f"{_ratio(mbs, core.get('ripgrep'))}")


def per_core(runs: dict[str, Run], mb: float) -> dict[str, float]:
    """MB/s per core (corpus MB over the process's CPU seconds) of every tool that ran to the end."""
    return {key: mb / run.cpu for key, run in runs.items() if run.hits is not None and run.cpu > 0}


def _ratio(ours: float | None, peer: float | None) -> str:
    return f"{ours / peer:8.2f}x" if ours and peer else f"{'-':>9}"


def print_table(runs: dict[str, Run], labels: Labels, mb: float) -> None:
    core = per_core(runs, mb)
    print(f"\n{'tool':<30} {'wall s':>7} {'MB/s':>6} {'CPU s':>7} {'MB/s/core':>9} {'x Presidio':>10} "
          f"{'x ripgrep':>9} {'scan MB/s':>9} {'RSS MB':>7} {'exit':>4}  "
          f"PAN recall: {'plain':>6} {'variant':>7} {'spelled':>7}  {'all types':>9} {'FPs':>6}")
    for key, run in runs.items():
        if run.hits is None:
            print(f"{run.name:<30} failed (exit {run.returncode}): {run.stderr}")
            continue
        pans, every_type = score(labels, run.hits, {"pan"}), score(labels, run.hits)
        scan_rate = f"{mb / run.scan_seconds:9.1f}" if run.scan_seconds else f"{'-':>9}"
        every = _pct(every_type.recall()) if key == "spc scan" else "        -"
        print(f"{run.name:<30} {run.wall:7.2f} {mb / run.wall:6.1f} {run.cpu:7.2f} {core.get(key, 0):9.1f} "
              f"{_ratio(core.get(key), core.get('presidio')):>10} {_ratio(core.get(key), core.get('ripgrep'))} "
              f"{scan_rate} {run.rss_mb:7.0f} "
              f"{run.returncode:>4}  {'':11} {_pct(pans.recall(PLAIN)):>6} {_pct(pans.recall(VARIANT)):>7} "
              f"{_pct(pans.recall(SPELLED)):>7}  {every:>9} {len(every_type.false_positives):>6}")


def print_ratios(runs: dict[str, Run], mb: float) -> None:
    ours, peer = runs.get("spc scan"), runs.get("presidio")
    if ours is None:
        return
    print(f"\nspc peak RSS {ours.rss_mb:.0f} MB (goal <= {GOAL_RSS_MB:.0f} MB)")
    if peer is None or peer.hits is None:
        return
    wall = (mb / ours.wall) / (mb / peer.wall)
    print(f"spc vs Presidio, wall-clock MB/s (incl. start-up): {wall:.2f}x")
    if ours.cpu and peer.cpu:
        print(f"spc vs Presidio, MB/s per core (CPU seconds, incl. start-up): {peer.cpu / ours.cpu:.2f}x "
              f"(goal >= {GOAL_RATIO:.0f}x)")
    if ours.scan_seconds and peer.scan_seconds:
        print(f"spc vs Presidio, in-process scan MB/s (wall, spc on every CPU): "
              f"{peer.scan_seconds / ours.scan_seconds:.2f}x")


def memory_bench(work: Path, env: dict[str, str], seed: int) -> None:
    """Peak RSS on a 100 MB single-line file and a 50 MB binary blob."""
    mem = work / "memory"
    mem.mkdir(exist_ok=True)
    line_file, blob = mem / "single-line.log", mem / "blob.bin"
    pans = sample_pans(seed, 4)
    if not line_file.exists():
        size, block = 100_000_000, single_line_noise(seed, 4 << 20)
        inserts = {100: pans[0], (1 << 20) - 8: pans[1], size // 2: pans[2], size - 200: pans[3]}
        with line_file.open("w", encoding="ascii") as fh:
            pos = 0
            for offset in [*sorted(inserts), size]:
                while pos < offset:
                    piece = block[: min(offset - pos, len(block))]
                    fh.write(piece)
                    pos += len(piece)
                if offset in inserts:
                    text = f" card {inserts[offset]} "
                    fh.write(text)
                    pos += len(text)
    if not blob.exists():
        rng = random.Random(seed)
        with blob.open("wb") as fh:
            for _ in range(50):
                fh.write(rng.randbytes(1_000_000))
    tiny = mem / "one-line.log"
    tiny.write_text('{"msg":"hello"}\n')
    print(f"\n{'memory':<18} {'MB':>6} {'wall s':>7} {'RSS MB':>7} {'exit':>4}  {'verdict':<10} {'coverage':<28} "
          "findings")
    for path, expected in ((tiny, 0), (line_file, len(pans)), (blob, 0)):
        report = mem / (path.name + ".json")
        report.unlink(missing_ok=True)
        run = proc.run(spc(str(path), "--format", "json", "--out", str(report)), env)
        if not report.exists():
            print(f"{path.name:<18} failed (exit {run.code}): {run.stderr}")
            continue
        doc = json.loads(report.read_text())
        cov = ", ".join(f"{c['status']}{': ' + c['reason'] if c.get('reason') else ''}" for c in doc["coverage"])
        pan_hits = sum(1 for f in doc["findings"] if f["type"] == "pan")
        print(f"{path.name:<18} {path.stat().st_size / 1e6:6.1f} {run.wall:7.2f} {run.rss_mb:7.0f} "
              f"{run.code:>4}  {doc['verdict']:<10} {cov[:28]:<28} {pan_hits} PAN of {expected} planted")


def shapes_bench(records: int, seed: int, presidio: bool, rg: str | None) -> dict[str, float]:
    """Accuracy and per-core speed of spc and the peers on the record-shape corpus: spc, regex and Presidio in
    this process (``process_time``), ripgrep in its own (``os.wait4``). MB/s per core of each tool."""
    with tempfile.TemporaryDirectory(prefix="spc-shapes-") as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        labels = corpus_shapes.generate(root, records=records, seed=seed)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        engine = Engine()
        cpu = time.process_time()
        result = run_scan([FileSource([root])], engine=engine, fingerprinter=LocalKeyFingerprinter(b"k" * 32))
        seconds = {"spc": time.process_time() - cpu}
        hits = {"spc": [(baselines_rel(f.location["path"], root), int(f.location["line"]), f.type)
                        for f in result.findings]}
        for tool in ("regex", "presidio") if presidio else ("regex",):
            cpu = time.process_time()
            found = sorted(set(baselines.TOOLS[tool](root)))
            seconds[tool] = time.process_time() - cpu
            hits[tool] = [(p, n, "pan") for p, n in found]
        if rg:
            matches = Path(tmp) / "ripgrep-matches.txt"
            run = proc.run(baselines.ripgrep_cmd(root, rg), dict(os.environ), stdout=matches)
            if run.code in (0, 1):
                seconds["ripgrep"] = run.cpu
                hits["ripgrep"] = [(p, n, "pan") for p, n in baselines.ripgrep_hits(matches, root)]
        pan_labels = [lb for lb in labels if lb.type == "pan"]
        print(f"\nrecord-shape corpus: {size / 1e6:.2f} MB, {len(labels)} labels ({len(pan_labels)} card numbers),"
              f" backend {engine.backend}")
        core = {tool: size / 1e6 / max(sec, 1e-9) for tool, sec in seconds.items()}
        print(f"{'tool':<10} {'CPU s':>7} {'MB/s/core':>10} {'x Presidio':>10} {'x ripgrep':>9} {'PAN core':>9} "
              f"{'PAN enc':>8} {'PAN FPs':>8}")
        for tool, got in hits.items():
            pans = corpus_shapes.score(pan_labels, [h for h in got if h[2] == "pan"])
            print(f"{tool:<10} {seconds[tool]:>7.2f} {core[tool]:>10.1f} {_ratio(core[tool], core.get('presidio')):>10}"
                  f" {_ratio(core[tool], core.get('ripgrep'))}"
                  f" {pans.recall('tier', corpus_shapes.CORE):>9.1%} {pans.recall('tier', corpus_shapes.ENCODED):>8.1%}"
                  f" {len(pans.false_positives):>8}")
        print("(spc, regex and Presidio: CPU of their scan loop in this process, start-up excluded; ripgrep: its "
              "whole process, Luhn untimed)")
        ours = corpus_shapes.score(labels, hits["spc"])
        print(f"spc, all card data types; false positives: {len(ours.false_positives)}")
        for axis in ("tier", "shape", "brand"):
            print(ours.table(axis))
        return core


def baselines_rel(path: str, root: Path) -> str:
    return Path(path).relative_to(root).as_posix()


Target = tuple[str, str, bool | None]  # (target, measured figure, met; None when not measured in this run)


def speed_targets(name: str, core: dict[str, float], ours: str) -> list[Target]:
    spc_mbs, presidio_mbs = core.get(ours), core.get("presidio")
    rows: list[Target] = []
    if spc_mbs and presidio_mbs:
        ratio = spc_mbs / presidio_mbs
        rows.append((f"{name}: >= {GOAL_RATIO:.0f}x Presidio MB/s per core",
                     f"{ratio:.2f}x ({spc_mbs:.1f} vs {presidio_mbs:.1f} MB/s)", ratio >= GOAL_RATIO))
    else:
        rows.append((f"{name}: >= {GOAL_RATIO:.0f}x Presidio MB/s per core", "Presidio not run", None))
    if spc_mbs:
        rows.append((f"{name}: >= {GOAL_MBS:.0f} MB/s per core", f"{spc_mbs:.1f} MB/s", spc_mbs >= GOAL_MBS))
    if core.get("ripgrep") and spc_mbs:
        rows.append((f"{name}: vs ripgrep -j1 per core (no target)", f"{spc_mbs / core['ripgrep']:.2f}x", None))
    return rows


def memory_targets(cases: list[bench_memory.Case]) -> list[Target]:
    rows: list[Target] = []
    by = {(c.name, c.args): c for c in cases if c.run is not None and c.verdict}
    labels = {"big": "a {mb:.0f} MB log file", "cards": "a {mb:.0f} MB file with a card on every line",
              "tiny": "{n} tiny files", "findings": "{n} findings"}
    for (name, args), case in by.items():
        if name not in labels or args:
            continue
        assert case.run is not None
        what = labels[name].format(mb=case.mb, n=f"{len(case.planted) if name == 'findings' else case.files:,}")
        rows.append((f"peak RSS <= {GOAL_RSS_MB:.0f} MB: {what}",
                     f"{case.run.rss_mb:.0f} MB (tree {case.run.tree_mb:.0f} MB)", case.run.rss_mb <= GOAL_RSS_MB))
        rows.append((f"every planted PAN found: {what}", f"{case.found}/{len(case.planted)}",
                     case.found == len(case.planted)))
    default, single = by.get(("tiny", ())), by.get(("tiny", ("--jobs", "1")))
    if default and single and default.run and single.run:
        rows.append((f"{default.files:,} tiny files: default --jobs not slower than --jobs 1",
                     f"{default.run.wall:.1f} s vs {single.run.wall:.1f} s", default.run.wall <= single.run.wall))
    for name, args in (("big", ()), ("cards", ()), ("tiny", ()), ("findings", ())):
        if (name, args) not in by and any(c.name == name for c in cases):
            rows.append((f"memory case {name}", "failed (see above)", False))
    return rows


def print_targets(rows: list[Target]) -> None:
    """Issue 11 item 6, from this run's figures."""
    print(f"\nissue 11 targets (this run, {os.cpu_count()} CPUs)")
    width = max((len(t) for t, _, _ in rows), default=10)
    for target, figure, met in rows:
        verdict = "met" if met else "NOT met" if met is False else "-"
        print(f"  {target:<{width}}  {figure:<36} {verdict}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_scan", description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=60.0, help="corpus size in MB of decompressed text (default 60)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="generate into / reuse this directory instead of a temporary one")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per tool; the median wall time is shown")
    ap.add_argument("--no-presidio", action="store_true", help="skip Presidio (bench extra not installed)")
    ap.add_argument("--no-ripgrep", action="store_true", help="skip the ripgrep baseline")
    ap.add_argument("--no-memory", action="store_true", help="skip every memory run")
    ap.add_argument("--shapes", type=int, default=400, help="records per shape in the record-shape corpus (0: skip)")
    bench_memory.add_options(ap)
    args = ap.parse_args(argv)
    rg, rg_note = (None, "--no-ripgrep") if args.no_ripgrep else baselines.ripgrep_binary()
    print(f"ripgrep: {rg_note}" if rg else f"ripgrep column skipped: {rg_note}")
    targets: list[Target] = []
    proc.compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="spc-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        labels, manifest = prepare_corpus(work, args.mb, args.seed)
        mb = manifest.get("text_bytes", 0) / 1e6 or args.mb
        env = {**os.environ, "SPC_KEY_FILE": str(Path(tmp) / "fingerprint.key")}
        print(f"corpus: {mb:.1f} MB of text in {len(manifest.get('files', {}))} files under {work / CORPUS_DIR}, "
              f"{manifest.get('lines', 0)} lines, {len(labels)} labels, {os.cpu_count()} CPUs")
        runs = bench_all(labels, work, env, args.repeat, not args.no_presidio, rg)
        print_table(runs, labels, mb)
        print_ratios(runs, mb)
        runs["spc scan"].scan_cpu = spc_scan_cpu(labels.root)
        loop = scan_loop_core(runs, mb)
        print_scan_loop(loop, runs)
        targets += speed_targets(f"first corpus ({mb:.0f} MB, whole process)", per_core(runs, mb), "spc scan")
        targets += speed_targets(f"first corpus ({mb:.0f} MB, scan loop)", loop, "spc scan")
        ours_hits = runs["spc scan"].hits
        if ours_hits is not None:
            ours = score(labels, ours_hits)
            print(f"\nspc scan per form:\n{ours.table()}")
            for hit in ours.false_positives[:20]:
                print(f"  FP {hit.path}:{hit.line} {hit.type} detector={hit.detector} masked={hit.masked}")
        if args.shapes:
            core = shapes_bench(args.shapes, args.seed, not args.no_presidio, rg)
            targets += speed_targets("record-shape corpus (scan loop)", core, "spc")
        if not args.no_memory:
            memory_bench(work, env, args.seed)
            cases = bench_memory.run_all(work / "memory", env, args)
            bench_memory.print_rows(cases)
            targets += memory_targets(cases)
    print_targets(targets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
