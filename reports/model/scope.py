"""Scope (who, what, when, with which tool), the canary matrix, and the methodology appendix of a report."""

from __future__ import annotations

import getpass
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from reports.evidence.canary import KINDS
from reports.model.runs import Redactor, Run, iso, source_kind
from scanners.engine.core import Engine

NOT_RECORDED = "not recorded"
COVERED = (
    "An item (file, S3 object, log group, invocation record, recording) is covered when the scanner read it to "
    "the end and ran every detector over its text, including text decoded from the encodings listed here. An "
    "item skipped (unsupported or binary format) or failed (access denied, throttled past retries, corrupt, "
    "deleted mid-scan) is listed with its reason and makes the run incomplete; an item excluded on purpose is "
    "listed too. A source whose scope matched nothing is reported as skipped, never as clean."
)
CANARIES = (
    "Each run plants published test card numbers of every brand, and security codes, expiry dates and track "
    "data in context, into isolated canary locations of each source kind (log group /spc/canary/..., S3 prefix "
    "spc-canary/...), in every form the kind can hold. The scan must report each one; a miss makes the run "
    "incomplete. Findings in canary locations are expected and are not counted as leaks."
)
FINGERPRINTS = (
    "Findings never hold the matched value: a PAN is shown as at most its first six and last four digits, "
    "security codes and expiry dates fully masked. Each finding is identified by a keyed HMAC-SHA-256 "
    "fingerprint, so the same value is recognised across nights without being stored."
)


@dataclass(frozen=True, slots=True)
class Scope:
    account: str
    region: str
    targets: tuple[str, ...]
    run_by: str
    run_id: str
    run_ids: tuple[str, ...]
    window_start: str
    window_end: str
    started: str
    finished: str
    generated: str
    generated_by: str
    tool: str
    tool_version: str
    backend: str
    detectors: tuple[str, ...]
    nights: int
    caller_arn: str = NOT_RECORDED
    build: str = NOT_RECORDED
    source_sha256: str = NOT_RECORDED
    rules_sha256: str = NOT_RECORDED
    prepared_by: str = NOT_RECORDED
    approved_by: str = NOT_RECORDED

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


def _targets(run: Run, redact: Redactor) -> tuple[str, ...]:
    declared = (run.data.get("scope") or {}).get("targets")
    if not declared:
        declared = [t.get("target") if isinstance(t, Mapping) else t for t in run.data.get("targets") or ()]
    names = [redact(str(t)) for t in declared or () if t]
    if not names:
        kinds = {source_kind(c) for c in run.data.get("coverage") or () if isinstance(c, Mapping)}
        names = [f"{kind} (from coverage)" for kind in sorted(kinds)]
    return tuple(dict.fromkeys(names))


def _window_edge(run: Run, key: str, fallback: datetime | None) -> str:
    value = (run.data.get("window") or {}).get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return iso(datetime.fromtimestamp(value / 1000, fallback.tzinfo if fallback else None))
    return iso(fallback)


def _user() -> str:
    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except (KeyError, OSError):  # no passwd entry in a container
        return NOT_RECORDED


def _prov(run: Run) -> Mapping[str, Any]:
    value = run.data.get("provenance")
    return value if isinstance(value, Mapping) else {}


def _known(*values: Any) -> str:
    """The first value that is recorded (not empty, not "not recorded ...")."""
    for v in values:
        if v and not str(v).startswith(NOT_RECORDED):
            return str(v)
    return next((str(v) for v in values if v), NOT_RECORDED)


def _edge(run: Run, key: str, ms_key: str, fallback: datetime | None) -> str:
    """A window edge: the provenance's ISO time, else the run's ``window`` milliseconds, else the run's time."""
    value = (_prov(run).get("window") or {}).get(key)
    if isinstance(value, str) and value[:1].isdigit():
        return value
    return _window_edge(run, ms_key, fallback)


