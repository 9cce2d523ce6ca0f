"""Expiry and CVV keys that name how the value was taken: a Connect "Store customer input" attribute
(``ExpiryDateInput``), a collected, entered or raw value, a string copy (``expiryStr``), the caller's or the
customer's (``callerExpiryDate``): the key word with such a word glued before or after it holds the card's value.
A key word glued to any other word (``expiryDays``, ``ExpiryWarning``, ``cvvResult``) or a word that only starts
like it (``exportInput``) is quiet."""

import pytest

from scanners.detectors.cvv import CvvDetector
from scanners.detectors.expiry import ExpiryDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

EXPIRY, CVV = ExpiryDetector(), CvvDetector()


def ctr(key: str, value: str, top: bool = False) -> str:
    """A contact trace record holding ``key`` in its ``Attributes`` (or at its top level)."""
    pair = f'"{key}": "{value}"'
    inner = "" if top else pair
    return (f'{{"ContactId": "5b0a2f6e-3c1d-4e8a-9f4b-2d7c1e0a6b53", "Attributes": {{"Lang": "en-GB"'
            f'{", " + inner if inner else ""}}}{", " + pair if top else ""}, "Channel": "VOICE"}}')


_EXPIRY_WORDS = ["ExpiryDate", "Expiry", "ExpirationDate", "exp", "expiry_date", "CardExpiry"]
_TAKEN = ["Input", "Value", "Entered", "Collected", "Captured", "Str", "String", "Text", "Raw", "Digits", "_input"]
_BEFORE = ["", "customer", "caller", "dtmf", "Customer_"]
_DATES = [("2027-12", "12/27"), ("12/27", "12/27"), ("1227", "12/27"), ("12-27", "12/27"), ("12/2027", "12/27")]



def glued(before: str, word: str, taken: str) -> str:
    """The key as camelCase writes it: the word capitalised after a prefix that ends in a letter."""
    return before + (word[0].upper() + word[1:] if before[-1:].isalpha() else word) + taken


EXPIRY_CASES = [
    (f"{glued(b, w, t)}-{i}-{top}", ctr(glued(b, w, t), _DATES[i % 5][0], top), _DATES[i % 5][1])
    for i, (b, w, t) in enumerate((b, w, t) for b in _BEFORE for w in _EXPIRY_WORDS for t in _TAKEN)
    for top in (False, True)
]
CVV_CASES = [
    (glued(b, w, t), ctr(glued(b, w, t), code), code)
    for b in _BEFORE
    for w, code in (("Cvv", "482"), ("SecurityCode", "0391"), ("cvc", "715"))
    for t in ("Str", "String", "Text", "Input", "Collected", "_str")
]
QUIET_EXPIRY = [ctr(k, "12/27") for k in ("expiryDays", "ExpiryWarning", "exportInput", "expiryInputs",
                                          "expiryTextColor", "ExpressInput", "experienceValue")]
QUIET_CVV = [ctr(k, "482") for k in ("cvvResult", "cvvMatchText", "cvvStatusStr", "cvvResponseValue")]


@pytest.mark.parametrize(("text", "value"), [pytest.param(t, v, id=k) for k, t, v in EXPIRY_CASES])
def test_an_expiry_key_with_a_taken_word_holds_the_date(text: str, value: str) -> None:
    assert [s.value for s in EXPIRY.find(text)] == [value]


@pytest.mark.parametrize(("text", "value"), [pytest.param(t, v, id=k) for k, t, v in CVV_CASES])
def test_a_cvv_key_with_a_taken_word_holds_the_code(text: str, value: str) -> None:
    assert [s.value for s in CVV.find(text)] == [value]


@pytest.mark.parametrize("text", QUIET_EXPIRY + QUIET_CVV)
def test_a_key_word_glued_to_another_word_is_quiet(text: str) -> None:
    assert list(EXPIRY.find(text)) == [] and list(CVV.find(text)) == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_both_back_ends_agree(backend: Backend) -> None:
    engine = Engine(backend=backend)
    for _, text, value in EXPIRY_CASES[::7]:
        assert [s.value for s in engine.scan_text(text) if s.type == "expiry"] == [value], text
    for _, text, value in CVV_CASES[::3]:
        assert [s.value for s in engine.scan_text(text) if s.type == "cvv"] == [value], text
    for text in QUIET_EXPIRY + QUIET_CVV:
        assert [s for s in engine.scan_text(text) if s.type in ("expiry", "cvv")] == [], text
    contract.assert_engine_finds_everything(EXPIRY, [t for _, t, _ in EXPIRY_CASES[::5]], backend)
