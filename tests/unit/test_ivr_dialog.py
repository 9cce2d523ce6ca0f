"""ivr.dialog and ivr.prompts: the state the flow keeps for us, the order of entries, and the language files."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ivr.dialog import REDO_FIELD, RESULT_CODES, State, after, ask, retry
from ivr.errors import ConfigError, EventError
from ivr.prompts import DEFAULT_LANGUAGE, languages, load

PROMPTS = Path(__file__).resolve().parents[2] / "ivr" / "prompts"


def test_every_language_has_the_same_prompts_and_currencies() -> None:
    english = load(DEFAULT_LANGUAGE)
    assert set(languages()) >= {"en-US", "es-US"}
    for code in languages():
        other = load(code)
        assert set(other.texts) == set(english.texts), code
        assert set(other.currencies) == set(english.currencies), code
        assert other.language == code


def test_an_unknown_language_falls_back_to_english() -> None:
    assert load("fr-CA").language == "en-US" and load("").language == "en-US" and load(None).language == "en-US"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "spoken"),
    [
        ("en-US", "50.20", "usd", "50 dollars and 20 cents"),
        ("en-US", "1.01", "GBP", "1 pound and 1 penny"),
        ("en-US", "12.00", "eur", "12 euros"),
        ("en-US", "5000", "jpy", "5000 yen"),
        ("es-US", "50.20", "usd", "50 dólares con 20 centavos"),
        ("es-US", "1.00", "mxn", "1 peso mexicano"),
        ("en-US", "3.50", "xyz", "3.50 XYZ"),
    ],
)
def test_amounts_are_spoken_with_cardinals(language: str, amount: str, currency: str, spoken: str) -> None:
    ssml = load(language).amount(Decimal(amount), currency)
    assert '<say-as interpret-as="cardinal">' in ssml or currency == "xyz"
    plain = ssml.replace('<say-as interpret-as="cardinal">', "").replace('<say-as interpret-as="characters">', "")
    assert plain.replace("</say-as>", "") == spoken


def test_times_follow_the_language() -> None:
    when = datetime(2026, 5, 1, 15, 41)
    assert load("en-US").time(when) == "3:41 pm" and load("es-US").time(when) == "15:41"


def test_a_missing_prompt_names_itself() -> None:
    with pytest.raises(ConfigError, match="nonexistent"):
        load().text("nonexistent")


def test_state_round_trips_and_holds_no_card_data() -> None:
    state = State(step="cvv", tries=2, brand="amex", attempt=3, redo="cvv", menu="", repeats=1, dup_ok=True)
    assert State.parse(state.dump()) == state
    assert State.parse("") == State() and State.parse(None) == State()
    assert not any(ch.isdigit() for ch in state.dump().replace("=2", "").replace("=3", "").replace("=1", ""))


@pytest.mark.parametrize(
    "text",
    ["step=pin", "tries=4", "attempt=0", "brand=acme", "menu=refund", "repeats=2", "redo=amount", "x", "tries=a"],
)
def test_a_tampered_state_is_refused(text: str) -> None:
    with pytest.raises(EventError, match=r"Details\.Parameters\.state"):
        State.parse(text)


@pytest.mark.parametrize(
    ("field", "postal", "redo", "expected"),
    [
        ("card_number", False, "", "expiry"),
        ("expiry", False, "", "cvv"),
        ("cvv", False, "", "menu"),
        ("cvv", True, "", "postal_code"),
        ("postal_code", True, "", "menu"),
        ("expiry", False, "expiry", "menu"),  # re-asked after a decline: straight back to the confirmation
        ("card_number", False, "card_number", "menu"),
    ],
)
def test_entry_order(field: str, postal: bool, redo: str, expected: str) -> None:
    assert after(field, State(redo=redo), postal=postal) == expected


def test_prompts_change_with_try_and_brand() -> None:
    p = load()
    first, second, third = (ask(p, "card_number", n, "") for n in (1, 2, 3))
    assert len({first, second, third}) == 3 and "star" in first and "star" not in second
    assert "4-digit security code on the front" in ask(p, "cvv", 1, "amex")
    assert "3-digit security code on the back" in ask(p, "cvv", 1, "visa")
    assert ask(p, "cvv", 1, "visa") != ask(p, "cvv", 2, "visa")


def test_three_tries_then_none() -> None:
    state = State(step="expiry", tries=1)
    second = retry(state, "expiry")
    assert second is not None and second.tries == 2
    third = retry(second, "expiry")
    assert third is not None and third.tries == 3
    assert retry(third, "expiry") is None
    assert retry(third, "cvv") == State(step="cvv", tries=2)  # another field's failure counts from its own start


def test_redo_fields_and_result_codes_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code in RESULT_CODES:
        assert f"`{code}`" in readme, code
    assert set(REDO_FIELD.values()) <= {"card_number", "expiry", "cvv", "postal_code"}


def test_language_files_are_plain_json_objects() -> None:
    for path in PROMPTS.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["language"] == path.stem
