"""Decline mapping, Stripe error translation and the at-most-once charge (Powertools Idempotency)."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import stripe
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from ivr.card import CardData, parse_card
from ivr.errors import DependencyError, PaymentRejected, PaymentUnavailable
from ivr.payments.charge import ChargeOutcome, ChargeRequest, decline_reason, idempotency_key, reference_of
from ivr.payments.service import PaymentService
from ivr.payments.stripe_gateway import _declined, _outcome_of, _translate
from ivr.prompts import languages, load

_stripe: Any = stripe  # the SDK's error constructors are untyped
CARD = parse_card("4242424242424242", "1230", "123", today=date(2026, 1, 1))
REQUEST = ChargeRequest("c0ffee00-0000-4000-8000-000000000001", "1", Decimal("50.00"), "usd")


@pytest.mark.parametrize(
    ("code", "decline_code", "reason"),
    [
        ("card_declined", "generic_decline", "generic_decline"),
        ("card_declined", "insufficient_funds", "insufficient_funds"),
        ("card_declined", "lost_card", "generic_decline"),
        ("card_declined", "stolen_card", "generic_decline"),
        ("card_declined", "fraudulent", "generic_decline"),
        ("card_declined", "do_not_honor", "generic_decline"),
        ("card_declined", None, "generic_decline"),
        ("expired_card", "expired_card", "expired_card"),
        ("incorrect_cvc", "incorrect_cvc", "incorrect_cvc"),
        ("processing_error", "processing_error", "processing_error"),
        ("incorrect_number", None, "incorrect_number"),
        ("invalid_expiry_year", None, "invalid_expiry"),
        ("invalid_cvc", None, "incorrect_cvc"),
        ("card_declined", "try_again_later", "try_again_later"),
        (None, None, "generic_decline"),
        ("something_new", "brand_new_code", "generic_decline"),
    ],
)
def test_decline_mapping(code: str | None, decline_code: str | None, reason: str) -> None:
    assert decline_reason(code, decline_code) == reason
    for language in languages():
        assert load(language).has(f"decline.{reason}")


def test_every_reason_is_spoken_without_digits() -> None:
    for language in languages():
        texts = {k: v for k, v in load(language).texts.items() if k.startswith("decline.")}
        assert len(texts) >= 12
        assert all(text and not any(c.isdigit() for c in text) for text in texts.values())


def test_idempotency_key_uses_contact_and_attempt_only() -> None:
    key = idempotency_key(REQUEST.contact_id, "2")
    assert key == f"ivr-{REQUEST.contact_id}-2"
    assert "4242" not in key


@pytest.mark.parametrize(("pi", "ref"), [("pi_3MtwBwLkdIwHu7ix28a3tqPa", "28A3TQPA"), ("pi_abc", "ABC"), ("", "")])
def test_reference(pi: str, ref: str) -> None:
    assert reference_of(pi) == ref


def _card_error(code: str, decline_code: str | None, pi: str | None) -> stripe.CardError:
    body = {"error": {"type": "card_error", "code": code, "decline_code": decline_code, "message": "declined",
                      "payment_intent": {"id": pi, "object": "payment_intent"} if pi else None}}
    err: stripe.CardError = _stripe.CardError("declined", None, code, http_body=None, http_status=402,
                                              json_body=body)
    err.error = stripe.StripeObject.construct_from(body["error"], "sk_test")  # type: ignore[assignment]
    return err


def test_card_error_becomes_declined_outcome() -> None:
    outcome = _declined(_card_error("card_declined", "insufficient_funds", "pi_123"))
    assert outcome == ChargeOutcome("declined", "pi_123", "insufficient_funds", "insufficient_funds")
    assert _declined(_card_error("incorrect_number", None, None)).payment_intent_id == ""


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (stripe.RateLimitError("slow down", http_status=429), PaymentUnavailable),
        (_stripe.APIConnectionError("timeout"), PaymentUnavailable),
        (stripe.APIError("boom", http_status=500), PaymentUnavailable),
        (stripe.AuthenticationError("bad key sk_test_secret", http_status=401), PaymentRejected),
        (stripe.IdempotencyError("conflict", http_status=400), PaymentRejected),
        (_stripe.InvalidRequestError("Invalid integer: 4242424242424242", "amount", http_status=400),
         PaymentRejected),
    ],
)
def test_stripe_errors_translate_without_their_messages(exc: stripe.StripeError, kind: type) -> None:
    translated = _translate(exc, "create PaymentIntent")
    assert isinstance(translated, kind)
    assert "4242" not in str(translated)
    assert "sk_test" not in str(translated)
    assert "create PaymentIntent" in str(translated)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("succeeded", "approved"), ("requires_capture", "approved"), ("requires_action", "declined"),
     ("requires_payment_method", "declined")],
)
def test_intent_status(status: str, expected: str) -> None:
    intent = stripe.StripeObject.construct_from({"id": "pi_1", "status": status, "last_payment_error": None}, "k")
    assert _outcome_of(intent).status == expected


def test_unexpected_intent_status_is_transient() -> None:
    with pytest.raises(PaymentUnavailable, match="unexpected status"):
        _outcome_of(stripe.StripeObject.construct_from({"id": "pi_1", "status": "processing"}, "k"))


# -- at-most-once ------------------------------------------------------------------------------------------
class MemoryLayer(BasePersistenceLayer):
    """An in-memory Powertools persistence layer with DynamoDB's conditional-put semantics."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[str, DataRecord] = {}
        self.fail = False

    def _get_record(self, idempotency_key: str) -> DataRecord:
        if idempotency_key not in self.items:
            raise IdempotencyItemNotFoundError
        return self.items[idempotency_key]

    def _put_record(self, data_record: DataRecord) -> None:
        if self.fail:
            raise RuntimeError("table unavailable")
        old = self.items.get(data_record.idempotency_key)
        if old is not None and not old.is_expired:
            self._validate_payload(data_payload=data_record, stored_data_record=old)  # as the DynamoDB layer does
            raise IdempotencyItemAlreadyExistsError(old_data_record=old)
        self.items[data_record.idempotency_key] = data_record

    def _update_record(self, data_record: DataRecord) -> None:
        self.items[data_record.idempotency_key] = data_record

    def _delete_record(self, data_record: DataRecord) -> None:
        self.items.pop(data_record.idempotency_key, None)


