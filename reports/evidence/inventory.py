"""The account inventory behind scope evidence (PCI DSS 12.5.2): what exists, what was in scope, what was left out.

``inventory(clients, targets)`` lists every CloudWatch log group, S3 bucket, Bedrock invocation-logging destination
and Amazon Connect recording/transcript location of the account and region, and marks each in or out of scope
against the scan targets (``cloudwatch:PREFIX``, ``s3://BUCKET/PREFIX``, ``recordings:s3://BUCKET/PREFIX``,
``bedrock``), always with a reason. Items likely to hold card data but out of scope are flagged: the log group of
a Lambda that a Connect flow invokes (or the payment function named in ``payment_functions``), a Connect
recording or transcript bucket, the Bedrock logging destination. For in-scope buckets, archive-tier objects and
older object versions, which the scan does not read, are listed under ``not_examined``. A listing that fails is
recorded with its error code and marks the kind ``complete: false``; nothing is skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from scanners.aws import ClientFactory, error_name

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_connect.literals import InstanceStorageResourceTypeType
    from mypy_boto3_s3 import S3Client

KINDS = ("log_groups", "buckets", "bedrock_destinations", "connect_locations")
LABELS = {"log_groups": "log groups", "buckets": "buckets", "bedrock_destinations": "Bedrock logging destinations",
          "connect_locations": "Connect recording/transcript locations"}
ARCHIVE_CLASSES = frozenset({"GLACIER", "DEEP_ARCHIVE"})
MAX_KEYS_CHECKED = 50_000
_LAMBDA_ARN = re.compile(r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)")
_LIKELY_NAME = re.compile(r"pay|card|ivr|connect|record|transcript|checkout|billing", re.IGNORECASE)
_CONNECT_TYPES: tuple[InstanceStorageResourceTypeType, ...] = ("CALL_RECORDINGS", "CHAT_TRANSCRIPTS")
_AWS_ERRORS = (ClientError, BotoCoreError)


class Targets:
    """The scan targets, split by kind, answering "is this item in scope, and why"."""

    def __init__(self, targets: Iterable[str]) -> None:
        self.raw = tuple(targets)
        self.log_prefixes = [t.removeprefix("cloudwatch:") for t in self.raw if t.startswith("cloudwatch:")]
        self.s3 = [self._split(t.removeprefix("s3://")) for t in self.raw if t.startswith("s3://")]
        self.recordings = [self._split(t.removeprefix("recordings:s3://")) for t in self.raw
                           if t.startswith("recordings:s3://")]
        self.bedrock = any(t == "bedrock" or t.startswith("bedrock:") for t in self.raw)

    @staticmethod
    def _split(rest: str) -> tuple[str, str]:
        bucket, _, prefix = rest.partition("/")
        return bucket, prefix

    def log_group(self, name: str) -> str | None:
        match = next((p for p in self.log_prefixes if name.startswith(p)), None)
        return f"matches target cloudwatch:{match}" if match is not None else None

    def bucket(self, name: str, prefix: str = "") -> str | None:
        for kind, pairs in (("s3://", self.s3), ("recordings:s3://", self.recordings)):
            for bucket, scanned in pairs:
                if bucket == name and (prefix.startswith(scanned) or scanned.startswith(prefix)):
                    return f"matches target {kind}{bucket}/{scanned}" + (
                        f" (objects outside {scanned or '/'} not scanned)" if scanned and not prefix else "")
        return None


def _item(name: str, reason_in: str | None, likely: str = "", **extra: Any) -> dict[str, Any]:
    out = {"name": name, "in_scope": reason_in is not None,
           "reason": reason_in or "no scan target covers it", "likely_card_data": bool(likely), "why_likely": likely}
    return out | extra


def _pages(client: BaseClient, op: str, key: str, **kwargs: Any) -> list[Any]:
    return [x for page in client.get_paginator(op).paginate(**kwargs) for x in page.get(key) or ()]


def _flow_functions(connect: ConnectClient, instances: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Function name -> the Connect flow that invokes it (best effort: a flow that cannot be read is skipped)."""
    out: dict[str, str] = {}
    for inst in instances:
        for flow in _pages(connect, "list_contact_flows", "ContactFlowSummaryList", InstanceId=inst["Id"]):
            try:
                content = connect.describe_contact_flow(InstanceId=inst["Id"], ContactFlowId=flow["Id"])
            except _AWS_ERRORS:
                continue
            for fn in _LAMBDA_ARN.findall(str((content.get("ContactFlow") or {}).get("Content") or "")):
                out.setdefault(fn, str(flow.get("Name") or flow["Id"]))
    return out


