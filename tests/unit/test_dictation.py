"""turns.card_said_before: a date said in a turn is the card's when its speaker gave the card number some turns
earlier, however many lines of metadata a pretty-printed analysis file spends on each turn."""

import pytest

from scanners.detectors.turns import card_said_before
from tests.unit.test_detector_chat_split_pan import luhn
from tests.unit.test_detector_turn_pan import talk

V = luhn("492906900679218")  # a Visa number made for these tests
GROUPS = f"{V[:4]} {V[4:8]} {V[8:12]} {V[12:]}"
DATE = "it expires oh nine twenty seven"
CHAT = [("AGENT", "the promotion is valid until 01/28"), ("CUSTOMER", "my account number is 12345678")] * 2


def dated(rows: list[tuple[str, str]]) -> bool:
    text = talk(rows)
    return card_said_before(text, text.index(DATE) + 3)


CASES = [
    ("card-five-turns-back", [("CUSTOMER", f"sure, the card number is {GROUPS}"), *CHAT, ("CUSTOMER", DATE)], True),
    ("dictated-five-turns-back", [("CUSTOMER", f"ok the first part is {V[:4]} {V[4:8]}"), ("AGENT", "mm-hmm"),
                                  ("CUSTOMER", f"then {V[8:12]} {V[12:]}"), *CHAT, ("CUSTOMER", DATE)], True),
    ("agent-read-it-just-before", [*CHAT, ("AGENT", f"the card number is {GROUPS}"), ("CUSTOMER", DATE)], False),
    ("other-speaker-earlier", [("AGENT", f"the card number is {GROUPS}"), *CHAT, ("CUSTOMER", DATE)], False),
    ("only-an-account-number", [("CUSTOMER", f"my account number is {V[:8]}"), *CHAT, ("CUSTOMER", DATE)], False),
    ("too-many-turns-back", [("CUSTOMER", f"the card number is {GROUPS}"), *CHAT * 3, ("CUSTOMER", DATE)], False),
]


@pytest.mark.parametrize(("rows", "expected"), [pytest.param(r, e, id=c) for c, r, e in CASES])
def test_card_said_before(rows: list[tuple[str, str]], expected: bool) -> None:
    assert dated(rows) is expected
