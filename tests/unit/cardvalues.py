"""Card values for the tests, built at run time so that no real-looking card number is written as a literal."""

from __future__ import annotations

from scanners.cards.brands import is_pan, is_test_pan, luhn_valid


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def luhn_id(prefix: str, length: int) -> str:
    """The first IIN-valid, Luhn-valid number of ``length`` digits after ``prefix`` that is no published test card."""
    for n in range(10 ** (length - len(prefix))):
        digits = f"{prefix}{n:0{length - len(prefix)}d}"
        if luhn_valid(digits) and is_pan(digits) and not is_test_pan(digits):
            return digits
    raise AssertionError(prefix)
