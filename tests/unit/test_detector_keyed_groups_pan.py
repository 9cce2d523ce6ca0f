"""KeyedGroupsPanDetector: a card keyed in groups on a keypad, ``*`` between groups and ``#`` after the last."""

import pytest

from scanners.detectors.keyed_groups_pan import KeyedGroupsPanDetector
from scanners.engine.core import Backend
from tests.unit import detector_contract as contract
from tests.unit.cardvalues import luhn_id

D = KeyedGroupsPanDetector()

V = luhn_id("4", 16)
M = luhn_id("5", 16)
AMEX = luhn_id("37", 15)
DINERS = luhn_id("36", 14)
ACCT12 = luhn_id("5", 12)  # twelve digits that pass Luhn: an account number keyed in fours


def keyed(digits: str, sizes: tuple[int, ...] = (4, 4, 4, 4)) -> str:
    out, at = [], 0
    for size in sizes:
        out.append(digits[at : at + size])
        at += size
    return "*".join(out)


def ccp(entry: str) -> str:
    return ('{"component":"softphone","level":"INFO","text":"sendDigits","time":"2026-10-11T07:38:57.357Z",'
            '"objects":[{"digits":"' + entry + '"}]},')


POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("ccp-senddigits", ccp(keyed(V) + "#"), [(keyed(V), V)]),
    ("plain-log", "keypad buffer " + keyed(M) + "# accepted", [(keyed(M), M)]),
    ("amex-4-6-5", ccp(keyed(AMEX, (4, 6, 5)) + "#"), [(keyed(AMEX, (4, 6, 5)), AMEX)]),
    ("diners-short-tail", ccp(keyed(DINERS, (4, 4, 4, 2)) + "#"), [(keyed(DINERS, (4, 4, 4, 2)), DINERS)]),
    ("after-previous-entry", "keys=1#" + keyed(V) + "#", [(keyed(V), V)]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("mask-first6-last4", ccp(V[:4] + "********" + V[-4:] + "#")),
    ("mask-last4", ccp("****" + V[-4:] + "#")),
    ("mask-middle-groups", ccp(V[:4] + "*****" + "****" + "*" + V[-4:] + "#")),
    ("no-hash", ccp(keyed(V))),
    ("luhn-invalid", ccp(keyed(V[:-1] + str((int(V[-1]) + 1) % 10)) + "#")),
    ("twelve-digits", ccp(keyed(ACCT12, (4, 4, 4)) + "#")),
    ("odd-grouping", ccp(keyed(V, (3, 5, 3, 5)) + "#")),
    ("glued-to-word", "x" + keyed(V) + "#"),
    ("part-of-longer-entry", ccp(keyed(V + "1230", (4, 4, 4, 4, 4)) + "#")),
    ("id-key", '{"ticketId":"' + keyed(V) + '#"}'),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "keyed_groups_pan" for s in D.find(text))


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
    contract.assert_odd_window(D, ccp(keyed(V) + "#") + ccp(keyed(M) + "#"), pos, endpos)
