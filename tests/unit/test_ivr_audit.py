"""Audit records hold masked, keyed data only; sink failures are translated once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ivr.audit import AuditWriter, CloudWatchPromptLog
from ivr.card import parse_card
from ivr.errors import AuditError
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.errors import FingerprintError

PAN, EXPIRY, CVV = "5555555555554444", "0931", "737"
CARD = parse_card(PAN, EXPIRY, CVV, today=date(2026, 1, 1))
NOW = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)


class FakeS3:
    def __init__(self, fail: bool = False) -> None:
        self.puts: list[dict[str, Any]] = []
        self.fail = fail

    def put_object(self, **kwargs: Any) -> None:
        if self.fail:
            raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "boom"}}, "PutObject")
        self.puts.append(kwargs)


class BrokenFingerprinter:
    def fingerprint(self, kind: str, value: str) -> str:
        raise FingerprintError("KMS GenerateMac with key k failed: DisabledException")


def _writer(s3: FakeS3, fingerprinter: Any = None, **kw: Any) -> AuditWriter:
    return AuditWriter(s3, "audit-bucket", fingerprinter or LocalKeyFingerprinter(b"k" * 32), now=lambda: NOW, **kw)


def _record(writer: AuditWriter, **kw: Any) -> Any:
    return writer.build(contact_id="c0ffee00-0000-4000-8000-000000000001", attempt="1", card=CARD,
                        amount=Decimal("50.00"), currency="gbp", outcome="approved", payment_intent_id="pi_123",
                        reference="PI123", timings_ms={"stripe_ms": 123.4}, **kw)


def test_record_holds_masked_keyed_data_only() -> None:
    s3 = FakeS3()
    writer = _writer(s3, kms_key_id="alias/audit")
    key = writer.put(_record(writer))
    (put,) = s3.puts
    body = put["Body"].decode()
    doc = json.loads(body)
    assert key == "audit/2026/03/04/c0ffee00-0000-4000-8000-000000000001/1.json"
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == "alias/audit"
    assert doc["brand"] == "mastercard" and doc["last4"] == "4444"
    assert doc["pan_fingerprint"].startswith("hmac-sha256:")
    assert doc["timings_ms"] == {"stripe_ms": 123}
    assert PAN not in body and PAN[:6] not in body
    assert EXPIRY not in body and "2031" not in body and '"exp' not in body
    assert CVV not in body and "cvv" not in body.lower()
    import hashlib

    assert hashlib.sha256(PAN.encode()).hexdigest() not in body  # never a plain hash


def test_fingerprint_is_keyed_and_stable() -> None:
    a = _writer(FakeS3(), LocalKeyFingerprinter(b"a" * 32))
    b = _writer(FakeS3(), LocalKeyFingerprinter(b"b" * 32))
    assert _record(a).pan_fingerprint == _record(a).pan_fingerprint != _record(b).pan_fingerprint


def test_kms_failure_still_writes_the_record() -> None:
    s3 = FakeS3()
    writer = _writer(s3, BrokenFingerprinter())
    writer.put(_record(writer))
    assert json.loads(s3.puts[0]["Body"])["pan_fingerprint"] == "unavailable"


def test_s3_failure_is_an_audit_error_naming_the_bucket() -> None:
    writer = _writer(FakeS3(fail=True))
    with pytest.raises(AuditError, match="audit-bucket: ServiceUnavailable"):
        writer.put(_record(writer))


def test_contact_id_cannot_escape_the_prefix() -> None:
    writer = _writer(FakeS3())
    record = writer.build(contact_id="../../etc", attempt="1/2", card=CARD, amount=Decimal(1), currency="usd",
                          outcome="declined")
    assert writer.key_for(record).startswith("audit/2026/03/04/")
    assert "/../" not in writer.key_for(record)


class FakeLogs:
    def __init__(self, fail: bool = False) -> None:
        self.events: list[str] = []
        self.streams: list[str] = []
        self.fail = fail

    def create_log_stream(self, *, logGroupName: str, logStreamName: str) -> None:
        self.streams.append(logStreamName)

    def put_log_events(self, *, logGroupName: str, logStreamName: str, logEvents: list[dict[str, Any]]) -> None:
        if self.fail:
            raise RuntimeError("down")
        self.events += [e["message"] for e in logEvents]


def test_prompt_log_writes_json_with_pans_masked() -> None:
    logs = FakeLogs()
    log = CloudWatchPromptLog(logs, "/spc/ivr/prompts")
    log({"prompt": f"card ending 4444, leaked {PAN}"})
    log({"prompt": "second"})
    assert len(logs.streams) == 1
    assert PAN not in logs.events[0]
    assert json.loads(logs.events[1]) == {"prompt": "second"}


def test_prompt_log_failure_is_an_audit_error() -> None:
    with pytest.raises(AuditError, match="/spc/ivr/prompts"):
        CloudWatchPromptLog(FakeLogs(fail=True), "/spc/ivr/prompts")({"prompt": "x"})
