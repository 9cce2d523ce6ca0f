"""``spc trace``: where each finding came from, and the code path to fix. Reads AWS; changes nothing.

* CloudWatch: ``/aws/lambda/NAME`` -> the function, the version in the stream name (``[$LATEST]`` or ``[N]``),
  its ``CodeSha256`` and the published version deployed when the event was written (``ListVersionsByFunction``
  dates), the Powertools ``location`` of the line and whether the function logs its incoming event; Connect flow
  logs -> the flow (id, name) and block; other groups -> the function whose environment names the group.
* Bedrock invocation logs: model id, caller identity ARN, request id and time, read from the record itself; the
  function running as that role.
* S3: bucket, key, version id, last-modified, size, and the writer principal from CloudTrail data events when a
  trail logs them (said so when none does).
* Recordings: contact id, time offset, and what the contact's flow logs say about recording at that point.

Only names, ids, times and digests are read out of records, never message text, and the output is scanned by
the detectors before it is printed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reports.trace_sources import cloudtrail_writer, connect_event, functions_mentioning, read_json_event
from scanners.aws import ClientFactory, error_name

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

_STREAM_VERSION = re.compile(r"\[(\$LATEST|\d+)\]")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_POWERTOOLS = ("location", "level", "service", "function_name", "function_request_id", "xray_trace_id")


@dataclass
class Tracer:
    clients: ClientFactory
    account: str | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def trace(self, finding: Mapping[str, Any]) -> dict[str, Any]:
        loc = finding["location"]
        out: dict[str, Any] = {"fingerprint": finding["fingerprint"], "type": finding.get("type"),
                               "masked": finding.get("masked"), "source": finding.get("source"),
                               "origin": {}, "notes": [], "fix": ""}
        kind = finding.get("source")
        handlers: dict[str, Callable[[Mapping[str, Any], dict[str, Any]], None]] = {
            "cloudwatch": self._log_event, "bedrock": self._bedrock, "s3": self._object,
            "recordings": self._recording,
        }
        try:
            if kind in handlers:
                handlers[str(kind)](loc, out)
            else:
                out["origin"] = {"path": loc.get("path")}
                out["fix"] = f"the program that writes {loc.get('path')} (local file)"
        except Exception as exc:  # one failed lookup never stops the others
            out["notes"].append(f"lookup failed: {error_name(exc)}")
        return out

    # -- CloudWatch ----------------------------------------------------------------------------------------
    def _log_event(self, loc: Mapping[str, Any], out: dict[str, Any]) -> None:
        group, stream = str(loc.get("log_group", "")), str(loc.get("log_stream", ""))
        out["origin"] = {"log_group": group, "log_stream": stream, "timestamp": loc.get("timestamp")}
        event = read_json_event(self.clients("logs"), group, stream, loc.get("timestamp"), loc.get("event_id"))
        if group.startswith("/aws/lambda/"):
            self._function(group.removeprefix("/aws/lambda/"), stream, loc.get("timestamp"), event, out)
        elif group.startswith("/aws/connect/"):
            flow = connect_event(event)
            out["origin"].update(flow)
            out["fix"] = (f"Connect flow {flow.get('flow_name')} ({flow.get('flow_id')}), block "
                          f"{flow.get('block')} ({flow.get('block_type')}): flow logging was on while card data "
                          "was handled; turn logging off before the first capture (UpdateFlowLoggingBehavior)")
        else:
            writers = functions_mentioning(self._functions(), group)
            out["origin"]["writers"] = writers
            out["fix"] = (f"the code of {', '.join(writers)} that writes to {group}" if writers else
                          f"unknown writer: no Lambda function is named after {group} or names it in its environment")

    def _function(self, name: str, stream: str, ts: Any, event: Mapping[str, Any] | None, out: dict[str, Any]) -> None:
        lam = self.clients("lambda")
        versions = list(_pages(lambda **kw: lam.list_versions_by_function(FunctionName=name, **kw), "Versions"))
        aliases = list(_pages(lambda **kw: lam.list_aliases(FunctionName=name, **kw), "Aliases"))
        match = _STREAM_VERSION.search(stream)
        qualifier = match.group(1) if match else "$LATEST"
        by_version = {str(v["Version"]): v for v in versions}
        current = by_version.get(qualifier, {})
        origin = out["origin"]
        origin.update(function=name, version=qualifier, code_sha256=current.get("CodeSha256"),
                      handler=current.get("Handler"), aliases=[a["Name"] for a in aliases
                                                               if a.get("FunctionVersion") == qualifier])
        when = int(ts) / 1000 if ts is not None else None
        published = [v for v in versions if v["Version"] != "$LATEST" and when is not None
                     and _lambda_time(v.get("LastModified")) <= when]
        if published:
            at = max(published, key=lambda v: _lambda_time(v.get("LastModified")))
            origin["published_version_at_event"] = {"version": at["Version"], "code_sha256": at.get("CodeSha256"),
                                                    "last_modified": at.get("LastModified")}
        if qualifier == "$LATEST" and when is not None and _lambda_time(current.get("LastModified")) > when:
            out["notes"].append("$LATEST was updated after the event: its CodeSha256 is today's code; the code of "
                                "that day is the published version above (when one was published)")
        fields = {k: event[k] for k in _POWERTOOLS if event and isinstance(event.get(k), str | int)}
        origin["log_fields"] = fields
        env = (current.get("Environment") or {}).get("Variables") or {}
        logs_event = str(env.get("POWERTOOLS_LOGGER_LOG_EVENT", "")).lower() == "true"
        message = event.get("message") if event else None
        if logs_event and isinstance(message, dict) and message.get("Name") == "ContactFlowEvent":
            origin["cause"] = "the function logs its incoming event (POWERTOOLS_LOGGER_LOG_EVENT=true)"
        code = f"{current.get('Handler') or 'its handler'}" + (f" at {fields['location']}" if "location" in fields
                                                               else "")
        out["fix"] = (f"function {name} version {qualifier} (CodeSha256 {current.get('CodeSha256')}): {code}"
                      + (f"; {origin['cause']}: set it to false" if "cause" in origin else ""))

    def _functions(self) -> list[dict[str, Any]]:
        if "functions" not in self._cache:
            lam = self.clients("lambda")
            self._cache["functions"] = list(_pages(lam.list_functions, "Functions"))
        functions: list[dict[str, Any]] = self._cache["functions"]
        return functions

    # -- Bedrock -------------------------------------------------------------------------------------------
    def _bedrock(self, loc: Mapping[str, Any], out: dict[str, Any]) -> None:
        record: Mapping[str, Any] | None = None
        if loc.get("log_group"):
            record = read_json_event(self.clients("logs"), str(loc["log_group"]), str(loc.get("log_stream", "")),
                                     loc.get("timestamp"), loc.get("event_id"))
        elif loc.get("bucket") and loc.get("key"):
            record = _s3_line(self.clients("s3"), str(loc["bucket"]), str(loc["key"]), loc.get("line"))
        record = record or {}
        identity = str((record.get("identity") or {}).get("arn") or "")
        out["origin"] = {"model_id": record.get("modelId") or loc.get("model_id"), "identity_arn": identity or None,
                         "request_id": record.get("requestId") or loc.get("request_id"),
                         "timestamp": record.get("timestamp"), "operation": record.get("operation"),
                         "part": loc.get("part")}
        if not record:
            out["notes"].append("the invocation record could not be read again: identity unknown")
        role = identity.split(":assumed-role/", 1)[1].split("/", 1)[0] if ":assumed-role/" in identity else ""
        runs_as = [f["FunctionName"] for f in self._functions() if role and (
            str(f.get("Role", "")).rsplit("/", 1)[-1] == role or f.get("FunctionName") == role)]
        out["origin"]["functions"] = runs_as
        who = f"function {', '.join(runs_as)}" if runs_as else f"the code running as {identity or 'an unknown caller'}"
        operation = record.get("operation") or "a model call"
        out["fix"] = (f"{who}: it sent card data in the {loc.get('part') or 'request'} of {operation} to "
                      f"{out['origin']['model_id']}; build prompts without card data")

    # -- S3 ------------------------------------------------------------------------------------------------
    def _object(self, loc: Mapping[str, Any], out: dict[str, Any]) -> None:
        bucket, key = str(loc.get("bucket")), str(loc.get("key"))
        head = self.clients("s3").head_object(Bucket=bucket, Key=key)
        modified: datetime = head["LastModified"]
        out["origin"] = {"bucket": bucket, "key": key, "version_id": head.get("VersionId") or "null",
                         "last_modified": modified.isoformat(), "size": head.get("ContentLength"),
                         "etag": head.get("ETag")}
        writer, note = cloudtrail_writer(self.clients, bucket, key, modified, self.account)
        out["origin"]["writer"] = writer
        if note:
            out["notes"].append(note)
        mentions = functions_mentioning(self._functions(), bucket)
        out["origin"]["functions_naming_bucket"] = mentions
        who = writer or (f"function {', '.join(mentions)} (names the bucket in its environment)" if mentions
                         else "an unknown writer")
        out["fix"] = f"{who}: the code that writes s3://{bucket}/{key.rsplit('/', 1)[0]}/ objects"

    # -- recordings ----------------------------------------------------------------------------------------
    def _recording(self, loc: Mapping[str, Any], out: dict[str, Any]) -> None:
        key = str(loc.get("key", ""))
        contact = (_UUID.findall(key.rsplit("/", 1)[-1]) or [None])[0]
        out["origin"] = {"bucket": loc.get("bucket"), "key": key, "contact_id": contact,
                         "offset_seconds": loc.get("offset_seconds"), "recording_should_be_suspended": True}
        events = _contact_flow_events(self.clients("logs"), contact) if contact else []
        behaviours = [e for e in events if e.get("ContactFlowModuleType") == "SetRecordingBehavior"]
        out["origin"]["flow_log_events"] = len(events)
        if not events:
            out["notes"].append("no flow logs for this contact (flow logging off or expired): the flow's blocks "
                                "cannot be named; check it with spc lint-flow")
            out["fix"] = ("the contact flow: suspend IVR recording (UpdateContactRecordingBehavior) before the "
                          "card is keyed in, resume after")
            return
        last = connect_event(behaviours[-1]) if behaviours else connect_event(events[0])
        ivr = ((behaviours[-1].get("Parameters") or {}).get("RecordingBehavior") or {}) if behaviours else {}
        out["origin"].update(last, ivr_recording=ivr.get("IVRRecordingBehavior") if isinstance(ivr, dict) else None)
        out["fix"] = (f"Connect flow {last.get('flow_name')} ({last.get('flow_id')}), block {last.get('block')}: "
                      "suspend IVR recording before the card is keyed in")


def _pages(call: Callable[..., Mapping[str, Any]], key: str) -> Iterator[dict[str, Any]]:
    marker: str | None = None
    while True:
        page = call(**({"Marker": marker} if marker else {}))
        yield from page.get(key, [])
        marker = page.get("NextMarker")
        if not marker:
            return


def _lambda_time(value: Any) -> float:
    """Lambda's ``LastModified`` (``2024-05-01T10:00:00.000+0000``) as epoch seconds; 0 when absent."""
    if not value:
        return 0.0
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    except ValueError:
        return datetime.fromisoformat(str(value)).timestamp()