def _connect(clients: ClientFactory, scope: Targets) -> tuple[dict[str, Any], dict[str, str]]:
    kind: dict[str, Any] = {"items": [], "errors": []}
    try:
        connect = clients("connect")
        instances = _pages(connect, "list_instances", "InstanceSummaryList")
    except _AWS_ERRORS as exc:
        kind["errors"].append(f"ListInstances: {error_name(exc)}")
        return kind, {}
    for inst in instances:
        for rtype in _CONNECT_TYPES:
            try:
                configs = connect.list_instance_storage_configs(InstanceId=inst["Id"], ResourceType=rtype)
            except _AWS_ERRORS as exc:
                kind["errors"].append(f"ListInstanceStorageConfigs {inst['Id']} {rtype}: {error_name(exc)}")
                continue
            for cfg in configs.get("StorageConfigs") or ():
                s3: Mapping[str, Any] = cfg.get("S3Config") or {}
                if not s3.get("BucketName"):
                    continue
                name = f"s3://{s3['BucketName']}/{s3.get('BucketPrefix', '')}"
                owner = inst.get("InstanceAlias") or inst["Id"]
                why = f"Connect {rtype.lower().replace('_', ' ')} of {owner}"
                kind["items"].append(_item(name, scope.bucket(s3["BucketName"], s3.get("BucketPrefix", "")), why,
                                           type=rtype))
    try:
        functions = _flow_functions(connect, instances)
    except _AWS_ERRORS as exc:
        kind["errors"].append(f"ListContactFlows: {error_name(exc)}")
        functions = {}
    return kind, functions


def _bedrock(clients: ClientFactory, scope: Targets) -> dict[str, Any]:
    kind: dict[str, Any] = {"items": [], "errors": []}
    try:
        response = clients("bedrock").get_model_invocation_logging_configuration()
        config: Mapping[str, Any] = response.get("loggingConfig") or {}
    except _AWS_ERRORS as exc:
        kind["errors"].append(f"GetModelInvocationLoggingConfiguration: {error_name(exc)}")
        return kind
    reason = "matches target bedrock" if scope.bedrock else None
    why = "prompts and outputs of the confirmation model"
    if (config.get("cloudWatchConfig") or {}).get("logGroupName"):
        kind["items"].append(_item(f"cloudwatch:{config['cloudWatchConfig']['logGroupName']}", reason, why))
    if (config.get("s3Config") or {}).get("bucketName"):
        s3 = config["s3Config"]
        kind["items"].append(_item(f"s3://{s3['bucketName']}/{s3.get('keyPrefix', '')}", reason, why))
    return kind


def _log_groups(clients: ClientFactory, scope: Targets, functions: dict[str, str],
                payment_functions: Sequence[str]) -> dict[str, Any]:
    kind: dict[str, Any] = {"items": [], "errors": []}
    try:
        groups = _pages(clients("logs"), "describe_log_groups", "logGroups")
    except _AWS_ERRORS as exc:
        kind["errors"].append(f"DescribeLogGroups: {error_name(exc)}")
        return kind
    for group in groups:
        name = str(group["logGroupName"])
        fn = name.removeprefix("/aws/lambda/") if name.startswith("/aws/lambda/") else ""
        hint = _LIKELY_NAME.search(name)
        likely = (f"log group of Lambda {fn}, invoked by Connect flow {functions[fn]}" if fn in functions
                  else f"log group of payment function {fn}" if fn and fn in payment_functions
                  else "Amazon Connect contact flow logs" if name.startswith("/aws/connect/")
                  else f"name suggests payment data ({hint.group(0)})" if hint else "")
        kind["items"].append(_item(name, scope.log_group(name), likely, stored_bytes=int(group.get("storedBytes", 0)),
                                   retention_days=group.get("retentionInDays")))
    return kind


