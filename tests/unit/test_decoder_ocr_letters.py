"""OcrLettersDecoder: a card number or expiry with O/o for 0 and l/I for 1 (a receipt's OCR text, a number typed to
dodge a filter) reads as digits after a card word, when the number is an IIN-range, Luhn-valid card; the expiry date
then meets the expiry detector's own label. Ids, hashes, base64, words, unlabelled or Luhn-failing numbers and
impossible months stay quiet."""

from __future__ import annotations

import re

import pytest

from scanners.decoders.ocr_letters import TRIGGERS, OcrLettersDecoder, read_letters
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn
from tests.unit.detector_contract import masked_id

D = OcrLettersDecoder()



VISA = luhn("453201511283036")  # holds 0s and 1s
AMEX = luhn("37140963539843")
JCB = luhn("357102964663921")


def ocr(digits: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    """The number grouped, every 0 read as O and every 1 as l or I (alternately)."""
    groups, at = [], 0
    for n in sizes:
        groups.append(digits[at : at + n])
        at += n
    out, ones = [], 0
    for c in sep.join(groups):
        if c == "1":
            out.append("lI"[ones % 2])
            ones += 1
        else:
            out.append("O" if c == "0" else c)
    return "".join(out)


# (line, card digits or None, the types the engine reports)
POSITIVE = [
    (f"Karte / Card: {ocr(VISA, (4, 4, 4, 4))}", VISA, {"pan"}),
    (f"ok card no {ocr(JCB, (4, 4, 4, 4))}                USD 28.90", JCB, {"pan"}),
    (f"Hello team - cc# {ocr(AMEX, (4, 6, 5))} thanks", AMEX, {"pan"}),
    (f'"text": "Hi, Card number: {ocr(VISA, (4, 4, 4, 4), "-")} Expiry date: 08/29"', VISA, {"pan", "expiry"}),
    ("G\u00fcltig bis: O7/31", None, {"expiry"}),
    ("Expiry: l2/2O29", None, {"expiry"}),
]


@pytest.mark.parametrize(("line", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_line_reads_as_digits(line: str, digits: str | None, types: set[str]) -> None:
    (seg,) = list(D.decode(line))
    assert (seg.start, seg.end, seg.encoding) == (0, len(line), ("ocr_letters",))
    assert digits is None or digits in re.sub(r"(?<=[0-9])[ -](?=[0-9])", "", seg.text)


@pytest.mark.parametrize(("line", "digits", "types"), POSITIVE, ids=masked_id)
def test_the_engine_reports_it_decoded(each_engine: Engine, line: str, digits: str | None, types: set[str]) -> None:
    spans = each_engine.scan_text(line)
    assert {s.type for s in spans} == types
    read = [s for s in spans if s.type == "pan" or digits is None]  # (a plain expiry beside the card is plain)
    assert read and all(s.encoding == ("ocr_letters",) for s in read)


_BAD = VISA[:-1] + str((int(VISA[-1]) + 1) % 10)
NEGATIVE = [
    f"order {ocr(VISA, (4, 4, 4, 4))} shipped",  # no card word: an order number
    f"Card: {ocr(_BAD, (4, 4, 4, 4))}",  # Luhn fails
    f"card id=ab{ocr(VISA, (16,))}",  # glued to an id's letters
    f"card hash {ocr(VISA, (16,))}f3a9",  # part of a longer token
    "card token cus_9O1lI2OolIxq8",  # an id
    "card: lOl IOIO lool",  # letters only: a word
    "Card: 4532 l5l1 2837 O366 5l12 9982 OO1l",  # too long for a card
    "G\u00fcltig bis: l3/31",  # no month 13
    "version O1/2O1/3",  # not a date alone
    f"card {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]}",  # all digits: the plain scan's
]


@pytest.mark.parametrize("line", NEGATIVE, ids=masked_id)
def test_what_it_leaves_alone(line: str) -> None:
    assert list(D.decode(line)) == []


def test_a_line_without_a_card_word_reports_nothing(each_engine: Engine) -> None:
    assert each_engine.scan_text(f"Bestellnummer {ocr(VISA, (4, 4, 4, 4))} versandt") == []


def test_every_card_token_fires_the_trigger_and_no_plain_word_does() -> None:
    triggers = [re.compile(t, re.MULTILINE) for t in TRIGGERS]
    for line, _, _ in POSITIVE:
        assert any(t.search(line) for t in triggers), masked_id(line)
    for quiet in ("H2O and CO2 at 1O0% load", "base64 aGVsbG8gd29ybGQ0IO1l==", "sha 9f86d081884c7d659a2feaa0c55ad015"):
        assert read_letters(quiet, 0, len(quiet)) == quiet
