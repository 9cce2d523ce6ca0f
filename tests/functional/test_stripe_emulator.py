"""The Stripe emulator through the real stripe SDK and through ivr.payments.service.StripeGateway, over 127.0.0.1."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import requests
import stripe

from ivr.card import parse_card
from ivr.errors import PaymentRejected, PaymentUnavailable
from ivr.local.stripe.emulator import StripeEmulator, parse_form
from ivr.payments.charge import ChargeRequest
from ivr.payments.stripe_gateway import StripeGateway

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def emulator() -> Iterator[StripeEmulator]:
    with StripeEmulator() as emu:
        yield emu


@pytest.fixture
def client(emulator: StripeEmulator) -> stripe.StripeClient:
    emulator.faults.clear()
    return stripe.StripeClient(emulator.api_key, base_addresses={"api": emulator.url})


def _pm(client: stripe.StripeClient, number: str, **card: Any) -> Any:
    params: Any = {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123", **card}
    return client.v1.payment_methods.create(params={"type": "card", "card": params})


def _intent(client: stripe.StripeClient, pm: str, key: str | None = None, amount: int = 5000, **extra: Any) -> Any:
    params: Any = {"amount": amount, "currency": "usd", "payment_method": pm, "confirm": True,
              "allowed_payment_method_types": ["card"], "payment_method_options": {"card": {"moto": True}}, **extra}
    return client.v1.payment_intents.create(params=params, options={"idempotency_key": key} if key else {})


@pytest.mark.parametrize("number", ["4242424242424242", "5555555555554444", "378282246310005", "6011111111111117"])
def test_success_cards(client: stripe.StripeClient, number: str) -> None:
    pm = _pm(client, number, cvc="1234" if number.startswith("3") else "123")
    assert pm.card.last4 == number[-4:]
    intent = _intent(client, pm.id)
    assert intent.status == "succeeded"
    assert intent.amount_received == 5000
    assert client.v1.payment_intents.retrieve(intent.id).status == "succeeded"


@pytest.mark.parametrize(
    ("number", "code", "decline_code"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
        ("4000000000009987", "card_declined", "lost_card"),
        ("4000000000009979", "card_declined", "stolen_card"),
        ("4000000000000069", "expired_card", "expired_card"),
        ("4000000000000127", "incorrect_cvc", "incorrect_cvc"),
        ("4000000000000119", "processing_error", "processing_error"),
        ("4000000000000341", "card_declined", "generic_decline"),
    ],
)
def test_decline_cards(client: stripe.StripeClient, number: str, code: str, decline_code: str) -> None:
    pm = _pm(client, number)
    with pytest.raises(stripe.CardError) as info:
        _intent(client, pm.id)
    err: Any = info.value
    assert (err.http_status, err.code, err.error.decline_code) == (402, code, decline_code)
    intent = err.error.payment_intent
    assert intent.status == "requires_payment_method"
    retrieved: Any = client.v1.payment_intents.retrieve(intent.id)
    assert retrieved.last_payment_error.code == code


def test_3ds_card_needs_moto(client: stripe.StripeClient) -> None:
    pm = _pm(client, "4000002500003155")
    assert _intent(client, pm.id).status == "succeeded"
    pm = _pm(client, "4000002500003155")
    no_moto = _intent(client, pm.id, payment_method_options={"card": {"moto": False}})
    assert no_moto.status == "requires_action"


@pytest.mark.parametrize(
    ("card", "code"),
    [({"number": "4242424242424241"}, "incorrect_number"), ({"exp_month": 13}, "invalid_expiry_month"),
     ({"exp_year": 2020}, "invalid_expiry_year"), ({"cvc": "12a"}, "invalid_cvc")],
)
def test_payment_method_validation(client: stripe.StripeClient, card: dict[str, Any], code: str) -> None:
    with pytest.raises(stripe.CardError) as info:
        _pm(client, card.pop("number", "4242424242424242"), **card)
    assert info.value.code == code


def test_idempotent_replay_returns_the_same_intent(client: stripe.StripeClient, emulator: StripeEmulator) -> None:
    pm = _pm(client, "4242424242424242")
    before = len(emulator.charges())
    first = _intent(client, pm.id, key="contact-1-1")
    second = _intent(client, pm.id, key="contact-1-1")
    assert first.id == second.id
    assert second.last_response.headers.get("Idempotent-Replayed") == "true"
    assert len(emulator.charges()) == before + 1


def test_idempotent_replay_of_a_decline(client: stripe.StripeClient) -> None:
    pm = _pm(client, "4000000000000002")
    ids = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as info:
            _intent(client, pm.id, key="contact-2-1")
        err: Any = info.value
        ids.append(err.error.payment_intent.id)
    assert ids[0] == ids[1]


def test_same_key_different_parameters_is_an_idempotency_error(client: stripe.StripeClient) -> None:
    pm = _pm(client, "4242424242424242")
    _intent(client, pm.id, key="contact-3-1")
    with pytest.raises(stripe.IdempotencyError) as info:
        _intent(client, pm.id, key="contact-3-1", amount=6000)
    assert info.value.http_status == 400


@pytest.mark.parametrize("key", ["sk_test_wrong_key_123456", ""])
def test_bad_or_missing_key(emulator: StripeEmulator, key: str) -> None:
    if not key:
        response = requests.post(f"{emulator.url}/v1/payment_intents", data={"amount": "5000"}, timeout=5)
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "invalid_request_error"
        return
    bad = stripe.StripeClient(key, base_addresses={"api": emulator.url})
    with pytest.raises(stripe.AuthenticationError) as info:
        bad.v1.payment_intents.retrieve("pi_missing")
    assert info.value.http_status == 401
    assert key not in str(info.value)


def test_unknown_intent_and_route(client: stripe.StripeClient, emulator: StripeEmulator) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.payment_intents.retrieve("pi_doesnotexist")
    assert info.value.http_status == 404
    response = requests.get(f"{emulator.url}/v1/charges", timeout=5,
                            headers={"Authorization": f"Bearer {emulator.api_key}"})
    assert response.status_code == 404


def test_confirm_endpoint(client: stripe.StripeClient) -> None:
    pm = _pm(client, "4242424242424242")
    intent = client.v1.payment_intents.create(params={"amount": 900, "currency": "usd"})
    assert intent.status == "requires_payment_method"
    confirmed = client.v1.payment_intents.confirm(intent.id, params={
        "payment_method": pm.id, "payment_method_options": {"card": {"moto": True}}})
    assert confirmed.status == "succeeded"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.payment_intents.confirm(intent.id)


def test_amount_rules(client: stripe.StripeClient) -> None:
    pm = _pm(client, "4242424242424242")
    with pytest.raises(stripe.InvalidRequestError) as info:
        _intent(client, pm.id, amount=49)
    assert info.value.code == "amount_too_small"


def test_injected_5xx_is_not_saved_under_the_key(client: stripe.StripeClient, emulator: StripeEmulator) -> None:
    pm = _pm(client, "4242424242424242")
    emulator.faults.fail_next(1, status=503)
    with pytest.raises(stripe.APIError):
        _intent(client, pm.id, key="contact-4-1")
    assert _intent(client, pm.id, key="contact-4-1").status == "succeeded"


def test_form_parsing() -> None:
    parsed = parse_form("a[b][c]=1&list[0]=x&list[1]=y&flag=true&empty=")
    assert parsed == {"a": {"b": {"c": "1"}}, "list": ["x", "y"], "flag": "true", "empty": ""}


def test_emulator_never_logs_or_keeps_card_numbers(client: stripe.StripeClient, emulator: StripeEmulator,
                                                   capfd: pytest.CaptureFixture[str]) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    try:
        pm = _pm(client, "4000000000009995")
        with pytest.raises(stripe.CardError):
            _intent(client, pm.id)
    finally:
        root.removeHandler(handler)
    out = capfd.readouterr()
    for text in (out.out, out.err, stream.getvalue(), repr(emulator.payment_intents())):
        assert "4000000000009995" not in text


# -- the gateway ---------------------------------------------------------------------------------------------
def _gateway(emulator: StripeEmulator, key: str | None = None, **kw: Any) -> StripeGateway:
    return StripeGateway(lambda: key or emulator.api_key, api_base=emulator.url, **kw)


def _request(contact: str, attempt: str = "1", amount: str = "50.00") -> ChargeRequest:
    return ChargeRequest(contact, attempt, Decimal(amount), "usd")


@pytest.mark.parametrize(
    ("pan", "status", "reason"),
    [("4242424242424242", "approved", ""), ("4000000000000002", "declined", "generic_decline"),
     ("4000000000009995", "declined", "insufficient_funds"), ("4000000000009979", "declined", "generic_decline"),
     ("4000000000000069", "declined", "expired_card"), ("4000000000000127", "declined", "incorrect_cvc"),
     ("4000000000000119", "declined", "processing_error"), ("4000002500003155", "approved", "")],
)
def test_gateway_outcomes(emulator: StripeEmulator, pan: str, status: str, reason: str) -> None:
    card = parse_card(pan, "1230", "123", today=TODAY)
    outcome = _gateway(emulator).charge(card, _request(f"gw-{pan}"), deadline=time.monotonic() + 5)
    assert (outcome.status, outcome.reason) == (status, reason)
    assert outcome.payment_intent_id.startswith("pi_")


def test_gateway_sends_moto_minor_units_and_metadata(emulator: StripeEmulator) -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    outcome = _gateway(emulator).charge(card, _request("gw-meta", "3", "12.34"), deadline=time.monotonic() + 5)
    intent = next(pi for pi in emulator.payment_intents() if pi["id"] == outcome.payment_intent_id)
    assert intent["amount"] == 1234
    assert intent["payment_method_options"] == {"card": {"moto": "true"}}
    assert intent["metadata"] == {"contact_id": "gw-meta", "attempt": "3"}


def test_gateway_retry_is_idempotent_at_stripe(emulator: StripeEmulator) -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    gateway = _gateway(emulator)
    before = len(emulator.charges())
    first = gateway.charge(card, _request("gw-retry"), deadline=time.monotonic() + 5)
    second = _gateway(emulator).charge(card, _request("gw-retry"), deadline=time.monotonic() + 5)
    assert first == second
    assert len(emulator.charges()) == before + 1


def test_gateway_bad_key_is_rejected(emulator: StripeEmulator) -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    with pytest.raises(PaymentRejected, match="AuthenticationError") as info:
        _gateway(emulator, key="sk_test_nope_000000000").charge(card, _request("gw-key"),
                                                                 deadline=time.monotonic() + 5)
    assert "sk_test_nope" not in str(info.value)


def test_gateway_5xx_then_network_retry_succeeds(emulator: StripeEmulator) -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    emulator.faults.fail_next(1, status=500)
    outcome = _gateway(emulator).charge(card, _request("gw-5xx"), deadline=time.monotonic() + 5)
    assert outcome.status == "approved"


def test_gateway_respects_the_deadline(emulator: StripeEmulator) -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    emulator.faults.delay_next(1.5, count=3)
    with pytest.raises(PaymentUnavailable, match="APIConnectionError"):  # the server would have answered, late
        _gateway(emulator, max_network_retries=0).charge(card, _request("gw-slow"), deadline=time.monotonic() + 0.5)
    emulator.faults.clear()
