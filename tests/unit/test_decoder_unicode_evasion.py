"""Invisible and combining characters inside a card number (``scanners.decoders.unicode_digits``): bidirectional
marks between groups or digits (LRM, RLM, ALM), embeddings and overrides (LRE..RLO, PDF), isolates around each group
(LRI/RLI/FSI ... PDI), and combining marks on each digit (strike-through, underline, overline, an enclosing keycap
after a variation selector). A reader sees the digits; the folded line is reported as ``unicode``. Near misses: the
same characters in a phone number, a masked card, a Luhn-failing order number and an accented label stay quiet."""

from __future__ import annotations

import pytest

from scanners.decoders.unicode_digits import fold
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn
from tests.unit.detector_contract import masked_id

PAN = luhn("453201511283036")
GROUPS = [PAN[i : i + 4] for i in range(0, 16, 4)]
LRM, RLM, ALM, LRI, RLI, FSI, PDI = "\u200e", "\u200f", "\u061c", "\u2066", "\u2067", "\u2068", "\u2069"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"


def marked(mark: str, groups: list[str] = GROUPS) -> str:
    return " ".join("".join(c + mark for c in g) for g in groups)


_SUPER = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"


def dressed(first: int, zero: str = "", groups: list[str] = GROUPS) -> str:
    """Digits in typographic dress from the block at ``first`` (one to nine in order, ``zero`` for 0)."""
    return " ".join("".join(zero if c == "0" else chr(first + int(c) - 1) for c in g) for g in groups)


WRITTEN = [
    f"num\u00e9ro de carte {' '.join(LRI + g + PDI for g in GROUPS)}",
    f"card: {' '.join(RLI + g + PDI for g in GROUPS)} thanks",
    f"card: {' '.join(FSI + g + PDI for g in GROUPS)}",
    f"n\u00famero de tarjeta: {(' ' + RLM).join(GROUPS)}",
    f"cc# {LRM.join(GROUPS)}, expires 04/29",
    f"card {(LRM + ' ').join(GROUPS)}",
    f"card {ALM.join(GROUPS)}",
    f"card {LRM.join(PAN)}",  # a mark after every digit
    f"card {' '.join(LRE + g + PDF for g in GROUPS)}",
    f"card {' '.join(RLE + g + PDF for g in GROUPS)}",
    f"card {LRO}{GROUPS[0]}{PDF}{LRO}{GROUPS[1]}{PDF}{LRO}{GROUPS[2]}{PDF}{LRO}{GROUPS[3]}{PDF}",
    f"card {RLO}{GROUPS[0]}{PDF} {RLO}{GROUPS[1]}{PDF} {RLO}{GROUPS[2]}{PDF} {RLO}{GROUPS[3]}{PDF}",
    f"ok please charge my visa {marked(chr(0x336))}",  # struck through
    f"card: {marked(chr(0x332))}",  # underlined
    f"cc# {marked(chr(0x305))}",  # overlined
    f"card: {marked(chr(0x20E3))}",  # enclosing keycap
    f"card: {marked(chr(0xFE0F) + chr(0x20E3))}",  # the emoji keycap: variation selector and keycap
    f"card: {marked(chr(0x336) + chr(0x332))}",  # two marks on each digit
    f"card {dressed(0x2460, chr(0x24EA))}",  # circled
    f"card {dressed(0x2474, chr(0x24EA))}",  # parenthesised (no parenthesised zero: a circled one)
    f"card {dressed(0x2081, chr(0x2080))}",  # subscript
    f"card {' '.join(''.join(_SUPER[int(c)] for c in g) for g in GROUPS)}",  # superscript
    f"card {dressed(0x2776, chr(0x24FF))}",  # negative circled
]


@pytest.mark.parametrize("line", WRITTEN, ids=masked_id)
def test_the_folded_line_reads_the_card(line: str) -> None:
    assert PAN in fold(line).replace(" ", "").replace("/", "")


@pytest.mark.parametrize("line", WRITTEN, ids=masked_id)
def test_the_engine_reports_the_card_as_unicode(each_engine: Engine, line: str) -> None:
    pans = [s for s in each_engine.scan_text(line) if s.type == "pan"]
    assert pans and all(s.encoding == ("unicode",) for s in pans)


QUIET = [
    f"call me {LRM}+49 151 2345 6789{LRM}",  # a phone number between marks
    f"tel {' '.join(LRI + g + PDI for g in ('0151', '2345', '6789'))}",
    f"card {LRM}**** **** **** {GROUPS[3]}{LRM}",  # a masked card
    f"card {' '.join(LRI + g + PDI for g in ('XXXX', 'XXXX', 'XXXX', GROUPS[3]))}",
    f"order {' '.join(LRI + g + PDI for g in [*GROUPS[:3], str((int(GROUPS[3]) + 1) % 10000).zfill(4)])}",
    f"Ablaufdatum {marked(chr(0x336), ['2024', '13', '45'])}",  # no card: a struck-through reference
    f"see notes {dressed(0x2460, groups=['1', '2', '3'])} and area 120 m\u00b2",  # footnotes, a unit
]


@pytest.mark.parametrize("line", QUIET, ids=masked_id)
def test_near_misses_stay_quiet(each_engine: Engine, line: str) -> None:
    assert [s.type for s in each_engine.scan_text(line) if s.type == "pan"] == []


def test_a_mark_on_a_letter_stays() -> None:
    """An accent written as a combining mark belongs to its letter: a label keeps it (``Gu\\u0308ltig``)."""
    line = "Gu\u0308ltig bis 0\u03367/2\u03369"
    assert fold(line) == "Gu\u0308ltig bis 07/29"
