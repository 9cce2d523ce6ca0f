"""Card validation tables and card-hygiene properties of ivr.card."""

from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivr.card import (
    CardData,
    Cvv,
    minor_units,
    parse_amount,
    parse_card,
    parse_card_number,
    parse_currency,
    parse_cvv,
    parse_expiry,
    spoken,
)
from ivr.errors import ValidationError
from scanners.cards.brands import luhn_valid

TODAY = date(2026, 5, 15)
LIMIT = Decimal("10000.00")


@pytest.mark.parametrize(
    ("pan", "brand"),
    [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3566002020360505", "jcb"),
        ("4222222222222", "visa"),
        (" 4242424242424242# ", "visa"),
    ],
)
def test_good_card_numbers(pan: str, brand: str) -> None:
    number = parse_card_number(pan)
    assert number.brand.name == brand
    assert number.last4 == pan.strip(" #")[-4:]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("#", "empty"),
        ("4242*42424242424", "not_digits"),
        ("4242-4242-4242-4242", "not_digits"),
        ("４２４２４２４２４２４２４２４２", "not_digits"),  # full-width digits
        ("424242424242", "length"),  # 12 digits
        ("42424242424242424242", "length"),  # 20 digits
        ("37828224631000", "length"),  # amex needs 15
        ("5555555555554", "length"),  # mastercard needs 16
        ("9999999999999995", "brand"),  # no such IIN
        ("7234567812345670", "brand"),  # no brand is issued under 7
        ("4242424242424241", "luhn"),
        ("378282246310006", "luhn"),
    ],
)
def test_bad_card_numbers_name_the_field_not_the_value(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_card_number(raw)
    assert info.value.field == "card_number"
    assert info.value.code == code
    assert str(info.value).startswith("card_number: expected") or "does not match" in str(info.value)
    digits = re.sub(r"\D", "", raw)
    if len(digits) >= 5:
        assert digits not in str(info.value)
        assert digits[-4:] not in str(info.value)


@pytest.mark.parametrize(("raw", "month", "year"), [("0526", 5, 2026), ("1230", 12, 2030), ("0146", 1, 2046)])
def test_good_expiry(raw: str, month: int, year: int) -> None:
    expiry = parse_expiry(raw, today=TODAY)
    assert (expiry.month, expiry.year) == (month, year)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("12/30", "not_digits"),
        ("123", "length"),
        ("12300", "length"),
        ("1330", "month"),
        ("0030", "month"),
        ("0426", "past"),  # the month before TODAY
        ("1225", "past"),
        ("0147", "too_far"),
    ],
)
def test_bad_expiry(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_expiry(raw, today=TODAY)
    assert (info.value.field, info.value.code) == ("expiry", code)
    if len(raw) >= 4:
        assert raw not in str(info.value)


@pytest.mark.parametrize(
    ("pan", "cvv", "ok"),
    [
        ("4242424242424242", "123", True),
        ("4242424242424242", "1234", False),
        ("378282246310005", "1234", True),
        ("378282246310005", "123", False),
        ("5555555555554444", "12", False),
    ],
)
def test_cvv_length_per_brand(pan: str, cvv: str, ok: bool) -> None:
    if ok:
        card = parse_card(pan, "1230", cvv, today=TODAY)
        assert card.cvv.reveal() == cvv
        return
    with pytest.raises(ValidationError) as info:
        parse_card(pan, "1230", cvv, today=TODAY)
    assert (info.value.field, info.value.code) == ("cvv", "length")
    assert cvv not in str(info.value).replace("expected 3", "").replace("expected 4", "")


@pytest.mark.parametrize(("raw", "code"), [("", "empty"), ("12a", "not_digits"), ("12", "length"), ("12345", "length")])
def test_bad_cvv_without_brand(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_cvv(raw)
    assert (info.value.field, info.value.code) == ("cvv", code)


@pytest.mark.parametrize(
    ("raw", "currency", "expected"),
    [("50.00", "usd", Decimal("50.00")), ("50", "usd", Decimal(50)), ("0.5", "usd", Decimal("0.5")),
     ("10000.00", "usd", LIMIT), ("5000", "jpy", Decimal(5000))],
)
def test_good_amounts(raw: str, currency: str, expected: Decimal) -> None:
    assert parse_amount(raw, limit=LIMIT, currency=currency) == expected


@pytest.mark.parametrize(
    ("raw", "currency", "code"),
    [
        (None, "usd", "missing"),
        ("", "usd", "missing"),
        ("fifty", "usd", "format"),
        ("NaN", "usd", "format"),
        ("Infinity", "usd", "format"),
        ("0", "usd", "not_positive"),
        ("0.00", "usd", "not_positive"),
        ("-5.00", "usd", "not_positive"),
        ("10000.01", "usd", "over_limit"),
        ("50.001", "usd", "decimals"),
        ("50.5", "jpy", "decimals"),
    ],
)
def test_bad_amounts(raw: str | None, currency: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_amount(raw, limit=LIMIT, currency=currency)
    assert (info.value.field, info.value.code) == ("amount", code)


@pytest.mark.parametrize(
    ("raw", "default", "expected"), [(None, "usd", "usd"), ("GBP", "usd", "gbp"), ("", "eur", "eur")]
)
def test_currency(raw: str | None, default: str, expected: str) -> None:
    assert parse_currency(raw, default) == expected


@pytest.mark.parametrize("raw", ["us", "dollars", "12$"])
def test_bad_currency(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_currency(raw, "usd")
    assert info.value.field == "currency"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"), [("50.00", "usd", 5000), ("0.5", "gbp", 50), ("1234.56", "eur", 123456),
                                       ("5000", "jpy", 5000)]
)
def test_minor_units(amount: str, currency: str, minor: int) -> None:
    assert minor_units(Decimal(amount), currency) == minor


def _expiry(raw: str) -> object:
    return parse_expiry(raw, today=TODAY)


PARSERS: dict[str, Callable[[str], object]] = {"card_number": parse_card_number, "expiry": _expiry, "cvv": parse_cvv}


def test_every_card_error_has_a_spoken_reprompt() -> None:
    for field, raw in (("card_number", "4242424242424241"), ("expiry", "1330"), ("cvv", "12")):
        with pytest.raises(ValidationError) as info:
            PARSERS[field](raw)
        text = spoken(info.value)
        assert text and "wasn't accepted" not in text
        assert not re.search(r"\d{3,}", text)


def test_card_values_refuse_serialisation() -> None:
    card = parse_card("4242424242424242", "1230", "123", today=TODAY)
    with pytest.raises(TypeError):
        pickle.dumps(card)
    with pytest.raises(TypeError):
        copy.deepcopy(card.number)
    with pytest.raises(TypeError):
        pickle.dumps(Cvv("123"))


# -- hygiene properties ------------------------------------------------------------------------------------
def _luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


pans = st.one_of(
    st.from_regex(r"4[0-9]{14}", fullmatch=True).map(_luhn_complete),
    st.from_regex(r"5[1-5][0-9]{13}", fullmatch=True).map(_luhn_complete),
    st.from_regex(r"3[47][0-9]{12}", fullmatch=True).map(_luhn_complete),
)
expiries = st.tuples(st.integers(1, 12), st.integers(27, 45)).map(lambda t: f"{t[0]:02d}{t[1]:02d}")


def _only_last4_digits(text: str, last4: str) -> bool:
    return all(run == last4 for run in re.findall(r"\d{3,}", text))


@settings(max_examples=200, deadline=None)
@given(pan=pans, expiry=expiries, data=st.data())
def test_card_repr_and_str_never_show_card_values(pan: str, expiry: str, data: st.DataObject) -> None:
    cvv = data.draw(st.from_regex(r"[0-9]{4}" if pan[0] == "3" else r"[0-9]{3}", fullmatch=True))
    card = parse_card(pan, expiry, cvv, today=TODAY)
    for obj in (card, card.number, card.expiry, card.cvv):
        for text in (repr(obj), str(obj), f"{obj}", f"{[obj]}"):
            assert pan not in text
            assert pan[:6] not in text
            assert expiry not in text.replace(pan[-4:], "")  # the last four shown may spell the expiry's digits
            assert _only_last4_digits(text, pan[-4:]), text


@settings(max_examples=300, deadline=None)
@given(raw=st.text(alphabet="0123456789*# -", max_size=24), field=st.sampled_from(["card_number", "expiry", "cvv"]))
def test_error_messages_never_echo_the_entry(raw: str, field: str) -> None:
    try:
        PARSERS[field](raw)
    except ValidationError as exc:
        message = str(exc)
        assert not re.search(r"\d{3,}", message), message
        digits = re.sub(r"\D", "", raw)
        if len(digits) >= 3:
            assert digits not in message
        assert not re.search(r"\d{3,}", spoken(exc))


@settings(max_examples=100, deadline=None)
@given(pan=pans, cvv=st.from_regex(r"[0-9]{5,6}|[0-9]{1,2}", fullmatch=True))
def test_cvv_mismatch_error_does_not_echo(pan: str, cvv: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_card(pan, "1230", cvv, today=TODAY)
    assert not re.search(r"\d{3,}", str(info.value))
    assert pan not in repr(info.value)


def test_card_data_holds_what_stripe_needs() -> None:
    card = parse_card("378282246310005", "0130", "1234", today=TODAY)
    assert isinstance(card, CardData)
    assert (card.brand, card.last4, card.expiry.month, card.expiry.year) == ("amex", "0005", 1, 2030)
    assert card.number.reveal() == "378282246310005"
