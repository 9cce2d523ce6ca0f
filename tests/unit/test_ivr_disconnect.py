"""Contact events (EventBridge ``DISCONNECTED``): parsing, the decision, and the outcome record written at most once."""

from __future__ import annotations

import copy
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from botocore.exceptions import ClientError

from ivr import handler
from ivr.audit import AuditWriter
from ivr.config import Services, Settings
from ivr.disconnect import (
    IN_FLIGHT_S,
    ChargeInFlight,
    ContactEnd,
    contact_ended,
    decide,
    is_contact_event,
    parse_contact_end,
)
from ivr.errors import DependencyError, EventError
from ivr.payments.ledger import ChargeLedger, ContactCharge
from scanners.cards.fingerprint import LocalKeyFingerprinter

CONTACT = "6a1c2b4e-8f9d-4c3b-a2e1-0f9e8d7c6b5a"
INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/0c5e8d1f-6a7b-4c3d-9e2f-1a2b3c4d5e6f"
NOW = datetime(2026, 5, 15, 23, 59, 58, tzinfo=UTC)
EVENTS = Path(__file__).resolve().parents[1] / "events"
EVENT: dict[str, Any] = json.loads((EVENTS / "connect_contact_disconnected.json").read_text())  # EventBridge


def with_detail(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(EVENT)
    for name, value in changes.items():
        if value is None:
            doc["detail"].pop(name, None)
        else:
            doc["detail"][name] = value
    return doc


# -- recognising and parsing the event ---------------------------------------------------------------------
@pytest.mark.parametrize(("event", "expected"), [
    (EVENT, True),
    ({**EVENT, "source": "aws.events"}, False),
    ({**EVENT, "detail-type": "Scheduled Event"}, False),
    ({"Name": "ContactFlowEvent", "Details": {}}, False),
    ([], False),
])
def test_contact_events_are_recognised_by_source_and_detail_type(event: Any, expected: bool) -> None:
    assert is_contact_event(event) is expected


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, ContactEnd(CONTACT, INSTANCE, datetime(2026, 5, 15, 23, 59, 56, 500000, tzinfo=UTC))),
    ({"channel": "Voice"}, ContactEnd(CONTACT, INSTANCE, datetime(2026, 5, 15, 23, 59, 56, 500000, tzinfo=UTC))),
    ({"disconnectReason": "customer_disconnect"},
     ContactEnd(CONTACT, INSTANCE, datetime(2026, 5, 15, 23, 59, 56, 500000, tzinfo=UTC), "CUSTOMER_DISCONNECT")),
    ({"disconnectTimestamp": None}, ContactEnd(CONTACT, INSTANCE, datetime(2026, 5, 15, 23, 59, 57, tzinfo=UTC))),
    ({"eventType": "CONNECTED_TO_AGENT"}, None),
    ({"eventType": "COMPLETED"}, None),
    ({"channel": "CHAT"}, None),
    ({"channel": None}, None),
])
def test_a_voice_disconnect_is_parsed_and_other_events_are_ignored(changes: dict[str, Any],
                                                                    expected: ContactEnd | None) -> None:
    assert parse_contact_end(with_detail(**changes)) == expected


@pytest.mark.parametrize(("event", "names"), [
    ({**EVENT, "detail": None}, "detail:"),
    (with_detail(contactId=None), "detail.contactId"),
    (with_detail(contactId="../../etc"), "detail.contactId"),
    (with_detail(contactId="a" * 129), "detail.contactId"),
    (with_detail(instanceArn=None), "detail.instanceArn"),
    (with_detail(instanceArn="arn:aws:s3:::bucket"), "detail.instanceArn"),
    (with_detail(disconnectTimestamp="yesterday"), "detail.disconnectTimestamp"),
    ({**with_detail(disconnectTimestamp=None), "time": None}, "detail.disconnectTimestamp"),
])
def test_a_malformed_event_names_the_field(event: dict[str, Any], names: str) -> None:
    with pytest.raises(EventError) as err:
        parse_contact_end(event)
    assert names in str(err.value)


# -- the decision ------------------------------------------------------------------------------------------
T = 1_000_000.0
END = ContactEnd(CONTACT, INSTANCE, NOW)


