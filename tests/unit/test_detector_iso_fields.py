"""IsoFieldsDetector: element 14's expiry (YYMM) in ISO 8583 field dumps as switches and simulators print them; the
card number and track data of the same dump are found by their own shapes, the elements that hold no card data
(STAN, RRN, transmission and local dates, terminal id) stay quiet."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.iso_fields import IsoFieldsDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = IsoFieldsDetector()


def card(prefix: str, length: int) -> str:
    """The first Luhn-valid number of ``length`` digits that starts with ``prefix`` (zeros between)."""
    return next(c for k in range(10) if luhn_valid(c := prefix + "0" * (length - len(prefix) - 1) + str(k)))


V16, M16 = card("453201", 16), card("542523", 16)

# (case, text, [(text of the span, MM/YY)])
POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("name-and-length", "  DE014 (EXPIRATION DATE) [4] 2801", [("2801", "01/28")]),
    ("name-length-colon", "DE014 (Date, Expiration) [004]: 3112", [("3112", "12/31")]),
    ("length-only", "  DE014 [4] 2906  DE022 [3] 051", [("2906", "06/29")]),
    ("field-word-colon", "Field 14: 2801", [("2801", "01/28")]),
    ("field-zero-padded-name-colon", "Field 014 (Date, expiration) : 2801", [("2801", "01/28")]),
    ("fld-bracketed-value", "fld 014: [2801]", [("2801", "01/28")]),
    ("bracketed-number", "[014] 2801", [("2801", "01/28")]),
    ("bit-equals", "BIT014=2712", [("2712", "12/27")]),
    ("zero-padded-key-alone", "DE014 2801", [("2801", "01/28")]),
    ("f-zero-padded", "F014=2801", [("2801", "01/28")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    # elements that are no card data
    ("stan", "  DE011 (STAN) [6] 123456"),
    ("rrn", "  DE037 (RRN) [12] 123456789012"),
    ("transmission-date", "  DE007 (TRANSMISSION DATE AND TIME) [10] 0612153045"),
    ("local-date", "  DE013 (DATE, LOCAL TRANSACTION) [4] 0612"),
    ("terminal-id", "  DE041 [8] 12345678"),
    ("de114", "  DE114 [4] 2801"),
    # element 14 with no expiry in it
    ("month-13", "  DE014 (EXPIRATION DATE) [4] 2813"),
    ("year-10", "  DE014 (EXPIRATION DATE) [4] 1005"),
    ("length-6", "  DE014 [6] 280112"),
    ("longer-value", "  DE014 [4] 28011"),
    # prose and look-alikes
    ("spanish-date", "el pedido de 14 2801 unidades"),
    ("bare-f14", "F14=2801"),
    ("bare-key-unpadded", "DE14 2801"),
    # a message whose element 2 is masked: its expiry stays quiet, as a masked card's does everywhere
    ("dump-with-masked-element-2",
     f"MTI=0100 from=POS-1984\n  DE002 [LLVAR 16] {V16[:6]}******{V16[-4:]}\n  DE003 [N 6] 000000\n  DE014 [N 4] 3004"),
    ("dump-with-masked-element-2-19", f"MTI=0200\n  DE002 [LLVAR 19] {M16[:6]}*********{M16[-4:]}\n  DE014 [N 4] 3110"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_reads_element_14_year_first(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.value) for s in D.find(text)] == expected
    assert all(s.type == "expiry" for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert list(D.find(text)) == []


# A trace as a switch simulator prints it: every element of the dump, card data and the rest.
TRACE = (
    "2026-03-02T10:15:30Z MTI=0100 STAN=123456 RRN=123456789012\n"
    f"  DE002 (PAN) [16] {V16}\n"
    "  DE007 (TRANSMISSION DATE AND TIME) [10] 0302101530\n"
    "  DE011 (STAN) [6] 123456\n"
    "  DE013 (DATE, LOCAL TRANSACTION) [4] 0302\n"
    "  DE014 (EXPIRATION DATE) [4] 2801\n"
    f"  DE035 (TRACK 2 DATA) [37] {M16}=28011011234567890\n"
    f"  DE045 (TRACK 1 DATA) [40] B{V16}^DOE/JOHN^2801101000\n"
    "  DE037 [12] 123456789012  DE041 [8] 12345678  DE049 [3] 566\n"
)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_a_dumps_card_data_only(backend: Backend) -> None:
    found = {(s.type, s.value) for s in Engine(backend=backend).scan_text(TRACE)}
    lines = {TRACE.count("\n", 0, s.start) for s in Engine(backend=backend).scan_text(TRACE)}
    assert {("pan", V16), ("pan", M16), ("expiry", "01/28")} <= found
    assert lines == {1, 5, 6, 7}


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_the_expiries_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [(text[s.start : s.end], s.value) for s in engine.scan_text(text)] == expected, text
    for _, text in NEGATIVE_CASES:
        assert engine.scan_text(text) == [], text


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, POSITIVE_CASES)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, TRACE, pos, endpos)
