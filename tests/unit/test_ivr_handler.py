"""The handler with injected fakes: every input gets a specific answer, nothing is charged by mistake, nothing leaks."""

from __future__ import annotations

import copy
import io
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivr import handler
from ivr.audit import AuditWriter
from ivr.card import CardData
from ivr.config import Services, Settings
from ivr.connect_crypto import encrypt_customer_input
from ivr.errors import DependencyError, PaymentUnavailable
from ivr.event import CONNECT_BUDGET_S
from ivr.paying import CONFIRM_RESERVE_S
from ivr.payments.charge import ChargeOutcome, ChargeRequest
from ivr.payments.service import PaymentService
from ivr.recording import RecordingControl
from scanners.cards.fingerprint import LocalKeyFingerprinter

EVENTS = Path(__file__).resolve().parents[1] / "events"
KEY_ID = "5f0e2c9a-6c1d-4b0e-9a51-0f1c2d3e4f50"
TODAY = date(2026, 5, 15)
PAN, EXPIRY, CVV = "4242424242424242", "1230", "123"
SETTINGS = Settings(connect_key_secret_id="s", connect_key_id=KEY_ID, audit_bucket="audit", stripe_key_param="/p",
                    amount_limit=Decimal("1000.00"), currency="usd")


@lru_cache(maxsize=2)
def keys(tag: str = "main") -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
            key.public_key().public_bytes(serialization.Encoding.PEM,
                                          serialization.PublicFormat.SubjectPublicKeyInfo))


@lru_cache(maxsize=256)
def enc(value: str, tag: str = "main") -> str:
    return encrypt_customer_input(value, key_id=KEY_ID, public_key_pem=keys(tag)[1])


def event(name: str, **params: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EVENTS / f"connect_{name}.json").read_text())
    doc["Details"]["Parameters"].update(params)
    return doc


def charge_event(pan: str = PAN, expiry: str = EXPIRY, cvv: str = CVV, **params: str) -> dict[str, Any]:
    return event("charge", card_number=enc(pan), expiry=enc(expiry), cvv=enc(cvv), **params)


APPROVED = ChargeOutcome("approved", "pi_3Mtw28a3tqPa")


class FakeGateway:
    def __init__(self, result: ChargeOutcome | Exception = APPROVED) -> None:
        self.result = result
        self.calls: list[tuple[str, str, str, ChargeRequest]] = []

    def charge(self, card: CardData, request: ChargeRequest, *, deadline: float, postal_code: str | None = None,
               before_intent: Any = None) -> ChargeOutcome:
        self.calls.append((card.number.reveal(), card.cvv.reveal(), card.brand, request))
        if before_intent is not None:
            before_intent("pm_fake")  # the PaymentIntent is being sent
        if isinstance(self.result, Exception):
            raise self.result
        return self.result

    def replay(self, request: ChargeRequest, payment_method_id: str, *, deadline: float) -> ChargeOutcome:
        raise AssertionError("no ledger in these tests: nothing to replay")


class FakeS3:
    def __init__(self, fail: bool = False) -> None:
        self.bodies: list[str] = []
        self.fail = fail

    def put_object(self, **kw: Any) -> None:
        if self.fail:
            raise ConnectionError("s3 down")
        self.bodies.append(kw["Body"].decode())


@dataclass
class FakeConfirm:
    result: Any = None
    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, **kw: Any) -> Any:
        self.calls.append(kw)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


@dataclass
class Confirmed:
    ssml: str
    source: str = "model"


@dataclass
class Context:
    remaining_ms: int = 8000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def services(gateway: FakeGateway | None = None, *, s3: FakeS3 | None = None, confirm: Any = None,
             private_key: Any = None) -> Services:
    def key() -> bytes:
        if isinstance(private_key, Exception):
            raise private_key
        return private_key or keys("main")[0]

    return Services(
        settings=SETTINGS, private_key=key, payments=PaymentService(gateway or FakeGateway(), persistence=None),
        audit=AuditWriter(s3 or FakeS3(), "audit", LocalKeyFingerprinter(b"k" * 32)),
        confirm=confirm or FakeConfirm(Confirmed("<speak>Thanks, model speaking.</speak>")), today=lambda: TODAY,
    )


NOT_CHARGED = "your card has not been charged"
UNCERTAIN = "please don't pay again until we have contacted you"
KEYS = {"result", "field", "message", "prompt", "next", "state", "result_code", "reference", "reason"}


