"""EmvPaddedPanDetector: an odd-length card number padded with ``F`` to whole bytes, as EMV tag 5A holds it, read
after a ``5A`` tag on its line; quiet without the tag, for an even length, an invalid number or a longer hex run."""

import pytest

from scanners.detectors.emv_padded_pan import EmvPaddedPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract
from tests.unit.test_card_summary import _luhn

D = EmvPaddedPanDetector()

AMEX, UPI19, V16 = _luhn("34290051123456"), _luhn("621483000000000012"), _luhn("453201511283036")

POSITIVE_CASES: list[tuple[str, str, list[str]]] = [
    ("logcat-gettlv", f"11-25 07:46:32.023  3900  3925 E CardReader    : getTlv(0x5A) = {AMEX}F", [AMEX]),
    ("named-tag-dump", f"[2026-11-08T23:19:09Z]   5A  Application PAN               {UPI19}F", [UPI19]),
    ("key-value", f"tag 5A={AMEX}f len=08", [AMEX]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("no-tag", f"ref {AMEX}F ok"),
    ("tag-on-the-line-before", f"5A\n{AMEX}F"),
    ("even-length-is-the-pan-detectors", f"5A {V16}F"),
    ("luhn-invalid", f"5A {AMEX[:-1]}{(int(AMEX[-1]) + 1) % 10}F"),
    ("longer-hex-run", f"5A {AMEX}FF00"),
    ("tag-in-a-word", f"X5AB {AMEX}F"),
    ("tag-too-far", "5A " + "x" * 60 + f" {AMEX}F"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_padded_card_number(text: str, expected: list[str]) -> None:
    found = list(D.find(text))
    assert [text[s.start : s.end] for s in found] == expected
    assert [s.value for s in found] == expected and all(text[s.end] in "Ff" for s in found)


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_the_padded_cards(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == expected, text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.detector == D.id] == [], text


def test_the_test_card_flag_follows_the_digits() -> None:
    assert [s.test_card for s in D.find(f"5A 378282246310005F 5A {AMEX}F")] == [True, False]


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
