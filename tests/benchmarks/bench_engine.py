"""Where the engine's CPU goes, per stage, on a folder of text files: for profile-driven speed work.

``python -m tests.benchmarks.bench_engine DIR [--repeat 3] [--profile]``

Reads every file under DIR into memory as UTF-8 text (bad bytes replaced; a gzip file is scanned as its bytes),
then counts the trigger hits that reach Python and those a detector's screen keeps, and times on this core
(process time, best of ``--repeat``): the prefilter alone, ``Engine._windows``
(prefilter plus windows), each detector on its windows, and ``Engine.scan_text``. Prints MB/s per core, each
detector's window count, and with ``--profile`` the top of a cProfile of ``scan_text``. Figures only, no
assertions; compare two versions in one session (another checkout on ``PYTHONPATH``), since the machine's load
moves every figure.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from scanners.detectors.base import Detector
from scanners.engine.core import Engine


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        run()
        best = min(best, time.process_time() - cpu)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(args.dir.rglob("*")) if p.is_file()]
    mb = sum(len(t) for t in texts) / 1e6
    engine = Engine()
    datas = [t.encode("ascii", "replace") for t in texts]
    windows = [engine._windows(t) for t in texts]
    engine.scan_text(texts[0] if texts else "")  # load lazily built rules (credential plugins) before timing
    print(f"{len(texts)} files, {mb:.1f} M characters, prefilter back end {engine.backend}")
    hits = [(t, h) for t, d in zip(texts, datas, strict=True) for h in engine.prefilter.hits(d, t)]
    screens = engine._screens
    screened = [(screen, t, s, e) for t, (unit, s, e) in hits if (screen := screens[unit]) is not None]
    kept = sum(screen(t, s, e) for screen, t, s, e in screened)
    print(f"trigger hits reaching Python: {len(hits)}; {len(screened)} of them screened, {kept} kept by the screen")
    stages = {
        "prefilter": lambda: [engine.prefilter.hits(d, t) for d, t in zip(datas, texts, strict=True)],
        "_windows": lambda: [engine._windows(t) for t in texts],
        "scan_text": lambda: [engine.scan_text(t) for t in texts],
    }
    for index, unit in enumerate(engine.units):
        if isinstance(unit, Detector):
            stages[unit.id] = lambda u=unit, i=index: [  # type: ignore[misc]
                list(u.find_windows(t, w.get(i, []))) for t, w in zip(texts, windows, strict=True)
            ]
    print(f"{'stage':<14} {'CPU s':>7} {'MB/s/core':>10} {'windows':>8}")
    for name, run in stages.items():
        seconds = best_of(args.repeat, run)
        unit_index = next((i for i, u in enumerate(engine.units) if u.id == name), None)
        count = "" if unit_index is None else str(sum(len(w.get(unit_index, [])) for w in windows))
        print(f"{name:<14} {seconds:>7.3f} {mb / max(seconds, 1e-9):>10.1f} {count:>8}")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [engine.scan_text(t) for t in texts])
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
