"""StreamDeltasDecoder: a streamed model answer logged event by event (Bedrock InvokeModelWithResponseStream and
ConverseStream invocation logs, a gateway's list of OpenAI chat.completion.chunk objects) is put back together, so
card data cut across events is found; one piece, or JSON that is no stream, is left alone."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.stream_deltas import StreamDeltasDecoder
from scanners.engine.core import Backend, Engine
from tests.unit.test_card_summary import _luhn

D = StreamDeltasDecoder()
PAN = _luhn("492906900679218")


def invoke_stream(pieces: list[str]) -> str:
    chunks = [{"type": "message_start", "message": {"role": "assistant"}}]
    chunks += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}} for p in pieces]
    return json.dumps({"operation": "InvokeModelWithResponseStream", "output": {"outputBodyJson": chunks}})


def converse_stream(pieces: list[str], tool: bool = False) -> str:
    delta = (lambda p: {"toolUse": {"input": p}}) if tool else (lambda p: {"text": p})
    events = [{"contentBlockDelta": {"delta": delta(p), "contentBlockIndex": 0}} for p in pieces]
    return json.dumps({"operation": "ConverseStream", "output": {"outputBodyJson": events}})


def openai_stream(pieces: list[str], tool: bool = True, index: list[int] | None = None, after: bool = False) -> str:
    """A gateway's log record of an OpenAI-compatible stream: its chat.completion.chunk objects in a list. A tool
    call's ``index`` comes before its ``function`` as OpenAI writes it, or after it (``after``) as some gateways do."""
    def delta(p: str, i: int) -> dict[str, object]:
        if not tool:
            return {"content": p}
        call = {"function": {"arguments": p}, "type": "function", "index": i} if after else {
            "index": i, "function": {"arguments": p}}
        return {"tool_calls": [call]}

    head = {"role": "assistant", "content": None, "tool_calls": [
        {"index": 0, "id": "call_a1", "type": "function", "function": {"name": "charge_card", "arguments": ""}}]}
    chunks = [{"id": "chatcmpl-a1", "object": "chat.completion.chunk", "created": 1718000000, "model": "gpt-4o-mini",
               "choices": [{"index": 0, "delta": d, "logprobs": None, "finish_reason": None}]}
              for d in [head if tool else {"role": "assistant", "content": ""},
                        *(delta(p, i) for p, i in zip(pieces, index or [0] * len(pieces), strict=True))]]
    return json.dumps({"request_id": "req_1", "stream": True, "chunks": chunks}, separators=(",", ":"))


ARGS = ['{"', "card", "_number", '":"', PAN[:3], PAN[3:9], PAN[9:], '","', 'cvc":"', '837"}']
CASES = [
    ("invoke-text", invoke_stream(["I charged card ", PAN[:6], PAN[6:11], PAN[11:], " now."]),
     f"I charged card {PAN} now.", {"pan"}),
    ("converse-text", converse_stream(["Card ", "4929 0690 0", "679 2183 exp 09", "/27."]),
     "Card 4929 0690 0679 2183 exp 09/27.", {"pan", "expiry"}),
    ("converse-tool-input",
     converse_stream(['{"card_number": "', PAN[:8], PAN[8:] + '", "cvc": "8', '37"}'], tool=True),
     f'{{"card_number": "{PAN}", "cvc": "837"}}', {"pan", "cvv"}),
    ("escaped-pieces", invoke_stream(["line one\n", "card ", PAN[:8], PAN[8:], " \u00e9"]),
     f"line one\ncard {PAN} \u00e9", {"pan"}),
    ("openai-tool-call", openai_stream(ARGS), f'{{"card_number":"{PAN}","cvc":"837"}}', {"pan", "cvv"}),
    ("openai-index-after", openai_stream(ARGS, after=True), f'{{"card_number":"{PAN}","cvc":"837"}}', {"pan", "cvv"}),
    ("openai-content", openai_stream(["Charging ", PAN[:7], PAN[7:12], PAN[12:], " now."], tool=False),
     f"Charging {PAN} now.", {"pan"}),
    # two parallel tool calls, their fragments interleaved: each call's arguments are joined apart
    ("openai-parallel-calls", openai_stream(['{"card":"', '{"order":"', PAN[:8], "1234", PAN[8:], '"}', '"}'],
                                            index=[0, 1, 0, 1, 0, 1, 0]),
     f'{{"card":"{PAN}"}}\n{{"order":"1234"}}', {"pan"}),
]


@pytest.mark.parametrize(("text", "joined"), [pytest.param(c[1], c[2], id=c[0]) for c in CASES])
def test_the_deltas_are_joined_in_order(text: str, joined: str) -> None:
    (seg,) = list(D.decode(text))
    assert seg.text == joined
    assert seg.encoding == ("stream",)
    assert text[seg.start] == '"' and text[seg.end - 1] == '"'  # from the first delta's string to the last one's


@pytest.mark.parametrize("backend", ["re", "hyperscan"])
@pytest.mark.parametrize(("text", "types"), [pytest.param(c[1], c[3], id=c[0]) for c in CASES])
def test_the_engine_finds_what_the_stream_wrote(backend: Backend, text: str, types: set[str]) -> None:
    if backend == "hyperscan":
        pytest.importorskip("hyperscan")
    assert {s.type for s in Engine(backend=backend).scan_text(text)} == types


@pytest.mark.parametrize(
    "text",
    [
        invoke_stream(["one piece only"]),
        json.dumps({"delta": {"text": "a"}, "other": {"delta": {"text": "b"}}}),  # no stream event
        invoke_stream(["order ", "4929069006", " shipped"]),  # pieces that hold no card data
        'content_block_delta "delta": {"text": "a\\x"} "delta": {"text": "b"}',  # an escape JSON does not know
        # a card's halves in two parallel tool calls are no card
        openai_stream(['{"a":"', '{"b":"', PAN[:8], PAN[8:], '"}', '"}'], index=[0, 1, 0, 1, 0, 1]),
        # the finished calls of a request's history carry no index and are no stream
        json.dumps({"object": "chat.completion.chunk", "messages": [{"tool_calls": [
            {"id": "call_1", "function": {"arguments": PAN[:8]}},
            {"id": "call_2", "function": {"arguments": PAN[8:]}}]}]}),
    ],
    ids=["one-delta", "not-a-stream", "no-card", "bad-escape", "openai-halves-in-two-calls", "openai-no-delta"],
)
def test_what_it_leaves_alone(text: str) -> None:
    found = list(D.decode(text))
    assert all(not any(c.isdigit() and len(c) > 12 for c in seg.text.split()) for seg in found)
    assert Engine().scan_text(text) == []


def test_a_window_that_cuts_the_segment_yields_it_whole() -> None:
    text = invoke_stream(["card ", PAN[:8], PAN[8:]])
    cut = text.index(PAN[:8])
    whole = list(D.decode(text, 0, len(text)))
    assert len(whole) == 1
    assert list(D.decode(text, cut, cut + 1)) == whole  # a window touching it (the engine clips long lines)
    assert whole[0].start > 1 and list(D.decode(text, 0, 1)) == []  # a window before it