@pytest.mark.parametrize(("reason", "charge", "action", "code"), [
    ("", None, "record", "caller-hung-up"),
    ("CUSTOMER_DISCONNECT", None, "record", "caller-hung-up"),
    ("TELECOM_PROBLEM", None, "record", "caller-hung-up"),
    ("CONTACT_FLOW_DISCONNECT", None, "skip", ""),
    ("AGENT_DISCONNECT", None, "skip", ""),
    ("CONTACT_FLOW_DISCONNECT", ContactCharge("sent", T - 1, "1"), "skip", ""),
    ("", ContactCharge("sent", T - 1, "1"), "retry", ""),
    ("CUSTOMER_DISCONNECT", ContactCharge("sent", T - IN_FLIGHT_S + 0.5, "2"), "retry", ""),
    ("CUSTOMER_DISCONNECT", ContactCharge("sent", T - IN_FLIGHT_S - 0.5, "2"), "record", "uncertain"),
    ("", ContactCharge("sent", T - 3600, "1"), "record", "uncertain"),
    ("", ContactCharge("settled", T - 5, "1", "success"), "record", "success"),
    ("", ContactCharge("settled", T - 5, "1", "uncertain"), "record", "uncertain"),
    ("", ContactCharge("settled", T - 5, "1", "declined"), "record", "caller-hung-up"),
    ("", ContactCharge("settled", T - 5, "2", "payment-connector-error"), "record", "caller-hung-up"),
    ("", ContactCharge("settled", T - 5, "1", "payment-connector-not-enabled"), "record", "caller-hung-up"),
])
def test_what_a_disconnect_records(reason: str, charge: ContactCharge | None, action: str, code: str) -> None:
    decision = decide(ContactEnd(CONTACT, INSTANCE, NOW, reason), charge, now=T)
    assert (decision.action, decision.result_code) == (action, code)
    assert decision.action == "record" or decision.why


@pytest.mark.parametrize(("flow_code", "reason", "charge", "action", "code"), [
    ("success", "CUSTOMER_DISCONNECT", ContactCharge("settled", T - 5, "1", "success"), "record", "success"),
    ("internal-error", "", None, "record", "internal-error"),  # the no-amount exit: no Lambda ever ran
    ("no-input", "CONTACT_FLOW_DISCONNECT", None, "record", "no-input"),
    ("too-many-failed-attempts", "AGENT_DISCONNECT", None, "record", "too-many-failed-attempts"),
    ("made-up", "", None, "record", "caller-hung-up"),  # not a code of ours: the attribute says nothing
    ("", "", ContactCharge("sent", T - 1, "1"), "retry", ""),
])
def test_a_contact_the_flow_ended_keeps_the_flows_code(flow_code: str, reason: str, charge: ContactCharge | None,
                                                       action: str, code: str) -> None:
    decision = decide(ContactEnd(CONTACT, INSTANCE, NOW, reason), charge, now=T, flow_code=flow_code)
    assert (decision.action, decision.result_code) == (action, code)


# -- the outcome record --------------------------------------------------------------------------------------
class ConditionalS3:
    """put_object as S3 answers it, If-None-Match included (412 PreconditionFailed when the key exists)."""

    def __init__(self, fail: bool = False) -> None:
        self.objects: dict[str, bytes] = {}
        self.puts: list[dict[str, Any]] = []
        self.fail = fail

    def put_object(self, **kw: Any) -> dict[str, Any]:
        self.puts.append(kw)
        if self.fail:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "denied"}}, "PutObject")
        if kw.get("IfNoneMatch") == "*" and kw["Key"] in self.objects:
            raise ClientError({"Error": {"Code": "PreconditionFailed", "Message": "At least one of the pre-conditions "
                                         "you specified did not hold"}}, "PutObject")
        self.objects[kw["Key"]] = kw["Body"]
        return {}


class FakeDynamo:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    def get_item(self, *, TableName: str, Key: dict[str, Any], ConsistentRead: bool) -> dict[str, Any]:
        item = self.items.get(Key["id"]["S"])
        return {"Item": item} if item else {}

    def put_item(self, *, TableName: str, Item: dict[str, Any]) -> None:
        self.items[Item["id"]["S"]] = Item


class FakeAttributes:
    """GetContactAttributes as the IVR's reader sees it."""

    def __init__(self, attributes: dict[str, str] | None = None, fail: bool = False) -> None:
        self.attributes = attributes or {}
        self.fail = fail
        self.calls: list[tuple[str, str]] = []

    def __call__(self, instance_id: str, initial_contact_id: str) -> dict[str, str]:
        self.calls.append((instance_id, initial_contact_id))
        if self.fail:
            raise DependencyError("connect GetContactAttributes: ThrottlingException")
        return dict(self.attributes)


