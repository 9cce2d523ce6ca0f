"""Amazon Connect entry point: ``lambda_handler(event, context) -> dict[str, str]`` (wiring only).

``Details.Parameters.mode`` is ``validate`` (decrypt and check one ``field``, never charge) or ``charge``
(decrypt ``card_number``, ``expiry`` and ``cvv``, charge ``Attributes.amount_due`` once per ContactId and
``attempt``, audit, confirm). The answer is a flat string map: ``result`` (valid, invalid, approved, declined,
error), ``field``, ``message`` (SSML), ``reference`` and ``reason``. Every call is answered, inside Connect's 8 s
budget, and no answer or log line carries a card value.
"""

from __future__ import annotations

import contextlib
import os
import threading
import traceback
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast
from xml.sax.saxutils import escape

from aws_lambda_powertools.utilities.data_classes import ConnectContactFlowEvent

from ivr.card import CardData, parse_amount, parse_card, parse_card_number, parse_currency, parse_cvv, parse_expiry
from ivr.card import spoken as spoken_invalid
from ivr.config import ConfirmFn, Services, build_services
from ivr.connect_crypto import decrypt_customer_input
from ivr.errors import (
    CARD_FIELDS,
    AuditError,
    DependencyError,
    EventError,
    Field,
    IvrError,
    NoEntry,
    PaymentError,
    PaymentRejected,
    ValidationError,
)
from ivr.payments import ChargeOutcome, ChargeRequest, reference_of, spoken_decline
from ivr.redact import build_logger

CONNECT_BUDGET_S = 8.0
SAFETY_S = 0.4  # left for returning the answer to Connect
CONFIRM_RESERVE_S = 1.0  # kept back from Stripe for the audit write and the confirmation
MIN_CHARGE_S = 1.0  # a charge is not started with less time than this
ATTEMPTS = frozenset({"1", "2", "3"})
NOT_CHARGED = "Sorry, we can't take your payment right now, and your card has not been charged."
UNCERTAIN = "Sorry, we couldn't confirm your payment. Please don't pay again until we have contacted you."
CURRENCY_WORDS = {"usd": "dollars", "gbp": "pounds", "eur": "euros", "cad": "Canadian dollars"}

logger = build_logger("ivr")
_state: dict[str, Services] = {}
_lock = threading.Lock()


def configure(services: Services | None) -> None:
    """Install the collaborators (tests, the local stack); ``None`` rebuilds them from the environment."""
    with _lock:
        _state.pop("services", None)
        if services is not None:
            _state["services"] = services


def _services() -> Services:
    with _lock:
        if "services" not in _state:
            _state["services"] = build_services()
        return _state["services"]


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, str]:
    try:
        services = _services()
    except Exception as exc:
        _log_failure("init", exc)
        return _answer("error", _speak(NOT_CHARGED))
    return handle(event, context, services)


@dataclass(frozen=True, slots=True)
class _Call:
    contact_id: str
    mode: str
    params: dict[str, str]
    attributes: dict[str, str]


