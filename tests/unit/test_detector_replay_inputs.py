"""ReplayInputsDetector: an expiry or a security code typed into its own input of an rrweb session recording, a few
events after another input's event holding a full card number; a short number with no card typed before it stays
quiet. Card numbers are built at run time."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.replay_inputs import ReplayInputsDetector
from scanners.engine.core import Backend, Engine
from tests.unit import detector_contract as contract

D = ReplayInputsDetector()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


MC = luhn("504175410625278")


def event(text: str, field: int, ts: int = 1796653905372) -> str:
    """One rrweb Input event (EventType 3, IncrementalSource 5) as a JSON line."""
    return f'{{"type":3,"data":{{"source":5,"text":"{text}","isChecked":false,"id":{field}}},"timestamp":{ts}}}\n'


CLICK = '{"type":3,"data":{"source":2,"type":2,"id":53,"x":776,"y":469},"timestamp":1796653906063}\n'
TYPED = "".join(event(MC[:n], 50) for n in range(1, len(MC) + 1))  # the card field, keystroke by keystroke

POSITIVE_CASES = [
    ("expiry and code", TYPED + event("11", 51) + event("11 / 27", 51) + event("0", 52) + event("01", 52)
     + event("011", 52), [("expiry", "11 / 27"), ("cvv", "011")]),
    ("a click between", TYPED + CLICK + event("07/2031", 51) + CLICK + event("4577", 52),
     [("expiry", "07/2031"), ("cvv", "4577")]),
    ("card in groups", event(" ".join(MC[i : i + 4] for i in range(0, 16, 4)), 9) + event("457", 12),
     [("cvv", "457")]),
]
NEGATIVE_CASES = [
    TYPED[: TYPED.index(MC)],  # the card field's first keystrokes, no full number
    event("457", 12) + event("11 / 27", 13),  # no card typed before
    TYPED + CLICK * 9 + event("457", 52),  # the card is too many events back
    TYPED + event("123", 50),  # the card's own input
    TYPED + event("13 / 27", 51) + event("12345", 52),  # no month, no code
    '{"type":3,"data":{"source":5,"text":"' + MC + '","id":50}}\n{"qty":"457"}\n',  # not an input event
]


@pytest.mark.parametrize(("name", "text", "expected"), POSITIVE_CASES, ids=[c[0] for c in POSITIVE_CASES])
def test_finds_the_expiry_and_code(name: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s.type, text[s.start : s.end]) for s in D.find(text)] == expected


def test_expiry_value_is_month_and_year() -> None:
    assert [s.value for s in D.find(POSITIVE_CASES[1][1])] == ["07/31", "4577"]


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_quiet(text: str) -> None:
    assert list(D.find(text)) == []


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_the_engine_finds_them(backend: Backend) -> None:
    text = POSITIVE_CASES[0][1]
    found = [(s.type, s.detector) for s in Engine(backend=backend).scan_text(text) if s.type != "pan"]
    assert found == [("expiry", D.id), ("cvv", D.id)]


@pytest.mark.parametrize(("name", "text", "expected"), POSITIVE_CASES, ids=[c[0] for c in POSITIVE_CASES])
def test_window_gives_the_same_answer_as_the_whole_text(name: str, text: str, expected: object) -> None:
    contract.assert_windows_match_whole(D, text)


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    contract.assert_engine_finds_everything(D, [c[1] for c in POSITIVE_CASES], backend)


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    contract.assert_trigger_compiles(trigger)
