"""The handler end to end on 127.0.0.1: moto (Secrets Manager, KMS HMAC, S3, DynamoDB, SSM, Logs) + Stripe emulator."""

from __future__ import annotations

import io
import json
import logging
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ivr import handler
from ivr.connect_crypto import encrypt_customer_input
from ivr.local.stripe.emulator import StripeEmulator

EVENTS = Path(__file__).resolve().parents[1] / "events"
KEY_ID = "0b6f2a5c-3d4e-4f60-8a9b-1c2d3e4f5a6b"
BUCKET, TABLE, SECRET, PARAM, PROMPTS = "spc-audit", "spc-idem", "spc/connect/key", "/spc/stripe", "/spc/prompts"
EXPIRY, CVV = "1230", "739"


@lru_cache(maxsize=1)
def keypair() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
            key.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo))


def enc(value: str) -> str:
    return encrypt_customer_input(value, key_id=KEY_ID, public_key_pem=keypair()[1])


@dataclass
class Context:
    remaining_ms: int = 8000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@pytest.fixture(scope="module")
def stripe_emulator() -> Iterator[StripeEmulator]:
    with StripeEmulator() as emu:
        yield emu


@dataclass
class Stack:
    clients: Any
    stripe: StripeEmulator
    hmac_key: str
    logs: io.StringIO

    def audit_objects(self) -> list[dict[str, Any]]:
        s3 = self.clients("s3")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
        return [s3.get_object(Bucket=BUCKET, Key=k) for k in keys]

    def charges_for(self, contact: str) -> list[dict[str, Any]]:
        return [pi for pi in self.stripe.charges() if pi["metadata"].get("contact_id") == contact]


@pytest.fixture
def stack(moto_server: str, boto_clients: Any, stripe_emulator: StripeEmulator,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    private, _ = keypair()
    boto_clients("secretsmanager").create_secret(Name=SECRET, SecretString=private.decode())
    kms = boto_clients("kms")
    hmac_key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    sse_key = kms.create_key(Description="audit SSE-KMS")["KeyMetadata"]["KeyId"]
    s3 = boto_clients("s3")
    s3.create_bucket(Bucket=BUCKET, ObjectLockEnabledForBucket=True)
    boto_clients("dynamodb").create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    boto_clients("ssm").put_parameter(Name=PARAM, Value=stripe_emulator.api_key, Type="SecureString")
    boto_clients("logs").create_log_group(logGroupName=PROMPTS)
    env = {"CONNECT_KEY_SECRET_ID": SECRET, "CONNECT_KEY_ID": KEY_ID, "AUDIT_BUCKET": BUCKET,
           "AUDIT_KMS_KEY_ID": sse_key, "HMAC_KEY_ID": hmac_key, "STRIPE_KEY_PARAM": PARAM,
           "STRIPE_API_BASE": stripe_emulator.url, "IDEMPOTENCY_TABLE": TABLE, "PROMPT_LOG_GROUP": PROMPTS,
           "AMOUNT_LIMIT": "5000.00", "CURRENCY": "usd"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MODEL_ID", raising=False)
    stream = io.StringIO()
    out = logging.StreamHandler(stream)
    out.setFormatter(handler.logger.logger_handler.formatter)
    logging.getLogger("ivr").addHandler(out)
    stripe_emulator.faults.clear()
    handler.configure(None)
    try:
        yield Stack(boto_clients, stripe_emulator, hmac_key, stream)
    finally:
        handler.configure(None)
        logging.getLogger("ivr").removeHandler(out)


def charge_event(contact: str, pan: str, *, attempt: str = "1", amount: str = "50.00") -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EVENTS / "connect_charge.json").read_text())
    doc["Details"]["ContactData"]["ContactId"] = contact
    doc["Details"]["ContactData"]["Attributes"]["amount_due"] = amount
    doc["Details"]["Parameters"].update(card_number=enc(pan), expiry=enc(EXPIRY), cvv=enc(CVV),
                                        state=f"step=charge;attempt={attempt}")
    return doc


def validate_event(contact: str, field: str, value: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EVENTS / "connect_validate.json").read_text())
    doc["Details"]["ContactData"]["ContactId"] = contact
    doc["Details"]["Parameters"] = {"mode": "validate", "field": field, field: enc(value)}
    return doc