def call(ev: Any, svc: Services, context: Any = None) -> dict[str, str]:
    answer = handler.handle(ev, context or Context(), svc)
    assert set(answer) == KEYS and answer["message"] == answer["prompt"]
    assert all(isinstance(v, str) for v in answer.values())
    assert answer["message"].startswith("<speak>") and answer["message"].endswith("</speak>")
    return answer


# -- validate mode -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("field_name", "value", "following"),
                         [("card_number", PAN, "expiry"), ("expiry", "0526", "cvv")])
def test_validate_accepts_good_entries(field_name: str, value: str, following: str) -> None:
    gateway = FakeGateway()
    answer = call(event("validate", field=field_name, **{field_name: enc(value)}), services(gateway))
    assert (answer["result"], answer["field"], answer["next"]) == ("valid", field_name, following)
    assert gateway.calls == []


def test_the_last_entry_leads_to_the_confirmation() -> None:
    gateway = FakeGateway()
    ev = charge_event(mode="validate", field="cvv", state="step=cvv;brand=visa")
    answer = call(ev, services(gateway))
    assert (answer["result"], answer["next"]) == ("confirm", "menu")
    assert "You are paying" in answer["prompt"] and "Press 1 to pay" in answer["prompt"]
    assert "menu=confirm" in answer["state"] and gateway.calls == []


@pytest.mark.parametrize(
    ("field_name", "value", "reason"),
    [
        ("card_number", "4242424242424241", "luhn"),
        ("card_number", "424242424242", "length"),
        ("card_number", "9999999999999995", "brand"),
        ("card_number", "4242*42424242424", "length"),  # what follows the star is the entry
        ("card_number", "", "empty"),
        ("expiry", "1326", "month"),
        ("expiry", "0426", "past"),
        ("expiry", "12/3", "not_digits"),
        ("cvv", "12", "length"),
        ("cvv", "1*2", "length"),
    ],
)
def test_validate_names_the_bad_field(field_name: str, value: str, reason: str) -> None:
    gateway = FakeGateway()
    answer = call(event("validate", field=field_name, **{field_name: enc(value)}), services(gateway))
    assert (answer["result"], answer["field"], answer["reason"]) == ("invalid", field_name, reason)
    assert gateway.calls == []
    if len(value) >= 3:
        assert value not in json.dumps(answer)


@pytest.mark.parametrize("field_name", ["card_number", "expiry", "cvv"])
def test_timeout_is_a_reprompt(field_name: str) -> None:
    answer = call(event("validate", field=field_name, **{field_name: "Timeout"}), services())
    assert (answer["result"], answer["field"], answer["reason"]) == ("invalid", field_name, "timeout")
    assert "didn't receive" in answer["message"]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda e: e["Details"]["Parameters"].pop("mode"),
        lambda e: e["Details"]["Parameters"].update(mode="refund"),
        lambda e: e["Details"]["Parameters"].update(field="pin"),
        lambda e: e["Details"]["Parameters"].pop("card_number"),
        lambda e: e["Details"]["ContactData"].pop("ContactId"),
        lambda e: e["Details"]["ContactData"].update(ContactId="../../x"),
        lambda e: e.pop("Details"),
        lambda e: e["Details"].update(Parameters=None),
    ],
)
def test_malformed_events_get_a_safe_apology(mutate: Any) -> None:
    ev = event("validate", card_number=enc(PAN))
    mutate(ev)
    answer = call(ev, services())
    assert answer["result"] == "error"
    assert NOT_CHARGED in answer["message"]


@pytest.mark.parametrize("ev", [None, [], "text", 42])
def test_non_dict_events(ev: Any) -> None:
    assert call(ev, services())["result"] == "error"


def test_ciphertext_under_another_key_is_an_error_not_a_leak() -> None:
    other = enc(PAN, "other")
    answer = call(event("validate", card_number=other), services())
    assert answer["result"] == "error"
    assert PAN not in json.dumps(answer)


def test_secrets_manager_down_gives_the_template_apology() -> None:
    gateway = FakeGateway()
    svc = services(gateway, private_key=DependencyError("secretsmanager GetSecretValue s: ServiceUnavailable"))
    answer = call(charge_event(), svc)
    assert (answer["result"], answer["next"], answer["result_code"]) == ("error", "end", "internal-error")
    assert NOT_CHARGED in answer["message"]
    assert gateway.calls == []


