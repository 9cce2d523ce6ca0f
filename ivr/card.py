"""Card values with masked ``repr``/``str`` and their validation.

Brand ranges, lengths and Luhn come from ``scanners.cards.brands`` (one table for the whole project). Every failure
is a ``ValidationError`` naming the field and what was expected, never the value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from ivr.errors import Field, ValidationError
from scanners.cards.brands import BRANDS, Brand, brand_of, luhn_valid

MAX_YEARS_AHEAD = 20
# Stripe's zero-decimal currencies: amounts are sent in whole units.
ZERO_DECIMAL = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
)


class _Sealed:
    """Refuses pickling/copying so a card value cannot be serialised by accident."""

    __slots__ = ()

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} holds card data and cannot be serialised")

    def __str__(self) -> str:
        return repr(self)


class CardNumber(_Sealed):
    """A validated PAN: ``repr``/``str`` show brand and last four only; ``reveal()`` gives the digits."""

    __slots__ = ("_digits", "brand")

    def __init__(self, digits: str, brand: Brand) -> None:
        self._digits = digits
        self.brand = brand

    @property
    def last4(self) -> str:
        return self._digits[-4:]

    def reveal(self) -> str:
        return self._digits

    def __repr__(self) -> str:
        return f"CardNumber({self.brand.name} ****{self.last4})"


class Expiry(_Sealed):
    """A validated expiry (month 1-12, four-digit year). Never shown."""

    __slots__ = ("month", "year")

    def __init__(self, month: int, year: int) -> None:
        self.month = month
        self.year = year

    def __repr__(self) -> str:
        return "Expiry(**/**)"


class Cvv(_Sealed):
    """A card verification code. Never shown."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        self._digits = digits

    def reveal(self) -> str:
        return self._digits

    def __repr__(self) -> str:
        return "Cvv(***)"


class CardData(_Sealed):
    """Number, expiry and CVV, checked together (CVV length depends on the brand)."""

    __slots__ = ("cvv", "expiry", "number")

    def __init__(self, number: CardNumber, expiry: Expiry, cvv: Cvv) -> None:
        want = number.brand.cvv_length
        if len(cvv.reveal()) != want:
            _fail("cvv", "length", f"expected {want} digits for {number.brand.name} cards")
        self.number = number
        self.expiry = expiry
        self.cvv = cvv

    @property
    def brand(self) -> str:
        return self.number.brand.name

    @property
    def last4(self) -> str:
        return self.number.last4

    def __repr__(self) -> str:
        return f"CardData(number={self.number!r}, expiry={self.expiry!r}, cvv={self.cvv!r})"


def _fail(field: Field, code: str, message: str) -> NoReturn:
    raise ValidationError(field, code, message)


def _digits(field: Field, raw: str) -> str:
    value = raw.strip().removesuffix("#")
    if not value:
        _fail(field, "empty", "expected digits, got an empty entry")
    if not (value.isascii() and value.isdigit()):
        _fail(field, "not_digits", "expected digits only (no * or other keys)")
    return value


def _brand_by_iin(digits: str) -> Brand | None:
    iin = int(digits[:6])
    return next((b for b in BRANDS if any(lo <= iin <= hi for lo, hi in b.ranges)), None)


def parse_card_number(raw: str) -> CardNumber:
    """Digits only, 13-19 long, a known IIN, the brand's length, Luhn-valid."""
    digits = _digits("card_number", raw)
    if not 13 <= len(digits) <= 19:
        _fail("card_number", "length", f"expected 13 to 19 digits, got {len(digits)}")
    brand = brand_of(digits)
    if brand is None:
        by_iin = _brand_by_iin(digits)
        if by_iin is None:
            _fail("card_number", "brand", "expected a number from a supported card brand (unknown IIN)")
        lengths = " or ".join(str(n) for n in sorted(by_iin.lengths))
        _fail("card_number", "length", f"expected {lengths} digits for {by_iin.name} cards")
    if not luhn_valid(digits):
        _fail("card_number", "luhn", "check digit does not match (Luhn)")
    return CardNumber(digits, brand)


