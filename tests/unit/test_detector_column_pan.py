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


# TC33/Base II-style 'D' records: merchant (15), terminal (8, its last character a letter glued before the PAN field),
# PAN left-justified space-padded to 19, transaction date YYMMDD, amount (12), currency, auth code (6), ARN (23).
# Most records carry the masked number in the PAN field; the date is the batch's, the same in every record.
def tc33(n: int, pan: str, date: str = "261119") -> str:
    merchant, terminal = f"4{n:014d}", f"T{n:05d}X{'ABCDEFGH'[n % 8]}"
    arn = f"74{n:021d}"  # an ARN-like run: 23 digits after the auth code
    return f"D{merchant}{terminal}{pan:<19}{date}{n * 1234:012d}840AUTH{n % 10}Z{arn}".ljust(200)


def masked(pan: str) -> str:
    return pan[:6] + "*" * (len(pan) - 10) + pan[-4:]


V16B, MC2, V19B = card("414720", 16), card("222300", 16), card("627182", 19)  # UnionPay 19 fills the field


def tc33_file(fulls: dict[int, str], rows: int = 12, date: str = "261119") -> str:
    others = [V16, AMEX, MC, DINERS]
    body = [tc33(n, fulls[n] if n in fulls else masked(others[n % 4]), date) for n in range(rows)]
    return "\n".join([f"H20261119150635{'PHONEPAY EXTRACT V2':<40}".ljust(200), *body, f"T{rows:09d}".ljust(200)])


TC33_CASES = [
    ("tc33-padded-and-filled", tc33_file({2: V16B, 5: MC2, 9: V19B}), [V16B, MC2, V19B]),
    # one full number among masked ones: the masked numbers prove the column
    ("tc33-one-full-among-masked", tc33_file({4: V19B}), [V19B]),
    ("tc33-dates-vary", tc33_file({1: V16B, 3: MC2, 7: V19B}).replace("261119", "261118", 4), [V16B, MC2, V19B]),
]


@pytest.mark.parametrize(("text", "pans"), [pytest.param(t, p, id=c) for c, t, p in TC33_CASES])
def test_tc33_pan_after_a_letter_and_no_expiry_from_the_batch_date(text: str, pans: list[str]) -> None:
    found = list(ColumnPanDetector().find(text))
    assert [(s.type, s.value) for s in found] == [("pan", p) for p in pans]
    contract.assert_windows_match_whole(ColumnPanDetector(), text)
    engine = {s.value for s in Engine().scan_text(text) if s.type == "expiry"}
    assert not engine & {"11/26"}


def tc33_ragged(n: int, pan: str) -> str:
    """Lines of a log whose fields are not fixed: the number after a letter at a column that moves line to line."""
    return f"D{n:0{4 + n % 5}d}STATUS OK REF{'X' * (n % 7)}{pan} 2611190000001234 DONE".ljust(60)


TC33_QUIET = [
    # only the ARN-like and merchant runs, which are no card numbers: every record masked
    ("tc33-all-masked", tc33_file({})),
    ("tc33-ragged", "\n".join(tc33_ragged(n, V16B if n % 2 else MC2) for n in range(10))),
    ("tc33-two-full-no-masked", "\n".join(tc33(n, p) for n, p in enumerate([V16B, MC2]))),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t in TC33_QUIET])
def test_tc33_quiet(text: str) -> None:
    assert [(s.type, s.value) for s in ColumnPanDetector().find(text)] == []


def test_expiry_is_still_read_when_the_next_field_varies() -> None:
    rows = [padded(n, c, yymm) for n, (c, yymm) in enumerate([(V16, "2703"), (AMEX, "2811"), (MC, "3001")])]
    found = [(s.type, s.value) for s in ColumnPanDetector().find("\n".join(rows))]
    assert found == [("pan", V16), ("expiry", "03/27"), ("pan", AMEX), ("expiry", "11/28"), ("pan", MC),
                     ("expiry", "01/30")]
