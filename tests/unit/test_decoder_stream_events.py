"""StreamEventsDecoder: a model's response stream logged one event per line (every model family Bedrock streams, and
the raw base64 ``chunk`` events) is read as one stream, so a card number cut across lines is found, on the line of
its first piece; whole answers one per line, a lone piece, and lines that are no stream are left alone."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from scanners.decoders.stream_events import StreamEventsDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = StreamEventsDecoder()


PAN = _luhn("492906900679218")
PIECES = ["Thanks, I have your card as ", PAN[:4], " " + PAN[4:8] + " ", PAN[8:12], " " + PAN[12:], ", thank you."]
JOINED = "".join(PIECES)

Family = Callable[[str, bool], dict[str, Any]]  # (piece, last) -> event
FAMILIES: dict[str, Family] = {
    "anthropic-text": lambda p, last: {"type": "content_block_delta", "index": 0,
                                       "delta": {"type": "text_delta", "text": p}},
    "anthropic-tool": lambda p, last: {"type": "content_block_delta", "index": 1,
                                       "delta": {"type": "input_json_delta", "partial_json": p}},
    "converse-text": lambda p, last: {"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}},
    "converse-tool": lambda p, last: {"contentBlockDelta": {"delta": {"toolUse": {"input": p}},
                                                            "contentBlockIndex": 0}},
    "titan": lambda p, last: {"outputText": p, "index": 0, "totalOutputTextTokenCount": 9,
                              "completionReason": "FINISH" if last else None, "inputTextTokenCount": 4},
    "llama": lambda p, last: {"generation": p, "prompt_token_count": None, "generation_token_count": 3,
                              "stop_reason": "stop" if last else None},
    "claude-completion": lambda p, last: {"completion": p, "stop_reason": "stop_sequence" if last else None},
    "mistral": lambda p, last: {"outputs": [{"text": p, "stop_reason": "stop" if last else None}]},
    "mistral-chat": lambda p, last: {"choices": [{"index": 0, "message": {"role": "assistant", "content": p},
                                                  "stop_reason": "stop" if last else None}]},
    "chat-delta": lambda p, last: {"choices": [{"index": 0, "delta": {"content": p},
                                                "finish_reason": "stop" if last else None}]},
    # OpenAI's server-sent events: ``data: {...}`` lines of chat.completion.chunk objects (prefix below)
    "openai-tool-call": lambda p, last: {"id": "chatcmpl-x", "object": "chat.completion.chunk", "choices": [
        {"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}, "logprobs": None,
         "finish_reason": "tool_calls" if last else None}]},
    "cohere": lambda p, last: {"text": p, "is_finished": last},
    "cohere-r": lambda p, last: {"event_type": "text-generation", "text": p, "is_finished": False},
}


def events(family: Family, pieces: list[str]) -> list[dict[str, Any]]:
    return [family(p, i == len(pieces) - 1) for i, p in enumerate(pieces)]


def chunk(event: dict[str, Any]) -> dict[str, Any]:
    return {"chunk": {"bytes": base64.b64encode(json.dumps(event).encode()).decode()}}


def log(lines: list[dict[str, Any]], prefix: str = "", eol: str = "\n") -> str:
    return eol.join(prefix + json.dumps(e) for e in lines)


def first_piece_line(text: str) -> int:
    return text[: text.index(json.dumps(PAN[:4]))].count("\n") + 1


POSITIVE = [pytest.param(log(events(f, PIECES)), id=n) for n, f in FAMILIES.items()]
POSITIVE += [pytest.param(log([chunk(e) for e in events(f, PIECES)]), id=f"chunk-{n}")
             for n, f in FAMILIES.items() if n in ("anthropic-text", "titan", "llama", "mistral", "cohere")]
POSITIVE += [
    pytest.param(log([{"type": "message_start", "message": {"role": "assistant"}},
                      *events(FAMILIES["anthropic-text"], PIECES),
                      {"type": "message_delta", "delta": {"stop_reason": "end_turn"}}, {"type": "message_stop"}]),
                 id="anthropic-whole-stream"),
    pytest.param(log(events(FAMILIES["converse-text"], PIECES), "2026-01-05T10:00:00Z DEBUG stream event "),
                 id="log-prefix"),
    pytest.param(log(events(FAMILIES["anthropic-text"], PIECES), eol="\r\n"), id="crlf"),
    # an OpenAI stream as sent: the role first, the text, an empty delta with the finish reason, then [DONE]
    pytest.param(log([{"object": "chat.completion.chunk", "choices": [
        {"index": 0, "delta": {"role": "assistant", "content": "", "refusal": None}, "finish_reason": None}]},
        *events(FAMILIES["chat-delta"], PIECES)[:-1], {"object": "chat.completion.chunk", "choices": [
            {"index": 0, "delta": {"content": PIECES[-1]}, "finish_reason": None}]},
        {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}],
        "data: ", "\n\n"), id="openai-sse-content"),
    pytest.param(log(events(FAMILIES["openai-tool-call"], PIECES), "data: ", "\n\n"), id="openai-sse-tool-call"),
    # the Messages API's server-sent events as sent: each event's name line, its data line, a blank line, a ping
    pytest.param("\n".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n" for e in [
        {"type": "ping"}, *events(FAMILIES["anthropic-text"], PIECES)]), id="anthropic-sse-named-events"),
]


@pytest.mark.parametrize("text", POSITIVE)
def test_the_stream_is_joined_across_lines(text: str) -> None:
    segs = list(D.decode(text))
    assert len(segs) == 1
    (seg,) = segs
    assert PAN in seg.text.replace(" ", "") and seg.text.rstrip("\r").endswith("thank you.")
    assert seg.encoding == (("base64", "stream") if '"chunk"' in text else ("stream",))
    assert len(seg.line_starts) == text.count("\n") + 1


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize("text", POSITIVE)
def test_the_card_is_reported_on_the_line_of_its_first_piece(backend: Backend, text: str) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    pans = [s for s in Engine(backend=backend).scan_text(text) if s.type == "pan"]
    assert pans
    want = first_piece_line(text) if '"chunk"' not in text else 2
    assert {text[: s.start].count("\n") + 1 for s in pans} == {want}


def test_every_window_on_the_stream_yields_it_once() -> None:
    text = "head\n" + log(events(FAMILIES["llama"], PIECES)) + "\ntail"
    whole = list(D.decode(text))
    assert len(whole) == 1
    third = text.index(json.dumps(PAN[8:12]))
    assert list(D.decode(text, third, third + 5)) == whole
    assert list(D.decode(text, 0, 4)) == [] and list(D.decode(text, len(text) - 4)) == []


ANTHROPIC = FAMILIES["anthropic-text"]
NEGATIVE = [
    # whole answers logged one per line (a finish reason on each): each is a stream of one
    pytest.param(log([FAMILIES["llama"]("ref " + PAN[:8], True), FAMILIES["llama"](PAN[8:] + " ok", True)]),
                 id="whole-answers"),
    pytest.param(log([FAMILIES["titan"]("a " + PAN[:8], True), FAMILIES["titan"](PAN[8:], True)]), id="titan-whole"),
    # a message_stop, or a message_start, between two streams
    pytest.param(log([ANTHROPIC("order " + PAN[:8], False), {"type": "message_stop"},
                      ANTHROPIC(PAN[8:], False), ANTHROPIC(" shipped", False)]), id="stop-between"),
    pytest.param(log([ANTHROPIC("order " + PAN[:8], False), {"type": "message_start", "message": {}},
                      ANTHROPIC(PAN[8:], False), ANTHROPIC(" shipped", False)]), id="start-between"),
    # a line that is no event between the pieces
    pytest.param(log([ANTHROPIC("order " + PAN[:8], False)]) + "\nINFO request done\n"
                 + log([ANTHROPIC(PAN[8:], False), ANTHROPIC(" ok", False)]), id="other-line-between"),
    # a plain event then a base64 one: two loggers, two streams
    pytest.param(log([ANTHROPIC("order " + PAN[:8], False), ANTHROPIC(" x", False), chunk(ANTHROPIC(PAN[8:], False)),
                      chunk(ANTHROPIC(" y", False))]), id="plain-then-chunk"),
    # one piece only, and pieces that hold no card number
    pytest.param(log([ANTHROPIC("card " + PAN, False)]), id="one-piece"),
    pytest.param(log(events(ANTHROPIC, ["order ", PAN[:10], " shipped"])), id="no-card"),
    # keys of other JSON logs: no stream event
    pytest.param(log([{"completion": "order " + PAN[:8]}, {"completion": PAN[8:]}]), id="completion-no-stop-key"),
    pytest.param(log([{"choices": ["a", PAN[:8]]}, {"choices": [PAN[8:]]}]), id="choices-of-strings"),
    pytest.param('{"chunk": {"bytes": "eyJub3QgYmFzZTY0"}}\n{"chunk": {"bytes": "eyJ%%%"}}', id="bad-base64"),
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_what_it_leaves_alone(text: str) -> None:
    assert all(PAN not in seg.text.replace(" ", "") for seg in D.decode(text))
    assert [s for s in Engine().scan_text(text) if s.type == "pan" and s.encoding[-1:] == ("stream",)] == []


def test_an_openai_stream_ends_at_its_finish_reason() -> None:
    stream = log(events(FAMILIES["openai-tool-call"], PIECES), "data: ", "\n\n")
    text = stream + "\n\ndata: [DONE]\n\n" + stream
    segs = list(D.decode(text))
    assert len(segs) == 2 and all(seg.text == JOINED for seg in segs)


def test_limits() -> None:
    text = log(events(ANTHROPIC, PIECES))
    assert list(StreamEventsDecoder(max_segment=40).decode(text)) == []
    (seg,) = StreamEventsDecoder(max_output=10).decode(text)
    assert seg.text == JOINED[:10]
    long = log(events(ANTHROPIC, ["x"] * 5000))
    assert all(len(s.line_starts) <= 4096 for s in D.decode(long))
