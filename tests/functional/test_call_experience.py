"""The caller's experience on the bundled flow, as scripted calls on the local stack (key protocol: ``PAN#``
``MMYY#`` ``CVV#`` then ``1``): confirmation, restarts, prompts by brand and error, decline recovery, Spanish,
duplicate charges across calls, result codes, and recording suspended through the Connect API."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from ivr import handler
from ivr.local.connect.caller import ScriptedKeypad, place_call
from ivr.local.connect.contact import CallResult
from ivr.local.connect.runner import FlowRunner
from ivr.local.stack import LocalStack
from scanners.audio.recording import decode_dtmf
from tests.functional.conftest import forget_charges

VISA, AMEX = "4242424242424242", "378282246310005"
INCORRECT_CVC, INSUFFICIENT, ZIP_FAILS = "4000000000000127", "4000000000009995", "4000000000000036"
PANS = (VISA, AMEX, INCORRECT_CVC, INSUFFICIENT, ZIP_FAILS, "5555555555554444")


@pytest.fixture(autouse=True)
def _no_faults(stack: LocalStack) -> Iterator[None]:
    """Each test starts without faults and without earlier tests' charges in the duplicate ledger."""
    forget_charges(stack)
    yield
    stack.stripe.faults.clear()
    assert stack.connect is not None
    stack.connect.fail_suspend = 0


def call(runner: FlowRunner, keys: str, *, amount: str = "50.20", language: str | None = None) -> CallResult:
    result = place_call(runner, ScriptedKeypad(keys), amount=amount, language=language)
    transcript = json.dumps(result.heard) + json.dumps(result.ssml) + json.dumps(result.attributes)
    assert not any(pan in transcript for pan in PANS), "a full card number reached the transcript"
    return result


def said(result: CallResult) -> str:
    return "\n".join(result.heard)


def charges_for(stack: LocalStack, *contact_ids: str) -> int:
    return sum(1 for pi in stack.stripe.charges() if pi["metadata"].get("contact_id") in contact_ids)


def code(result: CallResult) -> str:
    return result.attributes.get("result_code", "")


