"""Card charges through Stripe: a MOTO PaymentIntent, idempotent per contact and attempt.

The PaymentMethod is created from the raw card (allowed for MOTO with raw-card API access), then a
PaymentIntent is created and confirmed with ``payment_method_options[card][moto]=true``. Both Stripe calls
carry idempotency keys derived from the ContactId and attempt (never from card data), and the whole charge
runs under Powertools Idempotency on DynamoDB keyed the same way, so a Connect or Lambda retry replays the
first answer instead of charging again. Stripe errors are translated once, in ``ivr.payments.stripe_gateway``; the
request and outcome types live in ``ivr.payments.charge``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

from ivr.card import CardData, minor_units
from ivr.errors import DependencyError, PaymentRejected, PaymentUnavailable
from ivr.payments.charge import ChargeOutcome, ChargeRequest, Gateway

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
        self,
        *,
        key: dict[str, str],
        card: CardData,
        request: ChargeRequest,
        deadline: float,
        record: Recorder | None,
        postal_code: str | None = None,
        before_intent: Callable[[str], None] | None = None,
    ) -> dict[str, str]:
        started = self._clock()
        outcome = self._gateway.charge(card, request, deadline=deadline, postal_code=postal_code,
                                       before_intent=before_intent)
        if record is not None:
            record(outcome, self._clock() - started)
        return outcome.to_dict()

    def charge(
        self,
        card: CardData,
        request: ChargeRequest,
        *,
        deadline: float,
        record: Recorder | None = None,
        postal_code: str | None = None,
        before_intent: Callable[[str], None] | None = None,
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
                data = self._run_once(key=key, card=card, request=request, deadline=deadline, record=record,
                                      postal_code=postal_code, before_intent=before_intent)
                return ChargeOutcome.from_dict(data)
            except IdempotencyAlreadyInProgressError as exc:
                if self._clock() + self._poll_s >= deadline:
                    raise PaymentUnavailable("charge for this contact and attempt is still in progress") from exc
                time.sleep(self._poll_s)
            except IdempotencyValidationError as exc:
                raise PaymentRejected("retry for this contact and attempt has a different amount") from exc
            except IdempotencyPersistenceLayerError as exc:
                raise DependencyError("dynamodb idempotency table: read or write failed") from exc

    def replay(self, request: ChargeRequest, payment_method_id: str, *, deadline: float) -> ChargeOutcome:
        """Resolve an earlier charge whose outcome was not known, by its idempotency key (never charges twice)."""
        return self._gateway.replay(request, payment_method_id, deadline=deadline)
