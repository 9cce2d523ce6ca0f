"""The report view-model: everything a template shows, computed once, every field filled.

``build_model(runs, ...)`` reads run JSON (scan JSON plus optional ``run_id``, ``window``, ``scope``, ``canaries``,
``controls``, ``started``/``finished``). The newest run is "this run": its coverage, canaries and controls judge
the verdict. Findings from every run are listed (with first/last seen), and the nights between runs feed the
trend. Verdict: ``leaks`` when any finding is not waived; else ``incomplete`` when anything was not examined, a
canary was missed or a night had no run; else ``clean``. Templates see only this model, never raw runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from reports.controls import ControlResult
from reports.errors import ReportError
from reports.model.changes import changes
from reports.model.findings import FindingRow, Split, counts, earlier_first_seen, merge, split_canary_findings
from reports.model.pci import Facts, Requirement, load_mapping, requirements
from reports.model.runs import Redactor, Run, SourceRow, complete, iso, read_runs, source_kind, sources, where
from reports.model.scope import (
    NOT_RECORDED,
    CanaryMatrix,
    CanaryRow,
    Methodology,
    Scope,
    canary_matrix,
    methodology,
    scope,
)
from reports.model.trend import TrendPoint, fill_nights, missed_canaries, night_point, previous_points, trend_svg
from reports.model.waivers import Waiver
from scanners.engine.core import Engine, default_engine

BANNERS = {"clean": "PASS", "leaks": "FAIL", "incomplete": "INCOMPLETE"}


@dataclass(frozen=True, slots=True)
class ControlRow:
    id: str
    title: str
    status: str
    resource: str
    evidence: tuple[tuple[str, str], ...]
    pci: tuple[str, ...]
    raw: ControlResult = field(repr=False)


@dataclass(frozen=True, slots=True)
class WaiverRow:
    waiver: Waiver
    active: bool
    matched: int


@dataclass(frozen=True)
class ReportModel:
    verdict: str
    banner: str
    reasons: tuple[str, ...]
    scope: Scope
    sources: tuple[SourceRow, ...]
    findings: tuple[FindingRow, ...]
    summary: Mapping[str, Any]
    canaries: tuple[CanaryRow, ...]
    canary_matrix: CanaryMatrix
    canary_findings: int
    controls: tuple[ControlRow, ...]
    standard: str
    requirements: tuple[Requirement, ...]
    trend: tuple[TrendPoint, ...]
    trend_svg: str
    missed_nights: tuple[str, ...]
    waivers: tuple[WaiverRow, ...]
    methodology: Methodology
    signed: bool
    chained: bool
    inventory: Mapping[str, Any] | None = None
    provenance: Mapping[str, Any] | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    annotations: tuple[Mapping[str, Any], ...] = ()
    population: tuple[Mapping[str, Any], ...] = ()
    signer_fingerprint: str = ""  # sha256:<hex> of the signing key's DER SubjectPublicKeyInfo

    def to_dict(self) -> dict[str, Any]:
        """The ``report.json`` document."""
        today = datetime.fromisoformat(self.scope.generated.replace("Z", "+00:00")).date()
        return {
            "verdict": self.verdict, "banner": self.banner, "reasons": list(self.reasons),
            "scope": self.scope.to_dict(), "summary": dict(self.summary),
            "sources": [s.to_dict() for s in self.sources], "findings": [f.to_dict() for f in self.findings],
            "canaries": [c.to_dict() for c in self.canaries], "canary_findings": self.canary_findings,
            "controls": [c.raw.to_dict() for c in self.controls],
            "standard": self.standard, "requirements": [r.to_dict() for r in self.requirements],
            "trend": [p.to_dict() for p in self.trend], "missed_nights": list(self.missed_nights),
            "waivers": [w.waiver.to_dict(today) | {"matched": w.matched} for w in self.waivers],
            "methodology": self.methodology.to_dict(),
            "inventory": dict(self.inventory) if self.inventory else NOT_RECORDED,
            "provenance": dict(self.provenance) if self.provenance else NOT_RECORDED,
            "changes": dict(self.changes), "annotations": [dict(a) for a in self.annotations],
            "integrity": {"signed": self.signed, "chained_to_previous": self.chained,
                          "signer_fingerprint": self.signer_fingerprint},
        }


def _controls(given: Sequence[ControlResult | Mapping[str, Any]] | None, run: Run) -> list[ControlRow]:
    raw = given if given is not None else run.data.get("controls") or ()
    rows = []
    for item in raw:
        c = item if isinstance(item, ControlResult) else ControlResult.from_dict(item)
        evidence = tuple((str(k), v if isinstance(v, str) else _plain(v)) for k, v in c.evidence.items())
        rows.append(ControlRow(c.id, c.title, c.status, c.resource, evidence, c.pci, c))
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or "none"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) or "none"
    return str(value)


def _nights(runs: Sequence[Run], splits: Sequence[Split], previous: Mapping[str, Any] | None) -> list[TrendPoint]:
    by_night: dict[Any, list[tuple[Run, int]]] = {}
    for run, (leaks, _) in zip(runs, splits, strict=True):
        by_night.setdefault(run.night, []).append((run, len(leaks)))
    points = {p.night: p for p in previous_points(previous)}
    for night, group in by_night.items():
        points[night.isoformat()] = night_point(night, [r for r, _ in group], [n for _, n in group])
    return fill_nights(list(points.values()))


def build_model(
    runs: Sequence[Mapping[str, Any]],
    *,
    waivers: Sequence[Waiver] = (),
    controls: Sequence[ControlResult | Mapping[str, Any]] | None = None,
    previous_report: Mapping[str, Any] | None = None,
    signed: bool = True,
    chained: bool = False,
    signer_fingerprint: str = "",
    engine: Engine | None = None,
    now: datetime | None = None,
    remediated: Callable[[Mapping[str, Any]], str] | None = None,
    prepared_by: str | None = None,
    approved_by: str | None = None,
    annotations: Sequence[Mapping[str, Any]] = (),
) -> ReportModel:
    """The view-model of a report over ``runs`` (any order; the newest is this run); ``remediated(finding)`` is
    the id of the signed remediation record that removed it, or ``""``."""
    if not runs:
        raise ReportError("runs: expected at least one run JSON")
    for i, run in enumerate(runs):
        if not isinstance(run, Mapping) or not isinstance(run.get("findings", []), list) \
                or not isinstance(run.get("coverage", []), list):
            raise ReportError(f"runs[{i}]: expected a scan/nightly run object with findings and coverage lists")
    now = now or datetime.now(UTC)
    redact = Redactor(engine or default_engine())
    ordered = read_runs(runs, now)
    this = ordered[-1]
    splits = [split_canary_findings(r) for r in ordered]
    canary_hits = splits[-1][1]
    findings, matched = merge(ordered, splits, waivers=waivers, today=now.date(), redact=redact,
                              earlier=earlier_first_seen(previous_report), remediated=remediated)
    coverage = [c for c in this.data.get("coverage") or () if isinstance(c, Mapping)]
    canaries = [c for c in this.data.get("canaries") or () if isinstance(c, Mapping)]
    trend = _nights(ordered, splits, previous_report)
    since = trend[0].night if previous_report else ordered[0].night.isoformat()
    missed = tuple(p.night for p in trend if p.verdict == "missed" and p.night >= since)
    leaks = [f for f in findings if f.status != "waived"]
    control_rows = _controls(controls, this)
    gaps = _gaps(coverage, missed_canaries(this), len(canaries), missed) + _unproven(coverage, canaries, control_rows)
    verdict = "leaks" if leaks else "incomplete" if gaps else "clean"
    reasons = ((f"{len(leaks)} finding(s) not covered by a waiver",) if leaks else ()) + gaps
    active = sum(1 for w in waivers if w.active(now.date()))
    report_scope = scope(ordered, redact, now, prepared_by=prepared_by, approved_by=approved_by)
    inventory = this.data.get("inventory") if isinstance(this.data.get("inventory"), Mapping) else None
    provenance = this.data.get("provenance") if isinstance(this.data.get("provenance"), Mapping) else None
    failures = [f"{r.run_id} {r.data.get('verdict')}" for r in ordered if r.data.get("verdict") in
                ("incomplete", "failed")] + [f"no run on {n}" for n in missed]
    facts = Facts(counts(leaks, "type"), len(coverage), bool(coverage) and all(complete(c) for c in coverage),
                  canaries, [c.raw for c in control_rows], missed, len(report_scope.targets),
                  signed, chained, active, len(waivers) - active,
                  tuple(sorted({f.record for f in leaks if f.record})), sum(1 for f in leaks if not f.record),
                  inventory=inventory, run_starts=[r.started for r in ordered], window_days=_days(report_scope),
                  alerts=[a for r in ordered for a in r.data.get("alerts") or () if isinstance(a, Mapping)],
                  failures=failures)
    mapping = load_mapping()
    reqs = requirements(mapping, facts)
    source_rows = sources(coverage, redact)
    canary_rows = tuple(CanaryRow.from_dict(c, where(redact.location(c.get("location") or {}))) for c in canaries)
    summary = {
        "findings": len(findings), "leaks": len(leaks), "by_status": counts(findings, "status"),
        "by_type": counts(findings, "type"), "by_source": counts(findings, "source"),
        "items_scanned": sum(s.items_scanned for s in source_rows),
        "bytes_scanned": sum(s.bytes_scanned for s in source_rows),
        "not_examined": sum(len(s.skipped) for s in source_rows),
        "canaries": len(canary_rows), "canaries_found": sum(1 for c in canary_rows if c.status == "found"),
        "controls": counts(control_rows, "status"), "requirements": counts(reqs, "status"),
    }
    model = ReportModel(
        verdict=verdict, banner=BANNERS[verdict], reasons=reasons, scope=report_scope, sources=tuple(source_rows),
        findings=tuple(findings), summary=summary, canaries=canary_rows, canary_matrix=canary_matrix(canary_rows),
        canary_findings=len(canary_hits), controls=tuple(control_rows), standard=str(mapping.get("standard", "")),
        requirements=tuple(reqs), trend=tuple(trend), trend_svg=trend_svg(trend), missed_nights=missed,
        waivers=tuple(WaiverRow(w, w.active(now.date()), matched.get(w.id, 0)) for w in waivers),
        methodology=methodology(redact.engine, redact), signed=signed, chained=chained,
        inventory=inventory, provenance=provenance, annotations=tuple(annotations),
        population=tuple(_population(coverage, redact)), signer_fingerprint=signer_fingerprint,
    )
    return replace(model, changes=changes(previous_report, model.to_dict()))


def _population(coverage: Sequence[Mapping[str, Any]], redact: Redactor) -> list[dict[str, Any]]:
    """Every item of this run, numbered: the population an assessor samples from (``spc sample``)."""
    return [{"ref": f"P-{n:05d}", "source": source_kind(c), "where": where(redact.location(c.get("location") or {})),
             "status": str(c.get("status") or ""), "items_read": int(c.get("items_scanned") or 0),
             "bytes_read": int(c.get("bytes_scanned") or 0), "reason": redact(str(c.get("reason") or ""))}
            for n, c in enumerate(coverage, 1)]


def _days(s: Scope) -> float:
    try:
        start = datetime.fromisoformat(s.window_start.replace("Z", "+00:00"))
        end = datetime.fromisoformat(s.window_end.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return max(0.0, (end - start).total_seconds() / 86400)


def _gaps(coverage: Sequence[Mapping[str, Any]], canaries_missed: int, canaries: int,
          missed_nights: Sequence[str]) -> tuple[str, ...]:
    """Why the run is not clean, beyond leaks: each thing that was not examined or not proven."""
    out = []
    if not coverage:
        out.append("nothing was scanned in this run")
    gaps = sum(1 for c in coverage if not complete(c))
    if gaps:
        out.append(f"{gaps} item(s) not examined in this run (see Sources and coverage)")
    if canaries_missed:
        out.append(f"{canaries_missed} of {canaries} canaries were not detected")
    if missed_nights:
        out.append(f"no run on {len(missed_nights)} night(s): {', '.join(missed_nights)}")
    return tuple(out)


def _unproven(coverage: Sequence[Mapping[str, Any]], canaries: Sequence[Mapping[str, Any]],
              controls: Sequence[ControlRow]) -> tuple[str, ...]:
    """PASS means proven: canaries planted in every source kind scanned, and the configuration controls run
    (for cloud sources; a run over local files only has no cloud configuration to check)."""
    out = []
    scanned = {str(c.get("source")) for c in coverage if c.get("source") not in (None, "scan")}
    if not canaries:
        out.append("detection effectiveness not demonstrated: no canaries were planted in this run")
    else:
        planted = {str(c.get("kind") or c.get("source")) for c in canaries}
        unplanted = sorted(scanned - planted)
        if unplanted:
            out.append(f"detection effectiveness not demonstrated for source kind(s) without canaries: "
                       f"{', '.join(unplanted)}")
    if not controls and scanned - {"file"}:
        out.append("configuration controls were not run in this run")
    return tuple(out)


__all__ = ["BANNERS", "ReportModel", "build_model", "iso"]
