"""Findings across the report's runs: de-duplicated, first/last seen per fingerprint, status new/known/waived.

The report covers every run it is given, so a leak found on an earlier night stays listed (nightly scans are
incremental: data scanned once is not scanned again). Findings in canary locations are expected and set apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reports.evidence.canary import is_canary_location
from reports.model.runs import Redactor, Run, where
from reports.model.waivers import Waiver, waiver_for

STATUS_ORDER = {"new": 0, "known": 1, "waived": 2}


@dataclass(frozen=True, slots=True)
class FindingRow:
    ref: str
    source: str
    type: str
    detector: str
    masked: str
    location: Mapping[str, Any]
    where: str
    first_seen: str
    last_seen: str
    fingerprint: str
    status: str
    waiver: str
    encoding: str
    test_card: bool
    record: str = ""  # the signed remediation record that removed it (status ``remediated``)

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "source": self.source, "type": self.type, "detector": self.detector,
                "masked": self.masked, "location": dict(self.location), "where": self.where,
                "first_seen": self.first_seen, "last_seen": self.last_seen, "fingerprint": self.fingerprint,
                "status": self.status, "waiver": self.waiver, "encoding": self.encoding,
                "test_card": self.test_card, "record": self.record}


class _Planted:
    """The locations canaries were planted at, grouped by key set so a finding is matched in a few lookups."""

    def __init__(self, run: Run) -> None:
        self.groups: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for c in run.data.get("canaries") or ():
            where_ = c.get("location") if isinstance(c, Mapping) else None
            if isinstance(where_, Mapping) and where_:
                keys = tuple(sorted(where_))
                self.groups.setdefault(keys, set()).add(tuple(repr(where_[k]) for k in keys))

    def __contains__(self, location: Mapping[str, Any]) -> bool:
        if is_canary_location(location):
            return True
        for keys, values in self.groups.items():
            if all(k in location for k in keys) and tuple(repr(location[k]) for k in keys) in values:
                return True
        return False


def split_canary_findings(run: Run) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """(leak candidates, canary findings) of one run."""
    planted = _Planted(run)
    leaks: list[Mapping[str, Any]] = []
    canaries: list[Mapping[str, Any]] = []
    for finding in run.data.get("findings") or ():
        if not isinstance(finding, Mapping):
            continue
        (canaries if (finding.get("location") or {}) in planted else leaks).append(finding)
    return leaks, canaries


def _key(finding: Mapping[str, Any]) -> Hashable:
    location = finding.get("location") or {}
    try:
        where_ = tuple(sorted(location.items()))
        hash(where_)
    except TypeError:  # a nested value: fall back to its JSON text
        where_ = (json.dumps(location, sort_keys=True, default=str),)
    return finding.get("fingerprint"), finding.get("type"), finding.get("source"), where_


Split = tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]


def merge(
    runs: Sequence[Run],
    splits: Sequence[Split],
    *,
    waivers: Sequence[Waiver],
    today: date,
    redact: Redactor,
    earlier: Mapping[str, str] | None = None,
    remediated: Callable[[Mapping[str, Any]], str] | None = None,
) -> tuple[list[FindingRow], dict[str, int]]:
    """Leak findings of every run (``splits[i]`` = ``split_canary_findings(runs[i])``) and waiver match counts.

    ``earlier`` maps fingerprints to the first time a previous report saw them.
    """
    seen: dict[Hashable, Mapping[str, Any]] = {}
    first: dict[str, str] = dict(earlier or {})
    last: dict[str, str] = {}
    for run, (leaks, _) in zip(runs, splits, strict=True):
        for finding in leaks:
            fp = str(finding.get("fingerprint") or "")
            first.setdefault(fp, run.seen)
            last[fp] = run.seen
            seen.setdefault(_key(finding), finding)
    this_run = runs[-1].seen if runs else ""
    redact.prepare(v for f in seen.values() for v in (*(f.get("location") or {}).values(), f.get("masked"))
                   if isinstance(v, str))
    matched: dict[str, int] = {w.id: 0 for w in waivers}
    fields: list[dict[str, Any]] = []
    for f in seen.values():
        fp = str(f.get("fingerprint") or "")
        waiver = waiver_for(f, waivers, today) if waivers else None
        if waiver is not None:
            matched[waiver.id] += 1
        location = redact.location(f.get("location") or {})
        encoding = f.get("encoding") or ()
        record = "" if waiver or remediated is None else remediated(f)
        fields.append(dict(
            source=str(f.get("source") or "file"), type=str(f.get("type") or ""),
            detector=str(f.get("detector") or ""), masked=redact(str(f.get("masked") or "")),
            location=location, where=where(location), first_seen=first[fp], last_seen=last[fp], fingerprint=fp,
            status="waived" if waiver else "remediated" if record else ("known" if first[fp] < this_run else "new"),
            record=record,
            waiver=waiver.id if waiver else "",
            encoding="+".join(str(e) for e in encoding) if isinstance(encoding, list | tuple) else str(encoding),
            test_card=bool(f.get("test_card")),
        ))
    fields.sort(key=lambda r: (STATUS_ORDER.get(r["status"], 3), r["source"], r["type"], r["where"]))
    return [FindingRow(ref=f"F-{n:05d}", **row) for n, row in enumerate(fields, 1)], matched


def earlier_first_seen(previous_report: Mapping[str, Any] | None) -> dict[str, str]:
    """Fingerprint -> first seen, from a previous report's findings (the chain keeps history across reports)."""
    out: dict[str, str] = {}
    for f in (previous_report or {}).get("findings") or ():
        if isinstance(f, Mapping) and f.get("fingerprint") and f.get("first_seen"):
            fp, seen = str(f["fingerprint"]), str(f["first_seen"])
            out[fp] = min(seen, out.get(fp, seen))
    return out


def counts(rows: Iterable[object], attr: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        value = str(getattr(row, attr))
        out[value] = out.get(value, 0) + 1
    return dict(sorted(out.items()))
