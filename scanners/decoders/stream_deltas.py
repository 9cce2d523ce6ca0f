"""A model's streamed answer put back together: Bedrock logs a streaming invocation's output as the list of its
events (``InvokeModelWithResponseStream``: ``{"type": "content_block_delta", "delta": {"text": ...}}``;
``ConverseStream``: ``{"contentBlockDelta": {"delta": {"text": ...}}}``, tool input as ``"toolUse": {"input": ...}``
or ``"partial_json"``), so a card number the model wrote is cut into pieces, one per event.

A segment runs from the first delta's string to the last one's on the line; the decoded text is the text deltas
joined, then the tool-input deltas joined (each a JSON string, unescaped).

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = ("content_block_delta", "contentBlockDelta")
_DELTA = lazy_compile(
    r'"delta"[ \t]*:[ \t]*\{[^{}]{0,80}?(?:"toolUse"[ \t]*:[ \t]*\{[ \t]*)?'
    r'"(?P<field>text|partial_json|input)"[ \t]*:[ \t]*(?P<value>"(?:[^"\\]|\\.)*")'
)


class StreamDeltasDecoder(BoundedDecoder):
    id = "stream_deltas"
    priority = 25
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        deltas = list(_DELTA.finditer(text, line_start, line_end))
        if len(deltas) < 2:
            return  # one piece is read where it stands
        s, e = deltas[0].start("value"), deltas[-1].end("value")
        if e <= start or s >= end or over_limit(e - s, self.max_segment):
            return
        texts: list[str] = []
        tool: list[str] = []
        for m in deltas:
            try:
                piece = json.loads(m["value"])
            except ValueError:  # an escape JSON does not know: not a delta this decoder reads
                return
            (texts if m["field"] == "text" else tool).append(piece)
        decoded = capped("\n".join(part for part in ("".join(texts), "".join(tool)) if part), self.max_output)
        yield Decoded(s, e, decoded, ("stream",))


DECODER = StreamDeltasDecoder
