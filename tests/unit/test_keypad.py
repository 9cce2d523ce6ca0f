"""Keypad entries (scanners.audio.keypad): key presses grouped into entries and labelled as card data."""

from __future__ import annotations

import pytest

from scanners.audio.dtmf import Tone
from scanners.audio.keypad import Entry, entries

CARD_KEYS = "4242424242424242#1230#123#"


def presses(spec: str, gap: float = 0.2) -> list[Tone]:
    """Tones for ``spec``; a space stands for a 3-second pause."""
    out, t = [], 1.0
    for key in spec:
        if key == " ":
            t += 3.0
            continue
        out.append(Tone(key, round(t, 3), 0.08))
        t += 0.08 + gap
    return out


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (CARD_KEYS, [("card number", 16), ("expiry", 5), ("cvv", 3)]),
        ("4242424242424242 1230 123", [("card number", 16), ("expiry", 5), ("cvv", 3)]),
        ("4242424242424242#123#", [("card number", 16), ("cvv", 3)]),
        ("4242424242424242#1230#", [("card number", 16), ("expiry", 5)]),
        ("378282246310005#1234#", [("card number", 15), ("cvv", 4)]),  # Amex: 4-digit CID
        ("378282246310005#1230#1234#", [("card number", 15), ("expiry", 5), ("cvv", 4)]),
        ("42424242424242421230123", [("card number", 16), ("expiry", 5), ("cvv", 3)]),  # no terminators
        ("4242424242424241#123#", [("keypad", 16), ("keypad", 3)]),  # Luhn fails: not a card
        ("1*2#0044", [("keypad", 1), ("keypad", 1), ("keypad", 4)]),
        ("5551234 123", [("keypad", 7), ("keypad", 3)]),
    ],
)
def test_entries_are_labelled(spec: str, expected: list[tuple[str, int]]) -> None:
    found = entries(presses(spec))
    assert [(e.label, len(e.digits)) for e in found] == expected


def test_entry_start_times_and_masked_repr() -> None:
    found = entries(presses("4242424242424242#1230#123#"))
    assert [e.starts[0] for e in found] == [1.0, pytest.approx(1.0 + 17 * 0.28), pytest.approx(1.0 + 22 * 0.28)]
    assert found[1].digits == "12/30"
    assert "4242" not in repr(found[0]) and "123" not in repr(found[2])
    assert isinstance(found[0], Entry)
