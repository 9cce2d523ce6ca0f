"""Findings in arrival order with bounded memory: past ``keep`` they spill to an unlinked temporary file.

A scan with 200k findings must not hold 200k objects (and then their JSON) in memory: ``ScanResult.findings`` is a
``FindingSpool``, and the output formats stream it. What spills is the masked ``Finding`` (never a card value),
pickled to a file that has no name on disk and disappears with the process.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from scanners.engine.finding import Finding

KEEP = 10_000


class FindingSpool:
    def __init__(self, items: Iterable[Finding] = (), *, keep: int = KEEP) -> None:
        self._mem: list[Finding] = []
        self._file: IO[bytes] | None = None
        self._count = 0
        self._keep = keep
        self.extend(items)

    def append(self, finding: Finding) -> None:
        self._count += 1
        if self._file is None and len(self._mem) < self._keep:
            self._mem.append(finding)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the spool
        pickle.dump(finding, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def extend(self, items: Iterable[Finding]) -> None:
        for finding in items:
            self.append(finding)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Finding]:
        yield from self._mem
        spilled = self._file
        if spilled is None:
            return
        end = spilled.tell()
        spilled.seek(0)
        try:
            while spilled.tell() < end:
                finding: Finding = pickle.load(spilled)  # noqa: S301 - our own file, written above
                yield finding
        finally:
            spilled.seek(end)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FindingSpool | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FindingSpool({self._count} findings)"
