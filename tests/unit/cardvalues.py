"""Card values for the tests, built at run time so that no real-looking card number is written as a literal."""

from __future__ import annotations

from scanners.cards.brands import luhn_valid


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))
