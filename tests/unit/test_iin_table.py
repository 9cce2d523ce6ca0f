"""The brand/IIN data file, row by row: every range x every length it is issued at, at both ends of the range,
Luhn-valid -> found (plain, grouped, in a log line); one digit off -> not found; every row cites its source."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import (
    BRANDS,
    IIN_RANGES,
    MAX_LENGTH,
    MIN_LENGTH,
    SOURCES,
    TEST_PANS,
    IinRange,
    brand_of,
    is_pan,
    is_pan_ascii,
    luhn_valid,
)
from scanners.engine.core import Engine

ENGINES = [Engine(backend="hyperscan"), Engine(backend="re")]


def _complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def _cases() -> list[pytest.param]:  # type: ignore[valid-type]
    out = []
    for row in IIN_RANGES:
        for n in row.lengths:
            for end, pad in (("lo", "0"), ("hi", "9")):
                prefix = row.lo if end == "lo" else row.hi
                body = (prefix + pad * n)[: n - 1]
                out.append(pytest.param(row, _complete(body), id=f"{row.brand}-{row.lo}-{row.hi}-{n}-{end}"))
    return out


CASES = _cases()


def test_every_row_cites_a_known_source_and_is_well_formed() -> None:
    doc = json.loads(files("scanners.cards").joinpath("iin.json").read_text(encoding="utf-8"))
    assert len(doc["ranges"]) == len(IIN_RANGES) > 90
    for row in IIN_RANGES:
        assert all(part in SOURCES for part in row.source.split("+")), row
        assert row.lo.isdigit() and row.hi.isdigit() and len(row.lo) == len(row.hi), row
        assert row.bounds[0] <= row.bounds[1], row
        assert all(MIN_LENGTH <= n <= MAX_LENGTH for n in row.lengths), row
    assert (MIN_LENGTH, MAX_LENGTH) == (12, 19)


@pytest.mark.parametrize(
    "brand",
    ["visa", "mastercard", "amex", "discover", "jcb", "diners", "unionpay", "maestro", "mir", "elo", "hiper",
     "hipercard", "rupay", "uatp", "troy", "verve"],
)  # fmt: skip
def test_the_brands_the_issue_names_are_present(brand: str) -> None:
    assert brand in {b.name for b in BRANDS}


@pytest.mark.parametrize(("row", "pan"), CASES)
def test_every_range_and_length_is_found_and_one_digit_off_is_not(row: IinRange, pan: str) -> None:
    assert brand_of(pan) is not None and is_pan(pan)
    off = pan[:-1] + str((int(pan[-1]) + 1) % 10)
    grouped = " ".join(pan[i : i + 4] for i in range(0, len(pan), 4))
    for engine in ENGINES:
        for shown in (pan, grouped):
            found = [s.value for s in engine.scan_text(f'{{"msg": "card on file {shown} ok"}}\n')]
            assert found == [pan], (engine.backend, shown == pan)
        assert engine.scan_text(f'{{"msg": "card on file {off} ok"}}\n') == []


@pytest.mark.parametrize(
    ("digits", "brand"),
    [
        ("4000000000000000006", "visa"),  # Visa at 19
        ("400000000000000002", "visa"),  # and 18
        ("2131000000000008", "jcb"),  # legacy JCB
        ("213100000000001", "jcb"),  # legacy JCB at 15
        ("100000000000009", "uatp"),
        ("6362970000000003", "elo"),
        ("6370950000000005", "hiper"),
        ("6062820000000003", "hipercard"),
        ("62000000000005", "unionpay"),  # UnionPay at 14
        ("501800000009", "maestro"),  # Maestro at 12
        ("3530111333300000", "jcb"),  # JCB wins over RuPay's shared 353
        ("6011000000000004", "discover"),
        ("30981000000005", "diners"),  # the older table's Diners 309, at 14 (ldapwiki's copy)
    ],
)
def test_brand_named_by_the_narrowest_own_range(digits: str, brand: str) -> None:
    found = brand_of(digits)
    assert found is not None and found.name == brand and luhn_valid(digits)


def test_diners_309_only_at_the_length_the_older_table_gives() -> None:
    assert not is_pan(_complete("30981000000000")) and not is_pan(_complete("309810000000000"))  # 15 and 16


@given(
    head=st.sampled_from(sorted({p[:2] for p in TEST_PANS} | {r.lo[:2] for r in IIN_RANGES} | {"00", "99", "1"})),
    tail=st.text(alphabet="0123456789", max_size=24),
)
@settings(max_examples=3000, deadline=None)
def test_the_ascii_fast_path_agrees_with_is_pan(head: str, tail: str) -> None:
    assert is_pan_ascii(head + tail) == is_pan(head + tail)
    assert all(is_pan_ascii(p) for p in TEST_PANS)
