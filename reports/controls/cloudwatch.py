"""CloudWatch Logs controls: retention of at least 365 days, and encryption with a KMS key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reports.controls import Check, Outcome, control

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient

MIN_RETENTION_DAYS = 365


def _group(client: CloudWatchLogsClient, name: str) -> dict[str, Any] | None:
    for page in client.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=name):
        for group in page.get("logGroups", []):
            if group.get("logGroupName") == name:
                return dict(group)
    return None


_NOT_FOUND = "log group not found"


@control("cloudwatch_retention", "CloudWatch log group keeps events at least 365 days, then disposes of them",
         ["3.2.1", "10.5.1"])
def check_cloudwatch_retention(client: CloudWatchLogsClient, log_group: str) -> Outcome:
    group = _group(client, log_group)
    if group is None:
        return "error", {"log_group": log_group, "reason": _NOT_FOUND}
    days = group.get("retentionInDays")
    evidence = {"log_group": log_group, "retention_days": days if days else "never expires"}
    # Never-expire keeps a year of history but defines no disposal (3.2.1), so it does not pass.
    return isinstance(days, int) and days >= MIN_RETENTION_DAYS, evidence


@control("cloudwatch_encryption", "CloudWatch log group is encrypted with a KMS key", ["3.5.1"])
def check_cloudwatch_encryption(client: CloudWatchLogsClient, log_group: str) -> Outcome:
    group = _group(client, log_group)
    if group is None:
        return "error", {"log_group": log_group, "reason": _NOT_FOUND}
    key = group.get("kmsKeyId", "")
    return bool(key), {"log_group": log_group, "kms_key": key or "none (service-owned key)"}


RESOURCES = "log_groups"
SERVICE = "logs"
CHECKS: list[Check] = [check_cloudwatch_retention, check_cloudwatch_encryption]
