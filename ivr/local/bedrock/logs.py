"""The Bedrock emulator's model-invocation logs, delivered the way Bedrock does it.

Records with schemaType ``ModelInvocationLog`` go to the configured CloudWatch group (stream
``aws/bedrock/modelinvocations``) and/or are buffered and written to S3 as gzipped JSON lines under
``{prefix}/AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/``. A failed delivery is
counted, never raised.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

LOG_STREAM = "aws/bedrock/modelinvocations"


@dataclass
class Invocation:
    """One request as the emulator answered it (no prompt text kept)."""

    request_id: str
    model_id: str
    status: int
    error_code: str | None = None


def tokens(text: str) -> int:
    return max(1, len(text.split()))


class InvocationLogs:
    """Delivers invocation records per ``config`` (the account's ``loggingConfig``; empty: logging off)."""

    def __init__(
        self,
        *,
        logs_client: CloudWatchLogsClient | None,
        s3_client: S3Client | None,
        account_id: str,
        region: str,
        s3_batch: int,
    ) -> None:
        self.config: dict[str, Any] = {}
        self.failures = 0
        self.account_id = account_id
        self.region = region
        self._logs = logs_client
        self._s3 = s3_client
        self._s3_batch = s3_batch
        self._pending: list[dict[str, Any]] = []
        self._streams: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def record(self, inv: Invocation, request: dict[str, Any] | None, output: dict[str, Any] | None) -> dict[str, Any]:
        text = bool(self.config.get("textDataDeliveryEnabled", False))
        record: dict[str, Any] = {
            "schemaType": "ModelInvocationLog",
            "schemaVersion": "1.0",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "accountId": self.account_id,
            "identity": {"arn": f"arn:aws:sts::{self.account_id}:assumed-role/spc-ivr/local"},
            "region": self.region,
            "requestId": inv.request_id,
            "operation": "InvokeModel",
            "modelId": inv.model_id,
            "input": {"inputContentType": "application/json"},
            "output": {"outputContentType": "application/json"},
        }
        if request is not None:
            record["input"]["inputTokenCount"] = tokens(str(request.get("prompt", "")))
            if text:
                record["input"]["inputBodyJson"] = request
        if output is not None:
            record["output"]["outputTokenCount"] = output["generation_token_count"]
            if text:
                record["output"]["outputBodyJson"] = output
        if inv.error_code:
            record["errorCode"] = inv.error_code
        return record

    def deliver(self, inv: Invocation, request: dict[str, Any] | None, output: dict[str, Any] | None) -> None:
        """Log one invocation to every configured destination (nothing when logging is off)."""
        if not self.config:
            return
        record = self.record(inv, request, output)
        cw = self.config.get("cloudWatchConfig") or {}
        if cw.get("logGroupName") and self._logs is not None:
            self._put_cloudwatch(self._logs, cw["logGroupName"], record)
        if (self.config.get("s3Config") or {}).get("bucketName") and self._s3 is not None:
            with self._lock:
                self._pending.append(record)
                full = len(self._pending) >= self._s3_batch
            if full:
                self.flush()

    def _put_cloudwatch(self, logs: CloudWatchLogsClient, group: str, record: dict[str, Any]) -> None:
        try:
            if (group, LOG_STREAM) not in self._streams:
                _ensure_stream(logs, group, LOG_STREAM)
                self._streams.add((group, LOG_STREAM))
            logs.put_log_events(
                logGroupName=group,
                logStreamName=LOG_STREAM,
                logEvents=[{"timestamp": int(time.time() * 1000), "message": json.dumps(record)}],
            )
        except Exception:
            self.failures += 1

    def flush(self) -> None:
        """Write buffered S3 records as one gzipped JSON-lines object."""
        with self._lock:
            records, self._pending = self._pending, []
        s3cfg = self.config.get("s3Config") or {}
        if not records or self._s3 is None or not s3cfg.get("bucketName"):
            return
        now = datetime.now(UTC)
        prefix = str(s3cfg.get("keyPrefix") or "").strip("/")
        key = "/".join(
            p
            for p in (
                prefix,
                "AWSLogs",
                self.account_id,
                "BedrockModelInvocationLogs",
                self.region,
                now.strftime("%Y/%m/%d/%H"),
                f"{uuid.uuid4()}.json.gz",
            )
            if p
        )
        body = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
        try:
            self._s3.put_object(Bucket=s3cfg["bucketName"], Key=key, Body=body, ContentType="application/json")
        except Exception:
            self.failures += 1


def _ensure_stream(logs: CloudWatchLogsClient, group: str, stream: str) -> None:
    """Bedrock creates its stream in an existing group (a missing group is a delivery failure)."""
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
