"""Trigger prefilters: one pass over the text for every detector's and decoder's trigger patterns.

Two back ends with the same answer: hyperscan (one multi-pattern scan, used when the package is importable) and
Python ``re`` (one pass per pattern, overlapping matches). Both return ``(unit, start, end)`` hits; the engine
turns hits into windows, so a back end that reports more hits only widens windows and never changes findings.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any, Protocol

Hit = tuple[int, int, int]  # unit index, start, end
Pattern = tuple[int, str, bool]  # unit index, regex, whether the hit's start offset is needed


class Prefilter(Protocol):
    name: str

    def hits(self, data: bytes, text: str) -> list[Hit]: ...


class RePrefilter:
    name = "re"

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self._patterns = [(unit, re.compile(p, re.ASCII | re.MULTILINE)) for unit, p, _ in patterns]

    def hits(self, data: bytes, text: str) -> list[Hit]:
        out: list[Hit] = []
        for unit, rx in self._patterns:
            pos, end = 0, len(text)
            while pos <= end:
                m = rx.search(text, pos)
                if m is None:
                    break
                out.append((unit, m.start(), m.end()))
                pos = max(m.start() + 1, m.end() - 1)
        return out


class HyperscanPrefilter:
    name = "hyperscan"

    def __init__(self, patterns: Sequence[Pattern], hyperscan: Any) -> None:
        base = hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_ALLOWEMPTY
        som = hyperscan.HS_FLAG_SOM_LEFTMOST  # start offsets cost scan speed: only where a margin needs them
        self._units = [unit for unit, _, _ in patterns]
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(
            expressions=[p.encode() for _, p, _ in patterns],
            ids=list(range(len(patterns))),
            elements=len(patterns),
            flags=[base | som if needs_start else base for _, _, needs_start in patterns],
        )
        self._lock = threading.Lock()

    def hits(self, data: bytes, text: str) -> list[Hit]:
        out: list[Hit] = []
        units = self._units
        append = out.append

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            append((units[pid], start, end))

        with self._lock:
            self._db.scan(data, match_event_handler=on_match)
        return out


def make_prefilter(patterns: Sequence[Pattern], backend: str = "auto") -> Prefilter:
    """The hyperscan prefilter when asked for or available, else the ``re`` one."""
    if backend == "re":
        return RePrefilter(patterns)
    try:
        import hyperscan  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        if backend == "hyperscan":
            raise
        return RePrefilter(patterns)
    return HyperscanPrefilter(patterns, hyperscan)
