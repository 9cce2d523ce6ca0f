"""IsoPanDetector: ISO 8583 field 2 written as its LLVAR value, the two-digit length glued before the card number."""

import pytest

from scanners.detectors.iso_pan import IsoPanDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = IsoPanDetector()

V16 = "4532015112830366"
M16 = "5425233430109903"
V19 = "4918123456789012346"
AMEX = "378282246310005"
V13 = "4929016273811"
M12 = "501800000009"  # a 12-digit Maestro
ISOMSG = '<isomsg direction="outgoing">\n  <field id="0" value="0100"/>\n  <field id="2" value="{}"/>\n</isomsg>'

POSITIVE_CASES: list[tuple[str, str, list[str]]] = [
    ("de002-bracketed", f"    DE002 : [16{V16}]", [V16]),
    ("de002-19", f"    DE002 : [19{V19}]", [V19]),
    ("de2-equals", f"MTI=0100 DE2=16{M16} DE3=000000", [M16]),
    ("f002", f"F002=15{AMEX} F003=000000 F004=000000001000", [AMEX]),
    ("field-dash", f"  Field-2 : 13{V13}", [V13]),
    ("fld-space", f"fld 002: 12{M12}", [M12]),
    ("bit", f"BIT002 = '16{V16}'", [V16]),
    ("bracket-key", f"[002] LLVAR 16{V16}", [V16]),
    ("bracket-key-colon", f"[002]: [16{V16}]", [V16]),
    ("json-key", f'{{"mti": "0200", "DE2": "16{V16}", "DE4": "000000005000"}}', [V16]),
    ("escaped-json", f'"msg": "{{\\"de002\\": \\"16{M16}\\"}}"', [M16]),
    ("jpos-xml", ISOMSG.format("16" + V16), [V16]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    # no key naming field 2: a prefix is never stripped
    ("epoch-ns", f"ts=16{V16}"),
    ("id", f'{{"id": "16{V16}"}}'),
    ("bare", f"seq 16{V16} done"),
    # another field's key
    ("de003", f"DE003 : [16{V16}]"),
    ("de22", f"DE22 : [16{V16}]"),
    ("de102", f"DE102 : [16{V16}]"),
    ("f20", f"F20=16{V16}"),
    ("jpos-field-22", ISOMSG.replace('id="2"', 'id="22"').format("16" + V16)),
    # the prefix does not count the digits after it, or they are no card number
    ("length-mismatch", f"DE002 : [17{V16}]"),
    ("luhn-invalid", "DE002 : [164532015112830367]"),
    ("no-brand", "DE002 : [160000015112830366]"),
    ("masked", "DE002 : [16453201******0366]"),
    ("glued-letters", f"DE002 : [16{V16}X]"),
    # a <field id="2"> outside an ISO 8583 message
    ("xml-not-isomsg", f'<form><field id="2" value="16{V16}"/></form>'),
    ("keyword-in-word", f"NODE2=16{V16}"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_card_number_without_its_length_prefix(text: str, expected: list[str]) -> None:
    found = list(D.find(text))
    assert [text[s.start : s.end] for s in found] == expected
    assert [s.value for s in found] == expected
    assert all(s.type == "pan" and s.detector == "iso_pan" and text[s.start - 2 : s.start].isdigit() for s in found)


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_one_pan_per_field_and_nothing_for_the_negatives(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, expected in POSITIVE_CASES:
        assert [text[s.start : s.end] for s in engine.scan_text(text) if s.type == "pan"] == expected, text
    for _, text in NEGATIVE_CASES:
        assert [s for s in engine.scan_text(text) if s.type == "pan"] == [], text


def test_the_test_card_flag_follows_the_digits() -> None:
    assert [s.test_card for s in D.find(f"DE002 : [15{AMEX}] DE002 : [16{V16}]")] == [True, False]


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
    contract.assert_odd_window(D, f"DE002 : [16{V16}] DE002 : [19{V19}]", pos, endpos)
