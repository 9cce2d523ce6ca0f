"""The caller's side of the payment: which entry comes next, what is said, and the contact's result code.

The flow keeps a small state string for us (``$.External.state`` -> flow attribute ``ivr_state`` -> next call's
``state`` parameter); it holds the step, the try of that step, the brand, the charge attempt, the one field to
re-ask after a decline, the open menu and its repeats. Never a card value: the brand is the only card fact in it.
Every answer names what the flow does next (``next``: an entry, ``menu``, ``charge``, ``end`` or ``transfer``)
and the SSML to play (``prompt``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from ivr.errors import EventError
from ivr.prompts import Prompts
from scanners.cards.brands import BRANDS

ENTRY_FIELDS = ("card_number", "expiry", "cvv", "postal_code")
MAX_TRIES = 3
MAX_CHARGE_ATTEMPTS = 3
MENUS = ("", "confirm", "declined", "duplicate")
# The fixed vocabulary every contact ends with (contact attribute, audit record, metric dimension).
RESULT_CODES = (
    "success",
    "declined",
    "too-many-failed-attempts",
    "caller-aborted",
    "caller-hung-up",
    "no-input",
    "payment-connector-error",
    "payment-connector-not-enabled",
    "uncertain",
    "duplicate-suspected",
    "recording-unavailable",
    "internal-error",
)
# The decline reasons that ask again for only the field the issuer rejected.
REDO_FIELD = {
    "incorrect_cvc": "cvv",
    "expired_card": "expiry",
    "invalid_expiry": "expiry",
    "incorrect_number": "card_number",
    "incorrect_zip": "postal_code",
}


@dataclass(frozen=True, slots=True)
class State:
    step: str = "card_number"
    tries: int = 1
    brand: str = ""
    attempt: int = 1
    redo: str = ""
    menu: str = ""
    repeats: int = 0
    dup_ok: bool = False

    def dump(self) -> str:
        return (f"step={self.step};tries={self.tries};brand={self.brand};attempt={self.attempt};redo={self.redo};"
                f"menu={self.menu};repeats={self.repeats};dup_ok={int(self.dup_ok)}")

    @classmethod
    def parse(cls, text: str | None) -> State:
        """The state from the flow; empty means the start. Malformed: ``EventError`` naming the parameter."""
        if not text or not text.strip():
            return cls()
        try:
            parts = dict(p.split("=", 1) for p in text.strip().split(";") if p)
            state = cls(
                step=parts.get("step", "card_number"),
                tries=int(parts.get("tries", "1")),
                brand=parts.get("brand", ""),
                attempt=int(parts.get("attempt", "1")),
                redo=parts.get("redo", ""),
                menu=parts.get("menu", ""),
                repeats=int(parts.get("repeats", "0")),
                dup_ok=parts.get("dup_ok", "0") == "1",
            )
        except ValueError:
            raise EventError("Details.Parameters.state: expected key=value pairs separated by ;") from None
        known_brands = {b.name for b in BRANDS} | {""}
        if (state.step not in (*ENTRY_FIELDS, "menu", "charge") or state.redo not in ("", *ENTRY_FIELDS)
                or state.menu not in MENUS or state.brand not in known_brands
                or not 1 <= state.tries <= MAX_TRIES or not 1 <= state.attempt <= MAX_CHARGE_ATTEMPTS
                or not 0 <= state.repeats <= 1):
            raise EventError("Details.Parameters.state: expected a state written by this IVR")
        return state


def fields(postal: bool) -> tuple[str, ...]:
    return ENTRY_FIELDS if postal else ENTRY_FIELDS[:3]


def after(field: str, state: State, *, postal: bool) -> str:
    """The entry after ``field`` (``menu`` = the confirmation); a re-asked field goes straight to it."""
    if state.redo == field:
        return "menu"
    order = fields(postal)
    index = order.index(field)
    return order[index + 1] if index + 1 < len(order) else "menu"


def speak(*sentences: str) -> str:
    """SSML from sentences that may already hold SSML fragments (``say-as``); empty ones are left out."""
    return "<speak>" + " ".join(s for s in sentences if s) + "</speak>"


def plain(text: str) -> str:
    return escape(text)


def ask(p: Prompts, field: str, tries: int, brand: str) -> str:
    """The entry prompt by field, try and brand (the CVV prompt names the brand's length and place)."""
    key = f"{field}.{min(max(tries, 1), MAX_TRIES)}"
    if field != "cvv":
        return plain(p.text(key))
    known = next((b for b in BRANDS if b.name == brand), None)
    if known is None:
        return plain(p.text("cvv.unknown"))
    place = p.text("cvv.place.front" if known.cvv_length == 4 else "cvv.place.back")
    return plain(p.text(key, length=str(known.cvv_length), place=place))


def error_sentence(p: Prompts, field: str, code: str) -> str:
    key = f"error.{field}.{code}"
    return plain(p.text(key if p.has(key) else "error.other"))


def last4_ssml(last4: str) -> str:
    return f'<say-as interpret-as="digits">{escape(last4)}</say-as>'


def start(state: State) -> State:
    """The state at the start of card entry (keeps the charge attempt)."""
    return State(attempt=state.attempt)


def retry(state: State, field: str) -> State | None:
    """The state for another try of ``field``, or None after the last try."""
    tries = state.tries + 1 if state.step == field else 2
    return None if tries > MAX_TRIES else replace(state, step=field, tries=tries, menu="", repeats=0)
