"""Bedrock source: the model-invocation logs wherever the account's logging configuration sends them.

Reads ``GetModelInvocationLoggingConfiguration`` (moto 5.2.5 implements it, so the bedrock client is used
directly) and scans the CloudWatch log group (one JSON record per event), the S3 bucket/prefix (gzipped JSON
lines; offloaded ``/data/..._input|_output.json[.gz]`` bodies are read through the records that name them) and
every body named by ``inputBodyS3Path``/``outputBodyS3Path``. One ``Record`` per non-empty part, located by
``request_id``, ``model_id``, ``part`` and the CloudWatch (``log_group, log_stream, timestamp, event_id``) or
S3 (``bucket, key, line``) fields it was read from; an offloaded body adds ``body`` (its s3:// address).
Logging switched off, or an unreadable configuration, is an ``error`` coverage entry, never a clean scan. A
record that is not a JSON object is an ``error`` entry too, and its raw text is still scanned (part ``raw``).
``start_ms``/``end_ms`` (inclusive) select CloudWatch events by time and S3 log objects by LastModified.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from scanners.finding import Coverage, Record
from scanners.sources.bedrock_records import body_text, load_record, parts, record_id
from scanners.sources.retry import classify, with_backoff
from scanners.sources.s3 import S3Source, open_stream

KIND = "bedrock"
CONFIG = {"config": "model-invocation-logging"}
_S3_URL = re.compile(r"s3://([^/]+)/(.+)")
_NOT_RECORDS = re.compile(r"/data/[^/]*_(?:input|output)\.json(?:\.gz)?$|bedrock-logs-permission-check$")


@dataclass
class BedrockSource:
    bedrock_client: Any = field(repr=False)
    logs_client: Any = field(repr=False)
    s3_client: Any = field(repr=False)
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    kind: str = field(default=KIND, init=False)
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    def records(self) -> Iterator[Record]:
        try:
            get = self.bedrock_client.get_model_invocation_logging_configuration
            config = with_backoff(get, what="GetModelInvocationLoggingConfiguration").get("loggingConfig")
        except Exception as exc:
            self._add(CONFIG, "error", f"configuration problem: configuration unreadable ({classify(exc)})")
            return
        config = config or {}
        group = (config.get("cloudWatchConfig") or {}).get("logGroupName")
        s3 = config.get("s3Config") or {}
        if not group and not s3.get("bucketName"):
            self._add(CONFIG, "error", "configuration problem: model invocation logging is disabled")
            return
        text_off = config.get("textDataDeliveryEnabled") is False
        self._add(CONFIG, "scanned", "text delivery is off: prompts are not logged" if text_off else None)
        if group:
            yield from self._log_group(group)
        if s3.get("bucketName"):
            yield from self._bucket(s3["bucketName"], s3.get("keyPrefix") or "")

    def _log_group(self, group: str) -> Iterator[Record]:
        cov = self._add({"log_group": group}, "scanned")
        window = {"startTime": self.start_ms, "endTime": self.end_ms}
        args: dict[str, Any] = {"logGroupName": group} | {k: v for k, v in window.items() if v is not None}
        call = self.logs_client.filter_log_events
        try:
            while True:
                page = with_backoff(lambda: call(**args), what=f"FilterLogEvents {group}")
                for event in page.get("events", []):
                    message = event.get("message", "")
                    cov.items_scanned += 1
                    cov.bytes_scanned += len(message.encode("utf-8", "replace"))
                    where = {"log_group": group, "log_stream": event.get("logStreamName", ""),
                             "timestamp": event.get("timestamp"), "event_id": event.get("eventId", "")}
                    yield from self._invocation(message, where)
                token = page.get("nextToken")
                if not token or token == args.get("nextToken"):
                    return
                args["nextToken"] = token
        except Exception as exc:  # AccessDenied, group missing or deleted, throttled past retries...
            cov.status, cov.reason = "error", classify(exc)

    def _bucket(self, bucket: str, prefix: str) -> Iterator[Record]:
        listing = S3Source(self.s3_client, bucket, prefix, start_ms=self.start_ms, end_ms=self.end_ms)
        try:
            for obj in listing.objects():
                if not _NOT_RECORDS.search(obj["Key"]):
                    yield from self._object(bucket, obj["Key"])
        except Exception as exc:  # listing failed: the rest of the bucket is unknown
            self._add({"bucket": bucket, "prefix": prefix}, "error", classify(exc))

    def _object(self, bucket: str, key: str) -> Iterator[Record]:
        cov = self._add({"bucket": bucket, "key": key}, "scanned")
        try:
            with self._open(bucket, key) as stream:
                for number, raw in enumerate(stream, 1):
                    cov.bytes_scanned += len(raw)
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        cov.status, cov.reason = "error", "invalid UTF-8"
                        line = raw.decode("utf-8", "replace")
                    if line.strip():
                        cov.items_scanned += 1
                        yield from self._invocation(line, {"bucket": bucket, "key": key, "line": number})
        except Exception as exc:  # AccessDenied, corrupt gzip, deleted during the scan...
            cov.status, cov.reason = "error", classify(exc)

    def _invocation(self, raw: str, where: dict[str, Any]) -> Iterator[Record]:
        try:
            record = load_record(raw)
        except ValueError as exc:
            reason = classify(exc) if isinstance(exc, json.JSONDecodeError) else "expected a JSON object"
            self._add(where, "error", f"invocation record: {reason}")
            yield Record(raw, KIND, {"part": "raw", **where}, first_line=None)
            return
        for part in parts(record):
            location = {**record_id(record), "part": part.name, **where}
            if part.text:
                yield Record(part.text, KIND, location, first_line=None)
            if part.s3_path:
                yield from self._body(part.s3_path, part.name == "output", location)

    def _body(self, url: str, streamed: bool, location: dict[str, Any]) -> Iterator[Record]:
        match = _S3_URL.fullmatch(url)
        if not match:
            self._add(location, "error", "body S3 path: expected s3://bucket/key")
            return
        bucket, key = match.groups()
        cov = self._add({"bucket": bucket, "key": key}, "scanned")
        try:
            with self._open(bucket, key) as stream:
                data = stream.read()
        except Exception as exc:  # body missing, denied, corrupt gzip
            cov.status, cov.reason = "error", classify(exc)
            return
        cov.bytes_scanned, cov.items_scanned = len(data), 1
        text = data.decode("utf-8", "replace")
        if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
            cov.status, cov.reason = "error", "invalid UTF-8"
        try:
            value: Any = json.loads(text)
        except ValueError:
            value = text  # not JSON: scan the body as written
        text = body_text(value, streamed=streamed) or text
        yield Record(text, KIND, {**location, "body": url}, first_line=None)

    def _open(self, bucket: str, key: str) -> BinaryIO:
        get = self.s3_client.get_object
        resp = with_backoff(lambda: get(Bucket=bucket, Key=key), what=f"GetObject {bucket}")
        return open_stream(resp["Body"])

    def _add(self, location: dict[str, Any], status: Any, reason: str | None = None) -> Coverage:
        cov = Coverage(KIND, location, status, reason)
        self.coverage.append(cov)
        return cov