def invoke(event: dict[str, Any], remaining_ms: int = 8000) -> dict[str, str]:
    return handler.lambda_handler(event, Context(remaining_ms))


def assert_no_card_data(text: str, pan: str) -> None:
    assert pan not in text
    assert pan[:6] + pan[-4:] not in text
    assert f'"{CVV}"' not in text and f"={CVV}" not in text
    # the expiry as a number of its own: a millisecond timestamp ("1796644072030") may hold its digits by chance
    assert re.search(rf"(?<![0-9])(?:{EXPIRY}|2030)(?![0-9])", text) is None


def test_validate_mode(stack: Stack) -> None:
    contact = str(uuid.uuid4())
    assert invoke(validate_event(contact, "card_number", "4242424242424242"))["result"] == "valid"
    bad = invoke(validate_event(contact, "expiry", "1399"))
    assert (bad["result"], bad["field"], bad["reason"]) == ("invalid", "expiry", "month")
    assert stack.charges_for(contact) == []
    assert stack.audit_objects() == []


def test_approved_charge_is_audited_masked_and_keyed(stack: Stack) -> None:
    contact, pan = str(uuid.uuid4()), "5555555555554444"
    answer = invoke(charge_event(contact, pan, amount="123.45"))
    assert answer["result"] == "approved"
    assert answer["reference"] and answer["reference"] in answer["message"]
    assert "4444" in answer["message"]
    (charge,) = stack.charges_for(contact)
    assert charge["amount"] == 12345 and charge["payment_method_options"]["card"]["moto"] == "true"
    (obj,) = stack.audit_objects()
    assert obj["ServerSideEncryption"] == "aws:kms"
    body = obj["Body"].read().decode()
    record = json.loads(body)
    assert (record["contact_id"], record["outcome"], record["brand"], record["last4"]) == (
        contact, "approved", "mastercard", "4444")
    assert record["payment_intent_id"] == charge["id"]
    assert record["amount"] == "123.45" and record["currency"] == "usd"
    assert set(record["timings_ms"]) >= {"decrypt_validate_ms", "stripe_ms"}
    mac = bytes.fromhex(record["pan_fingerprint"].removeprefix("hmac-sha256:"))
    verified = stack.clients("kms").verify_mac(Message=f"pan:{pan}".encode(), KeyId=stack.hmac_key,
                                               MacAlgorithm="HMAC_SHA_256", Mac=mac)
    assert verified["MacValid"] is True  # KMS GenerateMac, not a plain hash
    assert CVV not in record.values()
    assert_no_card_data(body, pan)
    items = stack.clients("dynamodb").scan(TableName=TABLE)["Items"]
    ledger = [i for i in items if i["id"]["S"].startswith("charge#")]  # the duplicate-charge ledger (HMAC only)
    settled = [i for i in items if i["id"]["S"] == f"contact#{contact}"]  # read when the caller hangs up
    assert [(i["status"]["S"], i["result_code"]["S"]) for i in settled] == [("settled", "success")]
    done = [i for i in items if i not in ledger and i not in settled]
    assert len(done) == 1 and done[0]["status"]["S"] == "COMPLETED"
    assert len(ledger) == 1 and ledger[0]["status"]["S"] == "succeeded"
    assert_no_card_data(json.dumps(items), pan)
    # nor the last four: every attribute but its two times (epoch seconds, whose digits may hold any four in a row)
    untimed = [{k: v for k, v in i.items() if k not in ("at", "expiration")} for i in ledger]
    assert set(ledger[0]) - set(untimed[0]) == {"at", "expiration"}
    assert "4444" not in json.dumps(untimed)
    assert_no_card_data(stack.logs.getvalue(), pan)


def test_declined_charge(stack: Stack) -> None:
    contact = str(uuid.uuid4())
    answer = invoke(charge_event(contact, "4000000000000002"))
    assert (answer["result"], answer["reason"]) == ("declined", "generic_decline")
    assert "declined" in answer["message"]
    assert stack.charges_for(contact) == []
    (obj,) = stack.audit_objects()
    assert json.loads(obj["Body"].read())["outcome"] == "declined"
    second = invoke(charge_event(contact, "4242424242424242", attempt="2"))
    assert second["result"] == "approved"
    assert len(stack.charges_for(contact)) == 1


