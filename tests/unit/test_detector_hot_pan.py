"""HotPanDetector: the card number in a BSP HOT file's BKP84 record, read by position from its FPAC field, and the
expiry (EXDA) after it in the DISH order."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.hot_pan import HotPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = HotPanDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


def bad(pan: str) -> str:
    """``pan`` with a wrong check digit."""
    return pan[:-1] + str((int(pan[-1]) + 1) % 10)


VISA = luhn("453201511283036")
VISA19 = luhn("491812345678901234")
MC = luhn("525557474317935")
AMEX = luhn("37828224631000")
MIR = luhn("220250821160278")


def dish(fptp: str, fpac: str, exda: str = "0329", amount: str = "00000045210") -> str:
    """A BKP84 record in the DISH order: SQNR, the qualifier, DAIS, TRNN, FPTP, FPAM, FPAC, EXDA, EXPC, APLC..."""
    return "BKP" + "00000012" + "84" + "240312" + "000004" + fptp.ljust(10) + amount + fpac.ljust(19) + exda \
        + "  " + "A1B2C3" + " " * 14 + "000000" + "USD2"


def account_first(fptp: str, fpac: str) -> str:
    """An extract's BKP84: the qualifier after the tag, a ticket number, FPTP, then FPAC before the amount."""
    return "BKP84" + "00000012" + "0577442536564" + fptp.ljust(10) + fpac.ljust(19) + "00482528971" + "0329USD2"


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("dish-16", dish("CCVI", VISA), [("pan", VISA), ("expiry", "0329")]),
    ("dish-19-fills-the-field", dish("CCVI", VISA19), [("pan", VISA19), ("expiry", "0329")]),
    ("dish-15-amex", dish("CCAX", AMEX, "1127"), [("pan", AMEX), ("expiry", "1127")]),
    ("dish-signed-amount", dish("CCCA", MC, amount="0000004521{"), [("pan", MC), ("expiry", "0329")]),
    ("dish-no-expiry", dish("CCCA", MC, "    "), [("pan", MC)]),
    ("dish-month-no-month", dish("CCCA", MC, "1329"), [("pan", MC)]),
    ("account-first-19-glued-to-the-amount", account_first("CCVI", VISA19), [("pan", VISA19)]),
    ("account-first-16", account_first("CCCA", MC), [("pan", MC)]),
    ("unknown-vendor-code", account_first("CCMI", MIR), [("pan", MIR)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("masked", dish("CCVI", VISA[:6] + "XXXXXX" + VISA[-4:])),
    ("masked-account-first", account_first("CCVI", VISA[:6] + "XXXXXX" + VISA[-4:])),
    ("luhn-invalid", dish("CCVI", bad(VISA19))),
    ("brand-disagrees", dish("CCVI", MC)),  # a Visa code before a Mastercard number
    ("cash", dish("CA", VISA)),  # no card's form of payment: whatever stands there is no card number
    ("not-left-justified", dish("CCVI", "   " + VISA)),
    ("not-a-record", "x" + dish("CCVI", VISA19)),
    ("sales-record", "BKS24" + "00000012" + "240312" + VISA19 + "TKTT    XEZ5HV"),
    ("cut-short", dish("CCVI", VISA19)[:60]),
    ("fptp-wider", account_first("CCVI", VISA19).replace("CCVI      ", "CCVI       ")),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_and_its_expiry(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(D.find(text))
    assert [(s.type, text[s.start : s.end]) for s in found] == expected
    assert all(s.detector == "hot_pan" for s in found)


def test_expiry_value_is_month_and_year() -> None:
    assert [s.value for s in D.find(dish("CCAX", AMEX, "1127")) if s.type == "expiry"] == ["11/27"]


def test_records_among_others() -> None:
    text = "\n".join(["BKS24000000102503180577442536564TKTT    KLHUXE", dish("CCVI", VISA19),
                      "BKS30000000110577442536564000003053960USD2", account_first("CCVI", VISA19)])
    assert [text[s.start : s.end] for s in D.find(text) if s.type == "pan"] == [VISA19, VISA19]


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_each_card_number_once_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == [expected[0][1]], text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.detector == "hot_pan"] == [], text


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, "\n".join(c[1] for c in POSITIVE_CASES), pos, endpos)
