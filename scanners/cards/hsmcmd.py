"""Card data in the host commands of a Thales (Racal) payShield HSM, as a host application's trace logs them: the
message header, then ``CW`` (generate a card verification code: CVK, card number, ``;``, expiry YYMM, service code)
or ``CY`` (verify one: CVK, the 3-digit CVV, card number, ``;``, expiry, service code), all glued.

The CVK is read only with its key scheme (``U``/``X``: a double-length key, 32 hex characters; ``T``/``Y``: triple
length, 48), so where the key ends and the card number starts is certain; the header before the command code ends
in a digit or a non-letter (``2550CW``). The card number must be a brand-range, Luhn-valid one and the expiry a valid
YYMM (a card in use: years 20-49); the service code's three digits close the command."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from scanners.cards.brands import is_pan_ascii
from scanners.lazy_re import lazy_compile

# The engine's trigger: the command code and the key scheme, then the first 32 hex characters of the key.
TRIGGER = r"C[WY][UXTY][0-9A-F]{32}"
REACH = 96  # from the command code to the end of its service code at most
_COMMAND = lazy_compile(
    r"(?<![A-Za-z])C(?P<code>[WY])(?:[UX][0-9A-F]{32}|[TY][0-9A-F]{48})(?P<digits>[0-9]{12,22});"
    r"(?P<exp>[2-4][0-9](?:0[1-9]|1[0-2]))[0-9]{3}(?![0-9])"
)


def command_fields(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Literal["pan", "expiry"], str, str]]:
    """(start, end, kind, value, card number) of the card number (``pan``) and expiry (``expiry``, as MM/YY) of each
    CW or CY command within ``text[pos:endpos]``."""
    for m in _COMMAND.finditer(text, max(0, pos - REACH), min(len(text), endpos + REACH)):
        start = m.start("digits") + (3 if m["code"] == "Y" else 0)  # CY: the CVV being verified comes first
        pan, exp = text[start : m.end("digits")], m["exp"]
        if not is_pan_ascii(pan):
            continue
        if pos <= start and m.end("digits") <= endpos:
            yield start, m.end("digits"), "pan", pan, pan
        if pos <= m.start("exp") and m.end("exp") <= endpos:
            yield m.start("exp"), m.end("exp"), "expiry", f"{exp[2:]}/{exp[:2]}", pan
