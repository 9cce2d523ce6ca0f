"""S3 objects (audit logs, Bedrock logs in S3, recordings): a masked new version, then the old versions deleted.

1. **pin**: the current version must be the one scanned (not modified after the scan finished) and still hold
   the finding's value; its version id and ETag are pinned.
2. **write-masked-version**: the transformed bytes (values masked, or tones silenced) are written as the new
   version, after checking the pin again (version id and ETag unchanged).
3. **delete-version**: each other version that holds one of the values is deleted. Object Lock retention that
   forbids it is a ``conflict`` with its mode and retain-until date; governance retention is bypassed only with
   ``--bypass-governance`` (which needs ``s3:BypassGovernanceRetention``); a legal hold is never bypassed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reports.remediate.items import Item
from reports.remediate.steps import Context, Step, StepFailed, call, not_run

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

Transform = Callable[[bytes], tuple[bytes, int]]
Holds = Callable[[bytes], set[str]]
READ = ("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucketVersions")


def remediate_object(item: Item, ctx: Context, transform: Transform, holds: Holds) -> tuple[list[Step], dict[str, Any]]:
    s3, (bucket, key) = ctx.clients("s3"), item.address
    pin = Step(item.name, "pin", READ)
    steps, counts = [pin], {}
    try:
        head = call(pin, "HeadObject", lambda: s3.head_object(Bucket=bucket, Key=key))
        version, etag, modified = head.get("VersionId") or "null", head.get("ETag", ""), head["LastModified"]
        pin.pin = {"version_id": version, "etag": etag, "last_modified": modified.isoformat()}
        if modified > ctx.scanned_at:
            raise pin.stop("refused", f"changed since the scan: last modified {modified.isoformat()}, after the "
                                      f"scan finished at {ctx.scanned_at.isoformat()}")
        data = _get(pin, s3, bucket, key, version)
        if not holds(data) & item.fingerprints:
            raise pin.stop("refused", "changed since the scan: the current version no longer holds the finding")
        holding, locks = _holding_versions(pin, s3, item, holds)
        counts["versions_holding_before"] = len(holding)
        pin.status, pin.detail = ("done" if ctx.apply else "planned"), f"version {version}, ETag {etag}"
        new, masked = transform(data)
        write = Step(item.name, "write-masked-version", ("s3:PutObject",),
                     detail=f"{masked} value(s) replaced, {len(new)} bytes (was {len(data)})", pin=dict(pin.pin))
        deletes = [_delete_step(item, v, locks.get(v), ctx) for v in holding]
        steps += [write, *deletes]
        if ctx.apply:
            _write(write, s3, (bucket, key), head, new)
            for step in deletes:
                if step.pin["version_id"] == write.pin.get("new_version_id"):
                    step.status, step.detail = "done", "the bucket is not versioned: the masked copy replaced it"
                    continue
                _delete(step, s3, bucket, key, ctx)
            after, _ = _holding_versions(pin, s3, item, holds)
            counts["versions_holding_after"] = len(after)
    except StepFailed as stop:
        not_run(steps, f"not run: {stop}")
    return steps, counts


def _get(step: Step, s3: S3Client, bucket: str, key: str, version: str) -> bytes:
    args: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if version != "null":
        args["VersionId"] = version
    body: bytes = call(step, "GetObject", s3.get_object(**args)["Body"].read)
    return body


def _holding_versions(
    step: Step, s3: S3Client, item: Item, holds: Holds
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Version ids (every page) that hold one of the item's values, and the Object Lock state of each."""
    bucket, key = item.address
    args: dict[str, Any] = {"Bucket": bucket, "Prefix": key}
    versions: list[str] = []
    while True:
        page = call(step, "ListObjectVersions", lambda: s3.list_object_versions(**args))
        versions += [v.get("VersionId") or "null" for v in page.get("Versions", []) if v["Key"] == key]
        if not page.get("IsTruncated"):
            break
        args.update(KeyMarker=page.get("NextKeyMarker"), VersionIdMarker=page.get("NextVersionIdMarker"))
    holding = [v for v in versions if holds(_get(step, s3, bucket, key, v)) & item.fingerprints]
    return holding, {v: _lock(step, s3, bucket, key, v) for v in holding}


def _lock(step: Step, s3: S3Client, bucket: str, key: str, version: str) -> dict[str, Any]:
    """Retention and legal hold of one version, from HeadObject ({} when nothing holds it)."""
    args: dict[str, Any] = {"Bucket": bucket, "Key": key} | ({"VersionId": version} if version != "null" else {})
    head = call(step, "HeadObject (Object Lock)", lambda: s3.head_object(**args))
    out: dict[str, Any] = {}
    until = head.get("ObjectLockRetainUntilDate")
    if head.get("ObjectLockMode") and until is not None and until > datetime.now(UTC):
        out.update(mode=head["ObjectLockMode"], retain_until=until.isoformat())
    if head.get("ObjectLockLegalHoldStatus") == "ON":
        out["legal_hold"] = True
    return out


def _delete_step(item: Item, version: str, lock: dict[str, Any] | None, ctx: Context) -> Step:
    needs = ("s3:DeleteObjectVersion",)
    step = Step(item.name, "delete-version", needs, pin={"version_id": version})
    lock = lock or {}
    if lock.get("legal_hold"):
        step.status, step.detail = "conflict", f"version {version}: legal hold ON (never bypassed)"
    elif lock.get("mode") == "COMPLIANCE":
        step.status = "conflict"
        step.detail = f"version {version}: COMPLIANCE retention until {lock['retain_until']} (cannot be bypassed)"
    elif lock.get("mode") == "GOVERNANCE":
        step.pin["retain_until"] = lock["retain_until"]
        if ctx.bypass_governance:
            step.needs = (*needs, "s3:BypassGovernanceRetention")
            step.detail = f"version {version}: GOVERNANCE retention until {lock['retain_until']}, bypassed"
        else:
            step.status = "conflict"
            step.detail = (f"version {version}: GOVERNANCE retention until {lock['retain_until']}; "
                           "--bypass-governance (with s3:BypassGovernanceRetention) to delete it")
    else:
        step.detail = f"version {version} holds the value"
    return step


def _write(step: Step, s3: S3Client, address: tuple[str, str], head: Mapping[str, Any], body: bytes) -> None:
    bucket, key = address
    now = call(step, "HeadObject", lambda: s3.head_object(Bucket=bucket, Key=key))
    if (now.get("VersionId") or "null", now.get("ETag")) != (step.pin["version_id"], step.pin["etag"]):
        raise step.stop("refused", "changed during remediation: the current version or ETag differs from the pin")
    extra = {k: head[h] for k, h in (("ContentType", "ContentType"), ("ContentEncoding", "ContentEncoding"),
                                     ("Metadata", "Metadata")) if head.get(h)}
    out = call(step, "PutObject", lambda: s3.put_object(Bucket=bucket, Key=key, Body=body, **extra))
    step.pin["new_version_id"] = out.get("VersionId") or "null"
    step.status = "done"


def _delete(step: Step, s3: S3Client, bucket: str, key: str, ctx: Context) -> None:
    if step.status == "conflict":
        return
    version = step.pin["version_id"]
    args: dict[str, Any] = {"Bucket": bucket, "Key": key, "VersionId": version}
    if "retain_until" in step.pin:
        args["BypassGovernanceRetention"] = True
    try:
        call(step, f"DeleteObject version {version}", lambda: s3.delete_object(**args))
        step.status = "done"
    except StepFailed:
        return  # recorded on the step; the other versions are still tried
