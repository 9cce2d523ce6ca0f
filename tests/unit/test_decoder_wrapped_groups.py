"""WrappedGroupsDecoder: prose wrapped at a word boundary (a letter as ``pdftotext -layout`` writes it) is read with
a grouped card number the wrap cut joined again, reported on the line where it starts; a CSV row, a table's other
column, an address and numbers too short for a card stay apart."""

from __future__ import annotations

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.wrapped_groups import WrappedGroupsDecoder
from scanners.engine.core import Backend, Engine

D = WrappedGroupsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


MC = luhn("552636354926869")
VISA = luhn("453201511283036")
AMEX = luhn("37828224631000")


def fours(pan: str) -> list[str]:
    return [pan[i : i + 4] for i in range(0, len(pan), 4)]


def letter(first: str, second: str, indent: str = "    ") -> str:
    """A pdftotext -layout letter: a right-aligned address, then a paragraph whose lines wrap at a word."""
    right = " " * 40
    return "\n".join([f"{right}Calle Mayor 12", f"{right}28013 Madrid", "", f"{indent}Buenos días,", "",
                      f"{indent}{first}", f"{indent}{second}", f"{indent}fecha de caducidad diciembre de 2031", ""])


MCG, VG = fours(MC), fours(VISA)
POSITIVES = [
    ("two and two", letter(f"Pueden cobrar en mi tarjeta {MCG[0]} {MCG[1]}", f"{MCG[2]} {MCG[3]}."), MC, 6),
    ("three and one", letter(f"I tried paying with {VG[0]} {VG[1]} {VG[2]}", f"{VG[3]} three times and it failed."),
     VISA, 6),
    ("one and three", letter(f"Bitte buchen Sie von meiner Karte {VG[0]}", f"{VG[1]} {VG[2]} {VG[3]}, danke."),
     VISA, 6),
    ("amex 4-6-5", letter(f"my card is {AMEX[:4]} {AMEX[4:10]}", f"{AMEX[10:]} and it expires soon"), AMEX, 6),
    ("no indentation", letter(f"charge my card {VG[0]} {VG[1]}", f"{VG[2]} {VG[3]} please", indent=""), VISA, 6),
    # a quoted reply: the mail client's "> " before each line is both lines' indentation
    ("quoted reply", letter(f"card {VG[0]} {VG[1]}", f"{VG[2]} {VG[3]}", indent="> "), VISA, 6),
    ("quoted twice", letter(f"my card is {AMEX[:4]}", f"{AMEX[4:10]} {AMEX[10:]} thanks", indent=">> "), AMEX, 6),
    # the wrapper kept the blank it broke at, at the start of the next line
    ("blank kept on the next line", letter(f"The other card I tried was {VG[0]} {VG[1]} {VG[2]}",
                                           f" {VG[3]} but it was declined.", indent=""), VISA, 6),
    # a wrap at a column cut a group itself: the two short pieces are one group again
    ("group cut two and two", letter(f"The other card I tried was {MCG[0]} {MCG[1]} {MCG[2][:2]}",
                                     f"{MCG[2][2:]} {MCG[3]} but it was declined."), MC, 6),
    ("group cut one and three", letter(f"card {MCG[0]} {MCG[1][:1]}", f"{MCG[1][1:]} {MCG[2]} {MCG[3]} thanks"), MC, 6),
    ("group cut three and one", letter(f"card {VG[0]} {VG[1]} {VG[2][:3]}", f"{VG[2][3:]} {VG[3]} thanks"), VISA, 6),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "pan", "line"), [pytest.param(*c[1:], id=c[0]) for c in POSITIVES])
def test_a_wrapped_card_number_is_read_on_its_first_line(backend: Backend, text: str, pan: str, line: int) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]
    assert [(s.value, text.count("\n", 0, s.start) + 1) for s in spans] == [(pan, line)]


NEGATIVES = [
    ("csv rows", f"id,name,card\n7,Ana,{VG[0]}\n{VG[1]} {VG[2]} {VG[3]},x"),
    ("other indentation", letter(f"Total {VG[0]} {VG[1]}", f"        {VG[2]} {VG[3]}")),
    ("too short", letter("llame al 0151 2345", "6789 por favor")),
    ("luhn-invalid", letter(f"mi tarjeta {VG[0]} {VG[1]}", f"{VG[2]} {VG[3][:3]}{(int(VG[3][3]) + 1) % 10}.")),
    ("table column", letter(f"Invoice {VG[0]} {VG[1]}", f"{VG[2]} {VG[3]}-A")),
    ("cut inside a group", letter(f"mi tarjeta {VISA[:6]}", f"{VISA[6:]}.")),
    ("two whole groups glued", letter(f"Total {VG[0]} {VG[1]} {VG[2]}", f"{VG[3]}9 items")),
    ("lone digit before", letter(f"Total {VG[0]} {VG[1]} {VG[2]} 7", f"{VG[3]} items")),
    ("lone digit next", letter(f"Total {VG[0]} {VG[1]} {VG[2]}", f"{VG[3][1]} {VG[3][2:]} items")),
    # the next line quoted once more or once less: another mail's text
    ("other quote depth", letter(f"> card {VG[0]} {VG[1]}", f"  {VG[2]} {VG[3]}", indent="")),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_stay_apart(text: str) -> None:
    assert [s.value for s in Engine(backend="re").scan_text(text) if s.type == "pan"] == []


def test_segment_is_the_two_lines_joined() -> None:
    text = letter(f"Pueden cobrar en mi tarjeta {MCG[0]} {MCG[1]}", f"{MCG[2]} {MCG[3]}.")
    (seg,) = D.decode(text)
    assert seg.text == f"    Pueden cobrar en mi tarjeta {' '.join(MCG)}."
    assert seg.line_starts == (0, len(f"    Pueden cobrar en mi tarjeta {MCG[0]} {MCG[1]}") + 1)
