"""EscapedGroupsDecoder: a card number typed over two or more lines of one chat message, the line breaks escaped in
its JSON string, is read whole behind a card word and reported where it starts; a list of numbers, numbers under no
card word, a run too long for a card and a Luhn-invalid one stay apart."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.escaped_groups import EscapedGroupsDecoder
from scanners.engine.core import Backend, Engine

D = EscapedGroupsDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


UNIONPAY = luhn("636297377550917")
VISA = luhn("453201511283036")
AMEX = luhn("37828224631000")


def message(content: str) -> str:
    """One stored chat request: the user's message in a JSON string, its line breaks escaped."""
    return json.dumps({"messages": [{"role": "user", "content": content}]}, separators=(",", ":"))


def fours(pan: str) -> list[str]:
    return [pan[i : i + 4] for i in range(0, len(pan), 4)]


U, V = fours(UNIONPAY), fours(VISA)
POSITIVES = [
    ("two lines under the label", f"card:\n{U[0]} {U[1]}\n{U[2]} {U[3]}\nthanks", UNIONPAY),
    ("label on the first line", f"my card is {V[0]} {V[1]}\n{V[2]} {V[3]}", VISA),
    ("four lines", f"Card number\n{V[0]}\n{V[1]}\n{V[2]}\n{V[3]}\nexp soon", VISA),
    ("crlf and a full stop", f"credit card:\r\n{V[0]} {V[1]}\r\n{V[2]} {V[3]}.\r\nbye", VISA),
    ("amex 4-6-5", f"Amex card\n{AMEX[:4]}\n{AMEX[4:10]} {AMEX[10:]}", AMEX),
]


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(("content", "pan"), [pytest.param(*c[1:], id=c[0]) for c in POSITIVES])
def test_a_card_typed_over_escaped_lines_is_read(backend: Backend, content: str, pan: str) -> None:
    text = message(content)
    spans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]
    assert [s.value.replace(" ", "") for s in spans] == [pan]
    assert text[spans[0].start :].startswith(pan[:2])  # reported where its first group stands


NEGATIVES = [
    ("no card word", f"items:\n{U[0]} {U[1]}\n{U[2]} {U[3]}\nthanks"),
    ("a digit in the label", f"card 2:\n{U[0]} {U[1]}\n{U[2]} {U[3]}"),
    ("a run too long", f"card:\n{U[0]} {U[1]}\n{U[2]} {U[3]}\n2031"),
    ("a word after the last group", f"card:\n{U[0]} {U[1]}\n{U[2]} {U[3]} x1"),
    ("luhn-invalid", f"card:\n{U[0]} {U[1]}\n{U[2]} {U[3][:3]}{(int(U[3][3]) + 1) % 10}"),
    ("one line only", f"card:\n{U[0]} {U[1]}"),
]


@pytest.mark.parametrize("content", [pytest.param(c[1], id=c[0]) for c in NEGATIVES])
def test_near_misses_stay_apart(content: str) -> None:
    for backend in ("hyperscan", "re"):
        assert [s for s in Engine(backend=backend).scan_text(message(content)) if s.type == "pan"] == []


def test_segment_keeps_places() -> None:
    text = message(f"card:\n{U[0]} {U[1]}\n{U[2]} {U[3]}\nthanks")
    (seg,) = D.decode(text)
    assert seg.same_places and len(seg.text) == seg.end - seg.start
    assert seg.text == f"card:  {U[0]} {U[1]}  {U[2]} {U[3]}"