def build(s3: ConditionalS3, ledger: ChargeLedger | None = None, now: datetime = NOW,
          attributes: FakeAttributes | None = None) -> Services:
    settings = Settings(connect_key_secret_id="s", connect_key_id="k", audit_bucket="audit", stripe_key_param="/p",
                        amount_limit=Decimal("1000.00"), currency="usd")
    audit = AuditWriter(cast(Any, s3), "audit", LocalKeyFingerprinter(b"k" * 32), now=lambda: now)
    return Services(settings=settings, private_key=lambda: b"", payments=cast(Any, None), audit=audit,
                    ledger=ledger, now=lambda: now, contact_attributes=attributes)


def ledger_at(clock: float) -> tuple[ChargeLedger, FakeDynamo]:
    db = FakeDynamo()
    return ChargeLedger(db, "table", clock=lambda: clock), db


def metrics(log: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.getvalue().splitlines() if '"_aws"' in line]


OUTCOME_KEY = f"audit/2026/05/15/{CONTACT}/outcome.json"  # the day of disconnectTimestamp, not of the delivery


def test_no_outcome_yet_records_caller_hung_up_once(log_output: io.StringIO) -> None:
    s3 = ConditionalS3()
    later = datetime(2026, 5, 16, 0, 1, tzinfo=UTC)  # delivered after midnight: still the contact's day
    answer = contact_ended(EVENT, build(s3, now=later))
    assert (answer["result"], answer["result_code"]) == ("recorded", "caller-hung-up")
    assert list(s3.objects) == [OUTCOME_KEY]
    assert s3.puts[0]["IfNoneMatch"] == "*" and s3.puts[0]["ServerSideEncryption"] == "aws:kms"
    record = json.loads(s3.objects[OUTCOME_KEY])
    assert (record["contact_id"], record["result_code"], record["schema"]) == (
        CONTACT, "caller-hung-up", "spc.ivr.outcome/1")
    assert record["time"].startswith("2026-05-15T23:59:56.500")
    (metric,) = metrics(log_output)
    assert (metric["ResultCode"], metric["ContactOutcome"]) == ("caller-hung-up", 1)


def test_an_outcome_already_written_is_left_untouched(log_output: io.StringIO) -> None:
    s3 = ConditionalS3()
    flow_record = b'{"result_code":"success"}'
    s3.objects[OUTCOME_KEY] = flow_record
    answer = contact_ended(EVENT, build(s3))
    assert (answer["result"], answer["result_code"]) == ("exists", "")
    assert s3.objects == {OUTCOME_KEY: flow_record}
    assert metrics(log_output) == []


def test_a_duplicate_delivery_records_one_outcome_and_one_metric(log_output: io.StringIO) -> None:
    s3 = ConditionalS3()
    svc = build(s3)
    answers = [contact_ended(copy.deepcopy(EVENT), svc)["result"] for _ in range(3)]
    assert answers == ["recorded", "exists", "exists"]
    assert len(s3.objects) == 1 and len(s3.puts) == 3
    assert [m["ResultCode"] for m in metrics(log_output)] == ["caller-hung-up"]


def test_a_charge_in_flight_is_delivered_again_and_then_keeps_its_code() -> None:
    clock = NOW.timestamp()
    ledger, _ = ledger_at(clock - 2)
    ledger.charge_sent(CONTACT, "1")
    s3 = ConditionalS3()
    with pytest.raises(ChargeInFlight) as err:
        contact_ended(EVENT, build(s3, ledger))
    assert CONTACT in str(err.value) and s3.puts == []
    ledger.charge_settled(CONTACT, "1", "success")  # the charge call finished meanwhile; Lambda retries the event
    answer = contact_ended(EVENT, build(s3, ledger))
    assert (answer["result"], answer["result_code"]) == ("recorded", "success")


def test_a_charge_sent_and_never_settled_is_uncertain_not_a_hang_up() -> None:
    ledger, _ = ledger_at(NOW.timestamp() - 120)
    ledger.charge_sent(CONTACT, "2")
    s3 = ConditionalS3()
    answer = contact_ended(EVENT, build(s3, ledger))
    assert (answer["result"], answer["result_code"]) == ("recorded", "uncertain")
    assert json.loads(s3.objects[OUTCOME_KEY])["result_code"] == "uncertain"


