"""The Stripe emulator's objects: the documented test cards, and PaymentMethods and PaymentIntents built and
settled the way test mode does. No card number is kept: a PaymentMethod holds brand, last four and a keyed
fingerprint, and the outcome its number selects is returned beside it."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from ivr.card import ZERO_DECIMAL
from ivr.local.stripe.http import StripeHTTPError
from scanners.cards.brands import brand_of, luhn_valid

Outcome = tuple[str, str, str]  # (code, decline_code, message); code "3ds" needs authentication unless MOTO
_DECLINED = "Your card was declined."
TEST_CARDS: dict[str, Outcome] = {
    "4000000000000002": ("card_declined", "generic_decline", _DECLINED),
    "4000000000000341": ("card_declined", "generic_decline", _DECLINED),
    "4000000000009995": ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
    "4000000000009987": ("card_declined", "lost_card", _DECLINED),
    "4000000000009979": ("card_declined", "stolen_card", _DECLINED),
    "4100000000000019": ("card_declined", "fraudulent", _DECLINED),
    "4000000000000069": ("expired_card", "expired_card", "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": ("processing_error", "processing_error", "An error occurred while processing your card."),
    # Stripe's "ZIP check fails" card, declined as an account with the Radar rule "block if ZIP verification fails"
    "4000000000000036": ("card_declined", "incorrect_zip", "The card's postal code failed validation."),
    "4000002500003155": ("3ds", "", ""),
    "4000002760003184": ("3ds", "", ""),
    "4000000000003220": ("3ds", "", ""),
}
INVALID = "invalid_request_error"


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def new_payment_method(params: dict[str, Any], fingerprint_key: bytes) -> tuple[dict[str, Any], Outcome | None]:
    """(the PaymentMethod, the outcome its test card selects) from ``type=card`` parameters."""
    if params.get("type") != "card":
        raise StripeHTTPError(
            400, INVALID, "Missing or unsupported type: expected card.", code="parameter_missing", param="type"
        )
    card = params.get("card")
    if not isinstance(card, dict) or not card.get("number"):
        raise StripeHTTPError(
            400, INVALID, "Missing required param: card[number].", code="parameter_missing", param="card[number]"
        )
    number = re.sub(r"[ -]", "", str(card["number"]))
    brand = brand_of(number) if number.isdigit() else None
    if brand is None or not luhn_valid(number):
        raise StripeHTTPError(
            402, "card_error", "Your card number is incorrect.", code="incorrect_number", param="card[number]"
        )
    month, year = _int(card.get("exp_month")), _int(card.get("exp_year"))
    if month is None or not 1 <= month <= 12:
        raise StripeHTTPError(
            402,
            "card_error",
            "Your card's expiration month is invalid.",
            code="invalid_expiry_month",
            param="card[exp_month]",
        )
    year = year + 2000 if year is not None and year < 100 else year
    today = datetime.now(UTC)
    if year is None or (year, month) < (today.year, today.month) or year > today.year + 50:
        raise StripeHTTPError(
            402,
            "card_error",
            "Your card's expiration year is invalid.",
            code="invalid_expiry_year",
            param="card[exp_year]",
        )
    cvc = str(card.get("cvc", ""))
    if cvc and not re.fullmatch(r"\d{3,4}", cvc):
        raise StripeHTTPError(
            402, "card_error", "Your card's security code is invalid.", code="invalid_cvc", param="card[cvc]"
        )
    method = {
        "id": new_id("pm"),
        "object": "payment_method",
        "type": "card",
        "created": int(time.time()),
        "livemode": False,
        "metadata": {},
        "customer": None,
        "billing_details": {"address": None, "email": None, "name": None, "phone": None},
        "card": {
            "brand": brand.name,
            "last4": number[-4:],
            "exp_month": month,
            "exp_year": year,
            "funding": "credit",
            "country": "US",
            "fingerprint": hmac.new(fingerprint_key, number.encode(), hashlib.sha256).hexdigest()[:16],
            "checks": {"cvc_check": "pass" if cvc else "unchecked"},
        },
    }
    return method, TEST_CARDS.get(number)


def new_intent(params: dict[str, Any]) -> dict[str, Any]:
    """An unconfirmed PaymentIntent (no PaymentMethod attached yet) from checked amount and currency."""
    amount, currency = _int(params.get("amount")), str(params.get("currency", "")).lower()
    if amount is None or amount < 1:
        raise StripeHTTPError(
            400,
            INVALID,
            "Invalid amount: expected a positive integer in the smallest currency unit.",
            code="parameter_invalid_integer",
            param="amount",
        )
    if not re.fullmatch(r"[a-z]{3}", currency):
        raise StripeHTTPError(400, INVALID, "Invalid currency.", code="parameter_invalid", param="currency")
    if currency not in ZERO_DECIMAL and amount < 50:
        raise StripeHTTPError(
            400, INVALID, "Amount must be at least 50 cents.", code="amount_too_small", param="amount"
        )
    if amount > 99_999_999:
        raise StripeHTTPError(
            400, INVALID, "Amount must be no more than 99999999.", code="amount_too_large", param="amount"
        )
    pi_id = new_id("pi")
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": 0,
        "currency": currency,
        "status": "requires_payment_method",
        "created": int(time.time()),
        "livemode": False,
        "capture_method": "automatic",
        "confirmation_method": "automatic",
        "client_secret": f"{pi_id}_secret_{secrets.token_hex(8)}",
        "payment_method": None,
        "payment_method_types": params.get("allowed_payment_method_types")
        or params.get("payment_method_types")
        or ["card"],
        "payment_method_options": {},
        "metadata": params.get("metadata") or {},
        "description": params.get("description"),
        "latest_charge": None,
        "last_payment_error": None,
        "next_action": None,
    }


def settle(intent: dict[str, Any], outcome: Outcome | None) -> dict[str, Any]:
    """Confirm ``intent`` (PaymentMethod attached) with its card's outcome: updated in place; a decline raises."""
    card_options = intent["payment_method_options"].get("card")
    moto = isinstance(card_options, dict) and str(card_options.get("moto", "")).lower() == "true"
    if outcome is not None and outcome[0] == "3ds" and not moto:
        intent.update(status="requires_action", next_action={"type": "use_stripe_sdk"})
        return intent
    charge = new_id("ch")
    intent["latest_charge"] = charge
    if outcome is None or outcome[0] == "3ds":
        intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
        return intent
    code, decline_code, message = outcome
    error = {
        "type": "card_error",
        "code": code,
        "decline_code": decline_code,
        "message": message,
        "charge": charge,
        "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}",
    }
    intent.update(status="requires_payment_method", last_payment_error=dict(error), payment_method=None)
    raise StripeHTTPError(
        402,
        "card_error",
        message,
        code=code,
        decline_code=decline_code,
        charge=charge,
        doc_url=error["doc_url"],
        payment_intent=json.loads(json.dumps(intent)),
    )
