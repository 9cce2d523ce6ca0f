"""Reading one caller entry: decrypting Connect's ciphertext, the cancel key, validating by field, and the
answer for an entry that failed."""

from __future__ import annotations

import re
from typing import cast

from ivr.answers import answer
from ivr.card import parse_card_number, parse_cvv, parse_expiry
from ivr.config import Services
from ivr.connect_crypto import decrypt_customer_input
from ivr.dialog import State, ask, error_sentence, plain, retry, speak
from ivr.errors import EventError, Field, NoEntry, ValidationError
from ivr.event import Call
from ivr.prompts import Prompts
from scanners.cards.brands import BRANDS


def decrypt(name: str, call: Call, services: Services) -> str:
    """The decrypted entry; ``NoEntry`` (Connect's ``Timeout``) and empty values become the field's ``timeout``."""
    field = cast(Field, name)
    value = call.params.get(field)
    if value is None:
        raise EventError(f"Details.Parameters.{field}: expected the encrypted entry")
    if not value.strip():
        raise ValidationError(field, "empty", "expected an entry, got an empty value")
    try:
        return decrypt_customer_input(value, private_key_pem=services.private_key(),
                                      key_id=services.settings.connect_key_id)
    except NoEntry:
        raise ValidationError(field, "timeout", "no entry before the input timed out") from None


def after_star(entry: str) -> str | None:
    """The cancel key is delivered to us (``DisableCancelKey``): what follows the last ``*`` is the entry;
    nothing after it means the caller wants that field asked again."""
    if "*" not in entry:
        return entry
    tail = entry.rsplit("*", 1)[1]
    return tail if tail.strip() else None


def check(field: str, value: str, services: Services, brand: str) -> str:
    """Validate one entry; returns the brand (for the card number) or the known brand."""
    if field == "card_number":
        return parse_card_number(value).brand.name
    if field == "expiry":
        parse_expiry(value, today=services.today())
    elif field == "cvv":
        parse_cvv(value, next((b for b in BRANDS if b.name == brand), None))
    else:
        pattern = services.settings.postal_code_pattern or ""
        if not value.strip():
            raise ValidationError("postal_code", "empty", "expected a postal code")
        if not re.fullmatch(pattern, value.strip()):
            raise ValidationError("postal_code", "format", "expected the configured postal code format")
    return brand


def entry(name: str, call: Call, services: Services) -> str:
    """The decrypted entry as the caller meant it (what follows a ``*``); empty when nothing followed it."""
    value = after_star(decrypt(name, call, services))
    return value if value is not None else ""


def invalid(p: Prompts, state: State, field: str, code: str) -> dict[str, str]:
    again = retry(state, field)
    if again is None:
        return answer("invalid", speak(plain(p.text("too_many"))), next_step="transfer", field=field, reason=code,
                      result_code="too-many-failed-attempts")
    return answer("invalid", speak(error_sentence(p, field, code), ask(p, field, again.tries, state.brand)),
                  next_step=field, state=again.dump(), field=field, reason=code)