def _s3_line(s3: S3Client, bucket: str, key: str, line: Any) -> Mapping[str, Any] | None:
    data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
    lines = text.splitlines()
    try:
        record = json.loads(lines[int(line) - 1]) if line else None
    except (ValueError, IndexError):
        return None
    return record if isinstance(record, dict) else None


def _contact_flow_events(logs: CloudWatchLogsClient, contact: str) -> list[dict[str, Any]]:
    """The contact's flow-log events in every Connect log group (stream named after the contact)."""
    out: list[dict[str, Any]] = []
    args: dict[str, Any] = {"logGroupNamePrefix": "/aws/connect/"}
    while True:
        page = logs.describe_log_groups(**args)
        for group in page.get("logGroups", []):
            name = group["logGroupName"]
            if not _has_stream(logs, name, contact):
                continue
            for event in logs.filter_log_events(logGroupName=name, logStreamNames=[contact]).get("events", []):
                try:
                    parsed = json.loads(event.get("message", ""))
                except ValueError:
                    continue
                if isinstance(parsed, dict) and parsed.get("ContactId") == contact:
                    out.append(parsed)
        if not page.get("nextToken"):
            return out
        args["nextToken"] = page["nextToken"]


def _has_stream(logs: CloudWatchLogsClient, group: str, stream: str) -> bool:
    page = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=stream)
    return any(s.get("logStreamName") == stream for s in page.get("logStreams", []))
