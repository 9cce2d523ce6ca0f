"""ColumnPanDetector: the PAN column of fixed-width batch records (type letter, id, name, PAN field, YYMM), judged
over the records of one type; quiet on NACHA files and on columns of ids that are only now and then Luhn-valid."""

import re

import pytest

from scanners.cards.brands import is_pan, luhn_valid
from scanners.cards.fixedcols import MAX_COLUMN, TRIGGER
from scanners.detectors.column_pan import ColumnPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = ColumnPanDetector()


def card(prefix: str, length: int) -> str:
    """``prefix`` padded with zeros and completed with its Luhn check digit."""
    body = prefix.ljust(length - 1, "7")
    digits = next(body + c for c in "0123456789" if luhn_valid(body + c))
    assert is_pan(digits)
    return digits


V16, AMEX, DINERS, V19, MC = card("453201", 16), card("378282", 15), card("305693", 14), card("491812", 19), card(
    "555555", 16)
NAMES = ("ACME STORES LTD", "CAFE DU PONT", "MUELLER GMBH")


def padded(n: int, pan: str, yymm: str = "2703") -> str:
    """A record with the PAN space-padded to a 20-wide field, then YYMM and the amount."""
    return f"D{10000000 + n:08d} {NAMES[n % 3]:<20}{pan:<20}{yymm}{n * 137:012d}" + " " * 20


def glued(n: int, pan: str, yymm: str = "2811") -> str:
    """A record whose writer glued the YYMM and amount to the PAN."""
    return f"D{10000000 + n:08d} {NAMES[n % 3]:<20}{pan}{yymm}{n * 137:012d}" + " " * 20


def zero_padded(n: int, pan: str, yymm: str = "3002") -> str:
    """A record with the PAN zero-padded to a 19-digit field glued to the YYMM."""
    return f"D{10000000 + n:08d} {NAMES[n % 3]:<20}{pan.ljust(19, '0')}{yymm}{n * 137:012d}" + " " * 20


FILLER = "".join(str(i % 10) for i in range(54)) + f"{'JOHN SMITH':<24}{'1' * 16}"  # a record led by a digit
SETTLEMENT = [FILLER, glued(1, V16), padded(2, AMEX), FILLER, glued(3, DINERS, "2601"), padded(4, MC, "3312"),
              zero_padded(5, V16), glued(6, V19, "2909"), FILLER]
EXPECTED = [("pan", V16), ("expiry", "2811"), ("pan", AMEX), ("expiry", "2703"), ("pan", DINERS), ("expiry", "2601"),
            ("pan", MC), ("expiry", "3312"), ("pan", V16), ("expiry", "3002"), ("pan", V19), ("expiry", "2909")]

NACHA = "\n".join([
    "101 021000021 1234567892612051200A094101BANK OF EXAMPLE        ACME CORP              ",
    "5200ACME TRAVEL LTD                    1234567890PPDPAYMENTS         261205   1021000020000001",
    *(f"6220210000211{V16 + str(i):<17}0000004200{'84213377':<15}{'JANE SMITH':<22}  0{'021000020000001':15}"
      for i in range(4)),
])


def ids_file(valid_every: int) -> str:
    """Records of 16-digit ids at the PAN's column; every ``valid_every``-th id is a valid card number."""
    rows = []
    for n in range(12):
        ident = card("453201" + f"{n:04d}", 16) if n % valid_every == 0 else f"45320100{n:06d}13"
        rows.append(f"R{20000000 + n:08d} {NAMES[n % 3]:<20}{ident:<20}{n:06d}{n * 91:012d}")
    return "\n".join(rows)


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("settlement-file", "\n".join(SETTLEMENT), EXPECTED),
    ("crlf", "\r\n".join(SETTLEMENT), EXPECTED),
    ("padded-no-expiry", "\n".join(padded(n, c, "0000") for n, c in enumerate([V16, AMEX, MC])),
     [("pan", V16), ("pan", AMEX), ("pan", MC)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("nacha-file", NACHA),
    ("ids-one-in-four-valid", ids_file(4)),
    ("ids-none-valid", ids_file(100).replace(card("4532010000", 16), "4532010000000013")),
    ("two-card-records-only", "\n".join([padded(1, V16), padded(2, AMEX), FILLER])),
    ("luhn-invalid", "\n".join(padded(n, V16[:-1] + str((int(V16[-1]) + 1) % 10)) for n in range(5))),
    ("lower-case-lines", "\n".join(padded(n, V16).replace("ACME", "acme").replace("CAFE", "cafe").replace(
        "MUELLER", "mueller") for n in range(6))),
    ("short-lines", "\n".join(f"D{n} {V16} 2703" for n in range(6))),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_pan_and_the_expiry_after_it(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(ColumnPanDetector().find(text))
    assert [(s.type, text[s.start : s.end]) for s in found] == expected
    assert all(s.detector == "column_pan" for s in found)


def test_expiry_value_is_month_and_year() -> None:
    found = [s.value for s in ColumnPanDetector().find("\n".join(SETTLEMENT)) if s.type == "expiry"]
    assert found[0] == "11/28"


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in ColumnPanDetector().find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_the_records_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    text = "\n".join(SETTLEMENT)
    found = {(s.type, text[s.start : s.end]) for s in engine.scan_text(text)}
    assert set(EXPECTED) <= found
    for _, negative in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(negative) if s.detector == "column_pan"] == [], negative


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(ColumnPanDetector(), text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(ColumnPanDetector(), [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(ColumnPanDetector(), "\n".join(SETTLEMENT), pos, endpos)


@pytest.mark.parametrize("kind", ["D", "DR"])
def test_the_trigger_admits_every_column_the_census_reads(kind: str) -> None:
    trigger = re.compile(TRIGGER, re.MULTILINE)
    for col in range(len(kind) + 2, MAX_COLUMN + 1, 7):
        lines = [f"{kind}{n:0{col - len(kind) - 1}d} {c:<20}2703{'0' * 12} AUTH" for n, c in enumerate([V16, AMEX, MC])]
        text = "\n".join(lines)
        found = [text[s.start : s.end] for s in ColumnPanDetector().find(text) if s.type == "pan"]
        assert found == [V16, AMEX, MC], col
        assert all(trigger.match(line) for line in lines), col
