"""LogprobTokensDecoder: a model's answer stored only as its ``logprobs.content`` token list (OpenAI Chat Completions,
vLLM) is read as the text its tokens make, the ``top_logprobs`` alternatives aside; a cut array and an answer with no
card stay quiet."""

from __future__ import annotations

import json

import pytest

from scanners.cards.brands import luhn_valid
from scanners.decoders.logprob_tokens import LogprobTokensDecoder
from scanners.engine.core import Backend, Engine

D = LogprobTokensDecoder()


def luhn(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    return next(body + c for c in "0123456789" if luhn_valid(body + c))


VISA = luhn("453201511283036")


def pieces(text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """``text`` cut into tokens of the given sizes in turn, as a tokenizer cuts digits."""
    out, i, k = [], 0, 0
    while i < len(text):
        out.append(text[i : i + sizes[k % len(sizes)]])
        i, k = i + sizes[k % len(sizes)], k + 1
    return out


def choice(tokens: list[str], alternatives: list[str] | None = None) -> str:
    """One stored choice of a chat completion with ``logprobs=true``: its answer only as the token list."""
    content = [{"token": t, "logprob": -0.01, "bytes": list(t.encode()),
                "top_logprobs": [{"token": a, "logprob": -2.5, "bytes": list(a.encode())} for a in alternatives or []]}
               for t in tokens]  # fmt: skip
    return json.dumps({"eval_id": "e1", "choice": {"index": 0, "logprobs": {"content": content, "refusal": None},
                                                   "finish_reason": "stop"}}, separators=(",", ":"))


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
@pytest.mark.parametrize(
    "line",
    [choice(pieces(VISA)), choice(pieces(f"Your card {VISA[:4]} {VISA[4:8]} {VISA[8:12]} {VISA[12:]} is saved.", (3,))),
     choice(pieces(VISA, (2,)), ["x", "7"])],
    ids=["digits", "sentence", "alternatives"],
)
def test_the_answer_its_tokens_make_is_read(backend: Backend, line: str) -> None:
    assert [s.value.replace(" ", "") for s in Engine(backend=backend).scan_text(line) if s.type == "pan"] == [VISA]


def test_segment_is_the_array_and_alternatives_are_not_joined() -> None:
    line = choice(["Total", ": ", "12", ".50"], [VISA])
    (seg,) = D.decode(line)
    assert seg.text == "Total: 12.50" and line[seg.start] == "[" and line[seg.end - 1] == "]"


@pytest.mark.parametrize(
    "line",
    [choice(pieces("Order 1234 5678 shipped on 2026-05-01")), choice(pieces(VISA))[:-80],
     json.dumps({"logprobs": {"content": [{"tokens": ["4"]}]}})],
    ids=["no-card", "cut-line", "no-token-member"],
)
def test_quiet(line: str) -> None:
    for backend in ("hyperscan", "re"):
        assert [s for s in Engine(backend=backend).scan_text(line) if s.type == "pan"] == []
