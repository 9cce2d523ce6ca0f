"""Look-ups behind ``spc trace``: one log event's JSON, a Connect flow-log event's ids, the functions naming a
resource, and the writer of an S3 object from CloudTrail data events. Read-only; values never leave here."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scanners.aws import ClientFactory, error_name

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient

WRITES = ("PutObject", "CopyObject", "CompleteMultipartUpload")


def read_json_event(
    logs: CloudWatchLogsClient, group: str, stream: str, ts: Any, event_id: Any
) -> dict[str, Any] | None:
    """The event ``event_id`` (at ``ts``) parsed as JSON, or ``None`` when gone or not JSON."""
    if ts is None:
        return None
    page = logs.filter_log_events(logGroupName=group, logStreamNames=[stream], startTime=int(ts), endTime=int(ts) + 1)
    for event in page.get("events", []):
        if event_id and event.get("eventId") != event_id:
            continue
        try:
            parsed = json.loads(event.get("message", ""))
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def connect_event(event: Mapping[str, Any] | None) -> dict[str, Any]:
    """The flow, block and contact a Connect flow-log event names."""
    event = event or {}
    return {"flow_id": event.get("ContactFlowId"), "flow_name": event.get("ContactFlowName"),
            "block": event.get("Identifier"), "block_type": event.get("ContactFlowModuleType"),
            "contact_id": event.get("ContactId")}


def functions_mentioning(functions: list[dict[str, Any]], name: str) -> list[str]:
    """Functions whose environment holds ``name`` (a log group or bucket they write to)."""
    return sorted(
        f["FunctionName"] for f in functions
        if any(str(v) == name for v in ((f.get("Environment") or {}).get("Variables") or {}).values())
    )


def _logs_objects(selectors: Mapping[str, Any], bucket: str, key: str) -> bool:
    arn = f"arn:aws:s3:::{bucket}/{key}"
    for selector in selectors.get("EventSelectors") or []:
        for resource in selector.get("DataResources") or []:
            if resource.get("Type") == "AWS::S3::Object" and any(
                v == "arn:aws:s3" or arn.startswith(v) for v in resource.get("Values") or []
            ):
                return True
    for selector in selectors.get("AdvancedEventSelectors") or []:
        fields = {f.get("Field"): f for f in selector.get("FieldSelectors") or []}
        if "AWS::S3::Object" in (fields.get("resources.type") or {}).get("Equals", []):
            return True
    return False


def cloudtrail_writer(
    clients: ClientFactory, bucket: str, key: str, modified: datetime, account: str | None
) -> tuple[str | None, str | None]:
    """(writer principal ARN, note) from the data events of a trail that logs this object's writes."""
    try:
        trail = clients("cloudtrail")
        covering = [t for t in trail.describe_trails().get("trailList", [])
                    if _logs_objects(trail.get_event_selectors(TrailName=t["TrailARN"]), bucket, key)]
    except Exception as exc:
        return None, f"CloudTrail could not be read ({error_name(exc)}): the writer principal is unknown"
    if not covering:
        return None, (f"CloudTrail data events are not logged for s3://{bucket} (no trail selects AWS::S3::Object "
                      "for it): the writer principal is unknown")
    s3 = clients("s3")
    for t in covering:
        prefix = (f"{t['S3KeyPrefix'].rstrip('/')}/" if t.get("S3KeyPrefix") else "") + (
            f"AWSLogs/{account or '*'}/CloudTrail/{t.get('HomeRegion')}/{modified:%Y/%m/%d}/")
        try:
            listed = s3.list_objects_v2(Bucket=t["S3BucketName"], Prefix=prefix).get("Contents", [])
            for obj in listed:
                data = s3.get_object(Bucket=t["S3BucketName"], Key=obj["Key"])["Body"].read()
                records = json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).get("Records", [])
                for r in records:
                    params = r.get("requestParameters") or {}
                    if r.get("eventName") in WRITES and params.get("bucketName") == bucket and params.get("key") == key:
                        return str((r.get("userIdentity") or {}).get("arn")), None
        except Exception as exc:
            return None, f"trail {t.get('Name')}: its log files could not be read ({error_name(exc)})"
    return None, (f"a trail logs data events for s3://{bucket}, but no write of this key is in its log files for "
                  f"{modified:%Y-%m-%d} yet (delivery lags up to 15 minutes)")
