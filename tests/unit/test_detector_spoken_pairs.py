"""SpokenPairsDetector: a card number read out in English two digits at a time (``ninety seven ninety two, …``)."""

import pytest

from scanners.detectors.spoken_pairs import SpokenPairsDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract
from tests.unit.cardvalues import luhn, luhn_id

D = SpokenPairsDetector()
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {"2": "twenty", "3": "thirty", "4": "forty", "5": "fifty", "6": "sixty", "7": "seventy", "8": "eighty",
        "9": "ninety"}

V = luhn_id("4539", 16)
M = luhn_id("5475", 16)
AMEX = luhn_id("3714", 15)
SIXTY = luhn("41826062" + "1234567")  # "... sixty sixty two ...": a tens word alone, then one with its unit
NO_CARD = V[:-1] + str((int(V[-1]) + 1) % 10)


def pair(p: str) -> str:
    if len(p) == 1:
        return UNITS[int(p)]
    if p[0] == "0":
        return "oh " + UNITS[int(p[1])]
    if p[0] == "1":
        return TEENS[int(p[1])]
    return TENS[p[0]] + ("" if p[1] == "0" else " " + UNITS[int(p[1])])


def said(n: str, sep: str = ", ") -> str:
    groups = [n[i : i + 4] for i in range(0, len(n), 4)]
    return sep.join(" ".join(pair(g[j : j + 2]) for j in range(0, len(g), 2)) for g in groups)


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("contact-lens", '"Content": "' + said(V) + '",', [(said(V), V)]),
    ("capitalised", "Customer: " + said(M).capitalize() + ".", [(said(M).capitalize(), M)]),
    ("amex-odd-digit", "it's " + said(AMEX), [(said(AMEX), AMEX)]),
    ("tens-alone-then-six", '"Content":"' + said(SIXTY) + '"', [(said(SIXTY), SIXTY)]),
    ("no-commas", '"transcript":"' + said(V, " ") + '"', [(said(V, " "), V)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("luhn-invalid", '"Content": "' + said(NO_CARD) + '",'),
    ("too-short", '"Content": "' + said(V[:12]) + '",'),
    ("part-of-longer-run", '"Content": "' + said(V) + ' seven eight",'),
    ("after-number-word", '"Content": "one hundred ' + said(V) + '",'),
    ("id-label", '"Content": "my confirmation number is ' + said(V) + '",'),
    ("years-and-amounts", "in twenty twenty six we paid ninety nine dollars and forty cents, thirty days"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "spoken_pairs" for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


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
    contract.assert_odd_window(D, '{"a": "' + said(V) + '", "b": "' + said(M) + '"}', pos, endpos)
