"""FieldValuesDetector: an expiry or code held by an input its autofill token names, or typed into a named field."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.field_values import FieldValuesDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = FieldValuesDetector()
PAN = next(b + c for b in ["506099459611999"] for c in "0123456789" if luhn_valid(b + c))  # built at run time
GROUPED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))


def snapshot(exp: str, code: str, between: str = "") -> str:
    """A Jest snapshot of a payment form: each input's attributes one a line, sorted (autoComplete before value)."""
    def field(token: str, value: str) -> str:
        return f'  <input\n    autoComplete="{token}"\n{between}    value="{value}"\n  />\n'
    return ("exports[`PaymentForm prefilled 1`] = `\n<form\n  className=\"payment-form\"\n>\n"
            + field("cc-number", GROUPED) + field("cc-exp", exp) + field("cc-csc", code) + "</form>\n`;\n")


CYPRESS = (f"      cy:command \u2714  visit\t/checkout\n      cy:command \u2714  type\t#cardnumber, {GROUPED}\n"
           "      cy:command \u2714  type\t#cc-exp, 06/28\n      cy:command \u2714  type\t[name=cvc], 4721\n"
           "      cy:command \u2714  type\t[data-testid=card-cvc], 815\n")

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("jest-snapshot", snapshot("07 / 32", "484"), [("expiry", "07 / 32", "07/32"), ("cvv", "484", "484")]),
    ("jest-snapshot-attributes-between",
     snapshot("11/2029", "9043", '    className="field"\n    name="x"\n    onChange={[Function]}\n'),
     [("expiry", "11/2029", "11/29"), ("cvv", "9043", "9043")]),
    ("html-one-line", '<input type="text" autocomplete="cc-exp" name="e" value="0931">', [("expiry", "0931", "09/31")]),
    ("cypress-type", CYPRESS, [("expiry", "06/28", "06/28"), ("cvv", "4721", "4721"), ("cvv", "815", "815")]),
    ("cypress-card-expiry-selector", "type\t#cardExpiry, 12 / 30\n", [("expiry", "12 / 30", "12/30")]),
]
POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]

NEGATIVE_CASES = [
    # a month or year alone names no date; a number field; a value outside the element the token is in
    ("exp-month-token", '<input\n  autoComplete="cc-exp-month"\n  value="07"\n/>'),
    ("name-token", '<input\n  autoComplete="cc-name"\n  value="0732"\n/>'),
    ("value-in-next-element", '<input\n  autoComplete="cc-exp"\n/>\n<input\n  value="07/32"\n/>'),
    ("not-a-date", '<input\n  autoComplete="cc-exp"\n  value="13/45"\n/>'),
    ("code-too-long", '<input\n  autoComplete="cc-csc"\n  value="48412"\n/>'),
    ("cypress-other-field", "type\t#search, 06/28\ntype\t#quantity, 123\ntype\t#export-id, 0628\n"),
    ("cypress-month-selector", "type\t#exp-month, 06/28\n"),
    ("cypress-value-goes-on", "type\t#cvc, 123 and more\n"),
]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_the_value_the_field_is_given(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(s.type, text[s.start : s.end], s.value) for s in D.find(text)] == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert list(D.find(text)) == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_reports_them_beside_the_card(backend: Backend) -> None:
    text = snapshot("07 / 32", "484")
    assert sorted((s.type, text[s.start : s.end]) for s in Engine(backend=backend).scan_text(text)) == [
        ("cvv", "484"), ("expiry", "07 / 32"), ("pan", GROUPED)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, snapshot("07 / 32", "484") + CYPRESS, pos, endpos)
