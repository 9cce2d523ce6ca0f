"""HsmCommandDetector: the card number and expiry of a Thales payShield CW (generate CVV) or CY (verify CVV) host
command as a host's trace logs it, the CVK read with its key scheme; quiet without a key scheme, on a wrong key
length, an invalid card number or month, other commands and a response."""

import pytest

from scanners.detectors.hsm_command import HsmCommandDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract
from tests.unit.test_card_summary import _luhn

D = HsmCommandDetector()

V16, MC16, AMEX = _luhn("453201511283036"), _luhn("545423221432176"), _luhn("37828224631000")
K32 = "48F1F0B4ED4C9E82D70CD8B62EBCF699"  # a double-length CVK under the LMK
K48 = K32 + "0123456789ABCDEF"


def cw(pan: str, key: str = "U" + K32, exp: str = "3104", svc: str = "101", hdr: str = "2550") -> str:
    return f"{hdr}CW{key}{pan};{exp}{svc}"


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("cw-double-length", "-> " + cw(V16), [("pan", V16), ("expiry", "04/31")]),
    ("cw-triple-length", cw(MC16, key="T" + K48), [("pan", MC16), ("expiry", "04/31")]),
    ("cw-amex-15", f"2026-11-26T16:29:02Z -> {cw(AMEX, exp='2712', svc='201')}", [("pan", AMEX), ("expiry", "12/27")]),
    ("cy-verify-cvv-first", f"0000CYU{K32}123{V16};2801101", [("pan", V16), ("expiry", "01/28")]),
    ("cw-x-scheme-no-header", f"hsm tx: CWX{K32}{MC16};2909000", [("pan", MC16), ("expiry", "09/29")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("no-key-scheme", cw(V16, key=K32)),
    ("key-too-short", cw(V16, key="U" + K32[:-1])),
    ("luhn-invalid", cw(V16[:-1] + str((int(V16[-1]) + 1) % 10))),
    ("month-13", cw(V16, exp="3113")),
    ("no-service-code", cw(V16, svc="")),
    ("response", "2550CX00076"),
    ("other-command", cw(V16).replace("CW", "CA")),
    ("glued-to-a-word", "ARCW" + cw(V16)[6:]),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_and_expiry(text: str, expected: list[tuple[str, str]]) -> None:
    found = list(D.find(text))
    assert [(s.type, s.value) for s in found] == expected
    assert [s.type for s in found if text[s.start : s.end] == s.value] == ["pan"]


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_the_commands_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        found = [(s.type, text[s.start : s.end]) for s in engine.scan_text(text) if s.type in ("pan", "expiry")]
        assert [v for t, v in found if t == "pan"] == [expected[0][1]], text
        assert len([t for t, _ in found if t == "expiry"]) == 1, text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.detector == D.id] == [], text


def test_the_test_card_flag_follows_the_digits() -> None:
    assert [s.test_card for s in D.find(cw("4111111111111111") + " " + cw(V16))] == [True, True, False, False]


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
    contract.assert_triggers_hit(D, [(case, text, expected) for case, text, expected in POSITIVE_CASES])
