"""Payment-card facts: brand IIN ranges and lengths, the Luhn check, known test numbers.

Shared by the PAN detectors and the IVR's card validation. The ranges are data (``iin.json``, one row per range
with its public source); ``Brand.ranges`` summarises them on the first six digits, ``brand_of`` decides on eight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

_PRECISION = 8  # IINs are 6 or 8 digits: ranges are compared on the first eight digits


@dataclass(frozen=True, slots=True)
class IinRange:
    """One row of ``iin.json``: inclusive digit prefixes ``lo``..``hi``, the PAN lengths issued, the source key."""

    brand: str
    lo: str
    hi: str
    lengths: tuple[int, ...]
    source: str
    shared: bool = False  # co-branded, or issued inside another network's range: names the brand last

    @property
    def bounds(self) -> tuple[int, int]:
        """The range on the first eight digits (inclusive)."""
        return int(self.lo.ljust(_PRECISION, "0")), int(self.hi.ljust(_PRECISION, "9"))


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    ranges: tuple[tuple[int, int], ...]  # inclusive ranges of 6-digit IIN prefixes
    lengths: frozenset[int]  # every length any of the brand's ranges is issued at
    cvv_length: int = 3


def _load() -> tuple[dict[str, Any], tuple[IinRange, ...]]:
    doc = json.loads(files("scanners.cards").joinpath("iin.json").read_text(encoding="utf-8"))
    rows = tuple(
        IinRange(r["brand"], r["from"], r["to"], tuple(r["lengths"]), r["source"], r.get("shared", False))
        for r in doc["ranges"]
    )
    return doc, rows


_DOC, IIN_RANGES = _load()
SOURCES: dict[str, str] = dict(_DOC["sources"])


def _six(row: IinRange) -> tuple[int, int]:
    return int(row.lo[:6].ljust(6, "0")), int(row.hi[:6].ljust(6, "9"))


BRANDS: tuple[Brand, ...] = tuple(
    Brand(
        name,
        tuple(_six(r) for r in IIN_RANGES if r.brand == name),
        frozenset(n for r in IIN_RANGES if r.brand == name for n in r.lengths),
        int(_DOC["brands"].get(name, {}).get("cvv_length", 3)),
    )
    for name in dict.fromkeys(r.brand for r in IIN_RANGES)
)
_BY_NAME = {b.name: b for b in BRANDS}

# (first two digits, length) -> [(lo, hi, brand)], the row that names the brand first (own before shared, narrow
# before wide, earlier before later): one dict lookup narrows the search to a few ranges.
_INDEX: dict[tuple[str, int], list[tuple[int, int, Brand]]] = {}
for _row in sorted(IIN_RANGES, key=lambda r: (r.shared, r.bounds[1] - r.bounds[0])):
    _lo, _hi = _row.bounds
    for _p2 in range(_lo // 10 ** (_PRECISION - 2), _hi // 10 ** (_PRECISION - 2) + 1):
        for _n in _row.lengths:
            _INDEX.setdefault((f"{_p2:02d}", _n), []).append((_lo, _hi, _BY_NAME[_row.brand]))
IIN_INDEX = _INDEX  # (first two digits, length) -> [(lo, hi, brand)] on the first eight digits, for batch checks
MIN_LENGTH = min(n for _, n in _INDEX)
MAX_LENGTH = max(n for _, n in _INDEX)


def shortest_by_prefix() -> dict[str, int]:
    """First two digits -> the shortest PAN length any brand issues under them (for IIN-led triggers)."""
    out: dict[str, int] = {}
    for p2, n in _INDEX:
        out[p2] = min(n, out.get(p2, n))
    return out


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
    iin = int(digits[:_PRECISION])
    for lo, hi, brand in ranges:
        if lo <= iin <= hi:
            return brand
    return None


def is_pan(digits: str) -> bool:
    """An IIN-range, brand-length, Luhn-valid card number."""
    return brand_of(digits) is not None and luhn_valid(digits)


def is_pan_ascii(digits: str) -> bool:
    """``is_pan`` for a string already known to be ASCII digits (the scanners' hot path: no re-checks)."""
    ranges = _INDEX.get((digits[:2], len(digits)))
    if not ranges:
        return False
    iin = int(digits[:_PRECISION])
    for lo, hi, _ in ranges:
        if lo <= iin <= hi:
            raw = digits.encode("ascii")
            return (sum(raw[-1::-2]) + sum(raw[-2::-2].translate(_LUHN_DOUBLE)) - 48 * len(raw)) % 10 == 0
    return False


def _psp_test_pans() -> frozenset[str]:
    """The numbers of ``testcards.csv``: payment service providers' documented test cards, one a row with its source."""
    text = files("scanners.cards").joinpath("testcards.csv").read_text(encoding="utf-8")
    rows = (line.split(",", 1)[0] for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset(n for n in rows if n.isdigit())


# Published test card numbers (Stripe, Braintree, Adyen, PayPal, Visa/Mastercard developer docs; more providers' in
# ``testcards.csv``, each with its source). Still reported, marked test_card=True.
TEST_PANS: frozenset[str] = _psp_test_pans() | frozenset(
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
