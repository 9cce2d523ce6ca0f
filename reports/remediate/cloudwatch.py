"""CloudWatch log streams (the function's logs, Bedrock logs in CloudWatch): protect, quarantine masked, delete.

1. **pin**: the stream must have no event ingested after the scan finished and still hold the finding's value; its
   last event and ingestion times and its event count are pinned.
2. **protect-log-group**: a data-protection policy (card number, expiry and security code identifiers, audit and
   mask) so events ingested from now on are masked. CloudWatch masks only new events, hence the next steps.
3. **quarantine-stream**: every event of the stream, each card value masked, as gzipped JSON lines in the
   ``--quarantine`` location.
4. **delete-stream**: after checking the pin again; events before and after are counted.
"""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING, Any

from reports.remediate.items import Item
from reports.remediate.steps import Context, Step, StepFailed, call, not_run

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_logs.type_defs import OutputLogEventTypeDef

IDENTIFIERS = [f"arn:aws:dataprotection::aws:data-identifier/{name}"
               for name in ("CreditCardNumber", "CreditCardExpiration", "CreditCardSecurityCode")]
POLICY = json.dumps({
    "Name": "spc-card-data", "Description": "Mask card data in events ingested from now on (spc remediate)",
    "Version": "2021-06-01",
    "Statement": [
        {"Sid": "audit", "DataIdentifier": IDENTIFIERS, "Operation": {"Audit": {"FindingsDestination": {}}}},
        {"Sid": "mask", "DataIdentifier": IDENTIFIERS, "Operation": {"Deidentify": {"MaskConfig": {}}}},
    ],
})


def remediate_stream(item: Item, ctx: Context) -> tuple[list[Step], dict[str, Any]]:
    logs, (group, stream) = ctx.clients("logs"), item.address
    pin = Step(item.name, "pin", ("logs:DescribeLogStreams", "logs:GetLogEvents"))
    protect = Step(item.name, "protect-log-group", ("logs:PutDataProtectionPolicy",),
                   detail=f"{group}: mask CreditCardNumber, CreditCardExpiration, CreditCardSecurityCode")
    quarantine = Step(item.name, "quarantine-stream", ("s3:PutObject",))
    delete = Step(item.name, "delete-stream", ("logs:DeleteLogStream",))
    steps: list[Step] = [pin, protect, quarantine, delete]
    counts: dict[str, Any] = {}
    try:
        state = _stream_state(pin, logs, group, stream)
        pin.pin = state
        scanned_ms = int(ctx.scanned_at.timestamp() * 1000)
        if max(state["last_ingestion_time"], state["last_event_timestamp"]) > scanned_ms:
            raise pin.stop("refused", f"changed since the scan: events ingested after the scan finished at "
                                      f"{ctx.scanned_at.isoformat()}")
        events = _events(pin, logs, group, stream)
        holding = sum(1 for e in events if ctx.matcher.text_fingerprints(e.get("message", "")) & item.fingerprints)
        counts.update(events_before=len(events), events_holding_before=holding)
        if not holding:
            raise pin.stop("refused", "changed since the scan: no event of the stream holds the finding any more")
        pin.status, pin.detail = ("done" if ctx.apply else "planned"), f"{len(events)} events, {holding} holding"
        if ctx.quarantine is None:
            raise quarantine.stop("refused", "--quarantine s3://BUCKET/PREFIX is required: a masked copy is kept "
                                             "before a stream is deleted")
        bucket, prefix = ctx.quarantine
        target = f"{prefix.rstrip('/') + '/' if prefix else ''}cloudwatch{group}/{stream}.jsonl.gz"
        quarantine.detail, quarantine.pin = f"s3://{bucket}/{target}", {"bucket": bucket, "key": target}
        delete.detail = f"{len(events)} events"
        if not ctx.apply:
            return steps, counts
        _protect(protect, logs, group, ctx)
        body = gzip.compress("".join(json.dumps({
            "timestamp": e.get("timestamp"), "ingestionTime": e.get("ingestionTime"),
            "message": ctx.matcher.mask_all(e.get("message", "")),
        }) + "\n" for e in events).encode(), mtime=0)
        s3 = ctx.clients("s3")
        call(quarantine, "PutObject (quarantine)",
             lambda: s3.put_object(Bucket=bucket, Key=target, Body=body, ContentType="application/x-ndjson"))
        quarantine.status = "done"
        if _stream_state(delete, logs, group, stream) != state:
            raise delete.stop("refused", "changed during remediation: new events since the pin; the stream was "
                                         "not deleted (its masked copy is kept)")
        call(delete, "DeleteLogStream", lambda: logs.delete_log_stream(logGroupName=group, logStreamName=stream))
        delete.status = "done"
        counts["events_after"] = _remaining(delete, logs, group, stream)
    except StepFailed as stop:
        not_run(steps, f"not run: {stop}")
    return steps, counts


def _protect(step: Step, logs: CloudWatchLogsClient, group: str, ctx: Context) -> None:
    """The policy is preventive: a local stack without the API is named, and the removal still goes ahead."""
    try:
        call(step, "PutDataProtectionPolicy",
             lambda: logs.put_data_protection_policy(logGroupIdentifier=group, policyDocument=POLICY),
             local=ctx.local)
        step.status = "done"
    except StepFailed:
        if step.status != "not-emulated":
            raise


def _stream_state(step: Step, logs: CloudWatchLogsClient, group: str, stream: str) -> dict[str, Any]:
    page = call(step, "DescribeLogStreams",
                lambda: logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=stream))
    found = [s for s in page.get("logStreams", []) if s.get("logStreamName") == stream]
    if not found:
        raise step.stop("refused", "changed since the scan: the log stream no longer exists")
    s = found[0]
    return {"last_event_timestamp": int(s.get("lastEventTimestamp") or 0),
            "last_ingestion_time": int(s.get("lastIngestionTime") or 0), "stored_bytes": int(s.get("storedBytes") or 0)}


def _events(step: Step, logs: CloudWatchLogsClient, group: str, stream: str) -> list[OutputLogEventTypeDef]:
    args: dict[str, Any] = {"logGroupName": group, "logStreamName": stream, "startFromHead": True}
    out: list[OutputLogEventTypeDef] = []
    while True:
        page = call(step, "GetLogEvents", lambda: logs.get_log_events(**args))
        out += page.get("events", [])
        token = page.get("nextForwardToken")
        if not token or token == args.get("nextToken") or not page.get("events"):
            return out
        args["nextToken"] = token


def _remaining(step: Step, logs: CloudWatchLogsClient, group: str, stream: str) -> int:
    detail = step.detail
    try:
        return len(_events(step, logs, group, stream))
    except StepFailed:
        if "ResourceNotFound" in step.detail:
            step.status, step.detail = "done", f"{detail}; the stream is gone"
            return 0
        raise
