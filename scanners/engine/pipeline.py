"""Run sources through the engine: records in, located, masked, fingerprinted findings and coverage out.

The matched value lives only inside this module's loop: it is masked and fingerprinted as soon as the span is
known and the Span is dropped. Findings are de-duplicated per item on (type, fingerprint, line/event).
A decode limit reached while scanning a record (``scanners.engine.limits``) makes that record's item incomplete.
Names are data: every path, key, bucket, log group and stream name in a location is scanned with the same
detectors (``NameGuard``); a card value in a name is a finding of its own and is masked wherever the name appears.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import Any

from scanners import __version__
from scanners.cards.fingerprint import Fingerprinter, LocalKeyFingerprinter
from scanners.cards.masking import mask
from scanners.engine.core import Engine, default_engine
from scanners.engine.finding import Coverage, Finding, Record, Span, Verdict, verdict_of
from scanners.engine.limits import collecting
from scanners.engine.spool import FindingSpool
from scanners.engine.testowners import COMPANIONS
from scanners.engine.textio import count_breaks, last_break_in
from scanners.sources.base import Source

Progress = Callable[[Record], None]
# location keys holding a name (scanned and masked by ``NameGuard``): an archive member's and a mail attachment's too
NAME_KEYS = ("path", "key", "bucket", "prefix", "log_group", "log_stream", "log_group_prefix", "body", "same_as",
             "member", "attachment")
_NAME_ORDER = {key: i for i, key in enumerate(NAME_KEYS)}
_MARK_AT = itemgetter(0)  # a line mark's offset


class _Locator:
    """Line and column of ascending offsets in one record, counting each line break once; from the last of the
    record's line marks (``Record.line_marks``) at or before an offset, where the reader counted up to there."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.offset = 0
        self.line = record.first_line or 0
        self.last_break = -1  # the last line break before ``offset`` (its last character), -1 for none
        self.crlf: bool | None = None  # whether the text holds a "\r" at all (looked up on the first finding)

    def __call__(self, offset: int) -> dict[str, Any]:
        record = self.record
        loc = dict(record.location)
        if record.first_line is None:
            if record.byte_offsets:
                k = max(bisect_right(record.byte_offsets, offset, key=_MARK_AT) - 1, 0)
                start, byte = record.byte_offsets[k]
                loc["offset"] = byte + max(offset - start, 0)
            elif offset and record.locate_offset:
                loc["offset"] = offset
            return loc
        text = record.text
        if offset < self.offset:
            self.offset, self.line, self.last_break = 0, record.first_line, -1
        if offset > self.offset:
            if self.crlf is None:
                self.crlf = "\r" in text
            since = self.offset
            k = bisect_right(record.line_marks, offset, key=_MARK_AT) - 1  # the last mark at or before offset
            if k >= 0 and record.line_marks[k][0] > since:
                self.offset, self.line = record.line_marks[k]  # the reader's count up to there (none where "\r" is)
            # only "\n" breaks (the common case): one count and one rfind
            self.line += count_breaks(text, self.offset, offset) if self.crlf else text.count("\n", self.offset, offset)
            self.last_break = max(self.last_break, last_break_in(text, since, offset, cr=self.crlf))
        self.offset = offset
        # textio.column_at, from the break found so far, not text[0]
        column = offset - self.last_break if self.last_break >= 0 else record.first_column + offset
        if record.run_offsets is not None:  # a binary item's text runs, one a line
            return _in_run(loc, record, self.line - record.first_line, column)
        loc[record.line_key] = self.line
        if record.row_to_line is not None:
            loc["line"] = self.line + record.row_to_line
        if record.line_key == "line":
            loc["column"] = column
        return loc


