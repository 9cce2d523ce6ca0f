"""RevaiElementsDecoder: a Rev.ai transcript's ``monologues[].elements[]``, one JSON object per word, blank and
punctuation mark, joined into turns (one a monologue), so a card number said in groups (one element per group) and
an expiry after its keyword are read, each reported on the line of its first word. Near misses: numbers in two
monologues, a timestamp's digits, an array of other objects, one word."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.revai_elements import RevaiElementsDecoder
from scanners.engine.core import Backend, Engine

D = RevaiElementsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
GROUPS = [PAN[i : i + 4] for i in range(0, 16, 4)]


def elements(words: list[str]) -> list[dict[str, object]]:
    """Rev.ai elements of ``words``: a text element each, a blank between them, a trailing mark its own element."""
    out: list[dict[str, object]] = []
    for i, w in enumerate(words):
        mark = w[-1] if w[-1] in ",.?" else ""
        out.append({"type": "text", "value": w.rstrip(",.?"), "ts": i * 0.3, "end_ts": i * 0.3 + 0.3,
                    "confidence": 0.9})
        if mark:
            out.append({"type": "punct", "value": mark})
        if i + 1 < len(words):
            out.append({"type": "punct", "value": " "})
    return out


def revai(monologues: list[tuple[int, list[str]]], indent: int | None = 2) -> str:
    return json.dumps({"monologues": [{"speaker": s, "elements": elements(w)} for s, w in monologues]},
                      indent=indent)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


ASKED = (0, ["Can", "I", "take", "the", "card", "number,", "please?"])
POSITIVES = [
    ("groups, pretty", revai([ASKED, (1, ["it's", *GROUPS])]), {("pan", PAN, f'"value": "{GROUPS[0]}"')}),
    ("groups, compact", revai([ASKED, (1, ["it's", *GROUPS])], indent=None), {("pan", PAN, None)}),
    ("expiry and code", revai([(1, ["expiring", "10/31,", "and", "the", "cvv", "is", "536."])]),
     {("expiry", "10/31", '"value": "10/31"'), ("cvv", "536", '"value": "536"')}),
    ("a bare code after the question", revai([(0, ["and", "the", "security", "code?"]), (1, ["536"])]),
     {("cvv", "536", '"value": "536"')}),
    # near misses: an order number said in groups, groups in two monologues of two speakers, a date of birth
    ("an order number", revai([(1, ["my", "order", "number", "is", *GROUPS])]), set()),
    ("two speakers' groups", revai([(0, ["so", *GROUPS[:2]]), (1, GROUPS[2:])]), set()),
    ("a date of birth", revai([(0, ["your", "date", "of", "birth?"]), (1, ["10/31"])]), set()),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in POSITIVES])
def test_elements_are_read_as_turns(backend: Backend, text: str, found: set[tuple[str, str, str | None]]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.encoding == ("revai_elements",)]
    got = {(s.type, s.value, text.count("\n", 0, s.start) + 1) for s in spans}
    assert got == {(t, v, 1 if at is None else line_of(text, at)) for t, v, at in found}


def test_each_monologue_is_a_turn_read_once() -> None:
    text = revai([ASKED, (1, ["it's", *GROUPS[:2]]), (1, GROUPS[2:])])
    (seg,) = D.decode(text)
    assert seg.text.split("\n") == ['"transcript": "Can I take the card number, please?"',
                                    f'"transcript": "it\'s {GROUPS[0]} {GROUPS[1]}"',
                                    f'"transcript": "{GROUPS[2]} {GROUPS[3]}"']
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    assert [s for at in starts for s in D.decode(text, at, at)] == [seg]  # by the window of its first line only


NEGATIVES = [
    ("one word", revai([(1, [PAN])])),
    ("other objects", json.dumps({"elements": [{"type": "text", "text": GROUPS[0]}, {"type": "text", "text": "x"}]})),
    ("timestamps only", json.dumps({"monologues": [{"speaker": 0, "elements": [
        {"type": "punct", "value": " ", "ts": float(GROUPS[0]), "end_ts": float(GROUPS[1])}]}]})),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_nothing_to_join(text: str) -> None:
    assert list(D.decode(text)) == []
