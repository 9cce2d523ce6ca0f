"""Evidence of a scan run: the run JSON in the evidence bucket (Object Lock retention), SNS alert, CloudWatch metrics.

Each run is written to ``PREFIX/YYYY/MM/DD/<run id>.json``, so a night without a run shows up as a missing date
(``missing_nights``). Alerts and metrics carry counts, run id and verdict, never card data.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from scanners import __version__
from scanners.aws import ClientFactory
from scanners.engine.pipeline import ScanResult
from scanners.sources.retry import classify

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)


class EvidenceSettings(Protocol):
    """Where evidence, alerts and metrics go (``scanners.jobs.nightly.Settings`` provides these)."""

    @property
    def evidence_bucket(self) -> str: ...
    @property
    def evidence_prefix(self) -> str: ...
    @property
    def topic_arn(self) -> str | None: ...
    @property
    def namespace(self) -> str: ...
    @property
    def retention_days(self) -> int: ...
    @property
    def lock_mode(self) -> str: ...


def run_document(
    result: ScanResult, *, run_id: str, started: datetime, full: bool,
    targets: list[dict[str, Any]], warnings: list[str],
) -> dict[str, Any]:
    """The nightly run JSON: the scan result plus run id, date, per-target windows, warnings and timings."""
    run = result.to_dict()
    run.update(
        run_id=run_id,
        kind="nightly",
        date=started.date().isoformat(),
        full=full,
        targets=targets,
        warnings=warnings,
        timings={"started": started.isoformat(timespec="seconds"),
                 "finished": datetime.fromtimestamp(result.finished, UTC).isoformat(timespec="seconds"),
                 "seconds": round(result.finished - result.started, 3)},
    )
    run["tool"]["detector_versions"] = {d: __version__ for d in result.detectors}
    return run


def evidence_key(settings: EvidenceSettings, day: date, run_id: str) -> str:
    return f"{settings.evidence_prefix}{day:%Y/%m/%d}/{run_id}.json"


def publish_run(run: dict[str, Any], settings: EvidenceSettings, clients: ClientFactory, day: date) -> str:
    """Alert when the run is not clean, write the run as evidence (with the alert's delivery id, PCI DSS 10.7.2),
    put the metrics; returns the evidence URI. The alert goes first, naming the evidence URI it is about to get,
    so the immutable evidence can record the SNS message id; a failed write is alerted by ``report_failure``."""
    evidence = f"s3://{settings.evidence_bucket}/{evidence_key(settings, day, run['run_id'])}"
    summary = run["summary"]
    run.setdefault("alerts", [])
    if run["verdict"] != "clean" and settings.topic_arn:
        message_id = _alert(clients, settings, {
            "run_id": run["run_id"], "verdict": run["verdict"], "findings": summary["findings"],
            "by_type": _by_type(run), "incomplete_items": summary["incomplete_items"], "evidence": evidence,
        })
        run["alerts"].append({"topic_arn": settings.topic_arn, "message_id": message_id,
                              "sent": datetime.now(UTC).isoformat(timespec="seconds")})
    written = write_evidence(clients("s3"), settings, run, day)
    _metrics(clients, settings, findings=summary["findings"], incomplete=summary["incomplete_items"],
             succeeded=True)
    return written


def report_failure(clients: ClientFactory, settings: EvidenceSettings, run_id: str, reason: str) -> None:
    """A run that failed: ``ScanSucceeded`` 0 and a ``failed`` alert, each best effort (logged if it fails)."""
    _safe(lambda: _metrics(clients, settings, findings=0, incomplete=0, succeeded=False), "metrics")
    failure = {"run_id": run_id, "verdict": "failed", "reason": reason}
    _safe(lambda: _alert(clients, settings, failure), "alert")


def write_evidence(s3: S3Client, settings: EvidenceSettings, run: Mapping[str, Any], day: date) -> str:
    """Put the run JSON; add explicit retention when the bucket has Object Lock without a default rule."""
    key = evidence_key(settings, day, run["run_id"])
    extra: dict[str, Any] = {}
    try:
        lock = s3.get_object_lock_configuration(Bucket=settings.evidence_bucket)["ObjectLockConfiguration"]
    except Exception as exc:
        if "ObjectLockConfigurationNotFound" not in classify(exc):
            raise
        lock = {}
    if lock.get("ObjectLockEnabled") == "Enabled" and not lock.get("Rule"):
        extra = {"ObjectLockMode": settings.lock_mode,
                 "ObjectLockRetainUntilDate": datetime.now(UTC) + timedelta(days=settings.retention_days)}
    body = json.dumps(run, indent=2, sort_keys=True).encode()
    s3.put_object(
        Bucket=settings.evidence_bucket, Key=key, Body=body, ContentType="application/json", **extra
    )
    return f"s3://{settings.evidence_bucket}/{key}"


def _by_type(run: Mapping[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in run["findings"]:
        counts[f["type"]] = counts.get(f["type"], 0) + 1
    return counts


def _alert(clients: ClientFactory, settings: EvidenceSettings, message: Mapping[str, Any]) -> str:
    """Publish the alert; its SNS message id ("" when no topic is configured)."""
    if not settings.topic_arn:
        return ""
    subject = f"[spc] nightly card-data scan: {message['verdict']}"
    body = json.dumps(message, indent=2)
    return str(clients("sns").publish(TopicArn=settings.topic_arn, Subject=subject, Message=body)["MessageId"])


def _metrics(
    clients: ClientFactory, settings: EvidenceSettings, *, findings: int, incomplete: int, succeeded: bool
) -> None:
    data = [("Findings", findings), ("IncompleteItems", incomplete), ("ScanSucceeded", int(succeeded))]
    clients("cloudwatch").put_metric_data(
        Namespace=settings.namespace,
        MetricData=[{"MetricName": name, "Value": float(value), "Unit": "Count"} for name, value in data],
    )


def _safe(fn: Callable[[], object], what: str) -> None:
    try:
        fn()
    except Exception as exc:
        log.error("could not send %s: %s", what, classify(exc))


def missing_nights(s3: S3Client, bucket: str, prefix: str, first: date, last: date) -> list[date]:
    """Dates in ``[first, last]`` with no run object under ``prefix/YYYY/MM/DD/``."""
    prefix = prefix.strip("/") + "/"
    seen: set[date] = set()
    for key in _keys(s3, bucket, prefix):
        parts = key[len(prefix):].split("/")
        if len(parts) >= 4:
            try:
                seen.add(date(int(parts[0]), int(parts[1]), int(parts[2])))
            except ValueError:
                continue
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if d not in seen]


def _keys(s3: S3Client, bucket: str, prefix: str) -> Iterable[str]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from (obj["Key"] for obj in page.get("Contents", []))


__all__: Sequence[str] = (
    "EvidenceSettings", "evidence_key", "missing_nights", "publish_run", "report_failure", "run_document",
    "write_evidence",
)
