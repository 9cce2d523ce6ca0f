"""DigitListPanDetector: a card number keyed or heard digit by digit and logged as a bare list (``4,1,1,...``)."""

import pytest

from scanners.cards.brands import luhn_valid
from scanners.detectors.digit_list_pan import DigitListPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract

D = DigitListPanDetector()


def _card(body: str) -> str:
    return body + next(d for d in "0123456789" if luhn_valid(body + d))


V = _card("411111111111111")
M = _card("545454545454545")
AMEX = _card("37828224631000")
DINERS = _card("3056930902590")


def joined(digits: str, sep: str) -> str:
    return sep.join(digits)


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("connect-stored-value", '"StoredValue":"' + joined(V, ",") + '","Timeout":"5"', [(joined(V, ","), V)]),
    ("log-key-then-expiry", "number=" + joined(M, ",") + ", expiry=12/30", [(joined(M, ","), M)]),
    ("pipe", "caller read card " + joined(AMEX, "|"), [(joined(AMEX, "|"), AMEX)]),
    ("semicolon", "keys=" + joined(DINERS, ";") + " done", [(joined(DINERS, ";"), DINERS)]),
    ("escaped-line-break", "Caller said:\\n" + joined(V, ",") + "\\nexpiry", [(joined(V, ","), V)]),
    ("tab", "validating card\t" + joined(M, ",") + "\tcvv", [(joined(M, ","), M)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("csv-row-of-cells", joined(V, ",")),
    ("tail-of-longer-row", "x,12," + joined(V, ",")),
    ("cells-follow", "v=" + joined(V, ",") + ",12"),
    ("luhn-invalid", "v=" + joined(V[:-1] + str((int(V[-1]) + 1) % 10), ",")),
    ("too-short", "v=" + joined(V[:11], ",")),
    ("too-long", "v=" + joined(V + "123", ",")),
    ("mixed-separators", "v=" + joined(V[:8], ",") + ";" + joined(V[8:], ";")),
    ("glued-to-word", "v" + joined(V, ",")),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "digit_list_pan" for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    assert [(s.start, s.end) for s in D.find(text)] == []


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
    contract.assert_triggers_hit(D, POSITIVE_CASES)


@pytest.mark.parametrize(("pos", "endpos"), contract.ODD_WINDOWS)
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    contract.assert_odd_window(D, '{"a": "' + joined(V, ",") + '", "b": "' + joined(M, "|") + '"}', pos, endpos)