# -- charge mode -------------------------------------------------------------------------------------------
def test_approved_charge_confirms_and_audits() -> None:
    gateway, s3, confirm = FakeGateway(), FakeS3(), FakeConfirm(Confirmed("<speak>Model words.</speak>"))
    answer = call(charge_event(state="step=charge;attempt=2"), services(gateway, s3=s3, confirm=confirm))
    assert (answer["result"], answer["message"], answer["reference"], answer["next"], answer["result_code"]) == (
        "approved", "<speak>Model words.</speak>", "28A3TQPA", "end", "success")
    ((pan, cvv, brand, request),) = gateway.calls
    assert (pan, cvv, brand) == (PAN, CVV, "visa")
    assert request == ChargeRequest("5ca32fbd-8f92-46af-92a5-6b0f970f0efe", "2", Decimal("50.00"), "usd")
    (kw,) = confirm.calls
    assert (kw["amount"], kw["currency"], kw["brand"], kw["last4"], kw["reference"]) == (
        Decimal("50.00"), "usd", "visa", "4242", "28A3TQPA")
    assert 0 < kw["deadline_s"] <= CONNECT_BUDGET_S
    (body,) = s3.bodies
    record = json.loads(body)
    assert (record["outcome"], record["payment_intent_id"], record["attempt"]) == ("approved", "pi_3Mtw28a3tqPa", "2")
    assert record["result_code"] == "success"
    for secret in (PAN, EXPIRY, "2030", '"123"'):
        assert secret not in body


def test_declined_charge_speaks_the_reason() -> None:
    gateway = FakeGateway(ChargeOutcome("declined", "pi_1", "insufficient_funds", "insufficient_funds"))
    s3 = FakeS3()
    answer = call(charge_event(), services(gateway, s3=s3))
    assert (answer["result"], answer["reason"], answer["reference"]) == ("declined", "insufficient_funds", "")
    assert "insufficient funds" in answer["message"] and "Press 1 to use a different card" in answer["message"]
    assert (answer["next"], answer["result_code"]) == ("menu", "")
    assert json.loads(s3.bodies[0])["outcome"] == "declined"


@pytest.mark.parametrize(
    ("pan", "expiry", "cvv", "bad"),
    [("4242424242424241", EXPIRY, CVV, "card_number"), (PAN, "1325", CVV, "expiry"), (PAN, EXPIRY, "1234", "cvv"),
     ("378282246310005", EXPIRY, "123", "cvv")],
)
def test_invalid_card_in_charge_mode_is_never_charged(pan: str, expiry: str, cvv: str, bad: str) -> None:
    gateway = FakeGateway()
    answer = call(charge_event(pan, expiry, cvv), services(gateway))
    assert (answer["result"], answer["field"]) == ("invalid", bad)
    assert gateway.calls == []


@pytest.mark.parametrize("amount", [None, "", "0", "0.00", "-5.00", "1000.01", "50.001", "fifty"])
def test_bad_amounts_are_never_charged(amount: str | None) -> None:
    ev = charge_event()
    attrs = ev["Details"]["ContactData"]["Attributes"]
    if amount is None:
        attrs.pop("amount_due")
    else:
        attrs["amount_due"] = amount
    gateway = FakeGateway()
    answer = call(ev, services(gateway))
    assert (answer["result"], answer["field"], answer["next"]) == ("error", "", "end")
    assert gateway.calls == []


@pytest.mark.parametrize("state", ["attempt=0", "attempt=4", "attempt=x", "step=pin", "menu=refund", "brand=acme",
                                   "no pairs"])
def test_bad_state(state: str) -> None:
    gateway = FakeGateway()
    answer = call(charge_event(state=state), services(gateway))
    assert (answer["result"], answer["result_code"]) == ("error", "internal-error")
    assert gateway.calls == []


def test_stripe_outage_is_an_uncertain_error_and_is_audited() -> None:
    s3 = FakeS3()
    answer = call(charge_event(), services(FakeGateway(PaymentUnavailable("stripe: APIError")), s3=s3))
    assert (answer["result"], answer["result_code"]) == ("error", "uncertain")
    assert UNCERTAIN in answer["message"]
    assert json.loads(s3.bodies[0])["outcome"] == "error"


