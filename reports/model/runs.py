"""Reading run JSON: when a run happened, what it covered per source kind, and where an item was.

Runs come from ``spc scan --format json``, ``scanners.jobs.nightly`` or the demo; every key beyond the scan JSON is
optional, so each reader here has a fallback and never raises on a missing key.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from reports.errors import ReportError
from scanners.cards.masking import mask
from scanners.engine.core import Engine

SOURCE_ORDER = ("cloudwatch", "s3", "bedrock", "recordings", "file")
_WORTH_SCANNING = re.compile(r"[0-9].*[0-9].*[0-9]|[^/\s]{20,}")
_TARGET_KINDS = (("cloudwatch:", "cloudwatch"), ("recordings:", "recordings"), ("s3://", "s3"), ("bedrock", "bedrock"))


@dataclass(frozen=True, slots=True)
class Run:
    """One run with its place in time: ``started`` orders runs, ``night`` places it on the trend."""

    data: Mapping[str, Any]
    index: int
    run_id: str
    started: datetime
    finished: datetime | None
    night: date
    seen: str  # ``started`` as ISO text: first/last seen of the findings of this run


def iso(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else ""


def _moment(value: Any) -> datetime | None:
    """An ISO string, epoch seconds or epoch milliseconds as an aware datetime; None when unreadable."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        if isinstance(value, int | float):
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, UTC)
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_run(data: Mapping[str, Any], index: int, fallback: datetime) -> Run:
    """Place one run in time from whichever of its time fields is present."""
    timings = data.get("timings") or {}
    summary = data.get("summary") or {}
    window = data.get("window") or {}
    started = (
        _moment(data.get("started")) or _moment(timings.get("started")) or _moment(summary.get("started"))
        or _moment(window.get("end_ms")) or _moment(data.get("date")) or fallback
    )
    finished = _moment(data.get("finished")) or _moment(timings.get("finished")) or _moment(summary.get("finished"))
    try:
        night = date.fromisoformat(str(data["date"])) if data.get("date") else started.date()
    except ValueError:
        night = started.date()
    run_id = str(data.get("run_id") or f"run-{started:%Y%m%dT%H%M%SZ}")
    return Run(data, index, run_id, started, finished, night, iso(started))


def read_run_file(
    path: Path, error: type[ReportError] = ReportError, expected: str = "a JSON object (a scan or nightly run)"
) -> dict[str, Any]:
    """A run file's JSON object (``spc scan --format json`` or a nightly run); ``error`` is raised, with what was
    ``expected``, for a file that cannot be read or is not that."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise error(f"{path}: expected run JSON ({type(exc).__name__})") from exc
    if not isinstance(data, dict):
        raise error(f"{path}: expected {expected}")
    return data


def read_runs(runs: Sequence[Mapping[str, Any]], now: datetime) -> list[Run]:
    """Runs oldest first (ties keep the given order); the last one is "this run"."""
    return sorted((read_run(r, i, now) for i, r in enumerate(runs)), key=lambda r: (r.started, r.index))


def source_kind(coverage: Mapping[str, Any]) -> str:
    """The source kind of a coverage entry; a failed nightly target (source ``scan``) is named by its target."""
    source = str(coverage.get("source") or "file")
    if source != "scan":
        return source
    target = str((coverage.get("location") or {}).get("target", ""))
    return next((kind for prefix, kind in _TARGET_KINDS if target.startswith(prefix)), "file")


def complete(coverage: Mapping[str, Any]) -> bool:
    return coverage.get("status") in ("scanned", "excluded")


_MASK_ROUNDS = 4


class Redactor:
    """Masks card data and credentials in free text (paths, keys, stream names) before it reaches a report.

    ``prepare(texts)`` checks many strings in one engine pass (joined by newlines: detectors never look across a
    line); afterwards each clean string is a dictionary lookup.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._done: dict[str, str] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self._done and "\n" not in t and "\r" not in t]
        if not todo:
            return
        starts, pos = [], 0
        for text in todo:
            starts.append(pos)
            pos += len(text) + 1
        dirty = {bisect_right(starts, span.start) - 1 for span in self.engine.scan_text("\n".join(todo))}
        for i, text in enumerate(todo):
            self._done[text] = self._mask(text) if i in dirty else text

    def _mask(self, text: str) -> str:
        for _ in range(_MASK_ROUNDS):  # a masked value can put the next one beside its keyword ("is *** (1-2-3")
            spans = self.engine.scan_text(text)
            for span in sorted(spans, key=lambda s: s.start, reverse=True):
                text = text[: span.start] + mask(span.type, span.value) + text[span.end :]
            if not spans:
                break
        return text

    def __call__(self, text: str) -> str:
        done = self._done.get(text)
        if done is not None:
            return done
        return self._mask(text) if _WORTH_SCANNING.search(text) else text

    def location(self, location: Mapping[str, Any]) -> dict[str, Any]:
        return {k: self(v) if isinstance(v, str) else v for k, v in location.items()}


