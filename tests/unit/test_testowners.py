"""A CVV or expiry beside a published test card is a test value too: marked test_card, left out (and counted) by
``--exclude-test-cards``; beside a real card it stays reported. Adyen's documented test cards are test cards."""

import json
from pathlib import Path

import pytest

from scanners.cards.brands import is_test_pan, luhn_valid
from scanners.cli.main import main
from scanners.engine.core import Engine

TEST_PAN = "4242424242424242"  # Stripe's published test card
ADYEN = ["4111111145551142", "5555341244441115", "2222400070000005", "6771798021000008"]  # Adyen's documented list
REAL = next(b + c for b in ["492924898029554"] for c in "0123456789" if luhn_valid(b + c))  # built at run time


def marks(text: str) -> list[tuple[str, str, bool]]:
    return [(s.type, text[s.start : s.end], s.test_card) for s in Engine().scan_text(text)]


def test_adyen_documented_numbers_are_test_cards() -> None:
    assert all(luhn_valid(n) and is_test_pan(n) for n in ADYEN)
    assert not is_test_pan(REAL)


def test_code_and_expiry_on_a_test_cards_line_are_test_values() -> None:
    text = f"Using Stripe test card {TEST_PAN} exp 07/29 cvc 123 (docs.stripe.com/testing)\n"
    assert marks(text) == [("pan", TEST_PAN, True), ("expiry", "07/29", True), ("cvv", "123", True)]


def test_each_fixture_entry_lends_its_own_card() -> None:
    text = (f'card_0:\n  number: "{TEST_PAN}"\n  cvc: "845"\n  exp: "12/34"\n'
            f'card_1:\n  number: "{REAL}"\n  cvc: "823"\n  exp: "03/32"\n')
    assert [m[2] for m in marks(text)] == [True, True, True, False, False, False]


def test_a_real_card_on_the_line_wins_over_a_test_card_in_the_record() -> None:
    text = f'{{"test": "{TEST_PAN}",\n "card": "{REAL}", "cvv": "512"}}'
    assert [m for m in marks(text) if m[0] == "cvv"] == [("cvv", "512", False)]


def test_a_form_snapshot_input_is_its_forms_card() -> None:
    text = (f'<form>\n  <input\n    autoComplete="cc-number"\n    value="{TEST_PAN}"\n  />\n'
            '  <input\n    autoComplete="cc-csc"\n    value="737"\n  />\n</form>\n')
    assert marks(text) == [("pan", TEST_PAN, True), ("cvv", "737", True)]


def _scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *flags: str) -> tuple[dict, dict]:
    monkeypatch.setenv("SPC_KEY_FILE", str(tmp_path / "fp.key"))
    docs = []
    for fmt in ("json", "sarif"):
        out = tmp_path / f"out.{fmt}"
        main(["scan", str(tmp_path / "in"), *flags, "--format", fmt, "--out", str(out), "--no-progress", "--jobs", "1"])
        docs.append(json.loads(out.read_text()))
    return docs[0], docs[1]


def test_exclude_test_cards_leaves_the_test_cards_code_and_expiry_out(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ci.log").write_text(f"Using test card {ADYEN[0]} exp 03/30 cvc 737\ncard {REAL} exp 04/31\n")
    (tmp_path / "in" / "cards.csv").write_text(f"pan,exp,cvv,holder\n{TEST_PAN},12/34,123,TEST\n{REAL},03/32,823,A\n")
    doc, sarif = _scan(tmp_path, monkeypatch)
    marked = sorted((Path(f["location"]["path"]).name, f["type"], f["test_card"]) for f in doc["findings"])
    assert marked == [("cards.csv", t, test) for t in ("cvv", "expiry", "pan") for test in (False, True)] + [
        ("ci.log", "cvv", True), ("ci.log", "expiry", False), ("ci.log", "expiry", True), ("ci.log", "pan", False),
        ("ci.log", "pan", True)]
    levels = sorted((r["properties"]["type"], r["level"]) for r in sarif["runs"][0]["results"])
    assert levels.count(("cvv", "note")) == 2 and levels.count(("expiry", "note")) == 2
    doc, sarif = _scan(tmp_path, monkeypatch, "--exclude-test-cards")
    assert sorted(f["type"] for f in doc["findings"]) == ["cvv", "expiry", "expiry", "pan", "pan"]
    assert doc["summary"]["test_cards_excluded"] == 6
    assert len(sarif["runs"][0]["results"]) == 5
