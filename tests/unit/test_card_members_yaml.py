"""A card's ``month`` and ``year`` members in a YAML block mapping (``cards.card_members``): a Rails fixture's
``credit_cards.yml`` as ActiveMerchant names them, a list item's members; quiet when the mapping holds no card."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.expiry import ExpiryDetector
from tests.unit import detector_contract as contract

D = ExpiryDetector()


def _luhn(body: str) -> str:
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = _luhn("453201511283036")
_BAD = VISA[:-1] + str((int(VISA[-1]) + 1) % 10)  # Luhn fails: no card number

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("rails-fixture", f'card_3:\n  user: user_x\n  number: "{VISA}"\n  verification_value: "412"\n  month: 7\n'
     "  year: 2029\n  created_at: <%= 16.days.ago %>\n", [("7", "07/29")]),
    ("rails-fixture-after-erb", f"card_0:\n  number: {VISA}\n  month: 9\n  year: 2028\n  created_at: <%= 1.day.ago %>"
     f"\n\ncard_1:\n  number: {VISA}\n  month: 7\n  year: 2031\n", [("9", "09/28"), ("7", "07/31")]),
    ("number-names-the-card", f"primary:\n  number: '{VISA}'\n  year: 2030\n  month: '09'\n", [("2030", "09/30")]),
    ("list-items", f"cards:\n  - number: {VISA}\n    month: 7\n    year: 2027\n  - number: {VISA}\n    month: 9\n"
     "    year: 2028\n", [("7", "07/27"), ("9", "09/28")]),
    ("nested-value-passed-over", f"card_0:\n  number: {VISA}\n  billing:\n    zip: 10001\n  month: 9\n  year: 2029\n",
     [("9", "09/29")]),
]
NEGATIVE_CASES: list[tuple[str, str]] = [
    ("report-period", "report:\n  month: 7\n  year: 2029\n  total: 1200\n"),
    ("no-card-number", f"entry_1:\n  number: {_BAD}\n  month: 7\n  year: 2029\n"),
    ("card-in-another-mapping", f"card_0:\n  number: {VISA}\nperiod:\n  month: 7\n  year: 2029\n"),
    ("nested-period-of-a-card", f"card_0:\n  number: {VISA}\n  stats:\n    month: 7\n    year: 2029\n"),
    ("a-day-too", f"card_0:\n  number: {VISA}\n  day: 3\n  month: 7\n  year: 2029\n"),
    ("next-item-holds-the-card", f"rows:\n  - month: 7\n    year: 2029\n  - number: {VISA}\n"),
]
POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    contract.assert_windows_match_whole(D, text)


def test_some_trigger_matches_every_positive_line() -> None:
    contract.assert_triggers_hit(D, POSITIVE_CASES)
