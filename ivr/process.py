"""One parsed call, served: ``validate`` checks one decrypted field; ``charge`` decrypts and checks the card,
charges it once per ContactId and attempt, audits the outcome and confirms. Returns Connect's answer map;
raises for anything the caller must hear as an error (``ivr.answers.failure_answer`` maps it)."""

from __future__ import annotations

from typing import Any, cast

from ivr.answers import answer, logger, speak
from ivr.approval import approval
from ivr.card import CardData, parse_amount, parse_card, parse_card_number, parse_currency, parse_cvv, parse_expiry
from ivr.config import Services
from ivr.connect_crypto import decrypt_customer_input
from ivr.errors import (
    CARD_FIELDS,
    AuditError,
    DependencyError,
    EventError,
    Field,
    NoEntry,
    PaymentError,
    PaymentRejected,
    ValidationError,
)
from ivr.event import Call
from ivr.payments.service import ChargeOutcome, ChargeRequest, reference_of, spoken_decline

CONFIRM_RESERVE_S = 1.0  # kept back from Stripe for the audit write and the confirmation
MIN_CHARGE_S = 1.0  # a charge is not started with less time than this
ATTEMPTS = frozenset({"1", "2", "3"})


def process(call: Call, services: Services, deadline: float, info: dict[str, Any]) -> dict[str, str]:
    """Serve ``call`` before ``deadline`` (a ``services.clock`` time); ``info`` collects safe log fields."""
    return validate(call, services) if call.mode == "validate" else charge(call, services, deadline, info)


def validate(call: Call, services: Services) -> dict[str, str]:
    if call.params.get("field", "") not in CARD_FIELDS:
        raise EventError("Details.Parameters.field: expected card_number, expiry or cvv")
    field = cast(Field, call.params["field"])
    value = decrypt(field, call.params, services)
    if field == "card_number":
        parse_card_number(value)
    elif field == "expiry":
        parse_expiry(value, today=services.today())
    else:
        parse_cvv(value)
    return answer("valid", speak("Thank you."), field=field)


def charge(call: Call, services: Services, deadline: float, info: dict[str, Any]) -> dict[str, str]:
    settings = services.settings
    attempt = call.params.get("attempt", "")
    if attempt not in ATTEMPTS:
        raise EventError("Details.Parameters.attempt: expected 1, 2 or 3")
    info["attempt"] = attempt
    currency = parse_currency(call.attributes.get("currency"), settings.currency)
    amount = parse_amount(call.attributes.get("amount_due"), limit=settings.amount_limit, currency=currency)
    t0 = services.clock()
    entries = {name: decrypt(name, call.params, services) for name in CARD_FIELDS}
    card = parse_card(entries["card_number"], entries["expiry"], entries["cvv"], today=services.today())
    del entries
    timings = {"decrypt_validate_ms": (services.clock() - t0) * 1000}
    if deadline - services.clock() < MIN_CHARGE_S + CONFIRM_RESERVE_S:
        raise PaymentRejected("not enough of Connect's time budget left to start a charge")
    request = ChargeRequest(call.contact_id, attempt, amount, currency)
    info["charge_started"] = True

    def record(outcome: ChargeOutcome, stripe_s: float) -> None:
        timings["stripe_ms"] = stripe_s * 1000
        audit(services, call, card, request, outcome=outcome, timings=timings)

    try:
        outcome = services.payments.charge(card, request, deadline=deadline - CONFIRM_RESERVE_S,
                                           record=record)
    except (PaymentError, DependencyError) as exc:
        audit(services, call, card, request, outcome=ChargeOutcome("error", code=type(exc).__name__), timings=timings)
        raise
    info.update(payment_intent_id=outcome.payment_intent_id, code=outcome.code)
    if outcome.status == "declined":
        return answer("declined", speak(spoken_decline(outcome.reason) + " Your card has not been charged."),
                      reason=outcome.reason)
    reference = reference_of(outcome.payment_intent_id)
    ssml, source = approval(services, card, amount=amount, currency=currency, reference=reference,
                            deadline=deadline)
    info["confirmation"] = source
    return answer("approved", ssml, reference=reference)


def decrypt(field: Field, params: dict[str, str], services: Services) -> str:
    if field not in params:
        raise EventError(f"Details.Parameters.{field}: expected the encrypted entry")
    if not params[field].strip():
        raise ValidationError(field, "empty", "expected an entry, got an empty value")
    try:
        return decrypt_customer_input(params[field], private_key_pem=services.private_key(),
                                      key_id=services.settings.connect_key_id)
    except NoEntry:
        raise ValidationError(field, "timeout", "no entry before the input timed out") from None


def audit(services: Services, call: Call, card: CardData, request: ChargeRequest, *, outcome: ChargeOutcome,
          timings: dict[str, float]) -> None:
    """Write the audit record; a failure is logged (without card data) and the charge stands."""
    reference = reference_of(outcome.payment_intent_id) if outcome.status == "approved" else ""
    try:
        record = services.audit.build(
            contact_id=call.contact_id, attempt=request.attempt, card=card, amount=request.amount,
            currency=request.currency, outcome=outcome.status, payment_intent_id=outcome.payment_intent_id,
            reference=reference, reason=outcome.reason, code=outcome.code, timings_ms=timings,
        )
        services.audit.put(record)
    except Exception as exc:  # the charge stands; the log line lets the record be rebuilt
        logger.error("audit record not written", extra={
            "contact_id": call.contact_id, "attempt": request.attempt, "outcome": outcome.status,
            "payment_intent_id": outcome.payment_intent_id,
            "error": str(exc) if isinstance(exc, AuditError) else type(exc).__name__})
