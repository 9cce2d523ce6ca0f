"""Trigger prefilters: one pass over the text for every detector's and decoder's trigger patterns.

Two back ends with the same answer: hyperscan (one multi-pattern scan, used when the package is importable) and
Python ``re`` (one pass per pattern, overlapping matches). Both give the hits as three columns (unit, start, end:
``array('q')``, which numpy reads without a copy, so a detector screening many hits at once gets them without a
Python object per hit); the engine turns hits into windows, so a back end that reports more hits only widens
windows and never changes findings.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)
MISSING_HYPERSCAN = (
    "hyperscan is not installed: scanning with the Python re back end, 10-24x slower "
    "(pip install hyperscan, or pass --backend re to choose it knowingly)"
)
_warned: list[bool] = []

Hit = tuple[int, int, int]  # unit index, start, end
Pattern = tuple[int, str, bool]  # unit index, regex, whether the hit's start offset is needed
Columns = tuple["array[int]", "array[int]", "array[int]"]  # units, starts, ends (int64 each)


def _columns() -> Columns:
    return array("q"), array("q"), array("q")


class Prefilter(Protocol):
    name: str

    def columns(self, data: bytes, text: str) -> Columns:
        """Every trigger hit in ``data`` (the text's bytes, one per character) as unit, start and end columns."""
        ...

    def hits(self, data: bytes, text: str) -> list[Hit]: ...


def _hits(columns: Columns) -> list[Hit]:
    return list(zip(*columns, strict=True))


class RePrefilter:
    name = "re"

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self._patterns = [(unit, re.compile(p, re.ASCII | re.MULTILINE)) for unit, p, _ in patterns]

    def columns(self, data: bytes, text: str) -> Columns:
        out = units, starts, ends = _columns()
        for unit, rx in self._patterns:
            pos, end = 0, len(text)
            while pos <= end:
                m = rx.search(text, pos)
                if m is None:
                    break
                units.append(unit)
                starts.append(m.start())
                ends.append(m.end())
                pos = max(m.start() + 1, m.end() - 1)
        return out

    def hits(self, data: bytes, text: str) -> list[Hit]:
        return _hits(self.columns(data, text))


# A trigger that is a run of one character class before a run of another, both of fixed lengths (an ISO 8583 bitmap's
# 16 hex characters, then 30 digits): hyperscan scans for the head's last character and the tail only, and the
# callback checks the rest of the head in the bytes before and reports the whole match (start and end as hyperscan
# gives them for the whole pattern). Hyperscan tracks a bounded repeat before another at a cost out of all proportion:
# this one alone was a seventh of the whole pass on the logs corpora; split, it costs nothing measurable.
_SPLIT = re.compile(r"(\[[^\]\\]+\])\{([1-9][0-9]*)\}(\[[^\]\\]+\]\{([1-9][0-9]*)\})")
SPLIT_ID = 1 << 24  # the id of the first split pattern (unit indices stay below it)


class HyperscanPrefilter:
    name = "hyperscan"

    def __init__(self, patterns: Sequence[Pattern], hyperscan: Any) -> None:
        base = hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_ALLOWEMPTY
        som = hyperscan.HS_FLAG_SOM_LEFTMOST  # start offsets cost scan speed: only where a margin needs them
        # A pattern's id is its unit's index (the callback needs no lookup), a split one's SPLIT_ID and its place.
        self._splits: list[tuple[int, re.Pattern[bytes], int, int]] = []
        units, expressions, flags = [], [], []
        for unit, p, needs_start in patterns:
            if needs_start and (split := _SPLIT.fullmatch(p)) is not None:  # (a start the callback works out)
                head, count, tail, width = split[1], int(split[2]), split[3], int(split[2]) + int(split[4])
                units.append(SPLIT_ID + len(self._splits))
                self._splits.append((unit, re.compile(f"{head}{{{count - 1}}}".encode()), width, width - count + 1))
                expressions.append(f"{head}{tail}".encode())
                flags.append(base)  # no SOM: of a fixed width, its start is its end less that width
                continue
            units.append(unit)
            expressions.append(p.encode())
            flags.append(base | som if needs_start else base)
        self._db = _cached_database(hyperscan, expressions, flags, units)
        self._lock = threading.Lock()

    def columns(self, data: bytes, text: str) -> Columns:
        out = units, starts, ends = _columns()
        add_unit, add_start, add_end = units.append, starts.append, ends.append

        splits = self._splits

        def on_match(unit: int, start: int, end: int, flags: int, context: object) -> None:
            if unit >= SPLIT_ID:  # the head's last character and the tail: the rest of the head must stand before
                unit, head, width, short = splits[unit - SPLIT_ID]
                start = end - width
                if start < 0 or head.fullmatch(data, start, end - short) is None:
                    return
            add_unit(unit)
            add_start(start)
            add_end(end)

        with self._lock:
            self._db.scan(data, match_event_handler=on_match)
        return out

    def hits(self, data: bytes, text: str) -> list[Hit]:
        return _hits(self.columns(data, text))


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spc"


def _cached_database(hyperscan: Any, expressions: list[bytes], flags: list[int], ids: list[int]) -> Any:
    """Compile the trigger database, or load the copy compiled earlier for exactly these patterns, flags and ids."""
    digest = hashlib.sha256(repr((hyperscan.__version__, expressions, flags, ids)).encode()).hexdigest()[:24]
    path = _cache_dir() / f"triggers-{digest}.hsdb"
    with contextlib.suppress(OSError, hyperscan.error):
        loaded = hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        loaded.scratch = hyperscan.Scratch(loaded)  # a deserialised database comes without scratch space
        return loaded
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    with contextlib.suppress(OSError, hyperscan.error):  # a cache is an optimisation: never fail for it
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(hyperscan.dumpb(db))
        tmp.replace(path)
    return db


def make_prefilter(patterns: Sequence[Pattern], backend: str = "auto") -> Prefilter:
    """The hyperscan prefilter when asked for or available, else the ``re`` one (with a loud warning, once per
    process, when ``auto`` had to fall back)."""
    if backend == "re" or not patterns:  # hyperscan cannot compile an empty database: no patterns, no hits
        return RePrefilter(patterns)
    try:
        import hyperscan  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        if backend == "hyperscan":
            raise
        if not _warned:
            _warned.append(True)
            log.warning(MISSING_HYPERSCAN)
        return RePrefilter(patterns)
    return HyperscanPrefilter(patterns, hyperscan)
