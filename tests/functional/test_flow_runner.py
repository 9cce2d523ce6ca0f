"""The bundled Connect flow run end to end on the local stack (moto, Stripe and Bedrock emulators, real handler)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ivr.errors import FlowRunError
from ivr.local.connect.caller import ScriptedKeypad, load_flow, place_call, runner_for
from ivr.local.connect.runner import CallResult, FlowRunner
from ivr.local.sinks import dump_sinks
from ivr.local.stack import LocalStack
from scanners.audio.recording import decode_dtmf
from tests.functional.conftest import forget_charges

BROKEN = Path(__file__).resolve().parents[1] / "events" / "flows"
VISA, DECLINE, AMEX = "4242424242424242", "4000000000000002", "378282246310005"
GOOD = f"{VISA}#1230#123#1"  # card number, expiry, CVV, then 1 at the confirmation


@pytest.fixture(autouse=True)
def _fresh_ledger(request: pytest.FixtureRequest) -> None:
    """Tests pay the same card and amount again: forget earlier tests' charges (the duplicate warning)."""
    if "stack" not in request.fixturenames:
        return
    stack: LocalStack = request.getfixturevalue("stack")
    forget_charges(stack)


def call(runner: FlowRunner, keys: str, amount: str = "50.00") -> CallResult:
    return place_call(runner, ScriptedKeypad(keys), amount=amount)


def results(result: CallResult) -> list[tuple[str, str, str]]:
    return [(c.mode, c.field, (c.result or {}).get("result", c.error or "")) for c in result.lambda_calls]


def charges_for(stack: LocalStack, contact_id: str) -> int:
    return sum(1 for pi in stack.stripe.charges() if pi["metadata"].get("contact_id") == contact_id)


def test_approved_call(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, GOOD)
    assert result.outcome == "disconnected"
    assert results(result) == [
        ("recording", "", "suspended"),
        ("validate", "card_number", "valid"),
        ("validate", "expiry", "valid"),
        ("validate", "cvv", "confirm"),
        ("choice", "", "confirmed"),
        ("charge", "", "approved"),
        ("recording", "", "resumed"),
    ]
    assert charges_for(stack, result.contact_id) == 1
    confirmation = result.heard[-1]
    assert "ending in 4242" in confirmation and "50.00" in confirmation
    reference = result.lambda_calls[-2].result["reference"]  # type: ignore[index]
    assert reference and reference in confirmation
    audit = stack.client("s3").list_objects_v2(Bucket=stack.names["audit_bucket"], Prefix="audit/")
    assert any(result.contact_id in obj["Key"] for obj in audit.get("Contents", []))


