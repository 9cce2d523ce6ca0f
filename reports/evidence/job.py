"""The nightly evidence job: the one production function behind the nightly Lambda, the Distributed Map's last
step and ``spc demo``.

plant canaries in every configured source kind -> scan every target (incrementally, from its checkpoint) and the
canary locations (in full) -> evaluate the canaries -> run the configuration controls -> write the run JSON with
everything ``spc report`` needs -> alert and metrics -> save the checkpoints.

Canary findings stay in the run's ``findings`` (the report sets them apart) but never make the run's verdict
``leaks`` or raise an alert; a canary that was not found, or a kind whose canaries could not be planted, makes the
run ``incomplete``: detection effectiveness was not shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from reports.controls import ControlResult, run_controls
from reports.errors import ReportError
from reports.evidence.canary import (
    Canary,
    CanaryResult,
    canary_targets,
    evaluate,
    is_canary_location,
    plant,
    plant_formats,
)
from reports.evidence.config import JobConfig
from reports.evidence.inventory import inventory
from reports.evidence.securityhub import import_findings
from scanners.aws import ClientFactory, error_name
from scanners.cards.fingerprint import Fingerprinter
from scanners.engine.core import Engine
from scanners.jobs.evidence import publish_run, report_failure
from scanners.jobs.nightly import Builder, NightlyScan, new_run_id
from scanners.jobs.provenance import provenance
from scanners.sources.retry import classify
from scanners.sources.targets import parse_target

log = logging.getLogger(__name__)
CANARY_LEAD_MS = 60_000  # canary windows open this long before planting (clock skew between writer and reader)


@dataclass
class Planted:
    canaries: list[Canary] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # kind -> why its canaries are missing (run incomplete)
    # file formats this deployment cannot read (reader not installed): no canary, and an object in such a format is
    # itself reported "not examined" by the scan, so nothing is passed off as read
    unreadable: dict[str, str] = field(default_factory=dict)


def plant_canaries(config: JobConfig, clients: ClientFactory, run_id: str, now_ms: int) -> Planted:
    """Canaries of every configured kind; a kind that could not be planted is named with the AWS error code."""
    out = Planted()
    planted, failed, unreadable = out.canaries, out.failed, out.unreadable
    for kind in config.canaries.kinds:
        try:
            planted += plant(kind, clients, config.canaries.location(kind), run_id=run_id, now_ms=now_ms)
            if kind == "s3":  # every file format the scan reads, so each night proves each reader
                formats, missing = plant_formats(clients, config.canaries.location(kind), run_id=run_id, now_ms=now_ms)
                planted += formats
                unreadable.update(missing)
        except ReportError as exc:
            failed[kind] = str(exc)
        except Exception as exc:  # AccessDenied, KMS, throttling: the kind is not proven tonight
            failed[kind] = f"could not plant canaries ({error_name(exc)})"
            log.error("canaries for %s not planted: %s", kind, error_name(exc))
    return out


def check_controls(config: JobConfig, clients: ClientFactory) -> list[ControlResult]:
    """The discovered controls over the configured scope; a local-stack gap is named, never passed."""
    results = run_controls(clients, config.controls)
    return [
        replace(r, status="error", evidence={**r.evidence, "reason": config.not_emulated[r.id]})
        if r.id in config.not_emulated and r.status != "pass" else r
        for r in results
    ]


def run_evidence_job(
    config: JobConfig,
    clients: ClientFactory,
    *,
    full: bool = False,
    now: float | None = None,
    deadline: float | None = None,
    engine: Engine | None = None,
    fingerprinter: Fingerprinter | None = None,
    merged: Mapping[str, Any] | None = None,
    scope: Mapping[str, Any] | None = None,
    build: Builder = parse_target,
    run_id: str | None = None,
) -> dict[str, Any]:
    """One night's evidence; returns the run JSON as published (with ``evidence``, its ``s3://`` URI).

    ``merged`` is a scan already made elsewhere (the Distributed Map's merged batches): the configured targets
    are then not scanned again, only the canary locations. ``scope`` adds what the caller knows of the run
    (account, region, who ran it) to the run's ``scope``. ``build`` turns a target into a source (tests inject);
    ``run_id`` names the run (the Step Functions execution name), else one is made from the start time.
    """
    started = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    run_id = run_id or new_run_id(started)
    settings = config.nightly
    try:
        now_ms = int(started.timestamp() * 1000)
        planted = plant_canaries(config, clients, run_id, now_ms)
        canaries, not_planted = planted.canaries, planted.failed
        scanned = settings if merged is None else replace(settings, targets=())
        scan = NightlyScan(scanned, clients, run_id, started, full=full, build=build, deadline=deadline).run(
            engine, fingerprinter, extra=canary_targets(canaries), extra_since_ms=now_ms - CANARY_LEAD_MS)
        run = scan.document()
        if merged is not None:
            run["findings"] += list(merged.get("findings") or [])
            run["coverage"] += list(merged.get("coverage") or [])
            run["kind"] = "distributed-map"
            run["targets"] = [{"target": t, "scanned_by": "distributed-map"} for t in settings.targets] + run["targets"]
            run["batches"] = dict((merged.get("summary") or {}).get("batches") or {})
        results = evaluate(canaries, run["findings"])
        controls = check_controls(config, clients)
        _complete(run, results, not_planted, controls)
        run["canary_formats_unreadable"] = dict(planted.unreadable)
        run["scope"] = {"targets": [*settings.targets, *canary_targets(canaries)], "run_by": config.run_by,
                        **(scope or {})}
        starts = [t["window"]["start_ms"] for t in run["targets"] if t.get("checkpointed")]
        run["provenance"] = provenance(clients, region=(scope or {}).get("region"), engine=engine, now=started,
                                       start_ms=None if None in starts or not starts else min(starts), end_ms=now_ms)
        run["inventory"] = _inventory(clients, run["scope"]["targets"], config)
        if config.security_hub:
            run["security_hub"] = import_findings(run, clients)
        run["evidence"] = publish_run(run, settings, clients, started.date())
        run["checkpoint_saved"] = scan.save_checkpoints() if merged is None else False
    except Exception as exc:
        reason = str(exc) if isinstance(exc, ReportError) else classify(exc)  # ours name the field; no values
        log.error("evidence run %s failed: %s", run_id, reason)
        report_failure(clients, settings, run_id, reason)
        raise
    return run


def _inventory(clients: ClientFactory, targets: list[str], config: JobConfig) -> dict[str, Any]:
    """The account inventory against this run's scope (PCI DSS 12.5.2); a failure is recorded, never hidden."""
    try:
        return inventory(clients, targets, payment_functions=tuple(config.controls.get("functions") or ()))
    except Exception as exc:  # listing the account failed as a whole: the report shows scope as not confirmed
        log.error("inventory failed: %s", error_name(exc))
        return {"complete": False, "error": f"inventory failed ({error_name(exc)})", "kinds": {}, "left_out": []}


def summary_of(run: Mapping[str, Any]) -> dict[str, Any]:
    """The job's answer (the Lambda's return value): counts and where the evidence is, never card data."""
    summary = run["summary"]
    return {"run_id": run["run_id"], "verdict": run["verdict"], "evidence": run["evidence"],
            "findings": summary["findings"], "incomplete_items": summary["incomplete_items"],
            "canaries": summary["canaries"], "canaries_missed": summary["canaries_missed"],
            "checkpoint_saved": run["checkpoint_saved"]}


def _complete(run: dict[str, Any], results: list[CanaryResult], not_planted: Mapping[str, str],
              controls: list[ControlResult]) -> None:
    """Canaries, controls, and the verdict and summary over real findings only."""
    real = [f for f in run["findings"] if not is_canary_location(f.get("location") or {})]
    unread = [c for c in run["coverage"] if c.get("status") not in ("scanned", "excluded")]
    missed = [r for r in results if r.status != "found"]
    run["canaries"] = [r.to_dict() for r in results]
    run["canaries_not_planted"] = dict(not_planted)
    run["controls"] = [c.to_dict() for c in controls]
    run["verdict"] = "leaks" if real else "incomplete" if unread or missed or not_planted or not run["coverage"] \
        else "clean"
    run["summary"].update(findings=len(real), canary_findings=len(run["findings"]) - len(real),
                          incomplete_items=len(unread), canaries=len(results), canaries_missed=len(missed),
                          controls={s: sum(1 for c in controls if c.status == s) for s in ("pass", "fail", "error")})
