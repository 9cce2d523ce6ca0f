"""ClearingPanDetector: the account number of a Visa BASE II TCR 0 draft record (TC 05-07, chargebacks 15-17,
reversals 25-27, 35-37), read at positions 5-23 of the 168-character record only when the line has the record's
layout; quiet on other records of the file, on ARNs, ids and timestamps that open a line, and on near layouts."""

import pytest

from scanners.detectors.clearing_pan import ClearingPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract
from tests.unit.test_card_summary import _luhn

D = ClearingPanDetector()

V16, V16B, V19, V13 = _luhn("453201511283036"), _luhn("491761000000000"), _luhn("491812345678901234"), _luhn(
    "492901627381")
ARN = _luhn("7" + "4000012" + "6340" + "0000000123")  # format code, acquirer BIN, YDDD, film sequence, check digit
BAD_ARN = ARN[:-1] + str((int(ARN[-1]) + 1) % 10)  # the check digit does not hold


def short_tcr0(field: str, arn: str = ARN, mmdd: str = "7798") -> str:
    """A producer's TCR 0 without the source amount, its purchase date left unset: head, business id, one amount."""
    return (f"0500{field}   {arn}10004567{mmdd}{4218:012d}840{'FUEL STOP 22':<25}{'SEATTLE':<13}WA US ").ljust(168)


def tcr0(field: str, tc: str = "05", flags: str = "   ", arn: str = ARN, mmdd: str = "1204", tail: str = "") -> str:
    """A TCR 0 record: code, qualifier, sequence 0, the account number field, indicators, ARN, business id, purchase
    date, amounts and currencies, merchant name, city, country, MCC, ZIP, state and the flags after them."""
    head = f"{tc}00{field}{flags}{arn}10004567{mmdd}{4218:012d}840{4218:012d}840"
    rest = f"{'ACME STORE #280':<25}{'SEATTLE':<13}US 541198101WA   1009EA1B2C35 1 0563410"
    return (head + rest).ljust(168) + tail


HEADER = "90  400001263400000" + " " * 149  # a TC 90 file header: no account number
TCR1 = ("0501" + " " * 12 + "0000000000" + " " * 20 + "P7U5CWRD8V3VF1W").ljust(168)  # additional data, no PAN
TRAILER = "9100" + "0" * 60 + " " * 104
FILE = "\n".join([HEADER, tcr0(V16 + "000"), TCR1, tcr0(V16B + "000", "06", " R "), TRAILER])

POSITIVE_CASES: list[tuple[str, str, list[str]]] = [
    ("tc05-16-digits", tcr0(V16 + "000"), [V16]),
    ("tc06-crb-flag", tcr0(V16 + "000", "06", " R "), [V16]),
    ("tc07-pcas-flag", tcr0(V16 + "000", "07", "  9"), [V16]),
    ("tc15-chargeback", tcr0(V16B + "000", "15"), [V16B]),
    ("tc25-reversal", tcr0(V16 + "000", "25"), [V16]),
    ("tc36-chargeback-reversal", tcr0(V16 + "000", "36"), [V16]),
    ("19-digit-card-fills-the-field", tcr0(V19), [V19]),
    ("13-digit-card-blank-padded", tcr0(V13 + " " * 6), [V13]),
    ("trailing-blanks-trimmed", tcr0(V16 + "000").rstrip(" "), [V16]),
    ("crlf", tcr0(V16 + "000") + "\r\n" + tcr0(V16B + "000") + "\r\n", [V16, V16B]),
    ("clearing-file", FILE, [V16, V16B]),
    ("arn-check-digit-holds-no-source-amount", short_tcr0(V16 + "000"), [V16]),
    ("arn-check-digit-holds-19-digits", short_tcr0(V19, mmdd="0000"), [V19]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("tcr1-additional-data", ("0501" + V16 + "000" + "   " + ARN).ljust(168)),
    ("unknown-transaction-code", tcr0(V16 + "000", "45")),
    ("not-a-draft-code", tcr0(V16 + "000", "09")),
    ("component-sequence-not-0", tcr0(V16 + "000").replace("0500", "0501", 1)),
    ("longer-than-the-record", tcr0(V16 + "000", tail="X")),
    ("purchase-month-13-arn-check-fails", tcr0(V16 + "000", arn=BAD_ARN, mmdd="1304")),
    ("short-record-arn-check-fails", short_tcr0(V16 + "000", arn=BAD_ARN)),
    ("short-record-longer-than-the-record", short_tcr0(V16 + "000") + "X"),
    ("short-record-no-amount", f"0500{V16}000   {ARN}10004567 FUEL STOP 22"),
    ("arn-not-digits", tcr0(V16 + "000", arn="74000012634" + "ABCDEFGHIJKL")),
    ("no-indicators-arn-shifted", tcr0(V16 + "000", flags="")),
    ("luhn-invalid", tcr0(V16[:-1] + str((int(V16[-1]) + 1) % 10) + "000")),
    ("extension-not-zero", tcr0(V16 + "417")),
    ("truncated-zero-filled", tcr0(_luhn("453201000000303") + "000")),
    ("truncated-zero-filled-short-record", short_tcr0(_luhn("453201000000303") + "000")),
    ("no-brand-range", tcr0(_luhn("900000000000123") + "000")),
    ("arn-opens-the-line", f"{ARN}{ARN}10004567120400000000421884000000000421884ACME STORE"),
    ("id-run-then-timestamp", f"0500{V16}000 2026-12-04T10:22:01Z settlement batch closed"),
    ("not-at-line-start", "ctf: " + tcr0(V16 + "000")[:150]),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_account_number_at_its_position(text: str, expected: list[str]) -> None:
    found = list(D.find(text))
    assert [text[s.start : s.end] for s in found] == expected
    assert [s.value for s in found] == expected
    assert all(s.type == "pan" and s.detector == "clearing_pan" and text[s.start - 4 : s.start - 1].isdigit()
               for s in found)


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_the_records_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == expected, text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == [], text


def test_the_test_card_flag_follows_the_digits() -> None:
    text = tcr0("4111111111111111000") + "\n" + tcr0(V16 + "000")
    assert [s.test_card for s in D.find(text)] == [True, False]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[str]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    cases = [(case, text, [(v, v) for v in expected]) for case, text, expected in POSITIVE_CASES]
    contract.assert_triggers_hit(D, cases)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, FILE, pos, endpos)
