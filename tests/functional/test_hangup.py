"""The two result codes a caller chooses by leaving: ``caller-hung-up`` (the line goes dead mid-payment; the IVR
learns it from Connect's ``DISCONNECTED`` contact event) and ``caller-aborted`` (``3`` at the confirmation), on the
local stack with the bundled flow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ivr.local.connect.caller import ScriptedKeypad, place_call, runner_for
from ivr.local.connect.contact import CallResult
from ivr.local.connect.runner import FlowRunner
from ivr.local.sinks import LambdaLogs, dump_sinks
from ivr.local.stack import LocalStack
from tests.functional.conftest import forget_charges

VISA = "4242424242424242"
EXPIRY, CVV = "1230", "737"


@pytest.fixture(autouse=True)
def _fresh_ledger(stack: LocalStack) -> None:
    """Earlier tests' charges of the same card and amount would bring the duplicate warning."""
    forget_charges(stack)


def audit_records(stack: LocalStack, contact_id: str) -> dict[str, dict[str, str]]:
    s3, bucket = stack.client("s3"), stack.names["audit_bucket"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []) if contact_id in o["Key"]]
    return {k.rsplit("/", 1)[1]: json.loads(s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys}


def charges_for(stack: LocalStack, contact_id: str) -> int:
    return sum(1 for pi in stack.stripe.charges() if pi["metadata"].get("contact_id") == contact_id)


def call(runner: FlowRunner, keys: str, *, language: str | None = None) -> CallResult:
    return place_call(runner, ScriptedKeypad(keys), amount="42.10", language=language)


def test_a_caller_who_hangs_up_after_the_card_number_ends_caller_hung_up(stack: LocalStack, runner: FlowRunner,
                                                                          tmp_path: Path) -> None:
    with LambdaLogs(stack.client("logs"), stack.names["lambda_log_group"]) as logs:
        result = call(runner, f"{VISA}#H")
    assert result.outcome == "caller hung up"
    assert result.path[-1] == "expiry-input"  # the flow stopped at the next prompt: no block after it ran
    assert [c.mode for c in result.lambda_calls] == ["recording", "validate"]
    assert "result_code" not in result.attributes  # the flow never set it ...
    assert result.contact_events == ["recorded: caller-hung-up"]  # ... the DISCONNECTED event recorded it
    assert result.result_code == "caller-hung-up"
    assert charges_for(stack, result.contact_id) == 0
    records = audit_records(stack, result.contact_id)
    assert list(records) == ["outcome.json"]  # no charge attempt record
    assert records["outcome.json"]["result_code"] == "caller-hung-up"
    metric = [json.loads(line) for line in logs.lines if '"_aws"' in line and result.contact_id in line]
    assert [m["ResultCode"] for m in metric] == ["caller-hung-up"]
    dump_sinks(stack, tmp_path)
    (tmp_path / "lambda.log").write_text("\n".join(logs.lines), encoding="utf-8")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and not [p for p in files if VISA.encode() in p.read_bytes()]
    assert VISA not in json.dumps([result.heard, result.ssml, result.attributes, result.contact_events])


def test_a_hang_up_at_the_confirmation_charges_nothing(stack: LocalStack, runner: FlowRunner,
                                                       tmp_path: Path) -> None:
    result = call(runner, f"{VISA}#{EXPIRY}#{CVV}#H")
    assert result.outcome == "caller hung up" and result.path[-1] == "menu-input"
    assert result.result_code == "caller-hung-up" and charges_for(stack, result.contact_id) == 0
    dump_sinks(stack, tmp_path)
    needles = [VISA.encode(), f"{EXPIRY}#{CVV}".encode(), f'"{CVV}"'.encode()]
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)]


def test_a_contact_event_delivered_twice_records_one_outcome(stack: LocalStack) -> None:
    twice = runner_for(stack, duplicate_invocation=lambda: True)  # at-least-once delivery (and Lambda calls)
    result = call(twice, f"{VISA}#H")
    assert result.contact_events == ["recorded: caller-hung-up", "exists"]
    assert audit_records(stack, result.contact_id)["outcome.json"]["result_code"] == "caller-hung-up"


def test_a_call_the_flow_ends_keeps_the_flows_outcome(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#{EXPIRY}#{CVV}#1")
    assert result.outcome == "disconnected" and result.result_code == "success"
    assert result.contact_events == ["exists"]  # the flow ended it and recorded it: that record stands
    assert audit_records(stack, result.contact_id)["outcome.json"]["result_code"] == "success"


def test_no_answer_at_the_confirmation_keeps_no_input(runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#{EXPIRY}#{CVV}#")  # never answers the confirmation: the flow ends it (no-input)
    assert result.result_code == "no-input" and result.contact_events == ["exists"]


def test_the_no_amount_exit_gets_its_outcome_record_from_the_contact_event(stack: LocalStack,
                                                                           runner: FlowRunner) -> None:
    result = place_call(runner, ScriptedKeypad(f"{VISA}#"), amount="0")
    assert result.lambda_calls == [] and result.attributes["result_code"] == "internal-error"
    assert result.contact_events == ["recorded: internal-error"]  # the flow set the attribute; no Lambda ran
    assert audit_records(stack, result.contact_id)["outcome.json"]["result_code"] == "internal-error"


@pytest.mark.parametrize(("language", "heard"), [
    ("en-US", "You have cancelled the payment. No payment has been taken."),
    ("es-US", "Ha cancelado el pago. No se ha realizado ningún pago."),
])
def test_three_at_the_confirmation_aborts_before_any_charge(stack: LocalStack, runner: FlowRunner, language: str,
                                                            heard: str) -> None:
    result = call(runner, f"{VISA}#{EXPIRY}#{CVV}#3", language=language)
    text = "\n".join(result.heard)
    assert ("or 3 to cancel" in text) if language == "en-US" else ("o 3 para cancelar" in text)
    assert heard in text
    assert result.attributes["result_code"] == "caller-aborted" and result.outcome == "disconnected"
    assert charges_for(stack, result.contact_id) == 0
    records = audit_records(stack, result.contact_id)
    assert list(records) == ["outcome.json"] and records["outcome.json"]["result_code"] == "caller-aborted"


def test_three_after_a_decline_stays_declined(stack: LocalStack, runner: FlowRunner) -> None:
    incorrect_cvc = "4000000000000127"  # declined for the CVC: re-enter it, then the confirmation again
    result = call(runner, f"{incorrect_cvc}#{EXPIRY}#{CVV}#1{CVV}#3")
    assert "did not accept the security code" in "\n".join(result.heard)
    assert result.attributes["result_code"] == "declined" and charges_for(stack, result.contact_id) == 0