def scope(runs: Sequence[Run], redact: Redactor, now: datetime, *, prepared_by: str | None = None,
          approved_by: str | None = None) -> Scope:
    first, this = runs[0], runs[-1]
    declared = this.data.get("scope") or {}
    tool = this.data.get("tool") or {}
    prov = _prov(this)
    ptool = prov.get("tool") or {}
    return Scope(
        account=_known(prov.get("account"), declared.get("account")),
        region=_known(prov.get("region"), declared.get("region")),
        targets=_targets(this, redact), run_by=str(declared.get("run_by") or this.data.get("run_by") or NOT_RECORDED),
        run_id=this.run_id, run_ids=tuple(r.run_id for r in runs),
        window_start=_edge(first, "start", "start_ms", first.started),
        window_end=_edge(this, "end", "end_ms", this.finished or this.started),
        started=iso(this.started), finished=iso(this.finished) or NOT_RECORDED, generated=iso(now),
        generated_by=_user(), tool=str(tool.get("name") or ptool.get("name") or "spc"),
        tool_version=str(tool.get("version") or ptool.get("version") or ""),
        backend=str(tool.get("backend") or ptool.get("backend") or ""),
        detectors=tuple(str(d) for d in tool.get("detectors") or ())
        or tuple(f"{d.get('id')}@{d.get('version')}" for d in prov.get("detectors") or () if isinstance(d, Mapping)),
        nights=len({r.night for r in runs}), caller_arn=_known(prov.get("caller_arn")),
        build=_known(ptool.get("build"), tool.get("build")), source_sha256=_known(ptool.get("source_sha256")),
        rules_sha256=_known(prov.get("rules_sha256")), prepared_by=prepared_by or NOT_RECORDED,
        approved_by=approved_by or NOT_RECORDED,
    )


@dataclass(frozen=True, slots=True)
class CanaryRow:
    id: str
    kind: str
    form: str
    type: str
    brand: str
    masked: str
    where: str
    status: str
    found_by: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str) -> CanaryRow:
        status = "found" if data.get("status") == "found" else "missed"
        return cls(str(data.get("id") or ""), str(data.get("kind") or ""), str(data.get("form") or ""),
                   str(data.get("type") or ""), str(data.get("brand") or ""), str(data.get("masked") or ""),
                   where, status, str(data.get("found_by") or ""))

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Cell:
    found: int
    total: int

    @property
    def status(self) -> str:
        return "none" if not self.total else "found" if self.found == self.total else "missed"


@dataclass(frozen=True, slots=True)
class CanaryMatrix:
    forms: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]


def canary_matrix(rows: Sequence[CanaryRow]) -> CanaryMatrix:
    """Source kind x form: how many canaries of each were found."""
    forms = tuple(dict.fromkeys(r.form for r in rows))
    order = {k: i for i, k in enumerate(KINDS)}
    kinds = sorted({r.kind for r in rows}, key=lambda k: (order.get(k, len(order)), k))
    table = []
    for kind in kinds:
        cells = []
        for form in forms:
            mine = [r for r in rows if r.kind == kind and r.form == form]
            cells.append(Cell(sum(1 for r in mine if r.status == "found"), len(mine)))
        table.append((kind, tuple(cells)))
    return CanaryMatrix(forms, tuple(table))


@dataclass(frozen=True, slots=True)
class Methodology:
    detectors: tuple[tuple[str, str, str], ...]  # id, type, what it finds
    decoders: tuple[tuple[str, str], ...]  # id, what it decodes
    max_depth: int
    covered: str = COVERED
    canaries: str = CANARIES
    fingerprints: str = FINGERPRINTS

    def to_dict(self) -> dict[str, Any]:
        return {"detectors": [{"id": i, "type": t, "finds": d} for i, t, d in self.detectors],
                "decoders": [{"id": i, "decodes": d} for i, d in self.decoders], "max_depth": self.max_depth,
                "covered": self.covered, "canaries": self.canaries, "fingerprints": self.fingerprints}


def _summary(obj: object) -> str:
    doc = sys.modules[type(obj).__module__].__doc__ or type(obj).__doc__ or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ").replace("``", "")


def methodology(engine: Engine, redact: Redactor) -> Methodology:
    """The detectors and decoders of the engine that checked this report (and, by default, ran the scan)."""
    detectors = tuple((d.id, d.type, redact(_summary(d))) for d in engine.detectors)
    decoders = tuple((d.id, redact(_summary(d))) for d in engine.decoders)
    return Methodology(detectors, decoders, engine.max_depth)
