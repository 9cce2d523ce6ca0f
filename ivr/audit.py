"""The masked audit trail: one JSON record per charge attempt in S3 (SSE-KMS), and the prompt log.

An audit record holds the contact id, time, brand, last four, a keyed PAN fingerprint (KMS
``GenerateMac`` HMAC_SHA_256, PCI DSS 3.5.1.1), amount, outcome, PaymentIntent id and timings. Never the
CVV, never the expiry, never a plain hash.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ivr.card import CardData
from ivr.errors import AuditError
from ivr.redact import redact_text
from scanners.aws import error_name
from scanners.cards.fingerprint import Fingerprinter
from scanners.errors import FingerprintError

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import PutObjectRequestTypeDef

_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]")


def _code_of(exc: Exception) -> str:
    return error_name(exc)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    contact_id: str
    attempt: str
    time: str
    brand: str
    last4: str
    pan_fingerprint: str
    amount: str
    currency: str
    outcome: str
    payment_intent_id: str
    reference: str
    reason: str
    code: str
    timings_ms: dict[str, int] = field(default_factory=dict)
    result_code: str = ""
    schema: str = "spc.ivr.audit/1"

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()


class AuditWriter:
    """Builds masked records and puts them to S3 with SSE-KMS (the bucket has Object Lock)."""

    def __init__(
        self,
        s3: S3Client,
        bucket: str,
        fingerprinter: Fingerprinter,
        *,
        kms_key_id: str | None = None,
        prefix: str = "audit/",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._fingerprinter = fingerprinter
        self._kms_key_id = kms_key_id
        self._prefix = prefix
        self._now = now

    def __repr__(self) -> str:
        return f"AuditWriter(bucket={self._bucket!r})"

    def build(
        self,
        *,
        contact_id: str,
        attempt: str,
        card: CardData,
        amount: Decimal,
        currency: str,
        outcome: str,
        payment_intent_id: str = "",
        reference: str = "",
        reason: str = "",
        code: str = "",
        timings_ms: Mapping[str, float] | None = None,
        result_code: str = "",
    ) -> AuditRecord:
        fingerprint = self.fingerprint(card) or "unavailable"  # the record is still written
        return AuditRecord(
            contact_id=contact_id,
            attempt=attempt,
            time=self._now().isoformat(timespec="milliseconds"),
            brand=card.brand,
            last4=card.last4,
            pan_fingerprint=fingerprint,
            amount=str(amount),
            currency=currency,
            outcome=outcome,
            payment_intent_id=payment_intent_id,
            reference=reference,
            reason=reason,
            code=code,
            timings_ms={k: round(v) for k, v in (timings_ms or {}).items()},
            result_code=result_code,
        )

    def fingerprint(self, card: CardData) -> str | None:
        """The keyed HMAC fingerprint of the PAN (PCI DSS 3.5.1.1), or None when the key is unavailable."""
        try:
            return self._fingerprinter.fingerprint("pan", card.number.reveal())
        except FingerprintError:
            return None

    def put_outcome(self, *, contact_id: str, result_code: str, language: str, at: datetime | None = None,
                    only_if_absent: bool = False) -> str | None:
        """One record per contact with the code it ended with (``<day>/<contact>/outcome.json``, the day of ``at``,
        default now). ``only_if_absent``: a conditional write (``If-None-Match: *``) that leaves a record already
        there untouched and returns None."""
        moment = at or self._now()
        when = (moment.astimezone(UTC) if moment.tzinfo else moment).isoformat(timespec="milliseconds")
        key = self.outcome_key(contact_id, when[:10])
        body = {"schema": "spc.ivr.outcome/1", "contact_id": contact_id, "time": when, "result_code": result_code,
                "language": language}
        written = self._write(key, json.dumps(body, sort_keys=True, separators=(",", ":")).encode(),
                              if_absent=only_if_absent)
        return key if written else None

    def outcome_key(self, contact_id: str, day: str) -> str:
        """The outcome record's key for a contact on a day (``YYYY-MM-DD``)."""
        return f"{self._prefix}{day.replace('-', '/')}/{_SAFE_ID.sub('_', contact_id)}/outcome.json"

    def key_for(self, record: AuditRecord) -> str:
        day = record.time[:10].replace("-", "/")
        contact, attempt = _SAFE_ID.sub("_", record.contact_id), _SAFE_ID.sub("_", record.attempt)
        return f"{self._prefix}{day}/{contact}/{attempt}.json"

    def put(self, record: AuditRecord) -> str:
        key = self.key_for(record)
        self._write(key, record.to_json())
        return key

    def _write(self, key: str, body: bytes, *, if_absent: bool = False) -> bool:
        """Put the object; with ``if_absent``, False when one is already there (S3 answers 412)."""
        args: PutObjectRequestTypeDef = {
            "Bucket": self._bucket,
            "Key": key,
            "Body": body,
            "ContentType": "application/json",
            "ServerSideEncryption": "aws:kms",
        }
        if self._kms_key_id:
            args["SSEKMSKeyId"] = self._kms_key_id
        if if_absent:
            args["IfNoneMatch"] = "*"
        try:
            self._s3.put_object(**args)
        except Exception as exc:  # botocore ClientError / EndpointConnectionError / ReadTimeout
            if if_absent and _code_of(exc) == "PreconditionFailed":
                return False
            raise AuditError(f"s3 PutObject to bucket {self._bucket}: {_code_of(exc)}") from exc
        return True


class CloudWatchPromptLog:
    """Records each prompt sent to the model as one JSON log event (PAN-shaped text masked on the way)."""

    def __init__(self, logs: CloudWatchLogsClient, group: str, *, stream_prefix: str = "ivr") -> None:
        self._logs = logs
        self._group = group
        self._stream_prefix = stream_prefix
        self._stream: str | None = None

    def __repr__(self) -> str:
        return f"CloudWatchPromptLog(group={self._group!r})"

    def _ensure_stream(self) -> str:
        if self._stream is None:
            day = datetime.now(UTC).strftime("%Y/%m/%d")
            name = f"{self._stream_prefix}/{day}/{uuid.uuid4().hex}"
            self._logs.create_log_stream(logGroupName=self._group, logStreamName=name)
            self._stream = name
        return self._stream

    def __call__(self, record: dict[str, Any]) -> None:
        message = redact_text(json.dumps(record, sort_keys=True, default=str))
        try:
            stream = self._ensure_stream()
            self._logs.put_log_events(
                logGroupName=self._group,
                logStreamName=stream,
                logEvents=[{"timestamp": int(datetime.now(UTC).timestamp() * 1000), "message": message}],
            )
        except Exception as exc:
            raise AuditError(f"logs PutLogEvents to group {self._group}: {_code_of(exc)}") from exc