def _parse(event: Any) -> _Call:
    try:
        parsed = ConnectContactFlowEvent(event)
        contact_id = str(parsed.contact_data.contact_id)
        params = {str(k): str(v) for k, v in (parsed.parameters or {}).items()}
        attributes = {str(k): str(v) for k, v in (parsed.contact_data.attributes or {}).items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise EventError("event: expected a ContactFlowEvent with Details.ContactData and Details.Parameters") from exc
    if not contact_id or len(contact_id) > 128 or not contact_id.replace("-", "").isalnum():
        raise EventError("Details.ContactData.ContactId: expected a contact id (letters, digits, dashes)")
    mode = params.get("mode", "")
    if mode not in ("validate", "charge"):
        raise EventError("Details.Parameters.mode: expected validate or charge")
    return _Call(contact_id, mode, params, attributes)


def _budget(context: Any) -> float:
    remaining = CONNECT_BUDGET_S
    getter = getattr(context, "get_remaining_time_in_millis", None)
    if callable(getter):
        with contextlib.suppress(TypeError, ValueError):
            remaining = min(remaining, float(getter()) / 1000)
    return max(0.0, remaining - SAFETY_S)


def handle(event: Any, context: Any, services: Services) -> dict[str, str]:
    """Answer one Connect invocation; never raises."""
    started = services.clock()
    deadline = started + _budget(context)
    info: dict[str, Any] = {"contact_id": None, "mode": None}
    try:
        call = _parse(event)
        info.update(contact_id=call.contact_id, mode=call.mode)
        answer = _validate(call, services) if call.mode == "validate" else _charge(call, services, deadline, info)
    except ValidationError as exc:
        if exc.field in CARD_FIELDS:
            answer = _answer("invalid", _speak(spoken_invalid(exc)), field=exc.field, reason=exc.code)
        else:  # amount or currency: the contact was set up wrongly, not the caller's fault
            _log_failure(info, exc)
            answer = _answer("error", _speak(NOT_CHARGED))
    except PaymentRejected as exc:
        _log_failure(info, exc)
        answer = _answer("error", _speak(NOT_CHARGED))
    except Exception as exc:
        _log_failure(info, exc)
        answer = _answer("error", _speak(UNCERTAIN if info.get("charge_started") else NOT_CHARGED))
    elapsed_ms = round((services.clock() - started) * 1000)
    logger.info("ivr call answered", extra={**info, "result": answer["result"], "field": answer["field"],
                                            "reason": answer["reason"], "elapsed_ms": elapsed_ms})
    return answer


def _validate(call: _Call, services: Services) -> dict[str, str]:
    if call.params.get("field", "") not in CARD_FIELDS:
        raise EventError("Details.Parameters.field: expected card_number, expiry or cvv")
    field = cast(Field, call.params["field"])
    value = _decrypt(field, call.params, services)
    if field == "card_number":
        parse_card_number(value)
    elif field == "expiry":
        parse_expiry(value, today=services.today())
    else:
        parse_cvv(value)
    return _answer("valid", _speak("Thank you."), field=field)


def _charge(call: _Call, services: Services, deadline: float, info: dict[str, Any]) -> dict[str, str]:
    settings = services.settings
    attempt = call.params.get("attempt", "")
    if attempt not in ATTEMPTS:
        raise EventError("Details.Parameters.attempt: expected 1, 2 or 3")
    info["attempt"] = attempt
    currency = parse_currency(call.attributes.get("currency"), settings.currency)
    amount = parse_amount(call.attributes.get("amount_due"), limit=settings.amount_limit, currency=currency)
    t0 = services.clock()
    entries = {name: _decrypt(name, call.params, services) for name in CARD_FIELDS}
    card = parse_card(entries["card_number"], entries["expiry"], entries["cvv"], today=services.today())
    del entries
    timings = {"decrypt_validate_ms": (services.clock() - t0) * 1000}
    if deadline - services.clock() < MIN_CHARGE_S + CONFIRM_RESERVE_S:
        raise PaymentRejected("not enough of Connect's time budget left to start a charge")
    request = ChargeRequest(call.contact_id, attempt, amount, currency)
    info["charge_started"] = True

    def record(outcome: ChargeOutcome, stripe_s: float) -> None:
        timings["stripe_ms"] = stripe_s * 1000
        _audit(services, call, card, request, outcome=outcome, timings=timings)

    try:
        outcome = services.payments.charge(card, request, deadline=deadline - CONFIRM_RESERVE_S,
                                           record=record)
    except (PaymentError, DependencyError) as exc:
        _audit(services, call, card, request, outcome=ChargeOutcome("error", code=type(exc).__name__), timings=timings)
        raise
    info.update(payment_intent_id=outcome.payment_intent_id, code=outcome.code)
    if outcome.status == "declined":
        return _answer("declined", _speak(spoken_decline(outcome.reason) + " Your card has not been charged."),
                       reason=outcome.reason)
    reference = reference_of(outcome.payment_intent_id)
    ssml, source = _confirmation(services, card, amount=amount, currency=currency, reference=reference,
                                  deadline=deadline)
    info["confirmation"] = source
    return _answer("approved", ssml, reference=reference)


def _decrypt(field: Field, params: dict[str, str], services: Services) -> str:
    if field not in params:
        raise EventError(f"Details.Parameters.{field}: expected the encrypted entry")
    if not params[field].strip():
        raise ValidationError(field, "empty", "expected an entry, got an empty value")
    try:
        return decrypt_customer_input(params[field], private_key_pem=services.private_key(),
                                      key_id=services.settings.connect_key_id)
    except NoEntry:
        raise ValidationError(field, "timeout", "no entry before the input timed out") from None


def _audit(services: Services, call: _Call, card: CardData, request: ChargeRequest, *, outcome: ChargeOutcome,
           timings: dict[str, float]) -> None:
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


def _default_confirm() -> ConfirmFn | None:
    try:
        from ivr.confirm import confirmation
    except ImportError:
        return None
    return confirmation


def _confirmation(services: Services, card: CardData, *, amount: Decimal, currency: str, reference: str,
                  deadline: float) -> tuple[str, str]:
    confirm = services.confirm or _default_confirm()
    if confirm is not None:
        try:
            result = confirm(
                amount=amount, currency=currency, brand=card.brand, last4=card.last4, reference=reference,
                deadline_s=max(0.0, deadline - services.clock()), bedrock=services.bedrock,
                model_id=services.settings.model_id, prompt_log=services.prompt_log,
            )
            ssml = getattr(result, "ssml", None)
            if isinstance(ssml, str) and ssml.startswith("<speak>"):
                return ssml, str(getattr(result, "source", "model"))
        except Exception as exc:
            _log_failure({"step": "confirmation"}, exc)
    words = CURRENCY_WORDS.get(currency, currency.upper())
    return (f"<speak>Thank you. Your payment of {escape(str(amount))} {escape(words)} on your card ending in "
            f'<say-as interpret-as="digits">{card.last4}</say-as> has been approved. Your reference is '
            f'<say-as interpret-as="characters">{escape(reference)}</say-as>.</speak>'), "template"


def _speak(text: str) -> str:
    return f"<speak>{escape(text)}</speak>"


def _answer(result: str, message: str, *, field: str = "", reference: str = "", reason: str = "") -> dict[str, str]:
    return {"result": result, "field": field, "message": message, "reference": reference, "reason": reason}


def _log_failure(where: Any, exc: BaseException) -> None:
    """Our own errors carry safe messages; a foreign error's message may hold input, so only its type and frames."""
    extra: dict[str, Any] = dict(where) if isinstance(where, dict) else {"step": where}
    extra["error_type"] = type(exc).__name__
    if isinstance(exc, IvrError):
        extra["error"] = str(exc)
        cause = exc.__cause__
        if cause is not None:
            extra["cause_type"] = type(cause).__name__
        logger.warning("ivr call failed", extra=extra)
    else:
        extra["frames"] = "".join(traceback.format_tb(exc.__traceback__))
        logger.error("ivr call failed unexpectedly", extra=extra)


if os.environ.get("AWS_EXECUTION_ENV", "").startswith("AWS_Lambda_"):  # pragma: no cover - real Lambda init
    try:
        _services()
    except Exception as _exc:
        _log_failure("init", _exc)
