"""Dropping trigger hits on digit-group chains that hold no card (``cards.panchain``) changes no finding: the engine
with the batch PAN screen on every text finds exactly what it finds with no screen at all, on both back ends."""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards.brands import TEST_PANS, luhn_valid
from scanners.cards.panchain import chain_may_hold_pan
from scanners.detectors.base import Detector
from scanners.detectors.pan import PanDetector
from scanners.engine import core
from scanners.engine.core import Engine


class Unscreened(PanDetector):
    """The PAN detector with the base class's screens: every trigger hit gets its window."""

    id: ClassVar[str] = "pan"
    screen = Detector.screen
    screen_batch = Detector.screen_batch


PANS = sorted(TEST_PANS)[:12]
PIECES = ["5489 7435 2813 9913", "2065-4155-8675-583d", "4111 1111 1111 1111", "6759 6498 2643", "3782 822463 10005",
          "1234 5678", " ", "  ", "-", ".", "/", ", ", ",", "x", "\\n", "\n", "?", "é", "\u00a0", "١", "\u200b", "+",
          '"orderId": "', "12/30 123", "4 1 1 1", "0", "4222 222 222 222", "4222-222 222.222"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x 5489 7435 2813 9913 y", False),  # Luhn-invalid
        ("x 4111 1111 1111 1111 y", True),
        ("x 99 4111 1111 1111 1111 y", True),  # a card after another number: a stretch of the chain
        ("x 4111 1111 1111 111 y", False),  # 15 digits, no card
        ("x 4222 222 222 222 y", True),  # 13 digits as they are printed (4-3-3-3)
        ("x 5489 7435 2813 9913 \u00a0", True),  # a '?' (non-ASCII) right after the chain: unsure
        ("x 5489 7435 2813 9913" + " 1234" * 200, True),  # a chain too long to judge
    ],
)
def test_chain_verdicts(text: str, expected: bool) -> None:
    data = text.encode("ascii", "replace")
    assert chain_may_hold_pan(data, 2) is expected


_MAESTRO12 = next(f"67590000001{c}" for c in "0123456789" if luhn_valid(f"67590000001{c}"))  # a 12-digit Maestro
_M = " ".join(_MAESTRO12[i : i + 4] for i in range(0, 12, 4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"x {_M} 0000 y", True),  # four groups of four: a card in the first three
        (f"x 0000 {_M} y", True),  # ... in the last three
        ("x 0000 0000 0000 0000 y", False),  # ... in neither (and all four are no card)
        (f"x 0000 0000 {_M} y", True),  # five groups: the general walk finds the last three
    ],
)
def test_four_groups_of_four(text: str, expected: bool) -> None:
    """The shortcut for a chain of four groups of four reads the same stretches as the walk over every stretch."""
    assert chain_may_hold_pan(text.encode("ascii"), 2) is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(PANS)), max_size=30))
@example(["5489 7435 2813 9913", " ", "4111 1111 1111 1111", " ", "12/30 123"])
@example(["2065-4155-8675-583d", "é", "4111 1111 1111 1111"])
def test_screened_engine_finds_what_the_unscreened_one_does(pieces: list[str]) -> None:
    text = "\n".join(["".join(pieces), "".join(reversed(pieces))])
    saved = core.BATCH_MIN
    core.BATCH_MIN = 1  # the batch screen on every text, however few its hits
    try:
        for backend in ("hyperscan", "re"):
            screened = Engine([PanDetector()], [], backend=backend).scan_text(text)
            plain = Engine([Unscreened()], [], backend=backend).scan_text(text)
            assert screened == plain
    finally:
        core.BATCH_MIN = saved
