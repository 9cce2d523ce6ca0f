"""ConcatLiteralsDecoder: a card number written in source code as digit string literals joined (``+`` in Java,
JavaScript, C#, Python, Kotlin, Swift; ``.`` in PHP; ``..`` in Lua; adjacent literals in C and Python; broken over
lines) reads as the one literal in place, with the name before it; versions, SQL fragments, ids too short or too
long, and a column of quoted numbers stay quiet."""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.concat_literals import TRIGGERS, ConcatLiteralsDecoder
from scanners.engine.core import Engine
from tests.unit.detector_contract import masked_id

D = ConcatLiteralsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("490085514696812")
MC = luhn("522222990543100")
AMEX = luhn("37144963539843")
MAESTRO12 = luhn("67614788033")


def joined(digits: str, cuts: tuple[int, ...], op: str = " + ", q: str = '"') -> str:
    bounds = (0, *cuts, len(digits))
    return op.join(f"{q}{digits[a:b]}{q}" for a, b in pairwise(bounds))


# (text, the card number it holds)
POSITIVE = [
    (f"PAN_0 = {joined(VISA, (6, 7, 11))}", VISA),
    (f"PAN_1 = {joined(MC, (4, 10, 11), q=chr(39))}", MC),  # Python single quotes
    (f"    String pan = {joined(AMEX, (5, 9))};", AMEX),
    (f"$pan = {joined(VISA, (4, 8, 12), ' . ', chr(39))};", VISA),  # PHP
    (f"local pan = {joined(MC, (8,), ' .. ')}", MC),  # Lua
    (f"const char *pan = {joined(VISA, (4, 8, 12), ' ')};", VISA),  # adjacent C literals
    (f"val cardNumber = {joined(MC, (8,), ' +')}".replace(" +", " +\n    "), MC),  # operator ends the line
    (f"let pan = {joined(VISA, (8,))}".replace(" + ", "\n    + "), VISA),  # ... starts the next
    (f"CARD = ({joined(AMEX, (8,), ' ')})".replace('" "', '"\n        "'), AMEX),  # Python, in parentheses
    (f"CARD_PAN = {joined(MAESTRO12, (4, 8))}", MAESTRO12),  # twelve digits, named by a card word
]


@pytest.mark.parametrize(("text", "digits"), POSITIVE, ids=masked_id)
def test_the_chain_reads_as_one_literal_with_its_name(text: str, digits: str) -> None:
    (seg,) = list(D.decode(text))
    assert (seg.start, seg.end, seg.encoding) == (0, len(text), ("concat_literals",))
    assert re.search(rf"""["']{digits}["']""", seg.text)
    assert text.split("=")[0] in seg.text and "\n" not in seg.text


@pytest.mark.parametrize(("text", "digits"), POSITIVE, ids=masked_id)
def test_the_engine_finds_the_card(each_engine: Engine, text: str, digits: str) -> None:
    assert [s.type for s in each_engine.scan_text(text)] == ["pan"]


NEGATIVE = [
    'VERSION = "1" + "." + "2" + "." + "3"',
    'v = "1" + "." + "2" + "." + "30" + "." + "4444444"',
    'sql = "SELECT * FROM t WHERE id = " + "1234" + " AND x = " + "5678"',
    'id = "12345" + "67890"',  # ten digits: too short
    f'big = {joined(VISA + "0000", (10,))}',  # twenty digits: too long
    f'"{VISA[:8]}"\n"{VISA[8:]}"',  # a column of quoted numbers: no operator, not indented
    f'key = "abc{VISA[:8]}" + "{VISA[8:]}"',  # the first literal is no digit string
    'user typed "12345".',
]


@pytest.mark.parametrize("text", NEGATIVE, ids=masked_id)
def test_what_it_leaves_alone(text: str) -> None:
    assert list(D.decode(text)) == []


QUIET = [
    f"build = {joined(MAESTRO12, (4, 8))}",  # twelve digits with no card word
    f"pan = {joined(VISA[:-1] + str((int(VISA[-1]) + 1) % 10), (8,))}",  # Luhn fails
    f"orderId = {joined(VISA, (8,))}",  # an id's key: as the plain literal is judged
]


@pytest.mark.parametrize("text", QUIET, ids=masked_id)
def test_no_finding_where_the_plain_literal_would_give_none(each_engine: Engine, text: str) -> None:
    assert each_engine.scan_text(text) == []


def test_sampled_chains_fire_the_trigger() -> None:
    rng = random.Random(9)
    triggers = [re.compile(t, re.MULTILINE) for t in TRIGGERS]
    for _ in range(300):
        digits = luhn("4" + "".join(rng.choice("0123456789") for _ in range(rng.choice([11, 14, 17]))))
        cuts = tuple(sorted(rng.sample(range(2, len(digits) - 1), rng.choice([1, 2, 3]))))
        op = rng.choice([" + ", "+", " . ", " .. ", " ", " +\n    ", "\n    + ", "\n    "])
        text = "PAN = " + joined(digits, cuts, op, rng.choice(["'", '"']))
        assert any(t.search(text) for t in triggers), text
        assert any(digits in s.text for s in D.decode(text))
