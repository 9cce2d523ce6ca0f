"""Payment-card facts: brand IIN ranges and lengths, the Luhn check, known test numbers.

Shared by the PAN detectors and the IVR's card validation. Ranges are on the first six digits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    ranges: tuple[tuple[int, int], ...]  # inclusive ranges of 6-digit IIN prefixes
    lengths: frozenset[int]
    cvv_length: int = 3


def _r(lo: str, hi: str | None = None) -> tuple[int, int]:
    """A prefix range, e.g. ``_r("51", "55")`` -> (510000, 559999)."""
    hi = hi or lo
    return int(lo.ljust(6, "0")), int(hi.ljust(6, "9"))


_ALL = frozenset(range(13, 20))
BRANDS: tuple[Brand, ...] = (
    Brand("visa", (_r("4"),), frozenset({13, 16, 19})),
    Brand("mastercard", (_r("51", "55"), _r("2221", "2720")), frozenset({16})),
    Brand("amex", (_r("34"), _r("37")), frozenset({15}), cvv_length=4),
    Brand(
        "discover", (_r("6011"), _r("644", "649"), _r("65"), _r("622126", "622925")), frozenset(range(16, 20))
    ),
    Brand("jcb", (_r("3528", "3589"),), frozenset(range(16, 20))),
    Brand("diners", (_r("300", "305"), _r("3095"), _r("36"), _r("38", "39")), frozenset(range(14, 20))),
    Brand("unionpay", (_r("62"), _r("81")), frozenset(range(16, 20))),
    Brand("mir", (_r("2200", "2204"),), frozenset(range(16, 20))),
    Brand("maestro", (_r("50"), _r("56", "58"), _r("6304"), _r("639"), _r("67")), _ALL),
    Brand("troy", (_r("9792"),), frozenset({16})),
)

# (first two digits, length) -> [(lo, hi, brand)]: one dict lookup narrows the IIN search to a few ranges.
_INDEX: dict[tuple[str, int], list[tuple[int, int, Brand]]] = {}
for _brand in BRANDS:
    for _lo, _hi in _brand.ranges:
        for _p2 in range(_lo // 10000, _hi // 10000 + 1):
            for _n in _brand.lengths:
                _INDEX.setdefault((f"{_p2:02d}", _n), []).append((_lo, _hi, _brand))

# Digit -> doubled-and-reduced digit (Luhn), as a bytes.translate table.
_LUHN_DOUBLE = bytes.maketrans(b"0123456789", b"0246813579")


def luhn_valid(digits: str) -> bool:
    """True when an ASCII digit string passes the Luhn (mod 10) check."""
    if not digits.isascii() or not digits.isdigit():
        return False
    raw = digits.encode("ascii")
    total = sum(raw[-1::-2]) + sum(raw[-2::-2].translate(_LUHN_DOUBLE)) - 48 * len(raw)
    return total % 10 == 0


def brand_of(digits: str) -> Brand | None:
    """The brand whose IIN range and length admit this digit string, or None (no Luhn check)."""
    ranges = _INDEX.get((digits[:2], len(digits)))
    if not ranges or not digits.isascii() or not digits.isdigit():
        return None
    iin = int(digits[:6])
    for lo, hi, brand in ranges:
        if lo <= iin <= hi:
            return brand
    return None


def is_pan(digits: str) -> bool:
    """An IIN-range, brand-length, Luhn-valid card number."""
    return brand_of(digits) is not None and luhn_valid(digits)


# Published test card numbers (Stripe, Braintree, Adyen, PayPal, Visa/Mastercard developer docs). Still reported,
# marked test_card=True.
TEST_PANS: frozenset[str] = frozenset(
    {
        "4242424242424242",
        "4000056655665556",
        "4000002500003155",
        "4000000000000002",
        "4000000000009995",
        "4000000000009987",
        "4000000000000069",
        "4000000000000127",
        "4000000000000119",
        "4000000000003220",
        "4000000000000077",
        "4000000000000341",
        "4000000000000101",
        "4000000000003063",
        "4000002760003184",
        "4111111111111111",
        "4012888888881881",
        "4222222222222",
        "4005519200000004",
        "4009348888881881",
        "4012000033330026",
        "4012000077777777",
        "4217651111111119",
        "4500600000000061",
        "4000111111111115",
        "4917610000000000",
        "4484070000000000",
        "4988438843884305",
        "4166676667666746",
        "4646464646464644",
        "5555555555554444",
        "2223003122003222",
        "5200828282828210",
        "5105105105105100",
        "5431111111111111",
        "5500000000000004",
        "2222405343248877",
        "2222990905257051",
        "2223000048410010",
        "5454545454545454",
        "378282246310005",
        "371449635398431",
        "378734493671000",
        "340000000000009",
        "370000000000002",
        "6011111111111117",
        "6011000990139424",
        "6011000400000000",
        "6011981111111113",
        "6445644564456445",
        "3056930009020004",
        "36227206271667",
        "36006666333344",
        "30569309025904",
        "38520000023237",
        "3566002020360505",
        "3530111333300000",
        "3566111111111113",
        "3569990010095841",
        "6200000000000005",
        "6200000000000047",
        "6205500000000000004",
        "6250941006528599",
        "6212345678901232",
        "6759649826438453",
        "6799990100000000019",
        "6304000000000000",
        "5018000000000009",
    }
)


def is_test_pan(digits: str) -> bool:
    return digits in TEST_PANS