def parse_expiry(raw: str, *, today: date) -> Expiry:
    """MMYY, month 01-12, not before the current month, at most 20 years ahead."""
    digits = _digits("expiry", raw)
    if len(digits) != 4:
        _fail("expiry", "length", "expected four digits, MMYY")
    month, year = int(digits[:2]), 2000 + int(digits[2:])
    if not 1 <= month <= 12:
        _fail("expiry", "month", "expected a month from 01 to 12")
    if (year, month) < (today.year, today.month):
        _fail("expiry", "past", "card has expired (date is before the current month)")
    if year > today.year + MAX_YEARS_AHEAD:
        _fail("expiry", "too_far", f"expected a date at most {MAX_YEARS_AHEAD} years ahead")
    return Expiry(month, year)


def parse_cvv(raw: str, brand: Brand | None = None) -> Cvv:
    """Digits, the brand's CVV length (Amex 4, others 3); 3 or 4 when the brand is not known yet."""
    digits = _digits("cvv", raw)
    allowed = {brand.cvv_length} if brand else {3, 4}
    if len(digits) not in allowed:
        want = " or ".join(str(n) for n in sorted(allowed))
        _fail("cvv", "length", f"expected {want} digits")
    return Cvv(digits)


def parse_card(number: str, expiry: str, cvv: str, *, today: date) -> CardData:
    pan = parse_card_number(number)
    return CardData(pan, parse_expiry(expiry, today=today), parse_cvv(cvv, pan.brand))


def parse_currency(raw: str | None, default: str) -> str:
    value = (raw or default).strip().lower()
    if len(value) != 3 or not value.isascii() or not value.isalpha():
        _fail("currency", "format", "expected a three-letter ISO 4217 code")
    return value


def parse_amount(raw: str | None, *, limit: Decimal, currency: str) -> Decimal:
    """A positive decimal with at most two places (none for zero-decimal currencies), at most ``limit``."""
    if raw is None or not raw.strip():
        _fail("amount", "missing", "expected the amount due in contact attribute amount_due")
    try:
        amount = Decimal(raw.strip())
    except InvalidOperation:
        _fail("amount", "format", "expected a decimal number such as 50.00")
    if not amount.is_finite():
        _fail("amount", "format", "expected a finite decimal number")
    places = 0 if currency in ZERO_DECIMAL else 2
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        _fail("amount", "decimals", f"expected at most {places} decimal places for {currency}")
    if amount <= 0:
        _fail("amount", "not_positive", "expected an amount greater than zero")
    if amount > limit:
        _fail("amount", "over_limit", f"expected at most {limit} {currency}")
    return amount


def minor_units(amount: Decimal, currency: str) -> int:
    """The amount in the currency's smallest unit, as Stripe expects."""
    factor = 1 if currency in ZERO_DECIMAL else 100
    return int((amount * factor).to_integral_value())


_SPOKEN: dict[tuple[str, str], str] = {
    ("card_number", "timeout"): "I didn't receive a card number.",
    ("card_number", "empty"): "I didn't receive a card number.",
    ("card_number", "not_digits"): "The card number should contain digits only.",
    ("card_number", "length"): "That card number has the wrong number of digits.",
    ("card_number", "brand"): "Sorry, we can't accept that type of card.",
    ("card_number", "luhn"): "That card number doesn't look right.",
    ("expiry", "timeout"): "I didn't receive an expiry date.",
    ("expiry", "empty"): "I didn't receive an expiry date.",
    ("expiry", "not_digits"): "The expiry date should contain digits only.",
    ("expiry", "length"): "Please enter the expiry date as four digits: two for the month, two for the year.",
    ("expiry", "month"): "The expiry month must be between 01 and 12.",
    ("expiry", "past"): "That card has expired.",
    ("expiry", "too_far"): "That expiry date is too far in the future.",
    ("cvv", "timeout"): "I didn't receive a security code.",
    ("cvv", "empty"): "I didn't receive a security code.",
    ("cvv", "not_digits"): "The security code should contain digits only.",
    ("cvv", "length"): "The security code is three digits on the back of the card, or four on the front "
    "for American Express.",
}


def spoken(error: ValidationError) -> str:
    """What the caller hears for a failed entry (plain text, no card data)."""
    return _SPOKEN.get((error.field, error.code), "Sorry, that entry wasn't accepted.")
