"""``cards.tracking``: a grouped run of a tracking number's length named by a tracking word gives no card slice;
a card written alone after a tracking word, and a run of another length, are left to the other rules."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.cards.tracking import grouped_run, tracking_slice
from scanners.engine.core import Engine


def _card(prefix: str = "453914880343612") -> str:
    return prefix + next(d for d in "0123456789" if luhn_valid(prefix + d))


def _grouped(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


@pytest.mark.parametrize(
    ("before", "after", "quiet"),
    [
        ("ref tracking 9400 ", " 26 / Amazon order", True),  # 22 digits, 4-4-4-4-4-2
        ("USPS Tracking #: ", " 1234", True),  # 20 digits
        ("tracking number is 9205 ", " 00", True),
        ("FedEx tracking: 9611 ", " 02", True),
        ("parcel no. 0034 ", " 00", True),
        ("ref tracking ", " exp 08/33", False),  # the card alone: its own length
        ("ref tracking 9400 1000 ", " 26", False),  # 26 digits: no tracking number of these carriers
        ("ref order 9400 ", " 26", False),  # no tracking word: the other rules decide
        ("card ", " 1228", False),
    ],
)
def test_tracking_slice(before: str, after: str, quiet: bool) -> None:
    card = _grouped(_card())
    text = f"2026-08-09T05:15:15Z\tDEBUG\t{before}{card}{after}\n"
    start = text.index(card)
    assert tracking_slice(text, start, start + len(card)) is quiet
    if quiet:
        for backend in ("hyperscan", "re"):
            assert not [s for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]


def test_a_card_after_a_tracking_word_is_still_found() -> None:
    card = _card()
    text = f"tracking update, card {_grouped(card)} exp 08/33\n"
    for backend in ("hyperscan", "re"):
        assert card in [s.value for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize(
    ("text", "inner", "whole"),
    [
        ("x 9400 1111 2222 3333 4444 55 / y", "1111 2222", "9400 1111 2222 3333 4444 55"),
        ("x 0034-1111-2222-00 y", "1111-2222", "0034-1111-2222-00"),
        ("x 1111  2222 y", "2222", "2222"),  # two spaces part two runs
        ("1111 2222", "1111 2222", "1111 2222"),
    ],
)
def test_grouped_run(text: str, inner: str, whole: str) -> None:
    start = text.index(inner)
    s, e = grouped_run(text, start, start + len(inner))
    assert text[s:e] == whole
