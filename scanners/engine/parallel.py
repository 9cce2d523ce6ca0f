"""Scan local files on several processes: whole files, and big plain-text files cut into line-aligned byte ranges.

A range starts right after a newline; its lines are numbered from 1 and shifted by the earlier ranges' line counts
when results come back (a finding's, and a mail attachment item's: its mail's ``line``), so every record, offset and
line is the same as in a one-process scan. Parts are scanned in a process pool and put back in file order, so the
result (findings, coverage) is identical too; a mail attachment's body that runs past a range's end is read on
into the next range by the range where its mail starts (``scanners.formats._mailparts``). Only the local-key
fingerprinter crosses into workers (KMS scans stay in one process).
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import Engine
from scanners.engine.finding import Coverage, Finding
from scanners.engine.pipeline import scan_records
from scanners.engine.runtime import tune_scan_worker
from scanners.engine.sniff import sniff_encoding
from scanners.engine.spool import FindingSpool
from scanners.errors import BinaryContentError
from scanners.formats.examine import detect
from scanners.sources.files import GZIP_MAGIC, FilePart, FileSource, read_part

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

SPLIT_AT = 2 << 20  # plain-text files larger than this are cut into ranges of about this size
BLOCK = 4 << 20
PROBE = 64 << 10  # the first read after a seek to a cut: a line is usually far shorter
MIN_PARALLEL_BYTES = 2 << 20  # below this a process pool costs more than it saves
BATCH_BYTES = 1 << 20  # small files travel to a worker together, up to this many bytes or BATCH_PARTS files
BATCH_PARTS = 256
IN_FLIGHT = 2  # pool tasks per worker submitted ahead of the results taken (bounds results held here)
PartResult = tuple[list[Finding], Coverage, list[Coverage]]  # findings, the part, its members/pages
_WORKER: dict[str, Any] = {}
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def split(path: Path, size: int) -> list[FilePart]:
    """Line-aligned ranges of a plain-text file (found by seeking, not reading it all); gzip, UTF-16, binary or
    small files stay whole. Each range numbers its lines from 1: ``_assemble`` shifts them afterwards."""
    if size <= SPLIT_AT:
        return [FilePart(path)]
    with path.open("rb") as fh:
        head = fh.read(8192)
        try:
            if head[:2] == GZIP_MAGIC or detect(head) is not None or sniff_encoding(head) != "utf-8":
                return [FilePart(path)]
        except BinaryContentError:
            return [FilePart(path)]
        pieces = -(-size // SPLIT_AT)
        cuts: list[int] = []
        for k in range(1, pieces):
            at = max(size * k // pieces, cuts[-1] if cuts else 0)
            fh.seek(at)
            step = PROBE
            while block := fh.read(step):  # the next newline; a line may run past one block
                nl = block.find(b"\n")
                if nl >= 0:
                    cuts.append(at + nl + 1)
                    break
                at += len(block)
                step = min(2 * step, BLOCK)  # a long line: read on in bigger blocks
    bounds = [0, *dict.fromkeys(c for c in cuts if c < size)]
    return [FilePart(path, s, e) for s, e in zip(bounds, [*bounds[1:], None], strict=True)]


def _init_worker(backend: str, fingerprinter: LocalKeyFingerprinter) -> None:
    """Per worker process: the engine is inherited when forked, built once when spawned; freed memory is kept for
    the next record (``tune_scan_worker``)."""
    tune_scan_worker()
    if "engine" not in _WORKER:
        _WORKER["engine"] = Engine(backend=backend)  # type: ignore[arg-type]
    _WORKER["fingerprinter"] = fingerprinter


def _scan_part(part: FilePart) -> PartResult:
    cov = Coverage("file", {"path": str(part.path)}, "scanned")
    members: list[Coverage] = []
    findings = list(scan_records(read_part(part, "file", cov, members), _WORKER["engine"], _WORKER["fingerprinter"]))
    return findings, cov, members


def _scan_batch(parts: list[FilePart]) -> list[PartResult]:
    return [_scan_part(part) for part in parts]


def _size(part: FilePart) -> int:
    if part.end is not None:
        return part.end - part.start
    try:
        return part.path.stat().st_size
    except OSError:
        return 0


def batches(parts: Iterable[FilePart], jobs: int) -> list[list[FilePart]]:
    """``stream_batches`` as a list, sizes from the file system."""
    return list(stream_batches(((p, _size(p)) for p in parts), jobs))


def stream_batches(parts: Iterable[tuple[FilePart, int]], jobs: int) -> Iterator[list[FilePart]]:
    """Consecutive parts grouped so one pool task carries about ``BATCH_BYTES`` (a file cut into ranges keeps one
    range per task): 100k tiny files cost a few hundred round trips to the workers, not 100k. Batches stay small
    enough that every worker gets several.

    Lazy, so the pool scans while the walk goes on: the sizes are set from the first parts, up to the point where
    more parts could not change them (``4 * jobs`` times the caps) or the end; later parts use the same sizes."""
    todo = iter(parts)
    lead: list[tuple[FilePart, int]] = []
    lead_bytes = 0
    for part, n in todo:
        lead.append((part, n))
        lead_bytes += n
        if len(lead) >= 4 * jobs * BATCH_PARTS or lead_bytes >= 4 * jobs * BATCH_BYTES:
            break
    limit = max(1, min(BATCH_BYTES, lead_bytes // max(1, 4 * jobs)))
    count = max(1, min(BATCH_PARTS, len(lead) // max(1, 4 * jobs)))
    batch: list[FilePart] = []
    size = 0
    for part, n in chain(lead, todo):
        if batch and len(batch) < count and size + n <= limit:
            batch.append(part)
            size += n
            continue
        if batch:
            yield batch
        batch, size = [part], n
    if batch:
        yield batch


def in_order(pool: Executor, fn: Callable[[T], R], work: Iterable[T], window: int) -> Iterator[R]:
    """``pool.map(fn, work)`` with at most ``window`` tasks submitted and not yet taken: when the workers are
    faster than this process takes their results (a findings-heavy file), finished results do not pile up here
    (``Executor.map`` submits every task at once and holds every result until it is taken)."""
    pending: deque[Future[R]] = deque()
    todo = iter(work)
    pending.extend(pool.submit(fn, item) for item in islice(todo, max(1, window)))
    while pending:
        done = pending.popleft()
        for item in islice(todo, 1):
            pending.append(pool.submit(fn, item))
        yield done.result()


def merge_coverage(path: Path, covs: Sequence[Coverage]) -> Coverage:
    """One coverage entry for a file scanned in parts: totals, and the worst status with every distinct reason."""
    out = Coverage("file", {"path": str(path)}, "scanned")
    if len(covs) == 1 and (one := covs[0]).status == "scanned" and one.reason is None and (
            one.source, one.location) == (out.source, out.location):
        return one  # a whole file scanned cleanly: the merge would copy it field for field
    out.bytes_scanned = sum(c.bytes_scanned for c in covs)
    out.items_scanned = sum(c.items_scanned for c in covs)
    bad = [c for c in covs if c.status != "scanned"]
    if bad:
        out.status = "error" if any(c.status == "error" for c in bad) else bad[0].status
        out.reason = "; ".join(dict.fromkeys(c.reason for c in bad if c.reason)) or None
    return out


def scan_files(
    sources: Iterable[FileSource],
    *,
    jobs: int,
    engine: Engine,
    fingerprinter: LocalKeyFingerprinter,
    on_part: Callable[[Coverage], None] | None = None,
) -> tuple[FindingSpool, list[Coverage]]:
    """Findings (spooled: memory stays flat whatever their number) and coverage of every file source, in order,
    scanned on ``jobs`` processes."""
    slots: deque[Coverage | list[FilePart]] = deque()  # an excluded file's coverage, or one file's parts

    def walk() -> Iterator[tuple[FilePart, int]]:
        """Every part and its size in walk order; each file's slot goes to ``slots`` before its parts."""
        for source in sources:
            for entry in source.sized_entries():
                if isinstance(entry, Coverage):  # excluded, not a regular file, not listable...
                    slots.append(entry)
                    continue
                path, size = entry  # the size from the walk's stat: no second stat per file
                try:
                    parts = split(path, size)
                except OSError:
                    size, parts = 0, [FilePart(path)]  # the worker reports why it cannot be read
                slots.append(parts)
                yield from ((p, max(0, (size if p.end is None else p.end) - p.start)) for p in parts)

    import multiprocessing  # the pool only when one is used: `spc scan --jobs 1` and small scans never load it
    from concurrent.futures import ProcessPoolExecutor

    forking = "fork" in multiprocessing.get_all_start_methods()
    work = stream_batches(walk(), jobs)  # the walk goes on while the workers scan
    first: list[PartResult] = []
    try:
        if forking:
            _WORKER["engine"] = engine  # forked workers inherit the compiled engine instead of building their own
            import numpy  # noqa: F401  # ... and numpy (the batch screens' first batch loads it): once, not per worker
            # ... and what the engine loads and compiles on first use (patterns, detect-secrets, format readers):
            # this process scans the first batch itself, so that is done once, not once per worker
            _WORKER["fingerprinter"] = fingerprinter
            first = _scan_batch(next(work, []))
            gc.freeze()  # the workers' collections skip what they inherit (no copy-on-write of the parent's objects)
        context = multiprocessing.get_context("fork" if forking else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(engine.backend, fingerprinter)) as pool:
            rest = (result for batch in in_order(pool, _scan_batch, work, IN_FLIGHT * jobs) for result in batch)
            return _assemble(slots, chain(first, rest), on_part)
    finally:
        _WORKER.clear()
        gc.unfreeze()


