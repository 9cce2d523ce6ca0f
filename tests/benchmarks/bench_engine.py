"""Where the engine's CPU goes, per stage, on a folder of text files: for profile-driven speed work.

``python -m tests.benchmarks.bench_engine DIR [--repeat 3] [--profile] [--patterns]``

Reads every file under DIR into memory as UTF-8 text (bad bytes replaced; a gzip file is scanned as its bytes),
then counts the trigger hits that reach Python and those a detector's screen keeps, and times on this core
(process time, best of ``--repeat``): the prefilter alone, ``Engine._windows``
(prefilter plus windows), each detector on its windows, and ``Engine.scan_text``. Prints MB/s per core, each
detector's window count, and with ``--profile`` the top of a cProfile of ``scan_text``. ``--patterns`` times the
hyperscan pass per trigger instead: each trigger alone, and the whole database without it (what dropping or
rewriting it would save: patterns share engines, so the two differ), with its hit count, and the database without
start offsets (for all triggers, then for each unit's alone). Figures only, no assertions; compare two versions in
one session (another checkout on ``PYTHONPATH``), since the machine's load moves every figure.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanners.detectors.base import Detector
from scanners.engine.core import Engine


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        run()
        best = min(best, time.process_time() - cpu)
    return best


def hyperscan_pass(hyperscan: Any, patterns: list[tuple[str, bool]], datas: list[bytes], repeat: int) -> float:
    """CPU seconds of one hyperscan pass over ``datas`` with a database of ``patterns`` (regex, needs start)."""
    base = hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_ALLOWEMPTY
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(
        expressions=[p.encode() for p, _ in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[base | hyperscan.HS_FLAG_SOM_LEFTMOST if som else base for _, som in patterns],
    )

    def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
        return None

    return best_of(repeat, lambda: [db.scan(d, match_event_handler=on_match) for d in datas])


def pattern_costs(engine: Engine, texts: list[str], datas: list[bytes], repeat: int) -> None:
    """Each trigger's hyperscan cost alone and its share of the whole database (the database without it)."""
    import hyperscan  # type: ignore[import-not-found,unused-ignore]  # only this mode needs it

    triggers = [(i, p, unit.margin is not None) for i, unit in enumerate(engine.units) for p in unit.triggers]
    counts = [0] * len(engine.units)
    for d, t in zip(datas, texts, strict=True):
        for unit in engine.prefilter.columns(d, t)[0]:
            counts[unit] += 1
    every = [(p, som) for _, p, som in triggers]
    full = hyperscan_pass(hyperscan, every, datas, repeat)
    alone = [hyperscan_pass(hyperscan, [(p, som)], datas, repeat) for _, p, som in triggers]
    rest = [hyperscan_pass(hyperscan, every[:k] + every[k + 1 :], datas, repeat) for k in range(len(every))]
    full = min(full, hyperscan_pass(hyperscan, every, datas, repeat))  # measured before and after: load drifts
    print(f"whole database {full:.3f} s, {len(triggers)} triggers; hits are per unit")
    # Start offsets (HS_FLAG_SOM_LEFTMOST, asked for by every trigger of a unit with a margin): what dropping them
    # everywhere would save, and what dropping them for one unit alone saves (little: the cost is the database's).
    print(f"without start offsets: {hyperscan_pass(hyperscan, [(p, False) for p, _ in every], datas, repeat):.3f} s")
    for unit in sorted({i for i, _, som in triggers if som}):
        own = hyperscan_pass(hyperscan, [(p, som and i != unit) for i, p, som in triggers], datas, repeat)
        print(f"  without {engine.units[unit].id}'s start offsets: {own:.3f} s")
    print(f"{'#':>3} {'unit':<17} {'hits':>7} {'alone s':>8} {'saved s':>8}  trigger")
    for k, (unit, pattern, _) in enumerate(triggers):
        name = engine.units[unit].id
        print(f"{k:>3} {name:<17} {counts[unit]:>7} {alone[k]:>8.3f} {full - rest[k]:>8.3f}  {pattern[:70]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--patterns", action="store_true", help="time the hyperscan pass per trigger")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(args.dir.rglob("*")) if p.is_file()]
    mb = sum(len(t) for t in texts) / 1e6
    engine = Engine()
    datas = [t.encode("ascii", "replace") for t in texts]
    windows = [engine._windows(t) for t in texts]
    engine.scan_text(texts[0] if texts else "")  # load lazily built rules (credential plugins) before timing
    print(f"{len(texts)} files, {mb:.1f} M characters, prefilter back end {engine.backend}")
    if args.patterns:
        pattern_costs(engine, texts, datas, args.repeat)
        return
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
