"""Id columns of typed record files (red-team round 83, ``cards.tokencols``): an acquirer clearing file's merchant
id and retrieval reference columns, where only a chance share of the values pass Luhn, are ids; a PAN column (all
its values cards), a ``PAN=`` field at a record's end, a short file and a log's wandering numbers stay findings.
Values are built at run time from a seeded generator."""

import random

import pytest

from scanners.cards.brands import is_pan_ascii
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn

E = Engine(backend="re")
HEADER = (
    "HDR ACQUIRER CLEARING FILE  MID            TID      BATCH  ARN                     RRN          AUTH   AMOUNT\n"
)


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


def not_card(rng: random.Random, n: int) -> str:
    while is_pan_ascii(value := digits(rng, n)):
        pass
    return value


def card(rng: random.Random) -> str:
    return luhn("4" + digits(rng, 14))


def mid(rng: random.Random, valid: bool) -> str:
    """A 15-digit merchant id: Luhn- and IIN-valid by chance (an Amex range) or not."""
    return luhn("37" + digits(rng, 12)) if valid else not_card(rng, 15)


def rrn(rng: random.Random, valid: bool) -> str:
    """A 12-digit retrieval reference number, a card number by chance (a Maestro range) or not."""
    return luhn("50" + digits(rng, 9)) if valid else not_card(rng, 12)


def clearing(records: int, valid_every: int, seed: int = 83, pan_every: int = 0) -> tuple[str, list[str]]:
    """A clearing file of ``records`` DTL records, every ``valid_every``-th MID and RRN a card number by chance,
    every ``pan_every``-th record ending in ``PAN=<card>``; and those planted cards."""
    rng, lines, planted = random.Random(seed), [HEADER], []
    for i in range(records):
        valid = i % valid_every == 0
        line = (f"DTL {mid(rng, valid)} {digits(rng, 8)} {digits(rng, 6)} {digits(rng, 23)} {rrn(rng, valid)}"
                f" {rng.choice(['MCTQOY', '70IFFE'])} {rng.randrange(100, 99999) / 100:10.2f}")
        if pan_every and i % pan_every == 1:
            planted.append(pan := card(rng))
            line += f" PAN={pan}"
        lines.append(line + "\n")
    return "".join(lines), planted


def pans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in E.scan_text(text) if s.type == "pan"]


@pytest.mark.parametrize("valid_every", [10, 5])
def test_id_columns_quiet(valid_every: int) -> None:
    text, planted = clearing(60, valid_every, pan_every=12)
    assert planted and sorted(pans(text)) == sorted(planted)  # the keyed cards stay, no MID or RRN is reported


def test_pan_column_stays() -> None:
    rng = random.Random(7)
    cards = [card(rng) for _ in range(30)]
    text = HEADER + "".join(f"DTL {not_card(rng, 15)} {c} {digits(rng, 8)}     12.50\n" for c in cards)
    assert pans(text) == cards


def test_half_valid_column_stays() -> None:
    text, _ = clearing(40, 2)  # half of the MID column are cards: no chance share (a bare 12-digit RRN is quiet)
    assert len(pans(text)) == 20


def test_few_records_stay() -> None:
    text, _ = clearing(10, 3)  # too few records to judge a column: a bare number is reported
    assert len(pans(text)) == 4


def test_wandering_log_numbers_stay() -> None:
    rng = random.Random(5)
    lines = [f"INFO worker {i} done in {rng.randrange(9, 999)} ms\n" for i in range(40)]
    lines[20] = f"INFO worker 20 charged {card(rng)} ok\n"
    lines[21] = f"INFO worker 21 order {not_card(rng, 16)} ok\n"
    assert len(pans("".join(lines))) == 1