def test_audit_failure_does_not_change_the_answer(log_output: io.StringIO) -> None:
    answer = call(charge_event(), services(s3=FakeS3(fail=True)))
    assert answer["result"] == "approved"
    out = log_output.getvalue()
    assert "audit record not written" in out
    assert PAN not in out


@pytest.mark.parametrize("result", [RuntimeError("model exploded"), Confirmed("plain words, no speak tag"), None])
def test_confirmation_failure_falls_back_to_template(result: Any) -> None:
    answer = call(charge_event(), services(confirm=FakeConfirm(result)))
    assert answer["result"] == "approved"
    assert 'ending in <say-as interpret-as="digits">4242</say-as>' in answer["message"]
    assert "28A3TQPA" in answer["message"]


def test_real_confirmation_module_without_a_model_uses_its_template() -> None:
    svc = services()
    svc.confirm = None
    answer = call(charge_event(), svc)
    assert answer["result"] == "approved"
    assert "4242" in answer["message"] and "50.00" in answer["message"]


def test_spanish_confirmation_uses_the_spanish_template() -> None:
    ev = charge_event()
    ev["Details"]["ContactData"]["Attributes"]["language"] = "es-US"
    confirm = FakeConfirm(Confirmed("<speak>English model words.</speak>"))
    answer = call(ev, services(confirm=confirm))
    assert answer["result"] == "approved" and "fue aprobado" in answer["message"] and confirm.calls == []


def test_no_charge_is_started_without_enough_budget() -> None:
    gateway = FakeGateway()
    answer = call(charge_event(), services(gateway), Context(remaining_ms=1500))
    assert answer["result"] == "error"
    assert NOT_CHARGED in answer["message"]
    assert gateway.calls == []


def test_answers_within_the_budget_even_when_stripe_hangs() -> None:
    class Slow(FakeGateway):
        def charge(self, card: CardData, request: ChargeRequest, *, deadline: float, postal_code: str | None = None,
                   before_intent: Any = None) -> ChargeOutcome:
            assert deadline - time.monotonic() <= CONNECT_BUDGET_S - CONFIRM_RESERVE_S
            raise PaymentUnavailable("stripe create PaymentIntent: APIConnectionError (timeout)")

    assert call(charge_event(), services(Slow()), Context(remaining_ms=8000))["result"] == "error"


def test_logs_carry_no_card_data_and_never_the_event(monkeypatch: pytest.MonkeyPatch,
                                                     log_output: io.StringIO) -> None:
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", "true")
    ev = charge_event()
    for case in (ev, charge_event(cvv="12"), event("validate", card_number=enc("4242424242424241"))):
        call(case, services())
    call(charge_event(), services(FakeGateway(RuntimeError(f"bug with {PAN}"))))
    out = log_output.getvalue()
    assert out.count("ivr call answered") == 4
    for secret in (PAN, ev["Details"]["Parameters"]["cvv"][:30], "Parameters", "amount_due"):
        assert secret not in out
    assert "RuntimeError" in out


def test_lambda_handler_answers_when_init_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONNECT_KEY_SECRET_ID", "CONNECT_KEY_ID", "AUDIT_BUCKET", "STRIPE_KEY_PARAM"):
        monkeypatch.delenv(name, raising=False)
    handler.configure(None)
    try:
        answer = handler.lambda_handler(charge_event(), Context())
    finally:
        handler.configure(None)
    assert answer["result"] == "error"


def test_lambda_handler_uses_injected_services() -> None:
    handler.configure(services())
    try:
        assert handler.lambda_handler(copy.deepcopy(charge_event()), Context())["result"] == "approved"
    finally:
        handler.configure(None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=st.text(alphabet="0123456789*#", min_size=0, max_size=20),
       field_name=st.sampled_from(["card_number", "expiry", "cvv"]))
def test_no_answer_ever_echoes_an_entry(entry: str, field_name: str) -> None:
    ev = charge_event(mode="validate", field=field_name, state="brand=visa")
    ev["Details"]["Parameters"][field_name] = enc(entry)
    answer = call(ev, services())
    assert answer["result"] in {"valid", "invalid", "restart", "confirm"}
    safe = json.dumps(answer).replace("01 and 12", "").replace('\\"digits\\">4242<', "")
    assert not re.search(r"\d{3,}", safe)


