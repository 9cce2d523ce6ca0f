"""Bedrock source: the model-invocation logs wherever the account's logging configuration sends them.

Scans the CloudWatch log group, the S3 bucket/prefix and every offloaded body a record names (readers in
``bedrock_destinations``). One ``Record`` per non-empty part, located by ``request_id``, ``model_id``,
``part`` and the CloudWatch (``log_group, log_stream, timestamp, event_id``) or S3 (``bucket, key, line``)
fields it was read from, plus ``body`` (s3:// address) for an offloaded body. Part text is extracted from
JSON, so no character offset is reported. Logging switched off, or an unreadable configuration, is an
``error`` coverage entry, never a clean scan. A record that is not a JSON object is an ``error`` entry too;
its raw text is still scanned (part ``raw``, with the offset into the line). ``start_ms``/``end_ms``
(inclusive) select CloudWatch events by time and S3 log objects by LastModified.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scanners.engine.finding import Coverage, Record
from scanners.sources import bedrock_destinations as dest
from scanners.sources.base import TargetContext
from scanners.sources.bedrock_records import load_record, parts, record_id
from scanners.sources.retry import classify

if TYPE_CHECKING:
    from mypy_boto3_bedrock import BedrockClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

KIND = "bedrock"
CONFIG = {"config": "model-invocation-logging"}


@dataclass
class BedrockSource:
    TARGET_PREFIX: ClassVar[str] = "bedrock"
    TARGET_HELP: ClassVar[str] = "bedrock"

    bedrock_client: BedrockClient = field(repr=False)
    logs_client: CloudWatchLogsClient = field(repr=False)
    s3_client: S3Client = field(repr=False)
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    kind: str = field(default=KIND, init=False)
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> BedrockSource:
        return cls(ctx.clients("bedrock"), ctx.clients("logs"), ctx.clients("s3"),
                   start_ms=ctx.since_ms, end_ms=ctx.until_ms)

    def records(self) -> Iterator[Record]:
        try:
            config = dest.logging_config(self.bedrock_client)
        except Exception as exc:
            self._add(CONFIG, "error", f"configuration problem: configuration unreadable ({classify(exc)})")
            return
        group, bucket, prefix, text_off = dest.destinations(config or {})
        if not group and not bucket:
            self._add(CONFIG, "error", "configuration problem: model invocation logging is disabled")
            return
        self._add(CONFIG, "scanned", "text delivery is off: prompts are not logged" if text_off else None)
        if group:
            cov = self._add({"log_group": group}, "scanned")
            yield from self._read(dest.log_events(self.logs_client, group, cov, self.start_ms, self.end_ms), cov)
        if bucket:
            yield from self._bucket(bucket, prefix)

    def _bucket(self, bucket: str, prefix: str) -> Iterator[Record]:
        try:
            for key in dest.log_keys(self.s3_client, bucket, prefix, self.start_ms, self.end_ms):
                cov = self._add({"bucket": bucket, "key": key}, "scanned")
                yield from self._read(dest.object_lines(self.s3_client, bucket, key, cov), cov)
        except Exception as exc:  # listing failed: the rest of the bucket is unknown
            self._add({"bucket": bucket, "prefix": prefix}, "error", classify(exc))

    def _read(self, items: Iterator[tuple[str, dict[str, Any]]], cov: Coverage) -> Iterator[Record]:
        try:
            for text, where in items:
                yield from self._invocation(text, where)
        except Exception as exc:  # AccessDenied, missing, corrupt gzip, throttled past retries...
            cov.status, cov.reason = "error", classify(exc)

    def _invocation(self, raw: str, where: dict[str, Any]) -> Iterator[Record]:
        try:
            record = load_record(raw)
        except ValueError as exc:
            reason = classify(exc) if isinstance(exc, json.JSONDecodeError) else "expected a JSON object"
            self._add(where, "error", f"invocation record: {reason}")
            yield Record(raw, KIND, {"part": "raw", **where}, first_line=None)  # offset: into the raw line
            return
        for part in parts(record):
            location = {**record_id(record), "part": part.name, **where}
            if part.text:
                yield Record(part.text, KIND, location, first_line=None, locate_offset=False)
            if part.s3_path:
                yield from self._body(part.s3_path, part.name == "output", location)

    def _body(self, url: str, streamed: bool, location: dict[str, Any]) -> Iterator[Record]:
        address = dest.s3_address(url)
        if address is None:
            self._add(location, "error", "body S3 path: expected s3://bucket/key")
            return
        cov = self._add({"bucket": address[0], "key": address[1]}, "scanned")
        text = dest.read_body(self.s3_client, *address, cov, streamed=streamed)
        if text is not None:
            yield Record(text, KIND, {**location, "body": url}, first_line=None, locate_offset=False)

    def _add(self, location: dict[str, Any], status: Any, reason: str | None = None) -> Coverage:
        cov = Coverage(KIND, location, status, reason)
        self.coverage.append(cov)
        return cov
