"""The payment core (``ivr.payments.service``) against Stripe test mode (opt-in: STRIPE_TEST_SECRET_KEY=sk_test_...).

A MOTO PaymentIntent created and confirmed for the approval test card, the generic-decline test card, and the
idempotent replay of a contact's attempt. The account needs raw card data API access and MOTO enabled by
Stripe; when Stripe answers that either is missing, the test is skipped with that reason instead of failing.
Test-mode objects cost nothing and cannot be deleted; each is labelled with a ``spc-e2e-...`` contact id.
"""

from __future__ import annotations

import time
import uuid
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
import stripe

from ivr.card import CardData, parse_card
from ivr.errors import PaymentRejected
from ivr.payments.charge import ChargeOutcome, ChargeRequest
from ivr.payments.service import PaymentService
from ivr.payments.stripe_gateway import StripeGateway

if TYPE_CHECKING:
    from .conftest import StripeTarget

pytestmark = pytest.mark.e2e

APPROVED, DECLINED = "4242424242424242", "4000000000000002"
DEADLINE_S = 30.0
RAW_CARDS_OFF = (
    "Stripe account has no raw card data API access in test mode (needed to create a PaymentMethod from a "
    "card number); ask Stripe to enable it, see tests/e2e/README.md"
)
MOTO_OFF = "Stripe account is not enabled for MOTO payments; ask Stripe support to enable it, see tests/e2e/README.md"


def _card(pan: str) -> CardData:
    today = date.today()
    return parse_card(pan, f"12{(today.year + 3) % 100:02d}", "123", today=today)


def _request(amount: str = "50.00", attempt: str = "1") -> ChargeRequest:
    return ChargeRequest(f"spc-e2e-{uuid.uuid4()}", attempt, Decimal(amount), "usd")


def _gateway(target: StripeTarget) -> StripeGateway:
    return StripeGateway(lambda: target.key, api_base=target.api_base, timeout_s=20.0, max_network_retries=2)


def _client(target: StripeTarget) -> stripe.StripeClient:
    return stripe.StripeClient(target.key, base_addresses={"api": target.api_base} if target.api_base else None)


def not_enabled(exc: BaseException) -> str | None:
    """The skip reason when Stripe refused because an account feature is off, else None."""
    if not isinstance(exc, stripe.StripeError):
        return None
    message = (exc.user_message or "").lower()
    param = str(getattr(exc, "param", None) or "").lower()
    if "raw card data" in message or "generally unsafe" in message:
        return RAW_CARDS_OFF
    if "moto" in param or "moto" in message:
        return MOTO_OFF
    return None


@pytest.fixture(scope="module")
def ready(stripe_target: StripeTarget) -> StripeTarget:
    """Preflight with the plain SDK: a PaymentMethod from a raw card, then a confirmed MOTO PaymentIntent.

    Skips when Stripe says raw card data access or MOTO is not enabled (whatever error class carries it);
    any other refusal (bad key, network) fails here, before the tests proper.
    """
    client = _client(stripe_target)
    expiry = _card(APPROVED).expiry
    card: Any = {"number": APPROVED, "exp_month": expiry.month, "exp_year": expiry.year, "cvc": "123"}
    try:
        method = client.v1.payment_methods.create(params={"type": "card", "card": card})
        client.v1.payment_intents.create(
            params={
                "amount": 100,
                "currency": "usd",
                "payment_method": method.id,
                "allowed_payment_method_types": ["card"],
                "confirm": True,
                "payment_method_options": {"card": {"moto": True}},
                "metadata": {"contact_id": f"spc-e2e-preflight-{uuid.uuid4()}"},
            }
        )
    except stripe.StripeError as exc:
        reason = not_enabled(exc)
        if reason:
            pytest.skip(reason)
        raise
    return stripe_target


def charge(gateway: StripeGateway | PaymentService, pan: str, request: ChargeRequest) -> ChargeOutcome:
    return gateway.charge(_card(pan), request, deadline=time.monotonic() + DEADLINE_S)


Approved = tuple[ChargeRequest, ChargeOutcome]


@pytest.fixture(scope="module")
def approved(ready: StripeTarget) -> Approved:
    """One approved MOTO charge through ``PaymentService`` (no idempotency store: Stripe's keys alone)."""
    request = _request("50.00")
    return request, charge(PaymentService(_gateway(ready), persistence=None), APPROVED, request)


def test_moto_payment_intent_succeeds(ready: StripeTarget, approved: Approved) -> None:
    request, outcome = approved
    assert (outcome.status, outcome.reason) == ("approved", "")
    assert outcome.payment_intent_id.startswith("pi_")
    intent = _client(ready).v1.payment_intents.retrieve(outcome.payment_intent_id)
    assert intent.livemode is False
    assert (intent.status, intent.amount, intent.currency) == ("succeeded", 5000, "usd")
    assert intent.metadata.to_dict() == {"contact_id": request.contact_id, "attempt": "1"}


def test_charge_is_flagged_moto(ready: StripeTarget, approved: Approved) -> None:
    _, outcome = approved
    intent = _client(ready).v1.payment_intents.retrieve(outcome.payment_intent_id, params={"expand": ["latest_charge"]})
    charge_obj: Any = intent.latest_charge
    assert not isinstance(charge_obj, str), "latest_charge was not expanded"
    card = charge_obj.payment_method_details.card
    assert (card.last4, card.brand) == ("4242", "visa")
    assert getattr(card, "moto", None) is True, "the charge is not marked MOTO"


def test_generic_decline(ready: StripeTarget) -> None:
    outcome = charge(_gateway(ready), DECLINED, _request("50.00"))
    assert (outcome.status, outcome.reason, outcome.code) == ("declined", "generic_decline", "generic_decline")
    assert outcome.payment_intent_id.startswith("pi_")
    intent = _client(ready).v1.payment_intents.retrieve(outcome.payment_intent_id)
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error is not None
    assert intent.last_payment_error.decline_code == "generic_decline"


def test_retry_of_an_attempt_replays_and_a_changed_amount_is_rejected(ready: StripeTarget) -> None:
    request = _request("12.34")
    first = charge(_gateway(ready), APPROVED, request)
    assert first.status == "approved"
    replay = charge(_gateway(ready), APPROVED, request)  # a fresh gateway, as after a Lambda retry
    assert replay == first, "the retry must replay the first PaymentIntent, not charge again"

    changed = ChargeRequest(request.contact_id, request.attempt, Decimal("99.00"), request.currency)
    with pytest.raises(PaymentRejected, match="IdempotencyError"):
        charge(_gateway(ready), APPROVED, changed)

    intent = _client(ready).v1.payment_intents.retrieve(first.payment_intent_id)
    assert (intent.status, intent.amount) == ("succeeded", 1234)
