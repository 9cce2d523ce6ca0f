"""A model's streamed answer put back together: Bedrock logs a streaming invocation's output as the list of its
events (``InvokeModelWithResponseStream``: ``{"type": "content_block_delta", "delta": {"text": ...}}``;
``ConverseStream``: ``{"contentBlockDelta": {"delta": {"text": ...}}}``, tool input as ``"toolUse": {"input": ...}``
or ``"partial_json"``), and gateways log an OpenAI-compatible stream as the list of its ``chat.completion.chunk``
objects (``"choices": [{"index": 0, "delta": {"content": ...}}]``, a tool call's arguments as
``"delta": {"tool_calls": [{"index": 0, "function": {"arguments": ...}}]}``), so a card number the model wrote is cut
into pieces, one per event.

A segment runs from the first delta's string to the last one's on the line; the decoded text is the text deltas
joined, then the tool-input deltas joined (each a JSON string, unescaped). OpenAI pieces are joined per choice, and
a tool call's per choice and tool-call ``index``: parallel tool calls are never run together (a call's joined
arguments are JSON, read as such by the detectors).

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded

TRIGGERS = ("content_block_delta", "contentBlockDelta", "chat.completion.chunk")
_VALUE = r'(?P<value>"(?:[^"\\]|\\.)*")'
_CHOICE = r'(?:"index"[ \t]*:[ \t]*(?P<choice>[0-9]+)[ \t]*,[ \t]*)?"delta"[ \t]*:[ \t]*\{'
_DELTA = re.compile(
    _CHOICE + r'[^{}]{0,80}?(?:"toolUse"[ \t]*:[ \t]*\{[ \t]*)?'
    r'"(?P<field>text|partial_json|input|content)"[ \t]*:[ \t]*' + _VALUE
)
# An OpenAI tool-call delta, its ``index`` before or after its ``function`` (gateways write the keys in any order).
_TOOL_CALL = re.compile(
    _CHOICE + r'[^{}]{0,120}?"tool_calls"[ \t]*:[ \t]*\[[ \t]*\{(?P<pre>[^{}]{0,160}?)"function"[ \t]*:[ \t]*\{'
    r'[^{}]{0,160}?"arguments"[ \t]*:[ \t]*' + _VALUE + r'[^{}]{0,160}?\}(?P<post>[^{}]{0,160}?)\}'
)
_INDEX = re.compile(r'"index"[ \t]*:[ \t]*([0-9]+)')


class StreamDeltasDecoder(BoundedDecoder):
    id = "stream_deltas"
    priority = 25
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        deltas = list(_DELTA.finditer(text, line_start, line_end))
        if text.find("chat.completion.chunk", line_start, line_end) >= 0:
            deltas = sorted([*deltas, *_TOOL_CALL.finditer(text, line_start, line_end)], key=lambda m: m.start())
        if len(deltas) < 2:
            return  # one piece is read where it stands
        s, e = deltas[0].start("value"), deltas[-1].end("value")
        if e <= start or s >= end or over_limit(e - s, self.max_segment):
            return
        texts: dict[str | None, list[str]] = {}
        tools: dict[tuple[str | None, ...], list[str]] = {}
        for m in deltas:
            try:
                piece = json.loads(m["value"])
            except ValueError:  # an escape JSON does not know: not a delta this decoder reads
                return
            if m.re is _TOOL_CALL:
                tools.setdefault(_tool_key(m), []).append(piece)
            elif m["field"] in ("text", "content"):
                texts.setdefault(m["choice"] if m["field"] == "content" else None, []).append(piece)
            else:
                tools.setdefault((None,), []).append(piece)
        parts = ["".join(p) for p in (*texts.values(), *tools.values())]
        decoded = capped("\n".join(part for part in parts if part), self.max_output)
        yield Decoded(s, e, decoded, ("stream",))


def _tool_key(m: re.Match[str]) -> tuple[str | None, ...]:
    """The choice and tool-call index of an OpenAI tool-call delta (0 when a gateway left it out)."""
    index = _INDEX.search(m["pre"]) or _INDEX.search(m["post"])
    return m["choice"], index[1] if index else "0"


DECODER = StreamDeltasDecoder
