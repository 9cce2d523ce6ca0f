"""A Stripe account without raw card data API access, as a scripted call on the local stack: the emulator answers
the raw card number the way Stripe does, the IVR names the missing prerequisite (result code, metric dimension, one
log line, no card data), the caller hears an apology and is transferred, and nothing is charged."""

from __future__ import annotations

import json
import logging

import pytest

from ivr.local.connect.caller import ScriptedKeypad, place_call, runner_for
from ivr.local.stack import LocalStack

VISA = "4242424242424242"


def test_raw_card_not_enabled_transfers_without_charging(stack: LocalStack, caplog: pytest.LogCaptureFixture) -> None:
    stack.stripe.raw_card_data = False
    caplog.set_level(logging.INFO, logger="ivr")
    try:
        result = place_call(runner_for(stack), ScriptedKeypad(f"{VISA}#1230#123#1"), amount="50.20")
    finally:
        stack.stripe.raw_card_data = True
    assert result.attributes.get("result_code") == "payment-connector-not-enabled"
    assert "transfer-message" in result.path
    heard = "\n".join(result.heard)
    assert "your card has not been charged" in heard
    assert stack.stripe.payment_intents() == []  # the PaymentMethod was refused: no intent, no charge
    # the operator-facing line names the prerequisite; the metric carries the result code as its dimension
    lines = [{"message": r.getMessage(), **vars(r)} for r in caplog.records]
    missing = [line for line in lines if line["message"] == "payment prerequisite missing"]
    assert missing and missing[0]["prerequisite"] == "stripe-raw-card-data"
    assert "raw card data" in missing[0]["error"]
    assert any(line.get("ResultCode") == "payment-connector-not-enabled" and "_aws" in line for line in lines)
    logs = json.dumps(lines, default=str)
    everything = logs + json.dumps(result.heard) + json.dumps(result.attributes)
    assert VISA not in everything and "1230" not in json.dumps(result.attributes)


def test_raw_card_enabled_again_charges_once(stack: LocalStack) -> None:
    result = place_call(runner_for(stack), ScriptedKeypad(f"{VISA}#1230#123#1"), amount="50.20")
    assert result.attributes.get("result_code") == "success"
    assert sum(1 for pi in stack.stripe.charges() if pi["metadata"].get("contact_id") == result.contact_id) == 1
