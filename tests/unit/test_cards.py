import pytest

from scanners.cards.brands import BRANDS, TEST_PANS, brand_of, is_pan, is_test_pan, luhn_valid


@pytest.mark.parametrize(
    ("digits", "brand"),
    [
        ("4111111111111111", "visa"),
        ("4222222222222", "visa"),
        ("4000000000000000006", "visa"),
        ("5105105105105100", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("2720999999999996", "mastercard"),
        ("378282246310005", "amex"),
        ("341111111111111", "amex"),
        ("6011111111111117", "discover"),
        ("6445644564456445", "discover"),
        ("6221260000000000", "discover"),
        ("3566002020360505", "jcb"),
        ("36227206271667", "diners"),
        ("30569309025904", "diners"),
        ("6205500000000000004", "unionpay"),
        ("8171999927660000", "unionpay"),
        ("2200000000000004", "mir"),
        ("6759649826438453", "maestro"),
        ("9792000000000001", "troy"),
    ],
)
def test_brand_by_iin_and_length(digits: str, brand: str) -> None:
    found = brand_of(digits)
    assert found is not None and found.name == brand


@pytest.mark.parametrize(
    "digits",
    [
        "1748503543012",  # epoch ms: no brand starts with 1
        "411111111111",  # 12 digits: too short
        "41111111111111111111",  # 20 digits: too long
        "51051051051051",  # Mastercard needs 16
        "37828224631000",  # Amex needs 15
        "2720999999999",  # 13-digit 27: no brand
        "9999999999999995",  # outside every IIN range
        "0000000000000000",
        "4111x11111111111",
    ],
)
def test_no_brand(digits: str) -> None:
    assert brand_of(digits) is None


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("79927398713", True),
        ("0", True),
        ("", False),
        ("12a4", False),
        ("１２３", False),
    ],
)
def test_luhn(digits: str, ok: bool) -> None:
    assert luhn_valid(digits) is ok


def test_every_published_test_pan_is_a_valid_pan() -> None:
    assert all(is_pan(p) and is_test_pan(p) for p in TEST_PANS)


def test_amex_cvv_is_four_digits() -> None:
    assert {b.name: b.cvv_length for b in BRANDS}["amex"] == 4