class FakeGateway:
    def __init__(self, *outcomes: ChargeOutcome | Exception) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def charge(self, card: CardData, request: ChargeRequest, *, deadline: float, postal_code: str | None = None,
               before_intent: Any = None) -> ChargeOutcome:
        self.calls += 1
        item = self.outcomes.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


APPROVED = ChargeOutcome("approved", "pi_abc123")


def test_retry_replays_without_charging_or_auditing_again() -> None:
    gateway, layer, audits = FakeGateway(APPROVED), MemoryLayer(), []
    service = PaymentService(gateway, persistence=layer)
    record = lambda outcome, seconds: audits.append(outcome)  # noqa: E731
    first = service.charge(CARD, REQUEST, deadline=time.monotonic() + 5, record=record)
    second = service.charge(CARD, REQUEST, deadline=time.monotonic() + 5, record=record)
    assert first == second == APPROVED
    assert gateway.calls == 1
    assert audits == [APPROVED]
    stored = next(iter(layer.items.values())).response_data or ""
    assert "4242424242424242" not in stored and "123" not in stored.replace("abc123", "")


def test_next_attempt_is_a_new_charge() -> None:
    gateway = FakeGateway(ChargeOutcome("declined", "pi_1", "generic_decline", "generic_decline"), APPROVED)
    service = PaymentService(gateway, persistence=MemoryLayer())
    assert service.charge(CARD, REQUEST, deadline=time.monotonic() + 5).status == "declined"
    second = ChargeRequest(REQUEST.contact_id, "2", REQUEST.amount, REQUEST.currency)
    assert service.charge(CARD, second, deadline=time.monotonic() + 5) == APPROVED
    assert gateway.calls == 2


def test_transient_error_releases_the_record_for_a_retry() -> None:
    gateway = FakeGateway(PaymentUnavailable("stripe create PaymentIntent: APIError"), APPROVED)
    service = PaymentService(gateway, persistence=MemoryLayer())
    with pytest.raises(PaymentUnavailable):
        service.charge(CARD, REQUEST, deadline=time.monotonic() + 5)
    assert service.charge(CARD, REQUEST, deadline=time.monotonic() + 5) == APPROVED


def test_retry_with_a_different_amount_is_rejected() -> None:
    service = PaymentService(FakeGateway(APPROVED), persistence=MemoryLayer())
    service.charge(CARD, REQUEST, deadline=time.monotonic() + 5)
    changed = ChargeRequest(REQUEST.contact_id, "1", Decimal("60.00"), "usd")
    with pytest.raises(PaymentRejected, match="different amount"):
        service.charge(CARD, changed, deadline=time.monotonic() + 5)


def test_in_progress_duplicate_waits_then_gives_up_within_the_deadline() -> None:
    layer = MemoryLayer()
    service = PaymentService(FakeGateway(APPROVED), persistence=layer, poll_s=0.01)

    class Stuck(FakeGateway):
        def charge(self, card: CardData, request: ChargeRequest, *, deadline: float, postal_code: str | None = None,
                   before_intent: Any = None) -> ChargeOutcome:
            with pytest.raises(PaymentUnavailable, match="in progress"):
                service.charge(card, request, deadline=time.monotonic() + 0.05)
            return APPROVED

    stuck = PaymentService(Stuck(), persistence=layer)
    assert stuck.charge(CARD, REQUEST, deadline=time.monotonic() + 5) == APPROVED


def test_idempotency_store_failure_is_a_dependency_error() -> None:
    layer = MemoryLayer()
    layer.fail = True
    gateway = FakeGateway(APPROVED)
    with pytest.raises(DependencyError, match="dynamodb"):
        PaymentService(gateway, persistence=layer).charge(CARD, REQUEST, deadline=time.monotonic() + 5)
    assert gateway.calls == 0


def test_without_a_table_the_gateway_is_called_directly() -> None:
    gateway = FakeGateway(APPROVED)
    outcome = PaymentService(gateway, persistence=None).charge(CARD, REQUEST, deadline=time.monotonic() + 5)
    assert outcome == APPROVED and gateway.calls == 1


def test_outcome_round_trips_through_storage() -> None:
    data: dict[str, Any] = ChargeOutcome("declined", "pi_9", "insufficient_funds", "insufficient_funds").to_dict()
    assert ChargeOutcome.from_dict(data).reason == "insufficient_funds"