# -- recording mode ------------------------------------------------------------------------------------------
class FakeConnect:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[str, str, str]] = []

    def _op(self, name: str, kw: dict[str, str]) -> None:
        self.calls.append((name, kw["ContactId"], kw["ContactRecordingType"]))
        assert kw["InstanceId"] == "9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa" and kw["InitialContactId"]
        if self.fail:
            raise ConnectionError("connect down")

    def suspend_contact_recording(self, **kw: str) -> None:
        self._op("suspend", kw)

    def resume_contact_recording(self, **kw: str) -> None:
        self._op("resume", kw)


def recording_event(action: str, **params: str) -> dict[str, Any]:
    ev = event("validate")
    ev["Details"]["Parameters"] = {"mode": "recording", "action": action, **params}
    return ev


@pytest.mark.parametrize(("kinds", "expected"), [(None, ["IVR"]), ("IVR,AGENT", ["IVR", "AGENT"])])
def test_suspension_before_card_entry(kinds: str | None, expected: list[str]) -> None:
    connect, svc = FakeConnect(), services()
    svc.recording = RecordingControl(connect)
    answer = call(recording_event("suspend", **({"recording": kinds} if kinds else {})), svc)
    assert (answer["result"], answer["next"]) == ("suspended", "card_number")
    assert "Please enter your card number" in answer["prompt"] and "press star" in answer["prompt"]
    assert [kind for _, _, kind in connect.calls] == expected


@pytest.mark.parametrize("connect", [FakeConnect(fail=True), None])
def test_failed_suspension_collects_no_card(connect: FakeConnect | None) -> None:
    svc = services()
    svc.recording = RecordingControl(connect) if connect else None
    answer = call(recording_event("suspend"), svc)
    assert (answer["result"], answer["next"], answer["result_code"]) == (
        "unavailable", "transfer", "recording-unavailable")


@pytest.mark.parametrize(("code", "recorded"), [("success", "success"), ("declined", "declined"),
                                                 ("made-up", "internal-error"), ("", "internal-error")])
def test_resume_records_the_result_code(code: str, recorded: str, log_output: io.StringIO) -> None:
    connect, s3 = FakeConnect(), FakeS3()
    svc = services(s3=s3)
    svc.recording = RecordingControl(connect)
    answer = handler.handle(recording_event("resume", result_code=code), Context(), svc)
    assert (answer["result"], answer["result_code"]) == ("resumed", recorded)
    assert connect.calls[0][0] == "resume"
    (body,) = s3.bodies
    assert json.loads(body)["result_code"] == recorded
    metric = next(json.loads(line) for line in log_output.getvalue().splitlines() if '"_aws"' in line)
    assert metric["ResultCode"] == recorded and metric["ContactOutcome"] == 1
    assert metric["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["ResultCode"]]


def test_a_failed_resume_is_reported_and_still_counted() -> None:
    svc = services()
    svc.recording = RecordingControl(FakeConnect(fail=True))
    answer = handler.handle(recording_event("resume", result_code="success"), Context(), svc)
    assert (answer["result"], answer["result_code"]) == ("error", "success")


@pytest.mark.parametrize("params", [{"action": "pause"}, {"action": "suspend", "recording": "VIDEO"}])
def test_bad_recording_requests(params: dict[str, str]) -> None:
    svc = services()
    svc.recording = RecordingControl(FakeConnect())
    ev = recording_event(**params)
    assert call(ev, svc)["result"] == "error"


@pytest.mark.parametrize(("menu", "key", "result", "code"), [
    ("step=menu;menu=confirm;attempt=1", "3", "ended", "caller-aborted"),  # before any charge attempt
    ("step=menu;menu=confirm;attempt=2", "3", "ended", "declined"),  # a charge was declined before
    ("step=menu;menu=declined;attempt=2", "3", "repeat", ""),  # not an option there: asked once more
    ("step=menu;menu=duplicate;attempt=1", "3", "repeat", ""),
])
def test_three_cancels_at_the_confirmation_only(menu: str, key: str, result: str, code: str) -> None:
    gateway = FakeGateway()
    answer = call(charge_event(mode="choice", key=key, state=menu + ";brand=visa"), services(gateway))
    assert (answer["result"], answer["result_code"]) == (result, code)
    assert gateway.calls == []
    if code:
        assert answer["next"] == "end" and "No payment has been taken" in answer["prompt"]
