"""What a charge is and what came of it: the request, the outcome, the decline reasons (their words live in
``ivr.prompts``), and the keys and references derived from a contact (never from card data)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from ivr.card import CardData

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
    "incorrect_zip": "incorrect_zip",
}
def decline_reason(code: str | None, decline_code: str | None) -> str:
    """Map Stripe's ``code``/``decline_code`` to a reason we speak (``generic_decline`` when unknown)."""
    for candidate in (decline_code, code):
        if candidate and candidate in _REASONS:
            return _REASONS[candidate]
    return "generic_decline"


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
    created: str = ""  # Stripe's ``created`` (epoch seconds) of an approved PaymentIntent

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChargeOutcome:
        status: Status = "approved" if data.get("status") == "approved" else "declined"
        return cls(
            status, str(data.get("payment_intent_id", "")), str(data.get("reason", "")), str(data.get("code", "")),
            str(data.get("created", "")),
        )


class Gateway(Protocol):
    def charge(
        self,
        card: CardData,
        request: ChargeRequest,
        *,
        deadline: float,
        postal_code: str | None = None,
        before_intent: Callable[[str], None] | None = None,
    ) -> ChargeOutcome: ...

    def replay(self, request: ChargeRequest, payment_method_id: str, *, deadline: float) -> ChargeOutcome: ...
