"""CharArraysDecoder: a card number written in source code as an array of its characters (Java/C/C# ``char[]``,
C's with ``'\\0'``, a Python list, a JavaScript array ``.join('')``-ed; one line or several) reads as the quoted
digits in place, with the name before it; arrays of letters and short digit arrays stay quiet, and double-quoted
digit lists are left to the array_pan detector."""

from __future__ import annotations

import random
import re

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.char_arrays import TRIGGERS, CharArraysDecoder, array_text
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

D = CharArraysDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")
MAESTRO12 = luhn("67614788033")


def chars(text: str, q: str = "'", sep: str = ", ") -> str:
    return sep.join(f"{q}{c}{q}" for c in text)


# (text, the card number it holds)
POSITIVE = [
    (f"    private static final char[] SECRET_PAN_0 = {{{chars(VISA)}}};", VISA),
    (f"char pan[] = {{{chars(MC, sep=',')}, '\\0'}};", MC),  # C, its terminator
    (f"card_number = [{chars(VISA)}]", VISA),  # a Python list
    (f"const pan = [{chars(MC)}].join('');", MC),
    (f"val pan = charArrayOf({chars(VISA)})", VISA),  # Kotlin
    (f"static final char[] CARD_PAN = {{{chars(MAESTRO12)}}};", MAESTRO12),  # twelve digits, named by a card word
    ("char[] pan = {\n    " + chars(VISA[:8]) + ",\n    " + chars(VISA[8:]) + "\n};", VISA),  # over lines
]


@pytest.mark.parametrize(("text", "digits"), POSITIVE, ids=masked_id)
def test_the_array_reads_as_its_text_with_its_name(text: str, digits: str) -> None:
    (seg,) = list(D.decode(text))
    assert (seg.start, seg.end, seg.encoding) == (0, len(text), ("char_arrays",))
    assert f'"{digits}"' in seg.text
    assert text.split("=")[0] in seg.text


@pytest.mark.parametrize(("text", "digits"), POSITIVE, ids=masked_id)
def test_the_engine_finds_the_card(each_engine: Engine, text: str, digits: str) -> None:
    assert [s.type for s in each_engine.scan_text(text)] == ["pan"]


NEGATIVE = [
    "char[] name = {'a', 'l', 'i', 'c', 'e', '1', '2'};",  # letters
    "letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']",
    "digits = ['1', '2', '3', '4', '5']",  # fewer than six digits in a row
    "seps = ['1', '2', '3', 'x', '4', '5', '6', 'y', '7', '8']",
]


@pytest.mark.parametrize("text", NEGATIVE, ids=masked_id)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text)) == []


QUIET = [
    f"static final char[] BUILD = {{{chars(MAESTRO12)}}};",  # twelve digits with no card word
    f"char[] pan = {{{chars(VISA[:-1] + str((int(VISA[-1]) + 1) % 10))}}};",  # Luhn fails
    f"order_id = [{chars(VISA)}]",  # an id's key: as the plain literal is judged
]


@pytest.mark.parametrize("text", QUIET, ids=masked_id)
def test_no_finding_where_the_plain_literal_would_give_none(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_double_quoted_digits_are_array_pans(each_engine: Engine) -> None:
    """``["4", "1", …]`` is JSON's shape too (logs hold such arrays): the array_pan detector reads it, not this
    decoder."""
    line = f"pan_chars = [{chars(VISA, chr(34))}]"
    assert list(D.decode(line)) == []
    assert [(s.type, s.encoding) for s in each_engine.scan_text(line)] == [("pan", ())]


def test_array_text_drops_the_terminator() -> None:
    assert array_text("{'4', '2', '\\0'}") == "42"


def test_sampled_forms_fire_the_trigger() -> None:
    rng = random.Random(8)
    triggers = [re.compile(t) for t in TRIGGERS]
    for _ in range(200):
        digits = luhn("5" + "".join(rng.choice("0123456789") for _ in range(rng.choice([11, 14, 17]))))
        body = chars(digits, "'", rng.choice([", ", ",", " , "]))
        line = rng.choice(["char[] p = {{{}}};", "p = [{}]", "[{}].join('')"]).format(body)
        assert any(t.search(line) for t in triggers), line
        assert any(digits in s.text for s in D.decode(line))
