"""HesitationsDecoder: a card number said as numeral groups with a caller's hesitation between them (``4111 uh,
1111 …``, ``… é, …``, ``… yyy, …``) reads as the groups alone, in the eight languages a contact centre hears; the
engine then finds the card as said without the hesitation. Numbers that are no card, a copula without its comma, a
correction, times and amounts stay quiet."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.hesitations import HesitationsDecoder, drop_hesitations
from scanners.engine.core import Engine

D = HesitationsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")
AMEX = luhn("37144963539843")
G = [VISA[:4], VISA[4:8], VISA[8:12], VISA[12:]]
M = [MC[:4], MC[4:8], MC[8:12], MC[12:]]

# (line, the card number the engine reports in it)
POSITIVE = [
    (f"my card number is {G[0]} uh, {G[1]} {G[2]} hmm, {G[3]}", VISA),
    (f"it's {AMEX[:4]} um, {AMEX[4:8]} {AMEX[8:12]} uh, {AMEX[12:]}", AMEX),
    (f"la tarjeta es {M[0]} este, {M[1]} eh, {M[2]} {M[3]}", MC),
    (f"mon numéro de carte est {G[0]} euh, {G[1]} bah, {G[2]} {G[3]}", VISA),
    (f"meine Kartennummer ist {M[0]} ähm, {M[1]} äh, {M[2]} {M[3]}", MC),
    (f"il numero della carta è {G[0]} {G[1]} allora, {G[2]} ehm, {G[3]}", VISA),
    (f"mijn kaartnummer is {M[0]} uhm, {M[1]} eh, {M[2]} {M[3]}", MC),
    (f"numer karty to {G[0]} yyy, {G[1]} eee, {G[2]} {G[3]}", VISA),
    (f"o número do cartão é {M[0]} é, {M[1]} hã, {M[2]} {M[3]}", MC),
    (f'"text": "ok the card is {G[0]} hmm {G[1]} {G[2]} {G[3]}"', VISA),  # a sound of three letters, no comma
]
# Lines the engine finds no card in
NEGATIVE = [
    f"o pedido {G[0]} é {G[1]} {G[2]} {G[3]}",  # the copula "é" without a hesitation's comma joins nothing
    f"la tarjeta es {G[0]} {G[1]} uh, {G[2]} {G[3][:3]}",  # 15 digits: no card
    f"my order number is {G[0]} uh, {G[1]} {G[2]} {G[3]}",  # an id's label
    f"the card is {G[0]} {G[1]} sorry, {G[0]} {G[1]} {G[2]}",  # a correction is no hesitation: nothing joined
    f"la carte est {G[0]} {G[1]} er {G[2]} {G[3]}",  # a two-letter sound without its comma: no trigger
    "we open at 9:30 um, 10 people came, uh, 12.50 each",  # times, counts, amounts
    "allora, 12 persone, ehm, 3 tavoli",
]


@pytest.mark.parametrize(("line", "pan"), POSITIVE)
def test_a_hesitant_card_number_is_found(line: str, pan: str) -> None:
    assert [s.value for s in Engine().scan_text(line) if s.type == "pan"] == [pan]


@pytest.mark.parametrize("line", NEGATIVE)
def test_other_numbers_with_hesitations_stay_quiet(line: str) -> None:
    assert [s for s in Engine().scan_text(line) if s.type == "pan"] == []


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("3783 uh, 2655 6548 hmm, 108", "3783 2655 6548 108"),
        ("5148 é, 1196 3305 é, 0182", "5148 1196 3305 0182"),
        ("4653 3410 allora, 8219 ehm, 3319", "4653 3410 8219 3319"),
        ("o cartão é 5148 1196", "o cartão é 5148 1196"),  # a copula before the numbers stays
        ("1234 é 5678", "1234 é 5678"),  # a word filler needs its comma
        ("at 12:30 um, 5 people, 1.5 uh, 2 kg", "at 12:30 um, 5 people, 1.5 uh, 2 kg"),  # a time, a decimal
        ("1234 sorry, 5678", "1234 sorry, 5678"),  # an apology or correction is kept
    ],
)
def test_drop_hesitations(line: str, read: str) -> None:
    assert drop_hesitations(line) == read


def test_only_changed_lines_are_segments() -> None:
    text = f"hello\nit is {G[0]} uh, {G[1]} {G[2]} {G[3]}\nuh, 12 of them"
    got = list(D.decode(text))
    assert [(text[g.start : g.end], g.encoding) for g in got] == [(text.split("\n")[1], ("hesitations",))]
    assert got[0].text == f"it is {G[0]} {G[1]} {G[2]} {G[3]}"