def test_decline_then_another_card(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{DECLINE}#1230#123#11{GOOD}")  # 1 to pay, 1 for another card
    assert [r for r in results(result) if r[0] == "charge"] == [("charge", "", "declined"), ("charge", "", "approved")]
    assert any("declined" in line for line in result.heard)
    assert charges_for(stack, result.contact_id) == 1
    assert [
        pi["metadata"]["attempt"]
        for pi in stack.stripe.payment_intents()
        if pi["metadata"].get("contact_id") == result.contact_id
    ][-1] == "2"


def test_decline_and_hang_up(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{DECLINE}#1230#123#1")
    assert result.outcome == "disconnected"
    assert ("charge", "", "declined") in results(result)
    assert result.heard[-1] == "No payment has been taken. Thank you for calling. Goodbye."
    assert charges_for(stack, result.contact_id) == 0


def test_mistyped_number_is_reprompted_at_once(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"4242424242424241#{GOOD}")
    assert results(result)[1:3] == [("validate", "card_number", "invalid"), ("validate", "card_number", "valid")]
    assert result.lambda_calls[1].result["reason"] == "luhn"  # type: ignore[index]
    assert charges_for(stack, result.contact_id) == 1


@pytest.mark.parametrize(
    ("keys", "field", "reason"),
    [
        ("4242*42424242424#", "card_number", "length"),  # what follows the star is the entry
        ("424242#", "card_number", "length"),
        ("9999999999999995#", "card_number", "brand"),
        (f"{VISA}#1330#", "expiry", "month"),
        (f"{VISA}#0120#", "expiry", "past"),
        (f"{VISA}#12#", "expiry", "length"),
        (f"{VISA}#1230#12#", "cvv", "length"),
        ("#", "card_number", "timeout"),
    ],
)
def test_bad_entries_get_a_specific_reprompt(
    stack: LocalStack, runner: FlowRunner, keys: str, field: str, reason: str
) -> None:
    result = call(runner, keys)
    first_bad = next(c for c in result.lambda_calls if c.result and c.result["result"] == "invalid")
    assert first_bad.result is not None
    assert (first_bad.field, first_bad.result["reason"]) == (field, reason)
    spoken = html.unescape(re.sub(r"<[^>]+>", "", first_bad.result["message"]))
    assert spoken in result.heard
    assert charges_for(stack, result.contact_id) == 0


def test_amex_cvv_length_is_checked_by_brand(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{AMEX}#1230#123#1234#1")
    cvv_calls = [c.result for c in result.lambda_calls if c.field == "cvv"]
    assert [(r["result"], r["reason"]) for r in cvv_calls if r] == [("invalid", "length"), ("confirm", "")]
    assert [c.result["result"] for c in result.lambda_calls if c.mode == "charge" and c.result] == ["approved"]
    assert charges_for(stack, result.contact_id) == 1


def test_three_bad_tries_transfer_to_a_queue(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, "1#2#3#")
    assert result.outcome == "transferred"
    assert [r[2] for r in results(result) if r[0] == "validate"] == ["invalid"] * 3
    assert charges_for(stack, result.contact_id) == 0


@pytest.mark.parametrize(("amount", "lambda_calls"), [("0", 0), ("-5", 0), ("", 0), ("50.001", 5), ("20000.00", 5)])
def test_bad_amount_charges_nothing(stack: LocalStack, runner: FlowRunner, amount: str, lambda_calls: int) -> None:
    result = call(runner, GOOD, amount=amount)
    assert len(result.lambda_calls) == lambda_calls
    if lambda_calls:  # checked with the card, before the confirmation
        assert results(result)[-2] == ("validate", "cvv", "error")
    assert charges_for(stack, result.contact_id) == 0
    assert result.outcome == "disconnected"


def test_duplicate_invocations_never_charge_twice(stack: LocalStack) -> None:
    runner = runner_for(stack, duplicate_invocation=lambda: True)
    result = call(runner, GOOD)
    assert ("charge", "", "approved") in results(result)
    assert all(c.invocations == 2 for c in result.lambda_calls)
    assert charges_for(stack, result.contact_id) == 1


def test_bundled_flow_logs_and_records_nothing_of_the_card(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, GOOD)
    assert result.flow_log_events == 6  # logging on, recording on, language check, greeting, amount check, logging off
    events = stack.client("logs").get_log_events(
        logGroupName=stack.names["flow_log_group"], logStreamName=result.contact_id
    )["events"]
    types = [json.loads(e["message"])["ContactFlowModuleType"] for e in events]
    assert types == [
        "SetLoggingBehavior", "SetRecordingAndAnalyticsBehavior", "CheckAttribute", "PlayPrompt", "CheckAttribute",
        "SetLoggingBehavior",
    ]
    wav = stack.client("s3").get_object(Bucket=stack.names["recordings_bucket"], Key=result.recording_key)
    assert decode_dtmf(wav["Body"].read()) == ""


def test_a_flow_that_logs_capture_writes_ciphertext_to_flow_logs(stack: LocalStack) -> None:
    runner = runner_for(stack, load_flow(BROKEN / "logging-on-during-capture.json"))
    result = call(runner, GOOD)
    assert ("charge", "", "approved") in results(result)
    events = [
        json.loads(e["message"])
        for e in stack.client("logs").get_log_events(
            logGroupName=stack.names["flow_log_group"], logStreamName=result.contact_id
        )["events"]
    ]
    lambda_events = [e for e in events if e["ContactFlowModuleType"] == "InvokeExternalResource"]
    assert len(lambda_events) == 7  # suspend, three entries, the confirmation key, charge, resume
    ciphertext = lambda_events[1]["Parameters"]["Parameters"]["card_number"]
    assert ciphertext.startswith("AYAD")  # Encryption SDK v1 header, signed suite: what Connect stores
    leaked = any(VISA in json.dumps(e) for e in events)
    assert not leaked, "plaintext card number in flow logs"


def test_a_card_prompt_while_recording_fails_the_call(stack: LocalStack) -> None:
    runner = runner_for(stack, load_flow(BROKEN / "recording-on-during-capture.json"))
    result = call(runner, GOOD)
    assert result.outcome == "failed"
    assert result.stopped and "card_number-input" in result.stopped and "IVR recording" in result.stopped
    assert result.keys_pressed == 0
    wav = stack.client("s3").get_object(Bucket=stack.names["recordings_bucket"], Key=result.recording_key)
    assert decode_dtmf(wav["Body"].read()) == ""


def test_unsupported_actions_and_loops() -> None:
    loop = {
        "Version": "2019-10-30",
        "StartAction": "a",
        "Actions": [
            {
                "Identifier": "a",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "hi"},
                "Transitions": {"NextAction": "b"},
            },
            {
                "Identifier": "b",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "ho"},
                "Transitions": {"NextAction": "a"},
            },
        ],
    }
    result = FlowRunner(loop, handler=lambda e, c: {}, max_steps=10).run(ScriptedKeypad(""), attributes={})
    assert result.outcome == "stuck" and len(result.path) == 10
    odd = {**loop, "Actions": [{"Identifier": "a", "Type": "ShowView", "Parameters": {}, "Transitions": {}}]}
    stopped = FlowRunner(odd, handler=lambda e, c: {}).run(ScriptedKeypad(""), attributes={})
    assert stopped.outcome == "unsupported"
    assert stopped.stopped and "ShowView" in stopped.stopped and "block a" in stopped.stopped
    with pytest.raises(FlowRunError, match="StartAction"):
        FlowRunner({**loop, "StartAction": "zz"}, handler=lambda e, c: {})


@pytest.mark.parametrize(
    ("handler", "error"),
    [
        (lambda e, c: {"result": 1}, "InvalidResponse"),
        (lambda e, c: ["valid"], "InvalidResponse"),
        (lambda e, c: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_lambda_failures_take_the_error_branch(handler: Any, error: str) -> None:
    flow = {
        "Version": "2019-10-30",
        "StartAction": "l",
        "Actions": [
            {
                "Identifier": "l",
                "Type": "InvokeLambdaFunction",
                "Parameters": {"InvocationTimeLimitSeconds": "8", "LambdaInvocationAttributes": {"mode": "validate"}},
                "Transitions": {"NextAction": "ok", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bad"}]},
            },
            {"Identifier": "ok", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
            {"Identifier": "bad", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    }
    result = FlowRunner(flow, handler=handler).run(ScriptedKeypad(""), attributes={})
    assert result.path == ["l", "bad"]
    assert result.lambda_calls[0].error == error


def test_the_event_is_connect_shaped(stack: LocalStack) -> None:
    seen: list[tuple[dict[str, Any], Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append((event, context))
        if event["Details"]["Parameters"]["mode"] == "recording":  # what the Connect API call does to the contact
            runner.recording.suspend(event["Details"]["ContactData"]["ContactId"], "IVR")
            return {"result": "suspended", "next": "card_number", "prompt": "<speak>Card number?</speak>", "state": ""}
        return {"result": "error"}

    runner = FlowRunner(
        load_flow(),
        handler=handler,
        substitutions=stack.substitutions(),
        instance_arn=stack.instance_arn,
    )
    runner.run(ScriptedKeypad(f"{VISA}#"), attributes={"amount_due": "12.50"}, contact_id="c-1")
    event, context = seen[0]
    data = event["Details"]["ContactData"]
    assert event["Name"] == "ContactFlowEvent" and data["ContactId"] == "c-1" and data["Channel"] == "VOICE"
    assert data["Attributes"] == {"amount_due": "12.50"} and data["InstanceARN"] == stack.instance_arn
    params = event["Details"]["Parameters"]
    assert params["mode"] == "recording" and params["action"] == "suspend"  # before the first card prompt
    event, context = seen[1]
    params = event["Details"]["Parameters"]
    assert params["card_number"].startswith("AYAD") and VISA not in json.dumps(event)
    assert 7000 < context.get_remaining_time_in_millis() <= 8000
    assert set(stack.substitutions()) == set(LocalStack.placeholder_names())


def test_no_card_data_in_any_sink(stack: LocalStack, runner: FlowRunner, tmp_path: Path) -> None:
    cards = [("5555555555554444", "1129", "987"), ("378282246310005", "0731", "8765")]
    for pan, expiry, cvv in cards:
        call(runner, f"{pan[:-1]}0#{pan}#{expiry}#{cvv}#")
    dump_sinks(stack, tmp_path)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) > 5
    for pan, expiry, cvv in cards:
        needles = [pan.encode(), f'"{cvv}"'.encode(), f"{expiry}#{cvv}".encode(), f"{expiry}{cvv}".encode()]
        leaking = [p.name for p in files if any(n in p.read_bytes() for n in needles)]
        assert leaking == []


def test_set_attributes_is_logged_one_event_per_attribute_as_connect_does(stack: LocalStack) -> None:
    flow = {
        "Version": "2019-10-30",
        "StartAction": "log-on",
        "Actions": [
            {"Identifier": "log-on", "Type": "UpdateFlowLoggingBehavior",
             "Parameters": {"FlowLoggingBehavior": "Enabled"}, "Transitions": {"NextAction": "set"}},
            {"Identifier": "set", "Type": "UpdateContactAttributes",
             "Parameters": {"Attributes": {"plan": "gold", "tries": "2"}, "TargetContact": "Current"},
             "Transitions": {"NextAction": "end", "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}]}},
            {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    }  # fmt: skip
    result = call(runner_for(stack, flow), "")
    events = [
        json.loads(e["message"])
        for e in stack.client("logs").get_log_events(
            logGroupName=stack.names["flow_log_group"], logStreamName=result.contact_id
        )["events"]
    ]
    set_events = [e["Parameters"] for e in events if e["ContactFlowModuleType"] == "SetAttributes"]
    assert set_events == [{"Key": "plan", "Value": "gold"}, {"Key": "tries", "Value": "2"}]
