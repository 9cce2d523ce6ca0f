"""The cards a simulated caller keys in: Stripe's published test cards or a ``PAN MMYY CVV`` file, and the keys
one caller presses (usually clean, sometimes with a mistake, a hang-up or a cancel first)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ivr.errors import CardsFileError
from scanners.cards.brands import brand_of, luhn_valid

TEST_CARDS = (  # Stripe test mode: approvals and the documented declines
    "4242424242424242",
    "5555555555554444",
    "378282246310005",
    "6011111111111117",
    "4000000000000002",
    "4000000000009995",
    "4000000000000069",
    "4000000000000127",
    "4000000000000119",
)

@dataclass(frozen=True)
class SimCard:
    """A card to key in; repr and str show brand and last four only."""

    pan: str = field(repr=False)
    expiry: str = field(repr=False)
    cvv: str = field(repr=False)

    def __repr__(self) -> str:
        brand = brand_of(self.pan)
        return f"SimCard({brand.name if brand else 'unknown'} ****{self.pan[-4:]})"

    __str__ = __repr__

    def keys(self) -> str:
        """Card number, expiry and CVV, each ended by ``#``, then ``1`` at the confirmation."""
        return f"{self.pan}#{self.expiry}#{self.cvv}#1"


def default_cards(today: datetime | None = None) -> list[SimCard]:
    year = ((today or datetime.now(UTC)).year + 3) % 100
    return [SimCard(pan, f"12{year:02d}", "1234" if pan.startswith(("34", "37")) else "123") for pan in TEST_CARDS]


def load_cards(path: Path) -> list[SimCard]:
    """Cards from a ``PAN MMYY CVV`` file (blank lines and ``#`` comments skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CardsFileError(f"cards file {path}: cannot be read ({type(exc).__name__})") from exc
    cards: list[SimCard] = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[1]) != 4:
            raise CardsFileError(f"cards file line {number}: expected 'PAN MMYY CVV' as digits")
        cards.append(SimCard(*parts))
    if not cards:
        raise CardsFileError(f"cards file {path}: expected at least one 'PAN MMYY CVV' line")
    return cards


def _mistype(pan: str) -> str:
    """The same number with its last digit changed so that Luhn fails."""
    for digit in "0123456789":
        wrong = pan[:-1] + digit
        if not luhn_valid(wrong):
            return wrong
    return pan[:-1]


def script(card: SimCard, rng: random.Random, *, mistakes: bool) -> str:
    """The keys one caller presses: usually clean, sometimes with a mistake first."""
    if not mistakes:
        return card.keys()
    roll = rng.random()
    if roll < 0.08:
        return f"{_mistype(card.pan)}#{card.keys()}"
    if roll < 0.12:
        return f"{card.pan[:6]}*{card.pan[6:]}#{card.keys()}"
    if roll < 0.15:
        return f"{card.pan}#1399#{card.expiry}#{card.cvv}#1"
    if roll < 0.17:
        return ""  # silence: three timeouts then a transfer
    if roll < 0.19:
        return f"{card.pan}#H"  # hangs up after the card number
    if roll < 0.20:
        return card.keys()[:-1] + "H"  # hangs up at the confirmation
    if roll < 0.21:
        return card.keys()[:-1] + "3"  # cancels at the confirmation
    return card.keys()
