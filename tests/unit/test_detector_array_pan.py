"""ArrayPanDetector: card numbers split across the elements of a JSON array."""

import pytest

from scanners.detectors.array_pan import ArrayPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = ArrayPanDetector()

V = "4111111111111111"
A4 = '["4111","1111","1111","1111"]'
A1 = "[4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"
A1S = '["4","1","1","1","1","1","1","1","1","1","1","1","1","1","1","1"]'
G = '["4242", "4242", "4242", "4242"]'
AMEX = '["3782","822463","10005"]'
ESC = '[\\"4111\\",\\"1111\\",\\"1111\\",\\"1111\\"]'
V19 = '["6205","5000","0000","0000","004"]'

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("groups", A4, [(A4, V)]),
    ("digits-as-numbers", A1, [(A1, V)]),
    ("digits-as-strings", A1S, [(A1S, V)]),
    ("in-object", '{"card": ' + G + "}", [(G, "4242424242424242")]),
    ("compact-key", '"card_digits":' + A4, [(A4, V)]),
    ("spaces", "[ 4111 , 1111 , 1111 , 1111 ]", [("[ 4111 , 1111 , 1111 , 1111 ]", V)]),
    ("amex-4-6-5", AMEX, [(AMEX, "378282246310005")]),
    ("unionpay-19", V19, [(V19, "6205500000000000004")]),
    ("escaped-json", '"payload": "{\\"pan\\": ' + ESC + '}"', [(ESC, V)]),
    ("nested", "[[4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],[1,2]]", [(A1, V)]),
    ("two", A4 + " and " + G, [(A4, V), (G, "4242424242424242")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("small-numbers", "[1,2,3,4,5,6,7,8,9,10,11,12,13]"),
    ("date-parts", "[2024, 11, 5]"),
    ("status-codes", "[200, 404, 500, 503]"),
    ("luhn-invalid", "[4111, 1111, 1111, 1112]"),
    ("mixed-quoting", '["4111",1111,"1111","1111"]'),
    ("extra-element", "[4111,1111,1111,1111,5]"),
    ("odd-grouping", '["41","11111111","111111"]'),
    ("non-digit-element", '["4111","1111","1111","1111","x"]'),
    ("too-many", "[" + ",".join("4" * 20) + "]"),
    ("multi-line-array", '[\n"4111",\n"1111",\n"1111",\n"1111"\n]'),
    ("floats", "[4.1, 1.1, 1.1, 1.1]"),
    ("one-element", '["4111111111111111"]'),
    ("ids", "[4532015112830366, 1]"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "array_pan" and s.test_card for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    found = [(s.start, s.end) for s in D.find(text)]
    assert found == []


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
    text = '{"a": ["4111","1111","1111","1111"], "b": [4,2,4,2,4,2,4,2,4,2,4,2,4,2,4,2]}'
    contract.assert_odd_window(D, text, pos, endpos)