def _assemble(
    slots: deque[Coverage | list[FilePart]],
    results: Iterable[PartResult],
    on_part: Callable[[Coverage], None] | None,
) -> tuple[FindingSpool, list[Coverage]]:
    """Put part results back in file order: findings in sequence, one merged coverage entry per file.

    ``slots`` may still be filling (the walk runs as results are pulled): a part's slot is queued before the part
    is handed out, and the results end only after the walk has ended, so an empty queue means pull one more."""
    parts = iter(_observed(results, on_part))
    held: list[PartResult] = []
    findings = FindingSpool()
    coverage: list[Coverage] = []
    while slots or (held := [r for r in islice(parts, 1)]) or slots:
        slot = slots.popleft()
        if isinstance(slot, Coverage):
            coverage.append(slot)
            continue
        covs: list[Coverage] = []
        members: list[Coverage] = []
        shift = 0  # lines in the file's earlier parts
        for _ in slot:  # one part at a time: a findings-heavy file's parts are never all held at once
            part_findings, cov, part_members = held.pop() if held else next(parts)
            findings.extend(_shifted(f, shift) for f in part_findings)
            members.extend(_shifted_item(c, shift) for c in part_members)  # a mail attachment's ``line``
            shift += cov.items_scanned
            covs.append(cov)
        coverage.append(merge_coverage(slot[0].path, covs))
        coverage.extend(members)
    return findings, coverage


def _shifted(finding: Finding, lines: int) -> Finding:
    if not lines or "line" not in finding.location:
        return finding
    return replace(finding, location={**finding.location, "line": finding.location["line"] + lines})


def _shifted_item(cov: Coverage, lines: int) -> Coverage:
    if lines and "line" in cov.location:
        cov.location = {**cov.location, "line": cov.location["line"] + lines}
    return cov


def _observed(results: Iterable[PartResult], on_part: Callable[[Coverage], None] | None) -> Iterable[PartResult]:
    for result in results:
        if on_part is not None:
            on_part(result[1])
        yield result


def total_bytes(sources: Iterable[FileSource], enough: int | None = None) -> int:
    """Bytes in the sources' files; the walk stops once ``enough`` is reached (100k files are not walked twice
    just to learn that a pool pays)."""
    total = 0
    for source in sources:
        for entry in source.sized_entries():  # the size from the walk's own stat: no second stat per file
            if isinstance(entry, Coverage):
                continue
            total += entry[1]
            if enough is not None and total >= enough:
                return total
    return total
