"""DigitUnderscoresDecoder: a card number written as a numeric literal with ``_`` between digit groups (Python, Java,
Kotlin, JavaScript/TypeScript, Go, Rust, C#, Swift, Ruby), with its language's suffix, reads as its digits; an
expiry and code in a comment beside it are then read with their card. Identifiers, short constants, floats and
version strings stay quiet."""

from __future__ import annotations

import random
import re

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.digit_underscores import LITERAL, TRIGGERS, DigitUnderscoresDecoder, read_literals
from scanners.engine.core import Backend, Engine
from tests.unit.detector_contract import masked_id

D = DigitUnderscoresDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")
MC = luhn("522222990543100")
AMEX = luhn("37144963539843")
DINERS = luhn("3056930902590")
MAESTRO12 = luhn("50180000000")


def split(digits: str, sizes: tuple[int, ...]) -> str:
    out, at = [], 0
    for n in sizes:
        out.append(digits[at : at + n])
        at += n
    return "_".join(out)


def thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    return "_".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


# (line, the card number it holds, the types the engine reports)
POSITIVE = [
    (f"    long pan = {split(VISA, (4, 4, 4, 4))}L; // cvv 123 exp 11/28", VISA, ("pan", "expiry", "cvv")),
    (f"  const card = {{ number: {split(MC, (4, 4, 4, 4))}, exp_month: 5, exp_year: 2029, cvc: '693' }};", MC,
     ("pan", "expiry", "cvv")),
    (f"+    TEST_CARD = {split(VISA, (4, 4, 4, 4))}", VISA, ("pan",)),
    (f"CARD = {split(AMEX, (4, 6, 5))}  # exp 04/29 cvv 1234", AMEX, ("pan", "expiry")),
    (f"val pan = {split(DINERS, (4, 6, 4))}L", DINERS, ("pan",)),
    (f"let pan: u64 = {split(VISA, (4, 4, 4, 4))}_u64;", VISA, ("pan",)),
    (f"let pan = {split(VISA, (4, 4, 4, 4))}u64;", VISA, ("pan",)),
    (f"const pan = {split(MC, (4, 4, 4, 4))}n; // BigInt", MC, ("pan",)),
    (f"var pan = {split(MC, (4, 4, 4, 4))}UL;", MC, ("pan",)),
    (f"pan := {split(VISA, (4, 4, 4, 4))}", VISA, ("pan",)),
    (f"+    TEST_CARD = {split(MAESTRO12, (4, 4, 4))}", MAESTRO12, ("pan",)),  # a 12-digit card named by its key
    (f"card_number = {thousands(VISA)}", VISA, ("pan",)),
    (f"pan = {split(luhn('601100099990001'), (4, 4, 4, 3))}{luhn('601100099990001')[-1]}", None, ("pan",)),
]


@pytest.mark.parametrize(("line", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_literal_reads_as_its_digits(line: str, digits: str | None, types: tuple[str, ...]) -> None:
    (seg,) = list(D.decode(line))
    assert (seg.start, seg.end, seg.encoding) == (0, len(line), ("underscores",))
    assert digits is None or re.search(rf"(?<![0-9]){digits}(?![0-9])", seg.text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("line", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_engine_finds_the_card_and_its_companions(backend: Backend, line: str, digits: str | None,
                                                      types: tuple[str, ...]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(line)} >= set(types)


NEGATIVE = [
    f"def test_{split(VISA, (4, 4, 4, 4))}_declines():",  # part of an identifier
    f"name = card_{split(VISA, (4, 4, 4, 4))}",
    "MAX = 1_000_000_000",  # too short to be a card
    "timeout_ns = 30_000_000_000",
    f"x = 0.{split(VISA, (4, 4, 4, 4))}",  # a float's fraction
    f"$v{split(VISA, (4, 4, 4, 4))}",
    "version 1_2_3_4",
    f"big = {split(VISA + '0000', (4, 4, 4, 4, 4))}",  # 20 digits: no card
]


@pytest.mark.parametrize("line", NEGATIVE, ids=masked_id)
def test_what_it_leaves_alone(line: str) -> None:
    assert list(D.decode(line)) == []


def test_a_masked_literal_and_a_luhn_failure_report_nothing(each_engine: Engine) -> None:
    bad = VISA[:-1] + str((int(VISA[-1]) + 1) % 10)
    assert each_engine.scan_text(f"long pan = {split(bad, (4, 4, 4, 4))}L; // order id") == []


def test_sampled_groupings_fire_the_trigger_and_read_whole() -> None:
    """The trigger and the literal pattern in step: every card grouping a literal is written in (4-4-4-4, 4-4-4-x,
    4-4-4, 4-6-5, 4-6-4, thousands), with every suffix, fires a trigger and reads as the card's digits."""
    rng = random.Random(30)
    triggers = [re.compile(t, re.MULTILINE) for t in TRIGGERS]
    for _ in range(300):
        length = rng.choice([12, 14, 15, 16, 17, 18, 19])
        digits = luhn("4" + "".join(rng.choice("0123456789") for _ in range(length - 2)))
        fixed = {12: (4, 4, 4), 14: (4, 6, 4), 15: rng.choice([(4, 6, 5), (4, 4, 4, 3)])}
        groups = fixed.get(length, (4, 4, 4, length - 12))
        literal = rng.choice([split(digits, groups), thousands(digits)])
        suffix = rng.choice(["", "L", "l", "n", "u64", "_u64", "UL", "uL", "LU", "i128", "usize"])
        line = rng.choice(["x = {}", "  pan: {},", "f({}) // note", "{}"]).format(literal + suffix)
        assert any(t.search(line) for t in triggers), line
        assert LITERAL.search(line) is not None
        assert digits in read_literals(line)


def _insert(rows: list[str]) -> str:
    """A mysqldump extended ``INSERT``: every row of a table on one line."""
    return "INSERT INTO `ticket_messages` VALUES " + ",".join(rows) + ";\n"


def _row(n: int, body: str) -> str:
    return f"({n},{60000 + n},'{body}','2024-10-01 17:42:32',1)"


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("at", [0, 40, 120])
def test_a_literal_deep_in_a_line_longer_than_the_engines_reach(backend: Backend, at: int) -> None:
    """A line of 150 rows (16 KB): the engine gives it in pieces around its hits (``core.LINE_REACH``), and the piece
    around the line's first literal reads the whole line once: each card once, however far into the line."""
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    rows = [_row(n, "Refund delayed, confirm the damaged parcel and update the ticket soon.") for n in range(150)]
    rows[at] = _row(at, f"Hi, my card number is {split(VISA, (4, 4, 4, 4))} exp 12/25. Thx!")
    rows[at + 25] = _row(at + 25, f"Hi, here is the card {split(MC, (4, 4, 4, 4))}")
    spans = Engine(backend=backend).scan_text(_insert(rows))
    assert sorted(s.value for s in spans if s.type == "pan") == sorted([VISA, MC])
