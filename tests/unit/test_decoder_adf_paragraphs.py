"""AdfParagraphsDecoder: an Atlassian Document Format paragraph (a Jira comment's body) read as its text, so a card
number of which a mark (bold, italic, code) made two text nodes is read whole, reported on the line of the node it
starts in. Near misses: two text nodes of two paragraphs, a paragraph of one node, an order number split the same
way, text nodes outside any paragraph."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.adf_paragraphs import AdfParagraphsDecoder
from scanners.engine.core import Backend, Engine

D = AdfParagraphsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


PAN = luhn("451416730931405")  # a Visa number made for these tests
SPACED = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))


def node(text: str, mark: str = "") -> dict[str, object]:
    return {"type": "text", "text": text, **({"marks": [{"type": mark}]} if mark else {})}


def doc(*paragraphs: list[dict[str, object]], indent: int | None = None) -> str:
    body = {"version": 1, "type": "doc", "content": [{"type": "paragraph", "content": p} for p in paragraphs]}
    return json.dumps({"id": "10042", "body": body}, indent=indent)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


CASES = [
    ("bold second half", doc([node("card " + SPACED[:10]), node(SPACED[10:], "strong")]), {("pan", PAN, None)}),
    # the expiry and the code whole in one node are read where they stand
    ("cut inside a group", doc([node("it is " + PAN[:2]), node(PAN[2:] + " exp 10/31 cvv 536", "em")]),
     {("pan", PAN, None)}),
    ("pretty-printed", doc([node("Thanks")], [node("card " + SPACED[:5]), node(SPACED[5:], "code")], indent=2),
     {("pan", PAN, f'"text": "card {SPACED[:5]}"')}),
    ("with a hard break before", doc([node("Hi"), {"type": "hardBreak"}, node(SPACED[:10]), node(SPACED[10:])]),
     {("pan", PAN, None)}),
    # near misses: the halves in two paragraphs, an order number, halves across a hard break
    ("two paragraphs", doc([node("card " + SPACED[:10])], [node(SPACED[10:], "strong")]), set()),
    ("an order number", doc([node("order number " + SPACED[:10]), node(SPACED[10:], "strong")]), set()),
    ("across a hard break", doc([node("card " + SPACED[:10]), {"type": "hardBreak"}, node(SPACED[10:])]), set()),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("text", "found"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_paragraph_text_is_read(backend: Backend, text: str, found: set[tuple[str, str, str | None]]) -> None:
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.encoding == ("adf_paragraphs",)]
    got = {(s.type, s.value, text.count("\n", 0, s.start) + 1) for s in spans}
    assert got == {(t, v, 1 if at is None else line_of(text, at)) for t, v, at in found}


def test_joined_text() -> None:
    (seg,) = D.decode(doc([node("a"), {"type": "hardBreak"}, node("1", "strong"), node("2")]))
    assert seg.text == "a\n12"


NEGATIVES = [
    ("one node a paragraph", doc([node("card " + SPACED)])),
    ("no digit after the first node", doc([node("card " + SPACED), node(" thanks", "strong")])),
    ("nodes outside a paragraph", json.dumps({"elements": [node(SPACED[:10]), node(SPACED[10:])]})),
    ("not JSON", '{"type": "paragraph", "content": [{"type": "text", "text": "1"}, {"type": "text", "text": "2"'),
]


@pytest.mark.parametrize("text", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_nothing_to_join(text: str) -> None:
    assert list(D.decode(text)) == []