@pytest.mark.parametrize(("pan", "reason"), [("4000000000009995", "insufficient_funds"),
                                            ("4000000000000069", "expired_card"),
                                            ("4000000000000127", "incorrect_cvc")])
def test_decline_reasons(stack: Stack, pan: str, reason: str) -> None:
    answer = invoke(charge_event(str(uuid.uuid4()), pan))
    assert (answer["result"], answer["reason"]) == ("declined", reason)


def test_retries_never_double_charge(stack: Stack) -> None:
    contact = str(uuid.uuid4())
    event = charge_event(contact, "4242424242424242")
    answers: list[dict[str, str]] = []
    threads = [threading.Thread(target=lambda: answers.append(invoke(json.loads(json.dumps(event)))))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answers.append(invoke(event))
    approved = [a for a in answers if a["result"] == "approved"]
    assert approved and {a["reference"] for a in approved} == {approved[0]["reference"]}
    assert all(a["result"] in {"approved", "error"} for a in answers)
    assert len(stack.charges_for(contact)) == 1
    assert len(stack.audit_objects()) == 1
    # Even if the idempotency record vanished, Stripe's idempotency key still prevents a second charge.
    dynamodb = stack.clients("dynamodb")
    for item in dynamodb.scan(TableName=TABLE)["Items"]:
        dynamodb.delete_item(TableName=TABLE, Key={"id": item["id"]})
    assert invoke(event)["reference"] == approved[0]["reference"]
    assert len(stack.charges_for(contact)) == 1


def test_stripe_outage_then_retry_charges_once(stack: Stack) -> None:
    contact = str(uuid.uuid4())
    event = charge_event(contact, "4242424242424242")
    stack.stripe.faults.fail_next(2, status=503)  # the first call and its one network retry
    first = invoke(event)
    assert (first["result"], first["result_code"]) == ("error", "payment-connector-error")
    assert "your card has not been charged" in first["message"]  # no PaymentIntent was sent
    assert stack.charges_for(contact) == []
    assert invoke(event)["result"] == "approved"
    assert len(stack.charges_for(contact)) == 1


def test_secrets_manager_down_answers_with_the_template(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:9")  # nothing listens there
    handler.configure(None)
    contact = str(uuid.uuid4())
    answer = invoke(charge_event(contact, "4242424242424242"))
    assert (answer["result"], answer["next"], answer["result_code"]) == ("error", "end", "internal-error")
    assert "your card has not been charged" in answer["message"]
    assert stack.charges_for(contact) == []
    assert "secretsmanager GetSecretValue" in stack.logs.getvalue()


def test_missing_secret_and_wrong_key_id(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONNECT_KEY_ID", "11111111-2222-3333-4444-555555555555")
    handler.configure(None)
    answer = invoke(validate_event(str(uuid.uuid4()), "card_number", "4242424242424242"))
    assert answer["result"] == "error"
    assert "4242424242424242" not in stack.logs.getvalue()


def test_audit_bucket_failure_keeps_the_approval(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDIT_BUCKET", "no-such-bucket")
    handler.configure(None)
    contact = str(uuid.uuid4())
    assert invoke(charge_event(contact, "4242424242424242"))["result"] == "approved"
    assert len(stack.charges_for(contact)) == 1
    assert "audit record not written" in stack.logs.getvalue()


def test_kms_failure_still_audits(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMAC_KEY_ID", str(uuid.uuid4()))  # no such key
    handler.configure(None)
    assert invoke(charge_event(str(uuid.uuid4()), "4242424242424242"))["result"] == "approved"
    (obj,) = stack.audit_objects()
    assert json.loads(obj["Body"].read())["pan_fingerprint"] == "unavailable"


def test_idempotency_table_down_fails_closed(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDEMPOTENCY_TABLE", "no-such-table")
    handler.configure(None)
    contact = str(uuid.uuid4())
    assert invoke(charge_event(contact, "4242424242424242"))["result"] == "error"
    assert stack.charges_for(contact) == []
