"""What a charge is and what came of it: the request, the outcome, the decline reasons we speak, and the
keys and references derived from a contact (never from card data)."""

from __future__ import annotations

import re
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
