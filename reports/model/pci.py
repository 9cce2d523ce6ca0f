"""The PCI DSS table: each requirement's evidence keys (from ``pci_dss_v4.json``) judged against this report.

An evidence key is judged ``pass``, ``fail``, ``partial`` or ``untested``. A requirement is *Not in Place* when
any evidence fails; *In Place* only when every piece passes and the tool evidences the whole requirement;
*Partially evidenced* when what the tool can show passes (or is partial) but the requirement also asks for
something the tool cannot see (its ``assessor`` text in ``pci_dss_v4.json`` says what the assessor must still
do); *Not Tested* otherwise: missing evidence, a coverage gap or a control that could not be read never counts
as a pass. Each row says what the evidence shows (``shows``) and what it does not (``not_shown``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

from reports.controls import ControlResult
from reports.errors import ReportError

_ANCHORS = {"scan.findings": "findings", "scan.coverage": "sources", "scan.scope": "scope", "canary": "canaries",
            "control": "controls", "report.signature": "integrity", "report": "methodology", "trend": "trend",
            "waivers": "waivers"}
_ANCHORS |= {"scan.inventory": "scope", "alert": "trend"}
_STATUS = {"pass": "In Place", "fail": "Not in Place", "partial": "Partially evidenced", "untested": "Not Tested"}
QUARTER_DAYS = 92  # "at least every three months"


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    key: str
    result: str  # pass / fail / untested
    note: str
    anchor: str

    def to_dict(self) -> dict[str, str]:
        return {"ref": self.key, "result": self.result, "note": self.note, "section": self.anchor}


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    title: str
    status: str
    evidence: tuple[EvidenceRef, ...]
    shows: str = ""
    not_shown: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "shows": self.shows,
                "not_shown": self.not_shown, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Facts:
    """What the report knows, in the terms evidence keys are judged by."""

    leaks_by_type: Mapping[str, int]
    coverage_entries: int
    coverage_complete: bool
    canaries: Sequence[Mapping[str, Any]]
    controls: Sequence[ControlResult]
    missed_nights: Sequence[str]
    targets: int
    signed: bool
    chained: bool
    waivers_active: int
    waivers_expired: int
    remediation_records: Sequence[str] = ()
    unremediated: int = 0
    inventory: Mapping[str, Any] | None = None
    run_starts: Sequence[datetime] = ()
    window_days: float = 0.0
    alerts: Sequence[Mapping[str, Any]] = ()
    failures: Sequence[str] = field(default_factory=tuple)


def load_mapping() -> dict[str, Any]:
    """The requirement -> evidence data file shipped with the package."""
    raw = resources.files("reports").joinpath("pci_dss_v4.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    for i, req in enumerate(data.get("requirements") or ()):
        if not (isinstance(req.get("id"), str) and isinstance(req.get("title"), str)
                and isinstance(req.get("evidence"), list)):
            raise ReportError(f"pci_dss_v4.json requirements[{i}]: expected id, title and an evidence list")
    return dict(data)


def _findings(f: Facts, kind: str | None) -> tuple[str, str]:
    n = sum(v for t, v in f.leaks_by_type.items() if kind in (None, t))
    what = f"{kind} data" if kind else "card data"
    if n:
        return "fail", f"{n} finding(s) of {what} not covered by a waiver"
    if not f.coverage_complete:
        return "untested", f"no {what} found, but not every item was examined"
    return "pass", f"no {what} found in {f.coverage_entries} examined item(s)"


def _canary(f: Facts, kind: str | None) -> tuple[str, str]:
    rows = [c for c in f.canaries if kind in (None, c.get("type"))]
    if not rows:
        return "untested", "no canary of this kind was planted"
    missed = sum(1 for c in rows if c.get("status") != "found")
    if missed:
        return "fail", f"{missed} of {len(rows)} canaries missed"
    return "pass", f"{len(rows)} of {len(rows)} canaries found"


def _control(f: Facts, ident: str) -> tuple[str, str]:
    rows = [c for c in f.controls if c.id == ident]
    if not rows:
        return "untested", "control not checked"
    failed = [c.resource or c.id for c in rows if c.status == "fail"]
    if failed:
        return "fail", f"fails on {', '.join(failed)}"
    if any(c.status == "error" for c in rows):
        return "untested", "could not be checked on every resource"
    return "pass", f"passes on {len(rows)} resource(s)"


def _inventory(f: Facts) -> tuple[str, str]:
    inv = f.inventory
    if not inv:
        return "untested", "no account inventory recorded: scope is only the targets named, not confirmed"
    kinds = inv.get("kinds") or {}
    counts = "; ".join(str(k.get("summary")) for k in kinds.values() if isinstance(k, Mapping))
    left = [x for x in inv.get("left_out") or () if isinstance(x, Mapping)]
    if left:
        names = ", ".join(str(x.get("name")) for x in left[:5]) + (" ..." if len(left) > 5 else "")
        return "fail", f"{len(left)} likely card-data location(s) left out of scope ({names}); {counts}"
    if not inv.get("complete", False):
        return "untested", f"the account inventory is incomplete (a listing failed); {counts}"
    return "pass", f"{counts}; no likely card-data location left out"


def _frequency(f: Facts, days: int) -> tuple[str, str]:
    starts = sorted(f.run_starts)
    if not starts:
        return "untested", "no run recorded"
    gaps = [(b - a).total_seconds() / 86400 for a, b in itertools.pairwise(starts)]
    worst = max(gaps, default=0.0)
    span = max(f.window_days, (starts[-1] - starts[0]).total_seconds() / 86400)
    what = f"{len(starts)} run(s) over {span:.0f} day(s)" + (f", longest gap {worst:.1f} day(s)" if gaps else "")
    if worst > days:
        return "fail", f"{what}: more than {days} days between two runs"
    if span < days:
        return "partial", f"{what}: the window is shorter than the required {days}-day period, so runs before it " \
                          "must be read from earlier reports"
    return "pass", f"{what}: at least one run every {days} days"


def _alerts(f: Facts) -> tuple[str, str]:
    delivered = [a for a in f.alerts if a.get("message_id") or a.get("alarm_state_history")]
    if delivered:
        ids = ", ".join(str(a.get("message_id") or "alarm state change") for a in delivered[:3])
        return "pass", f"{len(delivered)} alert(s) delivered for {len(f.failures)} failure(s) in the window " \
                       f"(SNS message id / alarm history: {ids})"
    if f.failures:
        return "fail", f"{len(f.failures)} failure(s) in the window ({', '.join(f.failures[:3])}) and no alert " \
                       "delivery recorded"
    return "untested", "no failure in the window, so no alert delivery could be observed"


def judge(key: str, f: Facts) -> tuple[str, str]:
    """``(result, note)`` for one evidence key."""
    head, _, arg = key.partition(":")
    if head == "scan.inventory":
        return _inventory(f)
    if head == "trend.frequency":
        return _frequency(f, int(arg or QUARTER_DAYS))
    if head == "alert.delivery":
        return _alerts(f)
    if head == "scan.findings":
        return _findings(f, arg or None)
    if head == "canary":
        return _canary(f, arg or None)
    if head.startswith("control."):
        return _control(f, head.removeprefix("control."))
    if head == "scan.coverage":
        if f.coverage_entries and f.coverage_complete:
            return "pass", f"all {f.coverage_entries} item(s) examined"
        return "untested", "some items were not examined" if f.coverage_entries else "nothing was scanned"
    if head == "scan.scope":
        if not f.targets:
            return "untested", "no scope recorded"
        return "partial", f"{f.targets} target(s) named in scope (names only; see the inventory for the account)"
    if head == "trend.missed_nights":
        if f.missed_nights:
            return "fail", f"no run on {', '.join(f.missed_nights)}"
        return "pass", "a run every night in the window"
    if head == "report.masking":
        return "pass", "values shown masked (at most first 6 and last 4); rendered output scanned before writing"
    if head == "report.fingerprints":
        return "pass", "findings are identified by keyed HMAC-SHA-256 fingerprints, never plain hashes"
    if head == "report.signature":
        if not f.signed:
            return "untested", "report not signed"
        return "pass", "signed SHA-256 manifest" + (", chained to the previous report" if f.chained else "")
    if head == "remediation":
        if f.unremediated:
            return "fail", f"{f.unremediated} finding(s) without a signed remediation record"
        if f.remediation_records:
            return "pass", f"every finding remediated, re-scanned clean: {', '.join(f.remediation_records)}"
        return "pass", "no card data found: nothing to remediate"
    if head == "waivers":
        return "pass", f"{f.waivers_active} active waiver(s) with justification and expiry; " \
                       f"{f.waivers_expired} expired (not counted)"
    return "untested", "unknown evidence key"


def _anchor(key: str) -> str:
    head = key.partition(":")[0]
    return _ANCHORS.get(head) or _ANCHORS.get(head.split(".")[0], "methodology")


def status_of(results: set[str], assessor: str) -> str:
    """The row status from its evidence results; ``assessor`` (what the tool cannot show) caps a pass at partial."""
    if "fail" in results:
        return "fail"
    if results <= {"pass", "partial"} and results:
        return "partial" if assessor or "partial" in results else "pass"
    return "untested"


def requirements(mapping: Mapping[str, Any], facts: Facts) -> list[Requirement]:
    rows = []
    for req in mapping.get("requirements") or ():
        refs = tuple(EvidenceRef(k, *judge(k, facts), _anchor(k)) for k in req["evidence"])
        assessor = str(req.get("assessor") or "")
        status = status_of({r.result for r in refs}, assessor)
        shown = [r.note for r in refs if r.result in ("pass", "partial")]
        missing = [r.note for r in refs if r.result not in ("pass", "partial")]
        not_shown = "; ".join([*missing, *([f"The assessor must still {assessor}"] if assessor else [])])
        rows.append(Requirement(req["id"], req["title"], _STATUS[status], refs,
                                shows="; ".join(shown) or "nothing", not_shown=not_shown or "nothing further"))
    return rows