def test_approved_after_confirmation(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#1")
    text = said(result)
    assert "You are paying 50 pounds and 20 pence with the Visa card ending in 4242. Press 1 to pay" in text
    assert "approved" in text or "payment of" in text
    assert code(result) == "success" and charges_for(stack, result.contact_id) == 1
    # suspended before the first card prompt, resumed at the end
    assert stack.connect is not None
    ops = [(op, kind) for op, contact, kind in stack.connect.calls if contact == result.contact_id]
    assert ops == [("suspend", "IVR"), ("resume", "IVR")]
    assert result.path.index("suspend-recording") < result.path.index("card_number-input")
    assert result.path.index("end-resume") > result.path.index("charge")


def test_recording_is_silent_while_suspended(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#1")
    assert result.recording_key is not None
    wav = stack.client("s3").get_object(Bucket=stack.names["recordings_bucket"], Key=result.recording_key)
    assert decode_dtmf(wav["Body"].read()) == ""


def test_two_at_confirmation_restarts_card_entry(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#2{AMEX}#1230#1234#1")
    text = said(result)
    assert "Let's start that again." in text and "American Express card ending in 0005" in text
    assert code(result) == "success" and charges_for(stack, result.contact_id) == 1


def test_no_answer_at_confirmation_repeats_once_then_ends(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#")
    assert said(result).count("You are paying") == 2 and "Sorry, I didn't hear a choice." in said(result)
    assert code(result) == "no-input" and charges_for(stack, result.contact_id) == 0


@pytest.mark.parametrize(
    ("keys", "restart_heard"),
    [
        (f"4242*{VISA}#1230#123#1", False),  # typed on after the star: the re-typed number is the entry
        (f"4242*#{VISA}#1230#123#1", True),  # star then nothing: that field is asked again
        (f"{VISA}#12*#1230#123#1", True),
    ],
)
def test_star_discards_the_entry(stack: LocalStack, runner: FlowRunner, keys: str, restart_heard: bool) -> None:
    result = call(runner, keys)
    assert ("Let's start that again." in said(result)) is restart_heard
    assert code(result) == "success" and charges_for(stack, result.contact_id) == 1
    assert not any(c.result and c.result["result"] == "invalid" for c in result.lambda_calls)


def test_a_burst_of_keys_typed_ahead_is_kept(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#1")  # every key at once, before the first prompt ends
    assert code(result) == "success"
    assert "I didn't receive" not in said(result)


def test_amex_cvv_prompt_names_four_digits_on_the_front(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{AMEX}#1230#1234#1")
    assert "Please enter the 4-digit security code on the front of your card" in said(result)
    assert code(result) == "success"


def test_visa_cvv_of_four_digits_is_a_length_error(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#1234#123#1")
    text = said(result)
    assert "That security code has the wrong number of digits." in text
    assert "Enter the 3-digit security code on the back of your card once more" in text  # second wording
    assert code(result) == "success"


@pytest.mark.parametrize(
    ("keys", "sentence"),
    [
        ("#", "I didn't receive a card number."),
        ("4242424242424241#", "That isn't a valid card number."),
        ("6011000990139424#", None),  # Discover is accepted
        ("8888888888888#", "Sorry, we can't accept that type of card."),  # no brand (1-series is UATP now)
        (f"{VISA}#0120#", "That card has expired."),
        (f"{VISA}#1330#", "That isn't a valid date: the month must be between 01 and 12."),
    ],
)
def test_each_error_has_its_own_sentence(runner: FlowRunner, keys: str, sentence: str | None) -> None:
    text = said(call(runner, keys))
    if sentence is not None:
        assert sentence in text


def test_three_failures_of_one_field_transfer(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, "1234#1234#1234#")
    assert result.outcome == "transferred" and code(result) == "too-many-failed-attempts"
    assert "Last try" in said(result)


def test_incorrect_cvc_reasks_only_the_cvv(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{INCORRECT_CVC}#1230#123#1456#1")
    text = said(result)
    assert "did not accept the security code. Let's try that again. Please enter the 3-digit security code" in text
    assert result.path.count("card_number-input") == 1 and result.path.count("expiry-input") == 1
    assert result.path.count("cvv-input") >= 2  # the test card declines every CVV: asked again each time
    charge_calls = [c for c in result.lambda_calls if c.mode == "charge"]
    assert len(charge_calls) == 2 and charges_for(stack, result.contact_id) == 0


def test_insufficient_funds_offers_another_card(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{INSUFFICIENT}#1230#123#11{VISA}#1230#123#1")
    assert "insufficient funds" in said(result) and "Press 1 to use a different card" in said(result)
    assert code(result) == "success" and charges_for(stack, result.contact_id) == 1


def test_decline_menu_repeats_once_on_no_input(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{INSUFFICIENT}#1230#123#1")
    assert said(result).count("Press 1 to use a different card") == 2
    assert code(result) == "declined" and charges_for(stack, result.contact_id) == 0


def test_spanish(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#1", language="es-US")
    text = said(result)
    assert "Bienvenido" in text and "marque el número de su tarjeta" in text
    assert "Va a pagar 50 libras con 20 peniques con la tarjeta Visa que termina en 4242" in text
    assert "fue aprobado" in text and code(result) == "success"
    assert '<say-as interpret-as="cardinal">50</say-as>' in "".join(result.ssml)


def test_suspension_failure_collects_no_card(stack: LocalStack, runner: FlowRunner) -> None:
    assert stack.connect is not None
    stack.connect.fail_suspend = 5  # every attempt, the SDK's retry included
    result = call(runner, f"{VISA}#1230#123#1")
    assert "can't take card payments by keypad" in said(result)
    assert "card_number-input" not in result.path and result.outcome == "transferred"
    assert code(result) == "recording-unavailable"


def test_call_back_within_the_window_is_warned(stack: LocalStack, runner: FlowRunner) -> None:
    first = call(runner, "5555555555554444#1230#123#1", amount="17.00")
    assert code(first) == "success"
    again = call(runner, "5555555555554444#1230#123#12", amount="17.00")
    assert "was already taken at" in said(again) and "card ending in 4444" in said(again)
    assert code(again) == "duplicate-suspected" and charges_for(stack, first.contact_id, again.contact_id) == 1
    anyway = call(runner, "5555555555554444#1230#123#11", amount="17.00")
    assert code(anyway) == "success" and charges_for(stack, anyway.contact_id) == 1


def test_uncertain_outcome_then_call_back_charges_once(stack: LocalStack, runner: FlowRunner) -> None:
    stack.stripe.faults.delay_next(0.0)  # the PaymentMethod answers at once
    stack.stripe.faults.delay_next(9.0, count=2)  # the PaymentIntent (and the SDK's retry) outlive the deadline
    first = call(runner, f"{VISA}#1230#123#1", amount="33.00")
    assert code(first) == "uncertain"
    assert "may have been taken, so please don't pay again until we have contacted you" in said(first)
    assert "try again later" not in said(first).lower()
    deadline = time.monotonic() + 15
    while charges_for(stack, first.contact_id) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)  # Stripe finishes the charge after the IVR gave up waiting
    assert charges_for(stack, first.contact_id) == 1
    back = call(runner, f"{VISA}#1230#123#12", amount="33.00")
    assert "was already taken at" in said(back)
    assert code(back) == "duplicate-suspected"
    assert charges_for(stack, first.contact_id, back.contact_id) == 1


def test_postal_code_when_enabled(stack: LocalStack, runner: FlowRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTAL_CODE", "US")
    handler.configure(None)
    try:
        bad = call(runner, f"{VISA}#1230#123#ABC#94107#1".replace("ABC", "12"))
        assert "Please enter the billing postal code" in said(bad)
        assert "That postal code isn't in the expected format." in said(bad) and code(bad) == "success"
        mismatch = call(runner, f"{ZIP_FAILS}#1230#123#94107#112345#1", amount="8.00")
        text = said(mismatch)
        assert "did not accept the postal code. Let's try that again. Please enter the billing postal code" in text
        assert mismatch.path.count("card_number-input") == 1 and mismatch.path.count("postal_code-input") >= 2
    finally:
        monkeypatch.delenv("POSTAL_CODE")
        handler.configure(None)


def test_result_codes_reach_the_audit_trail(stack: LocalStack, runner: FlowRunner) -> None:
    result = call(runner, f"{VISA}#1230#123#1")
    s3 = stack.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=stack.names["audit_bucket"]).get("Contents", [])]
    outcome = next(k for k in keys if result.contact_id in k and k.endswith("outcome.json"))
    record = json.loads(s3.get_object(Bucket=stack.names["audit_bucket"], Key=outcome)["Body"].read())
    assert record["result_code"] == "success"
    attempt = next(k for k in keys if result.contact_id in k and k.endswith("/1.json"))
    body = json.loads(s3.get_object(Bucket=stack.names["audit_bucket"], Key=attempt)["Body"].read())
    assert body["result_code"] == "success" and "4242424242424242" not in json.dumps(body)


@pytest.mark.parametrize("amount", ["0", ""])
def test_no_amount_due_ends_with_a_code_and_no_card_prompt(runner: FlowRunner, amount: str) -> None:
    result = call(runner, f"{VISA}#1230#123#1", amount=amount)
    assert code(result) == "internal-error" and result.lambda_calls == []
    assert "card_number-input" not in result.path