def test_a_declined_charge_then_a_hang_up_is_a_hang_up() -> None:
    ledger, _ = ledger_at(NOW.timestamp() - 30)
    ledger.charge_settled(CONTACT, "1", "declined")
    answer = contact_ended(EVENT, build(ConditionalS3(), ledger))
    assert answer["result_code"] == "caller-hung-up"


def test_the_flow_disconnecting_is_not_a_hang_up() -> None:
    s3 = ConditionalS3()
    answer = contact_ended(with_detail(disconnectReason="CONTACT_FLOW_DISCONNECT"), build(s3))
    assert answer["result"] == "not-a-hang-up" and s3.puts == []


@pytest.mark.parametrize("event", [with_detail(eventType="QUEUED"), with_detail(channel="TASK")])
def test_other_contact_events_write_nothing(event: dict[str, Any]) -> None:
    s3 = ConditionalS3()
    assert contact_ended(event, build(s3))["result"] == "ignored" and s3.puts == []


def test_a_malformed_event_is_dropped_with_a_log_line(log_output: io.StringIO) -> None:
    s3 = ConditionalS3()
    answer = contact_ended(with_detail(contactId="not a contact"), build(s3))
    assert answer["result"] == "malformed" and "detail.contactId" in answer["reason"] and s3.puts == []
    assert "detail.contactId" in log_output.getvalue() and "not a contact" not in log_output.getvalue()


def test_the_flows_code_is_read_back_from_the_contact_attributes() -> None:
    s3, attributes = ConditionalS3(), FakeAttributes({"result_code": "internal-error", "amount_due": "0"})
    answer = contact_ended(with_detail(disconnectReason="CONTACT_FLOW_DISCONNECT"), build(s3, attributes=attributes))
    assert (answer["result"], answer["result_code"]) == ("recorded", "internal-error")
    assert attributes.calls == [("0c5e8d1f-6a7b-4c3d-9e2f-1a2b3c4d5e6f", CONTACT)]
    assert json.loads(s3.objects[OUTCOME_KEY])["result_code"] == "internal-error"


def test_a_transferred_contact_is_read_by_its_initial_contact() -> None:
    initial = "0b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
    attributes = FakeAttributes()
    contact_ended(with_detail(initialContactId=initial), build(ConditionalS3(), attributes=attributes))
    assert attributes.calls == [("0c5e8d1f-6a7b-4c3d-9e2f-1a2b3c4d5e6f", initial)]


def test_unreadable_contact_attributes_claim_nothing() -> None:
    s3 = ConditionalS3()
    with pytest.raises(DependencyError, match="GetContactAttributes"):
        contact_ended(EVENT, build(s3, attributes=FakeAttributes(fail=True)))
    assert s3.puts == []  # Lambda retries the event; nothing is recorded as a hang-up meanwhile


def test_a_failed_write_raises_so_lambda_retries() -> None:
    with pytest.raises(Exception, match="s3 PutObject to bucket audit: AccessDenied"):
        contact_ended(EVENT, build(ConditionalS3(fail=True)))


def test_the_lambda_entry_point_routes_contact_events() -> None:
    s3 = ConditionalS3()
    handler.configure(build(s3))
    try:
        answer = handler.lambda_handler(copy.deepcopy(EVENT), None)
    finally:
        handler.configure(None)
    assert (answer["result"], answer["result_code"]) == ("recorded", "caller-hung-up")
    assert list(s3.objects) == [OUTCOME_KEY]


# -- the ledger's contact item -------------------------------------------------------------------------------
def test_the_ledger_keeps_each_contacts_last_charge() -> None:
    ledger, db = ledger_at(T)
    assert ledger.contact_charge(CONTACT) is None
    ledger.charge_sent(CONTACT, "1")
    assert ledger.contact_charge(CONTACT) == ContactCharge("sent", T, "1")
    ledger.charge_settled(CONTACT, "1", "declined")
    ledger.charge_sent(CONTACT, "2")
    assert ledger.contact_charge(CONTACT) == ContactCharge("sent", T, "2")
    ledger.charge_settled(CONTACT, "2", "success")
    assert ledger.contact_charge(CONTACT) == ContactCharge("settled", T, "2", "success")
    (item,) = db.items.values()
    assert item["id"]["S"] == f"contact#{CONTACT}" and int(item["expiration"]["N"]) > T


def test_a_reason_that_is_no_reason_name_is_never_kept_as_sent() -> None:
    event = copy.deepcopy(EVENT)
    event["detail"]["disconnectReason"] = "card 4111111111111111"
    end = parse_contact_end(event)
    assert end is not None and end.reason == "UNRECOGNIZED"
