"""The ``charge`` mode: the caller pressed 1 at the confirmation (or at the duplicate warning).

Before charging, the ledger (``ivr.payments.ledger``) is asked about a recent charge for the same keyed card
fingerprint and amount: a ``succeeded`` one is announced ("already taken at 3:41 pm") unless the caller chose to
pay again; a ``pending`` one (a charge whose outcome was never known) is first resolved by replaying its
PaymentIntent request under its idempotency key. Then the charge, once per ContactId and attempt; a decline asks
again for only the field the issuer rejected, or offers another card.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ivr.answers import answer, log_failure, logger
from ivr.approval import approval
from ivr.card import CardData, minor_units, parse_amount, parse_card, parse_currency
from ivr.config import Services
from ivr.dialog import MAX_CHARGE_ATTEMPTS, REDO_FIELD, State, ask, last4_ssml, plain, speak
from ivr.entries import entry, invalid
from ivr.errors import AuditError, DependencyError, PaymentError, PaymentNotEnabled, PaymentRejected, ValidationError
from ivr.event import Call
from ivr.payments.charge import ChargeOutcome, ChargeRequest, reference_of
from ivr.prompts import Prompts

CONFIRM_RESERVE_S = 1.0  # kept back from Stripe for the audit write and the confirmation
MIN_CHARGE_S = 1.0  # a charge is not started with less time than this


def charge(call: Call, services: Services, p: Prompts, state: State, *, deadline: float,
           info: dict[str, Any]) -> dict[str, str]:
    settings = services.settings
    attempt = str(state.attempt)
    info["attempt"] = attempt
    currency = parse_currency(call.attributes.get("currency"), settings.currency)
    amount = parse_amount(call.attributes.get("amount_due"), limit=settings.amount_limit, currency=currency)
    t0 = services.clock()
    try:
        card = parse_card(entry("card_number", call, services), entry("expiry", call, services),
                          entry("cvv", call, services), today=services.today())
    except ValidationError as exc:  # entries are checked before the confirmation; this is a changed entry
        return invalid(p, state, exc.field, exc.code)
    postal = entry("postal_code", call, services).strip() if settings.postal_code_pattern else None
    timings = {"decrypt_validate_ms": (services.clock() - t0) * 1000}
    key = ledger_key(services, card, amount, currency)
    if key is not None:
        earlier = prior(call, services, key, amount=amount, currency=currency, deadline=deadline)
        if earlier == "uncertain":
            return answer("uncertain", speak(plain(p.text("uncertain"))), result_code="uncertain")
        if isinstance(earlier, float) and not state.dup_ok:
            return duplicate(p, state, card, amount=amount, currency=currency, at=earlier, services=services)
    if deadline - services.clock() < MIN_CHARGE_S + CONFIRM_RESERVE_S:
        raise PaymentRejected("not enough of Connect's time budget left to start a charge")
    request = ChargeRequest(call.contact_id, attempt, amount, currency)
    ledger = services.ledger

    def before_intent(payment_method_id: str) -> None:
        if ledger is not None:
            ledger.charge_sent(call.contact_id, attempt)  # a hang-up from here on keeps the charge's code
            if key is not None:
                ledger.pending(key, contact_id=call.contact_id, attempt=attempt, payment_method_id=payment_method_id)
        info["intent_sent"] = True

    def record(outcome: ChargeOutcome, stripe_s: float) -> None:
        timings["stripe_ms"] = stripe_s * 1000
        audit(services, call, card, request, outcome=outcome, timings=timings)

    try:
        outcome = services.payments.charge(card, request, deadline=deadline - CONFIRM_RESERVE_S, record=record,
                                           postal_code=postal, before_intent=before_intent)
    except PaymentNotEnabled as exc:  # an account prerequisite: nothing was charged; the operator must act
        return not_enabled(services, call, card, request, p, exc=exc, timings=timings)
    except (PaymentError, DependencyError) as exc:
        sent = bool(info.get("intent_sent")) and not isinstance(exc, PaymentRejected)
        code = "uncertain" if sent else "payment-connector-error" if isinstance(exc, PaymentError) else "internal-error"
        audit(services, call, card, request, outcome=ChargeOutcome("error", code=type(exc).__name__),
              timings=timings, result_code=code)
        if sent:
            log_failure(info, exc)
            return answer("error", speak(plain(p.text("uncertain"))), result_code="uncertain")
        raise
    info.update(payment_intent_id=outcome.payment_intent_id, code=outcome.code)
    if outcome.status == "declined":
        ledger_write(services, key, call, None)
        return declined(p, state, outcome.reason, postal=postal is not None)
    ledger_write(services, key, call, (attempt, outcome.payment_intent_id))
    reference = reference_of(outcome.payment_intent_id)
    ssml, source = approval(services, card, p, amount=amount, currency=currency, reference=reference,
                            deadline=deadline)
    info["confirmation"] = source
    return answer("approved", ssml, reference=reference, result_code="success")


def not_enabled(services: Services, call: Call, card: CardData, request: ChargeRequest, p: Prompts, *,
                exc: PaymentNotEnabled, timings: dict[str, float]) -> dict[str, str]:
    """Audit, one operator-facing log line naming the missing prerequisite, and a transfer to an agent."""
    code = "payment-connector-not-enabled"
    audit(services, call, card, request, outcome=ChargeOutcome("error", code=exc.prerequisite), timings=timings,
          result_code=code)
    logger.error("payment prerequisite missing", extra={
        "contact_id": call.contact_id, "attempt": request.attempt, "result_code": code,
        "prerequisite": exc.prerequisite, "error": str(exc),
        "fix": "ask Stripe to enable raw card data APIs for the account, then run `spc doctor`"})
    return answer("error", speak(plain(p.text("not_charged"))), next_step="transfer", result_code=code)


def ledger_key(services: Services, card: CardData, amount: Decimal, currency: str) -> str | None:
    if services.ledger is None:
        return None
    fingerprint = services.audit.fingerprint(card)
    return services.ledger.key(fingerprint, minor_units(amount, currency), currency) if fingerprint else None


def prior(call: Call, services: Services, key: str, *, amount: Decimal, currency: str,
          deadline: float) -> float | str | None:
    """When another contact's charge for this card and amount was taken (epoch seconds), ``uncertain`` when that
    is still unknown, or None. A pending charge of another contact is resolved first, by its idempotency key."""
    ledger = services.ledger
    assert ledger is not None
    found = ledger.get(key)
    if found is not None and found.status == "pending" and found.contact_id != call.contact_id:
        earlier = ChargeRequest(found.contact_id, found.attempt, amount, currency)
        try:
            resolved = services.payments.replay(earlier, found.payment_method_id,
                                                deadline=deadline - CONFIRM_RESERVE_S)
        except PaymentError as exc:
            log_failure({"contact_id": call.contact_id, "step": "resolve-uncertain"}, exc)
            return "uncertain"
        if resolved.status != "approved":
            ledger.clear(key)
            return None
        at = float(resolved.created) if resolved.created.isdigit() else found.at
        ledger.succeeded(key, contact_id=found.contact_id, attempt=found.attempt,
                         payment_intent_id=resolved.payment_intent_id, at=at)
        return at
    if found is None or found.status != "succeeded" or found.contact_id == call.contact_id:
        return None  # the same contact's retry is answered by the idempotent charge below, not warned
    return found.at


def ledger_write(services: Services, key: str | None, call: Call, approved: tuple[str, str] | None) -> None:
    """Record the outcome (approved: attempt and PaymentIntent id; None: declined, so the pending entry goes)."""
    if services.ledger is None or key is None:
        return
    try:
        if approved is None:
            services.ledger.clear(key)
        else:
            services.ledger.succeeded(key, contact_id=call.contact_id, attempt=approved[0],
                                      payment_intent_id=approved[1], at=time.time())
    except DependencyError as exc:  # the outcome stands; a call back is then not warned
        log_failure({"contact_id": call.contact_id, "step": "ledger"}, exc)


def duplicate(p: Prompts, state: State, card: CardData, *, amount: Decimal, currency: str, at: float,
              services: Services) -> dict[str, str]:
    when = datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(services.settings.timezone))
    text = p.text("duplicate", amount=p.amount(amount, currency), last4=last4_ssml(card.last4),
                  time=plain(p.time(when)))
    menu = replace(state, step="menu", menu="duplicate", repeats=0)
    return answer("duplicate", speak(text), next_step="menu", state=menu.dump(), result_code="duplicate-suspected")


def declined(p: Prompts, state: State, reason: str, *, postal: bool) -> dict[str, str]:
    """Ask again for only what the issuer rejected; otherwise offer another card. Three charge attempts at most."""
    sentence = plain(p.text(f"decline.{reason}" if p.has(f"decline.{reason}") else "decline.generic_decline"))
    not_charged = plain(p.text("decline.not_charged"))
    if state.attempt >= MAX_CHARGE_ATTEMPTS:
        return answer("declined", speak(sentence, not_charged, plain(p.text("ended"))), reason=reason,
                      result_code="declined")
    redo = REDO_FIELD.get(reason, "")
    if redo == "postal_code" and not postal:
        redo = ""
    nxt = replace(state, attempt=state.attempt + 1, dup_ok=False, repeats=0)
    if redo:
        nxt = replace(nxt, step=redo, tries=1, redo=redo, menu="")
        return answer("declined", speak(sentence, plain(p.text("declined.reenter")), ask(p, redo, 1, state.brand)),
                      next_step=redo, state=nxt.dump(), reason=reason, field=redo)
    nxt = replace(nxt, step="menu", menu="declined")
    return answer("declined", speak(sentence, not_charged, plain(p.text("declined.menu"))), next_step="menu",
                  state=nxt.dump(), reason=reason)


def audit(services: Services, call: Call, card: CardData, request: ChargeRequest, *, outcome: ChargeOutcome,
          timings: dict[str, float], result_code: str = "") -> None:
    """Write the audit record; a failure is logged (without card data) and the charge stands."""
    reference = reference_of(outcome.payment_intent_id) if outcome.status == "approved" else ""
    code = result_code or {"approved": "success", "declined": "declined"}.get(outcome.status, "")
    try:
        record = services.audit.build(
            contact_id=call.contact_id, attempt=request.attempt, card=card, amount=request.amount,
            currency=request.currency, outcome=outcome.status, payment_intent_id=outcome.payment_intent_id,
            reference=reference, reason=outcome.reason, code=outcome.code, timings_ms=timings, result_code=code,
        )
        services.audit.put(record)
    except Exception as exc:  # the charge stands; the log line lets the record be rebuilt
        logger.error("audit record not written", extra={
            "contact_id": call.contact_id, "attempt": request.attempt, "outcome": outcome.status,
            "payment_intent_id": outcome.payment_intent_id,
            "error": str(exc) if isinstance(exc, AuditError) else type(exc).__name__})
    settle(services, call, request.attempt, code or "internal-error")


def settle(services: Services, call: Call, attempt: str, result_code: str) -> None:
    """The contact's charge outcome is known (``ivr.disconnect`` reads it when the caller hangs up)."""
    if services.ledger is None:
        return
    try:
        services.ledger.charge_settled(call.contact_id, attempt, result_code)
    except DependencyError as exc:  # a hang-up after this reads the charge as uncertain, never as a hang-up
        log_failure({"contact_id": call.contact_id, "step": "ledger-settle"}, exc)
