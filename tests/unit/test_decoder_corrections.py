"""CorrectionsDecoder: a digit a caller corrects while reading the card number out (``... five, no wait, eight not
five, ...``) reads as the digit meant, so the engine finds the number the caller gave; a correction naming another
digit than the one just said, and numbers that are no card, stay as they are."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.corrections import CorrectionsDecoder, apply_corrections
from scanners.engine.core import Engine

D = CorrectionsDecoder()
W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")


def said(pan: str, k: int, phrase: str = "no wait", numerals: bool = False) -> str:
    """``pan`` read out digit by digit, the digit at ``k`` first misspoken, then corrected after ``phrase``."""
    w = (lambda d: d) if numerals else (lambda d: W[int(d)])
    wrong = str((int(pan[k]) + 3) % 10)
    return " ".join([*(w(d) for d in pan[:k]), f"{w(wrong)}, {phrase}, {w(pan[k])} not {w(wrong)},",
                     *(w(d) for d in pan[k + 1 :])])


POSITIVE = [
    (f"my card is {said(VISA, 7)}", VISA),
    (f"it's {said(MC, 10, 'sorry')} exp 08/29", MC),
    (json.dumps({"Content": f"the number is {said(VISA, 12, 'I mean')}", "ParticipantId": "CUSTOMER"}), VISA),
    (f'SpeechResult="{said(MC, 6, "no, wait")}"', MC),
    (f"card {said(VISA, 9, numerals=True)}", VISA),
]
NEGATIVE = [
    f"my card is {said(VISA, 7).replace(' not ', ' not one ')}",  # "X not one Y": not the digit just said
    f"my order number is {said(VISA, 7)}",  # an id's label
    f"the phone is {said(VISA[:11], 5)}",  # 11 digits: no card
]


@pytest.mark.parametrize(("line", "pan"), POSITIVE)
def test_a_corrected_card_number_is_found(line: str, pan: str) -> None:
    assert [s.value for s in Engine().scan_text(line) if s.type == "pan"] == [pan]


@pytest.mark.parametrize("line", NEGATIVE)
def test_other_corrections_stay_quiet(line: str) -> None:
    assert [s for s in Engine().scan_text(line) if s.type == "pan"] == []


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("six five, no wait, eight not five, nine", "six eight nine"),
        ("6 5, sorry, 8 not 5, 9", "6 8 9"),
        ("six five, no wait, eight not six, nine", "six five, no wait, eight not six, nine"),  # not the digit said
        ("five, sorry, five not five", "five, sorry, five not five"),  # nothing corrected
        ("it was fine, no wait, it's not", "it was fine, no wait, it's not"),
    ],
)
def test_apply_corrections(line: str, read: str) -> None:
    decoded, places = apply_corrections(line)
    assert decoded == read
    assert len(places) == len(decoded) + 1 and places[-1] == len(line)
    assert all(line[p] == c for p, c in zip(places, decoded, strict=False) if c.isalnum())


def test_a_value_is_reported_in_its_own_place() -> None:
    # a stream's results joined into one line: a number after the correction is reported where it stands
    text = f"card {said(VISA, 7)}. and then {MC}"
    got = [(s.value, text[s.start : s.end]) for s in Engine().scan_text(text) if s.type == "pan"]
    assert (MC, MC) in got and VISA in [v for v, _ in got]


def test_only_corrected_lines_are_segments() -> None:
    text = f"hello, no wait, bye\ncard {said(VISA, 7)}\nsix, sorry, seven not eight"
    got = list(D.decode(text))
    assert [(text[g.start : g.end], g.encoding) for g in got] == [(text.split("\n")[1], ("corrections",))]
    assert got[0].text == f"card {' '.join(W[int(d)] for d in VISA)}"
