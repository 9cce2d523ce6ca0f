"""Card charges through Stripe: a MOTO PaymentIntent, idempotent per contact and attempt.

The PaymentMethod is created from the raw card (allowed for MOTO with raw-card API access), then a
PaymentIntent is created and confirmed with ``payment_method_options[card][moto]=true``. Both Stripe calls
carry idempotency keys derived from the ContactId and attempt (never from card data), and the whole charge
runs under Powertools Idempotency on DynamoDB keyed the same way, so a Connect or Lambda retry replays the
first answer instead of charging again. Stripe errors are translated here, once.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

import requests
import stripe
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

from ivr.card import CardData, minor_units
from ivr.errors import DependencyError, PaymentRejected, PaymentUnavailable

Status = Literal["approved", "declined", "error"]

# Stripe code / decline_code -> the reason returned to Connect. Lost, stolen and fraud codes are spoken as a
# generic decline (Stripe's guidance); the raw code still goes to the audit record.
_REASONS: dict[str, str] = {
    "insufficient_funds": "insufficient_funds",
    "expired_card": "expired_card",
    "invalid_expiry_month": "invalid_expiry",
    "invalid_expiry_year": "invalid_expiry",
    "incorrect_cvc": "incorrect_cvc",
    "invalid_cvc": "incorrect_cvc",
    "incorrect_number": "incorrect_number",
    "invalid_number": "incorrect_number",
    "processing_error": "processing_error",
    "card_not_supported": "card_not_supported",
    "currency_not_supported": "currency_not_supported",
    "authentication_required": "authentication_required",
    "try_again_later": "try_again_later",
    "approve_with_id": "try_again_later",
}
SPOKEN_DECLINES: dict[str, str] = {
    "generic_decline": "Sorry, your card was declined by your bank.",
    "insufficient_funds": "Sorry, your card was declined because of insufficient funds.",
    "expired_card": "Sorry, that card has expired.",
    "invalid_expiry": "Sorry, the expiry date was not accepted.",
    "incorrect_cvc": "Sorry, the security code was not accepted.",
    "incorrect_number": "Sorry, the card number was not accepted.",
    "processing_error": "Sorry, there was a problem processing your card.",
    "card_not_supported": "Sorry, that card does not support this kind of payment.",
    "currency_not_supported": "Sorry, that card cannot be charged in this currency.",
    "authentication_required": "Sorry, your bank needs to approve this payment in another way.",
    "try_again_later": "Sorry, your bank asked us to try again later.",
}


def decline_reason(code: str | None, decline_code: str | None) -> str:
    """Map Stripe's ``code``/``decline_code`` to a reason we speak (``generic_decline`` when unknown)."""
    for candidate in (decline_code, code):
        if candidate and candidate in _REASONS:
            return _REASONS[candidate]
    return "generic_decline"


def spoken_decline(reason: str) -> str:
    return SPOKEN_DECLINES.get(reason, SPOKEN_DECLINES["generic_decline"])


def idempotency_key(contact_id: str, attempt: str) -> str:
    """Stripe idempotency key for a contact's attempt (no card data in it)."""
    return f"ivr-{contact_id}-{attempt}"


def reference_of(payment_intent_id: str) -> str:
    """A short spoken reference: the last eight alphanumerics of the PaymentIntent id, upper-cased."""
    tail = re.sub(r"[^A-Za-z0-9]", "", payment_intent_id.rsplit("_", 1)[-1])
    return tail[-8:].upper()


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    contact_id: str
    attempt: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class ChargeOutcome:
    """What Stripe decided. Holds no card data, so it may be stored by the idempotency layer."""

    status: Status
    payment_intent_id: str = ""
    reason: str = ""
    code: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChargeOutcome:
        status: Status = "approved" if data.get("status") == "approved" else "declined"
        return cls(
            status, str(data.get("payment_intent_id", "")), str(data.get("reason", "")), str(data.get("code", ""))
        )


