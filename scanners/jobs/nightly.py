"""The scan half of the nightly job: settings, checkpointed windows per target, and ``NightlyScan``.

Environment: ``SCAN_TARGETS`` (comma-separated ``spc scan`` targets), ``EVIDENCE_BUCKET``, optional
``EVIDENCE_PREFIX`` (``runs/``), ``CHECKPOINT_URI`` (``s3://BUCKET/KEY`` or a path; default
``s3://EVIDENCE_BUCKET/checkpoints/nightly.json``), ``ALERT_TOPIC_ARN``, ``METRIC_NAMESPACE``,
``SCAN_SETTLE_SECONDS`` (900), ``FINGERPRINT_KEY_ID`` (KMS HMAC key; else the local key file),
``EVIDENCE_RETENTION_DAYS``, ``EVIDENCE_LOCK_MODE`` (when the bucket has Object Lock but no default rule).
Event: ``{"full": true}`` re-scans everything; ``{"targets": [...]}`` overrides the configured targets.

The nightly Lambda is ``reports.evidence.handler.nightly``: the evidence job (``reports.evidence.job``) plants
canaries, runs a ``NightlyScan``, evaluates the canaries, runs the controls, publishes the run JSON with
``scanners.jobs.evidence`` (``EVIDENCE_PREFIX/YYYY/MM/DD/<run id>.json``, alert, metrics) and then saves the
checkpoints.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from scanners.aws import ClientFactory
from scanners.cards.fingerprint import Fingerprinter, fingerprinter_for
from scanners.engine.core import Engine, default_engine
from scanners.engine.finding import Coverage, Record
from scanners.engine.pipeline import ScanResult, run_scan
from scanners.errors import CheckpointError, ConfigError
from scanners.jobs.checkpoint import CheckpointStore, Mark, Window, advance, plan, store_from_uri
from scanners.jobs.evidence import run_document
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


def with_targets(settings: Settings, targets: Any) -> Settings:
    """``settings`` with the targets of an event (``{"targets": [...]}``); ``ConfigError`` names the field."""
    if not isinstance(targets, list) or not all(isinstance(t, str) and t for t in targets):
        raise ConfigError("event.targets: expected a list of scan target strings")
    return replace(settings, targets=tuple(targets))


def new_run_id(started: datetime) -> str:
    return f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@dataclass
class NightlyScan:
    """The scan half of a nightly run: findings and coverage of every target, not yet published.

    Configured targets are scanned incrementally (from their checkpoints); ``extra`` targets (canary locations) in
    a window starting at ``extra_since_ms`` and never checkpointed. ``save_checkpoints`` is called only after the
    run's evidence is written, so a run that could not write evidence is scanned again the next night.
    """

    settings: Settings
    clients: ClientFactory
    run_id: str
    started: datetime
    full: bool = False
    build: Builder = parse_target
    deadline: float | None = None
    result: ScanResult = field(init=False)
    targets: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _marks: dict[str, Mark] = field(default_factory=dict)
    _windows: dict[str, Window] = field(default_factory=dict)
    _complete: dict[str, bool] = field(default_factory=dict)
    _store: CheckpointStore | None = None

    def run(
        self, engine: Engine | None = None, fingerprinter: Fingerprinter | None = None,
        extra: Sequence[str] = (), extra_since_ms: int | None = None,
    ) -> NightlyScan:
        settings = self.settings
        self._store = store_from_uri(settings.checkpoint_uri, self.clients("s3"))
        try:
            self._marks = self._store.load()
        except ConfigError as exc:  # unreadable marks: scan everything rather than leave a gap
            self.warnings.append(f"{exc}; scanning in full")
            self._marks, self.full = {}, True
        now_ms = int(self.started.timestamp() * 1000)
        self._windows = plan(self._marks, settings.targets, now_ms=now_ms, settle_ms=settings.settle_ms,
                             full=self.full)
        engine = engine or default_engine()
        fingerprinter = fingerprinter or fingerprinter_for(settings.fingerprint_key_id, lambda: self.clients("kms"))
        self.result = ScanResult(started=self.started.timestamp(), engine_backend=engine.backend,
                                 detectors=tuple(d.id for d in engine.detectors))
        extra_windows = {t: Window(extra_since_ms, now_ms + 60_000) for t in extra if t not in self._windows}
        for target, window in [*self._windows.items(), *extra_windows.items()]:
            t0 = time.monotonic()
            coverage = self._scan_target(target, window, engine, fingerprinter)
            done = bool(coverage) and all(c.complete for c in coverage)
            if target in self._windows:
                self._complete[target] = done
            self.targets.append({"target": target, "window": window.to_dict(), "complete": done,
                                 "checkpointed": target in self._windows, "seconds": round(time.monotonic() - t0, 3)})
        self.result.finished = time.time()
        return self

    def document(self) -> dict[str, Any]:
        """The run JSON of this scan (``scanners.jobs.evidence.run_document``)."""
        return run_document(self.result, run_id=self.run_id, started=self.started, full=self.full,
                            targets=self.targets, warnings=self.warnings)

    def save_checkpoints(self) -> bool:
        """Advance the marks of the targets scanned completely; False (logged) when they could not be saved."""
        if self._store is None:
            return False
        try:
            self._store.save(advance(self._marks, self._windows, self._complete, run_id=self.run_id))
        except CheckpointError as exc:  # the next night re-scans this window: a duplicate, never a gap
            log.error("checkpoint not saved: %s", exc)
            return False
        return True

    def _scan_target(
        self, target: str, window: Window, engine: Engine, fingerprinter: Fingerprinter
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
                self.result.findings.extend(part.findings)
                cov = list(part.coverage)
                if bounded.cut:
                    cov.append(Coverage("scan", scope, "error", "time budget exhausted during the scan"))
            except Exception as exc:  # one broken target must not hide the others
                reason = str(exc) if isinstance(exc, ConfigError) else classify(exc)  # ConfigError: no values
                log.error("target %s failed: %s", target, reason)
                cov = [Coverage("scan", scope, "error", f"target failed: {reason}")]
        self.result.coverage.extend(cov)
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
