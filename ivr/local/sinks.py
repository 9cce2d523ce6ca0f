"""Where the local phone line leaves data, and how to see all of it.

``LambdaLogs`` plays the part of the Lambda runtime: it takes what the IVR's loggers write (they write to
stdout, as in Lambda) and ships it to the function's CloudWatch log group. ``dump_sinks`` writes every sink of
a local stack as files: S3 objects (gzipped ones also decompressed), CloudWatch log events (flow logs, prompt
log, Lambda logs, Bedrock invocation logs), DynamoDB items.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import re
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

_SAFE = re.compile(r"[^A-Za-z0-9._=\-\[\]$:@+]")


class LambdaLogs:
    """Context manager: captures the ``ivr*`` loggers' output; ``ship()`` sends it to the Lambda log group."""

    def __init__(self, logs: CloudWatchLogsClient, group: str) -> None:
        self._logs = logs
        self._group = group
        self._buffer = io.StringIO()
        self._saved: list[tuple[logging.StreamHandler[Any], Any]] = []
        self.stream = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
        self.lines: list[str] = []

    def __enter__(self) -> LambdaLogs:
        names = [n for n in logging.root.manager.loggerDict if n == "ivr" or n.startswith("ivr.")]
        for name in names:
            for handler in logging.getLogger(name).handlers:
                if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                    self._saved.append((handler, _swap(handler, self._buffer)))
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        for handler, stream in self._saved:
            _swap(handler, stream)
        self._saved = []
        self.ship()

    def ship(self) -> list[str]:
        """Send the captured lines to CloudWatch (and return them)."""
        lines = [line for line in self._buffer.getvalue().splitlines() if line.strip()]
        self._buffer.seek(0)
        self._buffer.truncate()
        if not lines:
            return lines
        with contextlib.suppress(self._logs.exceptions.ResourceAlreadyExistsException):
            self._logs.create_log_stream(logGroupName=self._group, logStreamName=self.stream)
        now = int(time.time() * 1000)
        for start in range(0, len(lines), 1000):
            batch = lines[start : start + 1000]
            self._logs.put_log_events(
                logGroupName=self._group,
                logStreamName=self.stream,
                logEvents=[{"timestamp": now, "message": line} for line in batch],
            )
        self.lines += lines
        return lines


def _swap(handler: logging.StreamHandler[Any], stream: Any) -> Any:
    """Replace a handler's stream without flushing the old one (it may already be closed)."""
    with handler.lock or contextlib.nullcontext():
        old, handler.stream = handler.stream, stream
    return old


def _path(root: Path, *parts: str) -> Path:
    """A path under root built from untrusted names (no traversal, no odd characters)."""
    clean = [_SAFE.sub("_", p) for part in parts for p in part.split("/") if p not in ("", ".", "..")]
    target = root.joinpath(*clean)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def dump_s3(s3: S3Client, buckets: list[str], root: Path) -> int:
    count = 0
    for bucket in buckets:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for obj in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
                _path(root, "s3", bucket, obj["Key"]).write_bytes(body)
                if obj["Key"].endswith(".gz"):
                    _path(root, "s3", bucket, obj["Key"][:-3] + ".decompressed").write_bytes(gzip.decompress(body))
                count += 1
    return count


def dump_logs(logs: CloudWatchLogsClient, groups: list[str], root: Path) -> int:
    count = 0
    for group in groups:
        streams = logs.get_paginator("describe_log_streams").paginate(logGroupName=group)
        for page in streams:
            for stream in page.get("logStreams", []):
                name = stream["logStreamName"]
                events = logs.get_paginator("filter_log_events").paginate(logGroupName=group, logStreamNames=[name])
                with _path(root, "logs", group, name + ".jsonl").open("w", encoding="utf-8") as out:
                    for events_page in events:
                        for event in events_page.get("events", []):
                            out.write(json.dumps({"timestamp": event["timestamp"], "message": event["message"]}))
                            out.write("\n")
                            count += 1
    return count


def dump_table(dynamodb: DynamoDBClient, table: str, root: Path) -> int:
    count = 0
    with _path(root, "dynamodb", table + ".jsonl").open("w", encoding="utf-8") as out:
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            for item in page.get("Items", []):
                out.write(json.dumps(item, sort_keys=True) + "\n")
                count += 1
    return count


def dump_sinks(stack: Any, root: Path) -> dict[str, int]:
    """Every sink of a running ``LocalStack`` as files under ``root``; returns counts per kind."""
    if stack.bedrock is not None:
        stack.bedrock.flush()
    n = stack.names
    return {
        "s3_objects": dump_s3(
            stack.client("s3"), [n["audit_bucket"], n["recordings_bucket"], n["invocation_bucket"]], root
        ),
        "log_events": dump_logs(
            stack.client("logs"),
            [n["flow_log_group"], n["prompt_log_group"], n["lambda_log_group"], n["bedrock_log_group"]],
            root,
        ),
        "dynamodb_items": dump_table(stack.client("dynamodb"), n["table"], root),
    }
