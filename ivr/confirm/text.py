"""The card-free facts of an approved charge, and the words built from them: the SSML template, the model
prompt, and the model's text turned into SSML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax.saxutils import escape

from ivr.prompts import load

_REFERENCE = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,15}$")
_TAG = re.compile(r"<[^>]*>")

_SYSTEM = (
    "You write the closing line of a telephone payment, read aloud by text to speech. In one or two short "
    "sentences, thank the caller, state the amount and the card's last four digits exactly as given, and "
    "read the reference. Use no other numbers and no markup."
)


@dataclass(frozen=True)
class Facts:
    amount: str | None  # "1,250.00"
    currency: str | None  # "GBP"
    brand: str | None  # "Visa"
    last4: str | None
    reference: str | None

    @property
    def complete(self) -> bool:
        return None not in (self.amount, self.currency, self.last4, self.reference)


def facts_of(amount: Any, currency: Any, brand: Any, last4: Any, reference: Any) -> Facts:
    """The well-formed facts; each malformed one is None."""
    text: str | None = None
    try:
        value = Decimal(amount)
        if value.is_finite() and value > 0 and value == value.quantize(Decimal("0.01")):
            text = f"{value:,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        text = None
    cur = currency.upper() if isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency) else None
    brands = load().brands
    name = brands.get(brand.lower()) if isinstance(brand, str) else None
    l4 = last4 if isinstance(last4, str) and re.fullmatch(r"\d{4}", last4) else None
    ref = reference if isinstance(reference, str) and _REFERENCE.fullmatch(reference) else None
    return Facts(text, cur, name, l4, ref)


def _currency_words(code: str | None) -> str:
    if code is None:
        return ""
    words = load().currency_words(code)
    return words[1] if words else f'<say-as interpret-as="characters">{code}</say-as>'


def template(facts: Facts) -> str:
    """The deterministic SSML confirmation; parts that are unknown or malformed are left out."""
    parts = ["Thank you."]
    paid = "Your payment"
    if facts.amount:
        paid += f" of {facts.amount} {_currency_words(facts.currency)}".rstrip()
    if facts.last4:
        card = facts.brand or "card"
        card = f"{card} card" if facts.brand else card
        paid += f' on your {card} ending in <say-as interpret-as="digits">{facts.last4}</say-as>'
    parts.append(paid + " has been approved.")
    if facts.reference:
        parts.append(f'Your reference is <say-as interpret-as="characters">{facts.reference}</say-as>.')
    return "<speak>" + " ".join(parts) + "</speak>"


def build_prompt(facts: Facts) -> str:
    """A raw chat-templated prompt (ChatML, as Qwen imported models expect) holding only card-free facts."""
    card = f"{facts.brand or 'Card'} ending {facts.last4}"
    user = f"Amount: {facts.amount} {facts.currency}\nCard: {card}\nReference: {facts.reference}"
    return f"<|im_start|>system\n{_SYSTEM}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n"


def plain_text(text: str) -> str:
    """``text`` without markup tags, whitespace collapsed."""
    return " ".join(_TAG.sub(" ", text).split())


def to_ssml(text: str, facts: Facts) -> str:
    plain = escape(plain_text(text))
    assert facts.last4 and facts.reference
    plain = re.sub(
        rf"(?<![\d.,]){facts.last4}(?![\d]|[.,]\d)",
        f'<say-as interpret-as="digits">{facts.last4}</say-as>',
        plain,
        count=1,
    )
    plain = plain.replace(facts.reference, f'<say-as interpret-as="characters">{facts.reference}</say-as>', 1)
    return f"<speak>{plain}</speak>"