def _bucket_depth(s3: S3Client, bucket: str, scope: Targets) -> list[dict[str, str]]:
    """Archive-tier objects and non-current versions under the scanned prefixes of ``bucket``: never read."""
    out: list[dict[str, str]] = []
    prefixes = [p for b, p in (*scope.s3, *scope.recordings) if b == bucket]
    try:
        if (s3.get_bucket_versioning(Bucket=bucket).get("Status") or "") in ("Enabled", "Suspended"):
            for prefix in prefixes:
                old = sum(1 for v in _pages(s3, "list_object_versions", "Versions", Bucket=bucket, Prefix=prefix)
                          if not v.get("IsLatest"))
                if old:
                    out.append({"location": f"s3://{bucket}/{prefix}", "reason":
                                f"{old} non-current object version(s): only current versions are scanned"})
        for prefix in prefixes:
            objects = _pages(s3, "list_objects_v2", "Contents", Bucket=bucket, Prefix=prefix)[:MAX_KEYS_CHECKED]
            archived = [o for o in objects if o.get("StorageClass") in ARCHIVE_CLASSES]
            if archived:
                out.append({"location": f"s3://{bucket}/{prefix}", "reason":
                            f"{len(archived)} object(s) in an archive tier (Glacier / Deep Archive): not readable "
                            "without a restore, not scanned"})
    except _AWS_ERRORS as exc:
        out.append({"location": f"s3://{bucket}", "reason": f"versions and storage classes not checked "
                                                             f"({error_name(exc)})"})
    return out


def _buckets(clients: ClientFactory, scope: Targets, connect_items: Sequence[dict[str, Any]]) -> tuple[
        dict[str, Any], list[dict[str, str]]]:
    kind: dict[str, Any] = {"items": [], "errors": []}
    not_examined: list[dict[str, str]] = []
    try:
        s3 = clients("s3")
        names = [b["Name"] for b in s3.list_buckets().get("Buckets") or ()]
    except _AWS_ERRORS as exc:
        kind["errors"].append(f"ListBuckets: {error_name(exc)}")
        return kind, not_examined
    connect_buckets = {str(i["name"]).removeprefix("s3://").partition("/")[0]: i["why_likely"] for i in connect_items}
    for name in names:
        match = _LIKELY_NAME.search(name)
        likely = connect_buckets.get(name) or (f"name suggests payment data ({match.group(0)})" if match else "")
        reason = scope.bucket(name)
        kind["items"].append(_item(name, reason, likely))
        if reason:
            not_examined += _bucket_depth(s3, name, scope)
    return kind, not_examined


def _finish(kind: dict[str, Any], label: str) -> dict[str, Any]:
    items = kind["items"]
    scanned = sum(1 for i in items if i["in_scope"])
    kind.update(total=len(items), in_scope=scanned, complete=not kind["errors"],
                summary=f"{scanned} of {len(items)} {label} in scope" + ("" if not kind["errors"] else
                                                                          " (listing incomplete)"))
    return kind


def inventory(clients: ClientFactory, targets: Iterable[str], *, payment_functions: Sequence[str] = (),
              now: datetime | None = None) -> dict[str, Any]:
    """The account inventory against ``targets`` (JSON-ready; see the module docstring and docs/run-json.md)."""
    scope = Targets(targets)
    connect, functions = _connect(clients, scope)
    kinds = {
        "log_groups": _log_groups(clients, scope, functions, payment_functions),
        "bedrock_destinations": _bedrock(clients, scope),
        "connect_locations": connect,
    }
    kinds["buckets"], not_examined = _buckets(clients, scope, connect["items"])
    ordered = {k: _finish(kinds[k], LABELS[k]) for k in KINDS}
    left_out = [{"kind": k, "name": i["name"], "why_likely": i["why_likely"]}
                for k in KINDS for i in ordered[k]["items"] if i["likely_card_data"] and not i["in_scope"]]
    return {
        "recorded": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "targets": list(scope.raw), "kinds": ordered, "left_out": left_out, "not_examined": not_examined,
        "complete": all(v["complete"] for v in ordered.values()),
        "flow_functions": dict(sorted(functions.items())),
    }


__all__ = ["KINDS", "LABELS", "Targets", "inventory"]
