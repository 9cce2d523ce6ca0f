"""The nightly scheduled scan (Lambda ``scanners.jobs.nightly.handler``).

Environment: ``SCAN_TARGETS`` (comma-separated ``spc scan`` targets), ``EVIDENCE_BUCKET``, optional
``EVIDENCE_PREFIX`` (``runs/``), ``CHECKPOINT_URI`` (``s3://BUCKET/KEY`` or a path; default
``s3://EVIDENCE_BUCKET/checkpoints/nightly.json``), ``ALERT_TOPIC_ARN``, ``METRIC_NAMESPACE``,
``SCAN_SETTLE_SECONDS`` (900), ``FINGERPRINT_KEY_ID`` (KMS HMAC key; else the local key file),
``EVIDENCE_RETENTION_DAYS``, ``EVIDENCE_LOCK_MODE`` (when the bucket has Object Lock but no default rule).
Event: ``{"full": true}`` re-scans everything; ``{"targets": [...]}`` overrides the configured targets.

Each run is written to ``EVIDENCE_PREFIX/YYYY/MM/DD/<run id>.json`` by ``scanners.jobs.evidence`` (re-exported here:
``publish_run``, ``evidence_key``, ``missing_nights``), which also sends the alert and the metrics.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from scanners.aws import ClientFactory, default_clients
from scanners.cards.fingerprint import Fingerprinter, fingerprinter_for
from scanners.engine.core import Engine, default_engine
from scanners.engine.finding import Coverage, Record
from scanners.engine.pipeline import ScanResult, run_scan
from scanners.engine.runtime import tune_allocator
from scanners.errors import CheckpointError, ConfigError
from scanners.jobs.checkpoint import Window, advance, plan, store_from_uri
from scanners.jobs.evidence import (
    evidence_key,
    missing_nights,
    publish_run,
    report_failure,
    run_document,
)
from scanners.sources.base import Source
from scanners.sources.retry import classify
from scanners.sources.targets import parse_target

log = logging.getLogger(__name__)
RESERVE_SECONDS = 60  # of the Lambda's time kept for writing evidence, checkpoints, alert and metrics
Builder = Callable[..., Source]


@dataclass(frozen=True, slots=True)
class Settings:
    targets: tuple[str, ...]
    evidence_bucket: str
    evidence_prefix: str = "runs/"
    checkpoint_uri: str = ""
    topic_arn: str | None = None
    namespace: str = "SmartPaymentCaller/Scanner"
    settle_ms: int = 900_000
    fingerprint_key_id: str | None = None
    retention_days: int = 365
    lock_mode: str = "COMPLIANCE"

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, require_targets: bool = True) -> Settings:
        targets = tuple(t.strip() for t in env.get("SCAN_TARGETS", "").split(",") if t.strip())
        if not targets and require_targets:
            raise ConfigError("SCAN_TARGETS: expected a comma-separated list of scan targets")
        bucket = env.get("EVIDENCE_BUCKET", "").strip()
        if not bucket:
            raise ConfigError("EVIDENCE_BUCKET: expected the name of the evidence bucket")
        prefix = env.get("EVIDENCE_PREFIX", "runs/").strip().strip("/") + "/"
        mode = env.get("EVIDENCE_LOCK_MODE", "COMPLIANCE")
        if mode not in ("COMPLIANCE", "GOVERNANCE"):
            raise ConfigError("EVIDENCE_LOCK_MODE: expected COMPLIANCE or GOVERNANCE")
        return cls(
            targets=targets,
            evidence_bucket=bucket,
            evidence_prefix=prefix,
            checkpoint_uri=env.get("CHECKPOINT_URI") or f"s3://{bucket}/checkpoints/nightly.json",
            topic_arn=env.get("ALERT_TOPIC_ARN") or None,
            namespace=env.get("METRIC_NAMESPACE") or "SmartPaymentCaller/Scanner",
            settle_ms=_int(env, "SCAN_SETTLE_SECONDS", 900) * 1000,
            fingerprint_key_id=env.get("FINGERPRINT_KEY_ID") or None,
            retention_days=_int(env, "EVIDENCE_RETENTION_DAYS", 365),
            lock_mode=mode,
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name}: expected a non-negative whole number")
    return int(raw)


def handler(event: Mapping[str, Any] | None, context: Any) -> dict[str, Any]:
    """Lambda entry point: settings from the environment, boto3 clients from the default session."""
    tune_allocator()
    settings = Settings.from_env(os.environ)
    event = event or {}
    if event.get("targets"):
        settings = _with_targets(settings, event["targets"])
    deadline = None
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        deadline = time.time() + context.get_remaining_time_in_millis() / 1000 - RESERVE_SECONDS
    return run_nightly(settings, full=bool(event.get("full")), deadline=deadline)


def _with_targets(settings: Settings, targets: Any) -> Settings:
    if not isinstance(targets, list) or not all(isinstance(t, str) and t for t in targets):
        raise ConfigError("event.targets: expected a list of scan target strings")
    return replace(settings, targets=tuple(targets))


def run_nightly(
    settings: Settings,
    *,
    full: bool = False,
    clients: ClientFactory = default_clients,
    build: Builder = parse_target,
    engine: Engine | None = None,
    fingerprinter: Fingerprinter | None = None,
    now: float | None = None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """One incremental (or ``full``) run: scan, write evidence, save checkpoints, alert, put metrics.

    Scanning stops at ``deadline`` (epoch seconds): what was not finished is incomplete, the evidence is still
    written and those targets keep their checkpoints.
    """
    started = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    run = _Run(settings, clients, build, run_id, started, deadline)
    try:
        return run.execute(full, engine, fingerprinter)
    except Exception as exc:
        reason = classify(exc)
        log.error("nightly run %s failed: %s", run.run_id, reason)
        report_failure(clients, settings, run.run_id, reason)
        raise


@dataclass
class _Run:
    settings: Settings
    clients: ClientFactory
    build: Builder
    run_id: str
    started: datetime
    deadline: float | None = None

    def execute(
        self, full: bool, engine: Engine | None, fingerprinter: Fingerprinter | None
    ) -> dict[str, Any]:
        settings, clients = self.settings, self.clients
        warnings: list[str] = []
        store = store_from_uri(settings.checkpoint_uri, clients("s3"))
        try:
            marks = store.load()
        except ConfigError as exc:  # unreadable marks: scan everything rather than leave a gap
            warnings.append(f"{exc}; scanning in full")
            marks, full = {}, True
        windows = plan(marks, settings.targets, now_ms=int(self.started.timestamp() * 1000),
                       settle_ms=settings.settle_ms, full=full)
        engine = engine or default_engine()
        fingerprinter = fingerprinter or _fingerprinter(settings, clients)
        result = ScanResult(started=self.started.timestamp(), engine_backend=engine.backend,
                            detectors=tuple(d.id for d in engine.detectors))
        per_target: list[dict[str, Any]] = []
        complete: dict[str, bool] = {}
        for target, window in windows.items():
            t0 = time.monotonic()
            coverage = self._scan_target(target, window, result, engine, fingerprinter)
            complete[target] = bool(coverage) and all(c.complete for c in coverage)
            per_target.append({"target": target, "window": window.to_dict(), "complete": complete[target],
                               "seconds": round(time.monotonic() - t0, 3)})
        result.finished = time.time()
        run = run_document(result, run_id=self.run_id, started=self.started, full=full, targets=per_target,
                           warnings=warnings)
        run["evidence"] = publish_run(run, settings, clients, self.started.date())
        try:
            store.save(advance(marks, windows, complete, run_id=self.run_id))
            run["checkpoint_saved"] = True
        except CheckpointError as exc:  # the next night re-scans this window: a duplicate, never a gap
            log.error("checkpoint not saved: %s", exc)
            run["checkpoint_saved"] = False
        summary = run["summary"]
        return {"run_id": self.run_id, "verdict": run["verdict"], "evidence": run["evidence"],
                "findings": summary["findings"], "incomplete_items": summary["incomplete_items"],
                "checkpoint_saved": run["checkpoint_saved"]}

    def _scan_target(
        self, target: str, window: Window, result: ScanResult, engine: Engine, fingerprinter: Fingerprinter
    ) -> list[Coverage]:
        """Scan one target into ``result``; a target that cannot be built or crashes is a coverage error."""
        scope = {"target": target}
        if window.empty:
            cov = [Coverage("scan", scope, "scanned", "nothing new since the last run")]
        elif self.deadline is not None and time.time() >= self.deadline:
            cov = [Coverage("scan", scope, "skipped", "time budget exhausted before this target")]
        else:
            try:
                source = self.build(target, clients=self.clients, since_ms=window.start_ms)
                for name in ("start_ms", "end_ms"):
                    if hasattr(source, name):
                        setattr(source, name, getattr(window, name))
                bounded = _Bounded(source, self.deadline)
                part = run_scan([bounded], engine=engine, fingerprinter=fingerprinter)
                result.findings.extend(part.findings)
                cov = list(part.coverage)
                if bounded.cut:
                    cov.append(Coverage("scan", scope, "error", "time budget exhausted during the scan"))
            except Exception as exc:  # one broken target must not hide the others
                reason = str(exc) if isinstance(exc, ConfigError) else classify(exc)  # ConfigError: no values
                log.error("target %s failed: %s", target, reason)
                cov = [Coverage("scan", scope, "error", f"target failed: {reason}")]
        result.coverage.extend(cov)
        return cov


class _Bounded:
    """A source that stops yielding records at ``deadline`` (and says so in ``cut``)."""

    def __init__(self, source: Source, deadline: float | None) -> None:
        self.kind, self.coverage = source.kind, source.coverage
        self._source, self._deadline = source, deadline
        self.cut = False

    def records(self) -> Iterator[Record]:
        records = self._source.records()
        for record in records:
            if self._deadline is not None and time.time() >= self._deadline:
                self.cut = True
                close = getattr(records, "close", None)
                if close is not None:
                    close()
                return
            yield record


def _fingerprinter(settings: Settings, clients: ClientFactory) -> Fingerprinter:
    return fingerprinter_for(settings.fingerprint_key_id, lambda: clients("kms"))


__all__: Sequence[str] = ("Settings", "evidence_key", "handler", "missing_nights", "publish_run", "run_nightly")