class Gateway(Protocol):
    def charge(self, card: CardData, request: ChargeRequest, *, deadline: float) -> ChargeOutcome: ...


class _DeadlineSession(requests.Session):
    """A requests session whose timeout never runs past the current thread's deadline."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self.timeout_s = timeout_s
        self.local = threading.local()

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        deadline: float | None = getattr(self.local, "deadline", None)
        timeout = self.timeout_s
        if deadline is not None:
            timeout = min(timeout, deadline - time.monotonic())
            if timeout <= 0.05:
                raise requests.Timeout("payment deadline reached before the request")
        kwargs["timeout"] = timeout
        return super().request(method, url, *args, **kwargs)


def _translate(exc: stripe.StripeError, op: str) -> Exception:
    status = getattr(exc, "http_status", None)
    code = getattr(exc, "code", None) or ""
    detail = f"stripe {op}: {type(exc).__name__} (http {status}, code {code or 'none'})"
    if isinstance(exc, stripe.RateLimitError | stripe.APIConnectionError | stripe.APIError):
        return PaymentUnavailable(detail)
    if isinstance(
        exc, stripe.AuthenticationError | stripe.PermissionError | stripe.IdempotencyError | stripe.InvalidRequestError
    ):
        return PaymentRejected(detail)
    return PaymentUnavailable(detail)


def _declined(exc: stripe.CardError) -> ChargeOutcome:
    err = getattr(exc, "error", None)
    decline_code = getattr(err, "decline_code", None) if err is not None else None
    intent = getattr(err, "payment_intent", None) if err is not None else None
    intent_id = getattr(intent, "id", None) or (intent if isinstance(intent, str) else "")
    code = getattr(exc, "code", None) or ""
    return ChargeOutcome(
        "declined", str(intent_id or ""), decline_reason(code, decline_code), str(decline_code or code)
    )


class StripeGateway:
    """Creates the PaymentMethod and a confirmed MOTO PaymentIntent with the real ``stripe`` SDK."""

    def __init__(
        self,
        api_key: Callable[[], str],
        *,
        api_base: str | None = None,
        timeout_s: float = 4.0,
        max_network_retries: int = 1,
    ) -> None:
        self._api_key = api_key
        self._api_base = api_base
        self._session = _DeadlineSession(timeout_s)
        self._retries = max_network_retries
        self._client: stripe.StripeClient | None = None

    def __repr__(self) -> str:
        return f"StripeGateway(api_base={self._api_base!r})"

    def client(self) -> stripe.StripeClient:
        if self._client is None:
            http = stripe.RequestsClient(session=self._session, timeout=self._session.timeout_s)
            self._client = stripe.StripeClient(
                self._api_key(),
                base_addresses={"api": self._api_base} if self._api_base else None,
                http_client=http,
                max_network_retries=self._retries,
            )
        return self._client

    def charge(self, card: CardData, request: ChargeRequest, *, deadline: float) -> ChargeOutcome:
        key = idempotency_key(request.contact_id, request.attempt)
        client = self.client()
        self._session.local.deadline = deadline
        try:
            try:
                method = client.v1.payment_methods.create(
                    params={
                        "type": "card",
                        "card": {
                            "number": card.number.reveal(),
                            "exp_month": card.expiry.month,
                            "exp_year": card.expiry.year,
                            "cvc": card.cvv.reveal(),
                        },
                    },
                    options={"idempotency_key": f"{key}-pm"},
                )
            except stripe.CardError as exc:
                return _declined(exc)
            except stripe.StripeError as exc:
                raise _translate(exc, "create PaymentMethod") from exc
            try:
                intent = client.v1.payment_intents.create(
                    params={
                        "amount": minor_units(request.amount, request.currency),
                        "currency": request.currency,
                        "payment_method": method.id,
                        "allowed_payment_method_types": ["card"],
                        "confirm": True,
                        "payment_method_options": {"card": {"moto": True}},
                        "metadata": {"contact_id": request.contact_id, "attempt": request.attempt},
                        "description": "Phone payment",
                    },
                    options={"idempotency_key": key},
                )
            except stripe.CardError as exc:
                return _declined(exc)
            except stripe.StripeError as exc:
                raise _translate(exc, "create PaymentIntent") from exc
        finally:
            self._session.local.deadline = None
        return _outcome_of(intent)


def _outcome_of(intent: Any) -> ChargeOutcome:
    status = getattr(intent, "status", "")
    if status in ("succeeded", "requires_capture"):
        return ChargeOutcome("approved", intent.id)
    if status == "requires_action":
        return ChargeOutcome("declined", intent.id, "authentication_required", "authentication_required")
    if status == "requires_payment_method":
        err = getattr(intent, "last_payment_error", None)
        code, decline = getattr(err, "code", None), getattr(err, "decline_code", None)
        return ChargeOutcome("declined", intent.id, decline_reason(code, decline), str(decline or code or ""))
    raise PaymentUnavailable(f"stripe PaymentIntent {intent.id}: unexpected status {status}")


Recorder = Callable[[ChargeOutcome, float], None]


class _Remaining:
    """Enough of a Lambda context for Powertools: the in-progress record expires with our deadline."""

    def __init__(self, deadline: float, clock: Callable[[], float]) -> None:
        self._deadline, self._clock = deadline, clock

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - self._clock()) * 1000))


class PaymentService:
    """Runs a charge at most once per (ContactId, attempt) under Powertools Idempotency.

    ``record`` (the audit writer) runs inside the idempotent section, so a replay neither charges nor audits
    twice. Transient errors raise, which releases the idempotency record for a later retry.
    """

    def __init__(
        self,
        gateway: Gateway,
        *,
        persistence: BasePersistenceLayer | None,
        expires_after_s: int = 24 * 3600,
        poll_s: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._gateway = gateway
        self._clock = clock
        self._poll_s = poll_s
        self._config = IdempotencyConfig(
            event_key_jmespath="[contact_id, attempt]",
            payload_validation_jmespath="[amount, currency]",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=expires_after_s,
            hash_function="sha256",
        )
        self._run_once: Callable[..., dict[str, str]] = self._run
        if persistence is not None:
            self._run_once = idempotent_function(
                data_keyword_argument="key", persistence_store=persistence, config=self._config
            )(self._run)

    def _run(
        self, *, key: dict[str, str], card: CardData, request: ChargeRequest, deadline: float, record: Recorder | None
    ) -> dict[str, str]:
        started = self._clock()
        outcome = self._gateway.charge(card, request, deadline=deadline)
        if record is not None:
            record(outcome, self._clock() - started)
        return outcome.to_dict()

    def charge(
        self, card: CardData, request: ChargeRequest, *, deadline: float, record: Recorder | None = None
    ) -> ChargeOutcome:
        """The outcome for this contact and attempt; the in-progress lock expires at ``deadline``."""
        self._config.register_lambda_context(_Remaining(deadline, self._clock))  # type: ignore[arg-type]
        key = {
            "contact_id": request.contact_id,
            "attempt": request.attempt,
            "amount": str(minor_units(request.amount, request.currency)),
            "currency": request.currency,
        }
        while True:
            try:
                data = self._run_once(key=key, card=card, request=request, deadline=deadline, record=record)
                return ChargeOutcome.from_dict(data)
            except IdempotencyAlreadyInProgressError as exc:
                if self._clock() + self._poll_s >= deadline:
                    raise PaymentUnavailable("charge for this contact and attempt is still in progress") from exc
                time.sleep(self._poll_s)
            except IdempotencyValidationError as exc:
                raise PaymentRejected("retry for this contact and attempt has a different amount") from exc
            except IdempotencyPersistenceLayerError as exc:
                raise DependencyError("dynamodb idempotency table: read or write failed") from exc
