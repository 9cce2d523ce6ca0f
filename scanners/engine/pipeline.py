"""Run sources through the engine: records in, located, masked, fingerprinted findings and coverage out.

The matched value lives only inside this module's loop: it is masked and fingerprinted as soon as the span is
known and the Span is dropped. Findings are de-duplicated per item on (type, fingerprint, line/event).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanners import __version__
from scanners.cards.fingerprint import Fingerprinter, LocalKeyFingerprinter
from scanners.cards.masking import mask
from scanners.engine.core import Engine, default_engine
from scanners.engine.finding import Coverage, Finding, Record, Verdict, verdict_of
from scanners.sources.base import Source

Progress = Callable[[Record], None]


class _Locator:
    """Line and column of ascending offsets in one record, counting each newline once."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.offset = 0
        self.line = record.first_line or 0

    def __call__(self, offset: int) -> dict[str, Any]:
        record = self.record
        loc = dict(record.location)
        if record.first_line is None:
            if offset and record.locate_offset:
                loc["offset"] = offset
            return loc
        if offset < self.offset:
            self.offset, self.line = 0, record.first_line
        self.line += record.text.count("\n", self.offset, offset)
        self.offset = offset
        loc[record.line_key] = self.line
        if record.line_key == "line":
            loc["column"] = offset - (record.text.rfind("\n", 0, offset) + 1) + 1
        return loc


def scan_records(
    records: Iterable[Record], engine: Engine, fingerprinter: Fingerprinter
) -> Iterator[Finding]:
    """Findings in each record, each reported once even where records overlap."""
    for record in records:
        seen: set[tuple[str, str, Any]] = set()
        locate = _Locator(record)
        for span in engine.scan_text(record.text):
            if span.start < record.report_from or (
                record.report_until is not None and span.start >= record.report_until
            ):
                continue
            location = locate(span.start)
            fp = fingerprinter.fingerprint(span.type, span.value)
            key = (span.type, fp, location.get(record.line_key, location.get("event_id")))
            if key in seen:
                continue
            seen.add(key)
            yield Finding(
                type=span.type,
                detector=span.detector,
                source=record.source,
                location=location,
                masked=mask(span.type, span.value),
                fingerprint=fp,
                test_card=span.test_card,
                encoding=span.encoding,
            )


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float = 0.0
    engine_backend: str = ""
    detectors: tuple[str, ...] = ()

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.findings, self.coverage)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "coverage": [c.to_dict() for c in self.coverage],
            "summary": {
                "findings": len(self.findings),
                "items_scanned": sum(c.items_scanned for c in self.coverage if c.status == "scanned"),
                "bytes_scanned": sum(c.bytes_scanned for c in self.coverage),
                "incomplete_items": sum(1 for c in self.coverage if not c.complete),
                "started": self.started,
                "finished": self.finished,
            },
            "tool": {
                "name": "spc",
                "version": __version__,
                "backend": self.engine_backend,
                "detectors": list(self.detectors),
            },
        }


def run_scan(
    sources: Sequence[Source],
    *,
    engine: Engine | None = None,
    fingerprinter: Fingerprinter | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Scan every source to the end; unreadable items become coverage entries, never exceptions."""
    engine = engine or default_engine()
    fingerprinter = fingerprinter or LocalKeyFingerprinter.from_path()
    result = ScanResult(engine_backend=engine.backend, detectors=tuple(d.id for d in engine.detectors))
    for source in sources:
        records: Iterable[Record] = source.records()
        if progress is not None:
            records = _observed(records, progress)
        result.findings.extend(scan_records(records, engine, fingerprinter))
        result.coverage.extend(source.coverage)
    result.finished = time.time()
    return result


def _observed(records: Iterable[Record], progress: Progress) -> Iterator[Record]:
    for record in records:
        progress(record)
        yield record
