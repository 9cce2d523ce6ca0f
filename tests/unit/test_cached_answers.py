"""``idnames.id_key`` and ``context.gap_ok`` answer repeated names and gaps from a cache: the cached answer is the
computed one, and a name or gap holding a digit (card data read as a header or a gap) is never kept in the cache."""

from __future__ import annotations

import pytest

from scanners.cards import idnames
from scanners.detectors import context
from scanners.detectors.vocabulary import Cvv

NAMES = [
    ("orderId", True), ("order_id", True), ("trace_id", True), ("timestampMs", True), ("giftCardRef", True),
    ("accountId", True), ("DE037", True), ("card_number", False), ("pan", False), ("paid", False),
    ("paymentReference", False), ("cvv", False), ("Results", False), ("4111111111111111", False),
    ("col_4111", False), ("٤١١١", False),
]
GAPS = [
    (": ", Cvv.FILLERS, True), (" is ", Cvv.FILLERS, True), ("\": \"", context.FILLERS, True),
    (" number: ", context.FILLERS, True), (" of the order ", context.FILLERS, False),
    ("<td style=\"padding:8px\">", context.FILLERS, True), (" ; ", context.FILLERS, False),
    ("<x a=\"4111111111111111\">", context.FILLERS, False),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_id_key_cached_answer_is_the_computed_one(name: str, expected: bool) -> None:
    assert idnames._id_key(name) is expected
    assert idnames.id_key(name) is expected
    assert idnames.id_key(name) is expected  # the second ask: from the cache where the name may be cached


@pytest.mark.parametrize(("gap", "fillers", "expected"), GAPS)
def test_gap_ok_cached_answer_is_the_computed_one(gap: str, fillers: frozenset[str], expected: bool) -> None:
    assert context._gap_ok(gap, fillers) is expected
    assert context.gap_ok(gap, fillers) is expected
    assert context.gap_ok(gap, fillers) is expected


def test_digits_never_enter_the_caches() -> None:
    idnames._known_id_key.cache_clear()
    context._known_gap_ok.cache_clear()
    for name in ("4111111111111111", "card_4111", "x\u0664\u0661\u0661\u0661"):  # Arabic-Indic digits too
        idnames.id_key(name)
    for gap in ("<x a=\"4111111111111111\">", " 12/30 ", " is four one one one "):  # digits said too
        context.gap_ok(gap)
    assert idnames._known_id_key.cache_info().currsize == 0
    assert context._known_gap_ok.cache_info().currsize == 0
    idnames.id_key("orderId")
    context.gap_ok(": ")
    assert idnames._known_id_key.cache_info().currsize == 1
    assert context._known_gap_ok.cache_info().currsize == 1
