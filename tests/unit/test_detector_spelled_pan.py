"""SpelledPanDetector: card numbers spelled out in words (LLM prompts, call transcripts)."""

import re
from collections.abc import Iterable

import hyperscan
import pytest

from scanners.detectors.spelled_pan import SpelledPanDetector
from scanners.engine import Backend, Engine
from scanners.finding import Span

D = SpelledPanDetector()

V = "4242424242424242"
W42 = "four two four two four two four two four two four two four two four two"
G42 = "four two four two, four two four two, four two four two, four two four two"
MC = "five five five five, five five five five, five five five five, four four four four"

POSITIVE_CASES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("plain", f"my card number is {W42} thanks", [(W42, V)]),
    ("commas", f"caller: {G42}, thanks", [(G42, V)]),
    (
        "capitalised",
        "Four Two Four Two, four two four two, four two four two, four two four two.",
        [("Four Two Four Two, four two four two, four two four two, four two four two", V)],
    ),
    ("upper", W42.upper(), [(W42.upper(), V)]),
    (
        "hyphens",
        "four-one-one-one one-one-one-one one-one-one-one one-one-one-one",
        [("four-one-one-one one-one-one-one one-one-one-one one-one-one-one", "4111111111111111")],
    ),
    (
        "dash-groups",
        "four one one one - one one one one - one one one one - one one one one",
        [("four one one one - one one one one - one one one one - one one one one", "4111111111111111")],
    ),
    (
        "and",
        "four two four two and four two four two and four two four two and four two four two",
        [("four two four two and four two four two and four two four two and four two four two", V)],
    ),
    (
        "oh-for-zero",
        "six oh one one, one one one one, one one one one, one one one seven",
        [("six oh one one, one one one one, one one one one, one one one seven", "6011111111111117")],
    ),
    (
        "zero-word",
        "six zero one one one one one one one one one one one one one seven",
        [("six zero one one one one one one one one one one one one one seven", "6011111111111117")],
    ),
    (
        "double",
        "double five double five, double five double five, double five double five, double four double four",
        [
            (
                "double five double five, double five double five, double five double five, double four double four",
                "5555555555554444",
            )
        ],
    ),
    (
        "triple",
        "four one double one, triple one one, triple one one, one one one one",
        [("four one double one, triple one one, triple one one, one one one one", "4111111111111111")],
    ),
    (
        "mixed-digits",
        "4 2 four two, 4242, four two four two, 4 2 4 2",
        [("4 2 four two, 4242, four two four two, 4 2 4 2", V)],
    ),
    (
        "amex",
        "three seven eight two, eight two two four six three, one zero zero zero five",
        [("three seven eight two, eight two two four six three, one zero zero zero five", "378282246310005")],
    ),
    ("then-expiry", f"{MC}, one two, two five", [(MC, "5555555555554444")]),
    ("then-expiry-words", f"{MC} and the expiry is one two two five", [(MC, "5555555555554444")]),
    ("after-other-numbers", f"order 7 item 3, {G42}", [(G42, V)]),
    ("in-json", '{"transcript": "caller: it\'s ' + G42 + ', thanks"}', [(G42, V)]),
    ("two-lines", f"{W42}\n{MC}", [(W42, V), (MC, "5555555555554444")]),
]

NEGATIVE_CASES: list[tuple[str, str]] = [
    ("prose", "one of the two three-day passes cost five hundred"),
    ("counting", "I counted one two three four five six seven eight nine ten"),
    ("countdown", "five four three two one liftoff"),
    ("luhn-invalid", "four two four two four two four two four two four two four two four one"),
    ("too-short", "four two four two four two four two four two four"),
    ("too-long", W42 + " four"),
    ("glued-word", "phone one two three four"),
    ("dangling-double", "four two four two four two four two four two four two four two four double"),
    ("double-double", "double double four two four two four two four two four two four two four two"),
    ("digits-only", "4242 4242 4242 4242"),
    ("teens", "fourteen twenty forty two forty two forty two forty two"),
    ("other-line", "four two four two four two four two\nfour two four two four two four two"),
]

POSITIVES = [pytest.param(text, expected, id=case) for case, text, expected in POSITIVE_CASES]
NEGATIVES = [pytest.param(text, id=case) for case, text in NEGATIVE_CASES]


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.value) for s in D.find(text)]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    ok = spans(text) == expected
    assert ok, f"spans differ: offsets {[(s.start, s.end) for s in D.find(text)]}"
    assert all(s.type == "pan" and s.detector == "spelled_pan" and s.test_card for s in D.find(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_quiet(text: str) -> None:
    found = [(s.start, s.end) for s in D.find(text)]
    assert found == []


def _keys(found: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    return sorted((s.start, s.end, s.type, s.value) for s in found)


def _cuts(text: str) -> list[int]:
    cuts = {0, len(text), *range(0, len(text), 7)}
    for s in D.find(text):
        cuts |= {s.start - 1, s.start, s.start + 1, s.end - 1, s.end, s.end + 1}
    return sorted(c for c in cuts if 0 <= c <= len(text))


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_window_gives_the_same_answer_as_the_whole_text(text: str, expected: list[tuple[str, str]]) -> None:
    text = "x=1 " + text + " y=2"
    whole = _keys(D.find(text))
    for pos in _cuts(text):
        for endpos in _cuts(text):
            want = [k for k in whole if pos <= k[0] and k[1] <= endpos]
            ok = _keys(D.find(text, pos, endpos)) == want
            assert ok, f"window {pos}:{endpos} differs"


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
def test_engine_windows_find_everything(backend: Backend) -> None:
    text = "\n".join([c[1] for c in POSITIVE_CASES] + [c[1] for c in NEGATIVE_CASES])
    ok = _keys(Engine([D], [], backend=backend).scan_text(text)) == _keys(D.find(text))
    assert ok, "trigger windows lost or changed a span"


def hyperscan_hits(db: hyperscan.Database, line: str) -> list[int]:
    hits: list[int] = []
    db.scan(line.encode(), match_event_handler=lambda i, f, t, fl, c: hits.append(i))
    return hits


@pytest.mark.parametrize("trigger", D.triggers)
def test_trigger_compiles_in_re_and_hyperscan(trigger: str) -> None:
    rx = re.compile(trigger, re.ASCII)
    db = hyperscan.Database()
    db.compile(expressions=[trigger.encode()], ids=[0], elements=1, flags=[hyperscan.HS_FLAG_DOTALL])
    assert rx.pattern == trigger


def test_some_trigger_matches_every_positive_line() -> None:
    rxs = [re.compile(t, re.ASCII) for t in D.triggers]
    db = hyperscan.Database()
    n = len(D.triggers)
    db.compile(expressions=[t.encode() for t in D.triggers], ids=list(range(n)), elements=n, flags=[0] * n)
    for case, text, _ in POSITIVE_CASES:
        for line in text.splitlines():
            assert hyperscan_hits(db, line), f"hyperscan: no trigger hit in case {case}"
            assert any(rx.search(line) for rx in rxs), f"re: no trigger hit in case {case}"


@pytest.mark.parametrize(("pos", "endpos"), [(0, 0), (5, 3), (0, 10_000), (7, None)])
def test_odd_windows_do_not_raise(pos: int, endpos: int | None) -> None:
    text = "card four two four two four two four two four two four two four two four two ok"
    want = [k for k in _keys(D.find(text)) if pos <= k[0] and k[1] <= (endpos if endpos is not None else 99)]
    ok = _keys(D.find(text, pos, endpos)) == want
    assert ok, f"window {pos}:{endpos} differs"
    assert list(D.find("")) == []