def _when(ms: Any) -> str:
    moment = _moment(ms) if isinstance(ms, int | float) else None
    return iso(moment) if moment else str(ms)


def where(location: Mapping[str, Any]) -> str:
    """Where a person can look: ``s3://bucket/key:line``, ``group > stream @ time``, ``path:line``..."""
    loc = dict(location)
    if "bucket" in loc and "key" in loc:
        text = f"s3://{loc.pop('bucket')}/{loc.pop('key')}"
    elif "log_group" in loc:
        text = str(loc.pop("log_group"))
        if loc.get("log_stream"):
            text += f" > {loc.pop('log_stream')}"
        if loc.get("timestamp") is not None:
            text += f" @ {_when(loc.pop('timestamp'))}"
    elif "path" in loc:
        text = str(loc.pop("path"))
    elif "target" in loc:
        text = str(loc.pop("target"))
    else:
        text = ""
    if loc.get("line") is not None:
        text += f":{loc.pop('line')}"
        if loc.get("column") is not None:
            text += f":{loc.pop('column')}"
    extra = ", ".join(f"{k}={v}" for k, v in sorted(loc.items()) if v not in (None, ""))
    return f"{text} ({extra})" if text and extra else text or extra or "(unnamed)"


@dataclass(frozen=True, slots=True)
class Skip:
    location: str
    status: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"location": self.location, "status": self.status, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SourceRow:
    type: str
    entries: int
    items_scanned: int
    bytes_scanned: int
    complete: bool
    skipped: tuple[Skip, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "entries": self.entries, "items_scanned": self.items_scanned,
                "bytes_scanned": self.bytes_scanned, "complete": self.complete,
                "skipped": [s.to_dict() for s in self.skipped]}


def sources(coverage: Iterable[Mapping[str, Any]], redact: Redactor) -> list[SourceRow]:
    """Coverage per source kind: items and bytes read, and every item not examined with its reason."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for entry in coverage:
        groups.setdefault(source_kind(entry), []).append(entry)
    order = {kind: i for i, kind in enumerate(SOURCE_ORDER)}
    rows = []
    for kind in sorted(groups, key=lambda k: (order.get(k, len(order)), k)):
        entries = groups[kind]
        skipped = tuple(
            Skip(where(redact.location(e.get("location") or {})), str(e.get("status")),
                 str(e.get("reason") or e.get("status")))
            for e in entries if e.get("status") != "scanned"
        )
        rows.append(SourceRow(
            type=kind, entries=len(entries),
            items_scanned=sum(int(e.get("items_scanned") or 0) for e in entries),
            bytes_scanned=sum(int(e.get("bytes_scanned") or 0) for e in entries),
            complete=all(complete(e) for e in entries), skipped=skipped,
        ))
    return rows


def coverage_percent(coverage: Sequence[Mapping[str, Any]]) -> float:
    """Share of coverage entries examined (scanned or deliberately excluded); 0 when nothing was listed."""
    return round(100.0 * sum(1 for c in coverage if complete(c)) / len(coverage), 1) if coverage else 0.0