def _in_run(loc: dict[str, Any], record: Record, run: int, column: int) -> dict[str, Any]:
    """Where text run ``run`` starts and the character in it; in line-structured text the line and column an editor
    shows, and the byte offset of the finding itself."""
    offsets = record.run_offsets or ()
    if record.run_lines is None:
        loc["offset"], loc["column"] = offsets[run], column
    else:
        line, first, width = record.run_lines[run]
        loc["line"], loc["column"], loc["offset"] = line, first + column - 1, offsets[run] + (column - 1) * width
    return loc


def scan_records(
    records: Iterable[Record],
    engine: Engine,
    fingerprinter: Fingerprinter,
    *,
    limits: list[Coverage] | None = None,
) -> Iterator[Finding]:
    """Findings in each record, each reported once even where records overlap.

    A decode limit reached in a record marks its item's coverage (``record.coverage``); a record without one adds
    an ``error`` entry naming its item to ``limits``."""
    before: set[tuple[str, str, Any]] = set()  # what the previous record reported
    for record in records:
        seen: set[tuple[str, str, Any]] = set()
        locate = _Locator(record)
        with collecting() as reached:
            spans = engine.scan_text(record.text)
        for reason in sorted(reached):
            _limit_reached(record, reason, limits)
        for span in spans:
            carried = span.start < record.report_from and _carried(span, record)
            if (span.start < record.report_from and not carried) or (
                record.report_until is not None and span.start >= record.report_until
            ):
                continue
            location = locate(span.start)
            fp = fingerprinter.fingerprint(span.type, span.value)
            key = (span.type, fp, location.get(record.line_key, location.get("event_id")))
            if key in seen or (carried and key in before):
                continue
            seen.add(key)
            yield Finding(
                type=span.type,
                detector=span.detector,
                source=record.source,
                location=location,
                masked=mask(span.type, span.value),
                fingerprint=fp,
                test_card=span.test_card  # or a code or expiry in a row whose card is a test card (a CSV column)
                or (span.type in COMPANIONS and location.get(record.line_key) in record.test_lines),
                encoding=span.encoding,
            )
        before = seen


def _carried(span: Span, record: Record) -> bool:
    """An encoded segment from the record's prefix into its own text: the previous record saw it only up to its cut (a
    blob longer than a record), so a value decoded here is reported here unless the previous record reported it."""
    return bool(span.encoding) and span.end > record.report_from


def _limit_reached(record: Record, reason: str, limits: list[Coverage] | None) -> None:
    if record.coverage is not None:
        record.coverage.fail(reason)
    elif limits is not None:
        where = {k: v for k, v in record.location.items() if k not in ("line", "column", "offset")}
        for cov in limits:
            if cov.location == where and cov.source == record.source:
                cov.fail(reason)
                return
        limits.append(Coverage(record.source, where, "error", reason))


