"""The Stripe gateway: a MOTO PaymentIntent confirmed with a raw-card PaymentMethod, through the ``stripe`` SDK.

Both Stripe calls carry idempotency keys derived from the ContactId and attempt, every HTTP request is cut
short at the charge's deadline, and Stripe errors are translated here, once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
import stripe

from ivr.card import CardData, minor_units
from ivr.errors import PaymentNotEnabled, PaymentRejected, PaymentUnavailable
from ivr.payments.charge import ChargeOutcome, ChargeRequest, decline_reason, idempotency_key


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


RAW_CARD_PREREQUISITE = "stripe-raw-card-data"


def raw_card_refused(exc: stripe.StripeError) -> bool:
    """Stripe's answer to a raw card number from an account without raw card data API access: an
    ``invalid_request_error`` without a ``code`` whose message points at the enablement page."""
    message = str(getattr(exc, "user_message", None) or exc)
    return (isinstance(exc, stripe.InvalidRequestError) and not getattr(exc, "code", None)
            and ("raw-card-data" in message or "raw card data" in message.lower()))


def _translate(exc: stripe.StripeError, op: str) -> Exception:
    status = getattr(exc, "http_status", None)
    code = getattr(exc, "code", None) or ""
    detail = f"stripe {op}: {type(exc).__name__} (http {status}, code {code or 'none'})"
    if raw_card_refused(exc):
        return PaymentNotEnabled(
            f"{detail}: raw card data APIs are not enabled for this Stripe account (ask Stripe support)",
            RAW_CARD_PREREQUISITE,
        )
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

    def charge(
        self,
        card: CardData,
        request: ChargeRequest,
        *,
        deadline: float,
        postal_code: str | None = None,
        before_intent: Callable[[str], None] | None = None,
    ) -> ChargeOutcome:
        """PaymentMethod then PaymentIntent; ``before_intent(pm_id)`` runs just before the intent is sent."""
        key = idempotency_key(request.contact_id, request.attempt)
        client = self.client()
        method_params: dict[str, Any] = {
            "type": "card",
            "card": {
                "number": card.number.reveal(),
                "exp_month": card.expiry.month,
                "exp_year": card.expiry.year,
                "cvc": card.cvv.reveal(),
            },
        }
        if postal_code:
            method_params["billing_details"] = {"address": {"postal_code": postal_code}}
        self._session.local.deadline = deadline
        try:
            try:
                method = client.v1.payment_methods.create(params=method_params,  # type: ignore[arg-type]
                                                          options={"idempotency_key": f"{key}-pm"})
            except stripe.CardError as exc:
                return _declined(exc)
            except stripe.StripeError as exc:
                raise _translate(exc, "create PaymentMethod") from exc
            if before_intent is not None:
                before_intent(method.id)
            return self._intent(client, request, method.id)
        finally:
            self._session.local.deadline = None

    def replay(self, request: ChargeRequest, payment_method_id: str, *, deadline: float) -> ChargeOutcome:
        """Look up an earlier charge by its idempotency key: the same PaymentIntent request sent again gets
        Stripe's saved answer for that key (approved, declined) without a second charge."""
        client = self.client()
        self._session.local.deadline = deadline
        try:
            return self._intent(client, request, payment_method_id)
        finally:
            self._session.local.deadline = None

    @staticmethod
    def _intent(client: stripe.StripeClient, request: ChargeRequest, payment_method_id: str) -> ChargeOutcome:
        try:
            intent = client.v1.payment_intents.create(
                params={
                    "amount": minor_units(request.amount, request.currency),
                    "currency": request.currency,
                    "payment_method": payment_method_id,
                    "allowed_payment_method_types": ["card"],
                    "confirm": True,
                    "payment_method_options": {"card": {"moto": True}},
                    "metadata": {"contact_id": request.contact_id, "attempt": request.attempt},
                    "description": "Phone payment",
                },
                options={"idempotency_key": idempotency_key(request.contact_id, request.attempt)},
            )
        except stripe.CardError as exc:
            return _declined(exc)
        except stripe.StripeError as exc:
            raise _translate(exc, "create PaymentIntent") from exc
        return _outcome_of(intent)


def _outcome_of(intent: Any) -> ChargeOutcome:
    status = getattr(intent, "status", "")
    if status in ("succeeded", "requires_capture"):
        return ChargeOutcome("approved", intent.id, created=str(getattr(intent, "created", "") or ""))
    if status == "requires_action":
        return ChargeOutcome("declined", intent.id, "authentication_required", "authentication_required")
    if status == "requires_payment_method":
        err = getattr(intent, "last_payment_error", None)
        code, decline = getattr(err, "code", None), getattr(err, "decline_code", None)
        return ChargeOutcome("declined", intent.id, decline_reason(code, decline), str(decline or code or ""))
    raise PaymentUnavailable(f"stripe PaymentIntent {intent.id}: unexpected status {status}")
