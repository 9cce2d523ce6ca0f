"""Readers for where Bedrock invocation logs land: CloudWatch events, S3 log lines and offloaded bodies.

``logging_config``/``destinations`` read the account's logging configuration (moto 5.2.5 implements
``GetModelInvocationLoggingConfiguration``, so the bedrock client is used directly). S3 log objects are
gzipped JSON lines; the offloaded ``/data/..._input|_output.json[.gz]`` bodies (``inputBodyS3Path``,
``outputBodyS3Path``, possibly in another bucket) are read through the records that name them.
``log_events`` and ``object_lines`` yield ``(text, where)`` pairs and count bytes and items on the coverage
entry they are given; AWS and gzip errors propagate so the caller records them against that entry.
``read_body`` returns the scannable text of an offloaded ``_input``/``_output`` body, or ``None`` (with the
coverage entry marked ``error``) when it cannot be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, BinaryIO

from scanners.engine.finding import Coverage
from scanners.formats.gz import gzip_error
from scanners.sources.bedrock_records import body_text
from scanners.sources.retry import classify
from scanners.sources.s3 import S3Source, open_stream

if TYPE_CHECKING:
    from mypy_boto3_bedrock import BedrockClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

NOT_A_SOURCE = "readers of the Bedrock logging destinations"

_S3_URL = re.compile(r"s3://([^/]+)/(.+)")
_NOT_RECORDS = re.compile(r"/data/[^/]*_(?:input|output)\.json(?:\.gz)?$|bedrock-logs-permission-check$")
Where = dict[str, Any]


def logging_config(client: BedrockClient) -> Mapping[str, Any] | None:
    """The ``loggingConfig`` of the account (``None`` when logging was never configured)."""
    response = client.get_model_invocation_logging_configuration()
    config: Mapping[str, Any] | None = response.get("loggingConfig")
    return config


def destinations(config: Mapping[str, Any]) -> tuple[str | None, str | None, str, bool]:
    """``(log group, bucket, key prefix, text delivery off)`` of a logging configuration."""
    s3 = config.get("s3Config") or {}
    group = (config.get("cloudWatchConfig") or {}).get("logGroupName")
    return group, s3.get("bucketName"), s3.get("keyPrefix") or "", config.get("textDataDeliveryEnabled") is False


def log_keys(client: S3Client, bucket: str, prefix: str, start_ms: int | None, end_ms: int | None) -> Iterator[str]:
    """Keys of the log objects under ``prefix`` (offloaded bodies and the permission check left out)."""
    for obj in S3Source(client, bucket, prefix, start_ms=start_ms, end_ms=end_ms).objects():
        if not _NOT_RECORDS.search(obj["Key"]):
            yield obj["Key"]


def open_object(client: S3Client, bucket: str, key: str) -> BinaryIO:
    resp = client.get_object(Bucket=bucket, Key=key)
    return open_stream(resp["Body"])


def log_events(
    client: CloudWatchLogsClient, group: str, cov: Coverage, start_ms: int | None, end_ms: int | None
) -> Iterator[tuple[str, Where]]:

    """Every event message of ``group`` within the time window, with its CloudWatch location."""
    window = {"startTime": start_ms, "endTime": end_ms}
    args: dict[str, Any] = {"logGroupName": group} | {k: v for k, v in window.items() if v is not None}
    while True:
        page = client.filter_log_events(**args)
        for event in page.get("events", []):
            message = event.get("message", "")
            cov.items_scanned += 1
            cov.bytes_scanned += len(message.encode("utf-8", "replace"))
            yield message, {"log_group": group, "log_stream": event.get("logStreamName", ""),
                            "timestamp": event.get("timestamp"), "event_id": event.get("eventId", "")}
        token = page.get("nextToken")
        if not token or token == args.get("nextToken"):
            return
        args["nextToken"] = token


def object_lines(client: S3Client, bucket: str, key: str, cov: Coverage) -> Iterator[tuple[str, Where]]:
    """Every non-blank line of an (optionally gzipped) log object; invalid UTF-8 marks ``cov`` as an error."""
    with open_object(client, bucket, key) as stream:
        for number, raw in enumerate(stream, 1):
            cov.bytes_scanned += len(raw)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                cov.status, cov.reason = "error", "invalid UTF-8"
                line = raw.decode("utf-8", "replace")
            if line.strip():
                cov.items_scanned += 1
                yield line, {"bucket": bucket, "key": key, "line": number}
        if (damage := gzip_error(stream)) is not None:  # the lines before it were read: now fail the object
            raise damage


def s3_address(url: str) -> tuple[str, str] | None:
    """``(bucket, key)`` of an ``s3://bucket/key`` URL, or ``None``."""
    match = _S3_URL.fullmatch(url)
    return (match.group(1), match.group(2)) if match else None


def read_body(client: S3Client, bucket: str, key: str, cov: Coverage, *, streamed: bool) -> str | None:
    """The scannable text of an offloaded body (JSON or not); ``None`` when it cannot be read."""
    try:
        with open_object(client, bucket, key) as stream:
            data = stream.read()
        if (damage := gzip_error(stream)) is not None:
            raise damage
    except Exception as exc:  # body missing, denied, corrupt gzip
        cov.status, cov.reason = "error", classify(exc)
        return None
    cov.bytes_scanned, cov.items_scanned = len(data), 1
    text = data.decode("utf-8", "replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        cov.status, cov.reason = "error", "invalid UTF-8"
    try:
        value: Any = json.loads(text)
    except ValueError:
        value = text  # not JSON: scan the body as written
    return body_text(value, streamed=streamed) or text