class NameGuard:
    """Scans the names in locations; masks card values in them and reports each such name once as a finding."""

    def __init__(self, engine: Engine, fingerprinter: Fingerprinter) -> None:
        self.engine = engine
        self.fingerprinter = fingerprinter
        self.reported: set[tuple[str, str]] = set()
        self._scan = lru_cache(maxsize=4096)(self._scan_name)

    def _scan_name(self, name: str) -> tuple[str, tuple[tuple[Any, str, str], ...]]:
        """``(masked name, ((span, masked value, fingerprint), ...))``; the name itself when it holds nothing."""
        if len(name) < 12 or (len(name) < 16 and not any(c.isdigit() for c in name)):
            return name, ()  # too short to hold a card number in any form
        spans = [s for s in self.engine.scan_text(name) if s.type != "credential" or len(name) >= 16]
        if not spans:
            return name, ()
        out, hits, pos = [], [], 0
        for span in spans:
            if span.start < pos:
                continue
            masked = mask(span.type, span.value)
            out += [name[pos : span.start], masked]
            pos = span.end
            hits.append((span, masked, self.fingerprinter.fingerprint(span.type, span.value)))
        out.append(name[pos:])
        return "".join(out), tuple(hits)

    def location(self, source: str, location: Mapping[str, Any], found: list[Finding]) -> Mapping[str, Any]:
        """``location`` with every name masked; findings for names not reported before go to ``found``."""
        scanned = [(key, name, *self._scan(name)) for key in location  # a location holds few keys: walk those
                   if key in _NAME_ORDER and isinstance(name := location[key], str) and name]
        if len(scanned) > 1:
            scanned.sort(key=lambda t: _NAME_ORDER[t[0]])  # in NAME_KEYS order, as found names are reported
        if not any(hits for *_, hits in scanned):
            return location
        changed = dict(location) | {key: masked for key, _, masked, hits in scanned if hits}
        where = {k: v for k, v in changed.items() if k not in ("line", "column", "offset")}
        for key, name, _, hits in scanned:
            if not hits or (key, name) in self.reported:
                continue
            self.reported.add((key, name))
            found.extend(Finding(span.type, span.detector, source, {**where, "name_field": key}, value, fp,
                                 span.test_card, span.encoding) for span, value, fp in hits)
        return changed

    def guard(self, findings: Iterable[Finding], coverage: list[Coverage]) -> FindingSpool:
        """Findings with masked names (plus one per card value found in a name); coverage masked in place."""
        out = FindingSpool()
        found: list[Finding] = []
        for cov in coverage:
            cov.location = self.location(cov.source, cov.location, found)
        out.extend(found)
        for f in findings:
            found.clear()
            loc = self.location(f.source, f.location, found)
            out.extend(found)
            out.append(f if loc is f.location else replace(f, location=loc))
        return out


@dataclass
class ScanResult:
    findings: FindingSpool = field(default_factory=FindingSpool)  # a list given here becomes a spool
    coverage: list[Coverage] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float = 0.0
    engine_backend: str = ""
    detectors: tuple[str, ...] = ()
    test_cards_excluded: int | None = None  # set when the run left test cards out (``--exclude-test-cards``)
    canaries: list[dict[str, Any]] | None = None  # planted by ``spc scan --canaries``: each found or missed

    def __post_init__(self) -> None:
        if not isinstance(self.findings, FindingSpool):
            self.findings = FindingSpool(self.findings)

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.findings, self.coverage)

    def summary(self) -> dict[str, Any]:
        return {
            "findings": len(self.findings),
            "items_scanned": sum(c.items_scanned for c in self.coverage if c.status == "scanned"),
            "bytes_scanned": sum(c.bytes_scanned for c in self.coverage),
            "incomplete_items": sum(1 for c in self.coverage if not c.complete),
            "test_cards": "excluded" if self.test_cards_excluded is not None else "included",
            "test_cards_excluded": self.test_cards_excluded or 0,
            "started": self.started,
            "finished": self.finished,
        }

    def to_dict(self, *, findings: Any = None, coverage: Any = None) -> dict[str, Any]:
        """The run JSON; ``findings``/``coverage`` replace those lists (the JSON writer streams them in place)."""
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings] if findings is None else findings,
            "coverage": [c.to_dict() for c in self.coverage] if coverage is None else coverage,
            "summary": self.summary(),
            "tool": {
                "name": "spc",
                "version": __version__,
                "backend": self.engine_backend,
                "detectors": list(self.detectors),
            },
        }
        if self.canaries is not None:
            out["canaries"] = list(self.canaries)
        return out


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
    limits: list[Coverage] = []
    for source in sources:
        records: Iterable[Record] = source.records()
        if progress is not None:
            records = _observed(records, progress)
        result.findings.extend(scan_records(records, engine, fingerprinter, limits=limits))
        result.coverage.extend(source.coverage)
    result.coverage.extend(limits)
    result.findings = NameGuard(engine, fingerprinter).guard(result.findings, result.coverage)
    result.finished = time.time()
    return result


def _observed(records: Iterable[Record], progress: Progress) -> Iterator[Record]:
    for record in records:
        progress(record)
        yield record
