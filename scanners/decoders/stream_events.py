"""A model's streamed answer logged one event per line, put back together: an app that logs each event of a Bedrock
response stream as it arrives writes a card number the model wrote cut across lines. Lines that are each one
stream event are read as one stream, their text pieces joined.

An event line is a JSON object (after an optional log prefix without a ``{``) of a model family Bedrock streams:
Anthropic ``{"type": "content_block_delta", "delta": {"text" | "partial_json": ...}}`` (``message_start``,
``message_stop``... carry no text); Converse and Amazon Nova ``{"contentBlockDelta": {"delta": {"text": ...}}}``
(tool input ``"toolUse": {"input": ...}``, ``"reasoningContent": {"text": ...}``); Amazon Titan ``outputText``;
Meta Llama ``generation``; Anthropic's text completions ``completion``; Mistral ``outputs[].text``; Mistral chat and
other chat-completion models ``choices[].delta.content`` (or ``message.content``), a tool call's arguments
``choices[].delta.tool_calls[].function.arguments`` (OpenAI's server-sent ``data: {...}`` lines; a stream's tool
calls arrive one after the other, so their pieces are joined in order); Cohere ``text`` beside
``is_finished`` or ``event_type``. The raw ``InvokeModelWithResponseStream`` events as the SDK gives them,
``{"chunk": {"bytes": "<base64 of one of those>"}}``, are read through their base64.

A stream runs over consecutive event lines (blank lines between them too: server-sent events are separated by one,
and an app that logs the raw response body keeps them, and each event's ``event:`` name line); it starts anew at a
start event (``message_start``, ``messageStart``) and ends after a stop event (``message_stop``, ``messageStop``, or
a family's finish reason set: a whole answer logged on one line is a stream of one); raw base64 events and plain
ones are two streams. A stream of fewer than two text pieces is left to the one-line decoders. A value found in the
joined text is reported on the line its first character came from (``Decoded.line_starts``).

Like a quoted-printable paragraph, a stream is the one kind of segment wider than its window: any window that
touches a stream yields the whole stream (the same segment, so the engine reads it once).

Limits: a line over ``_MAX_LINE`` characters is no event; a longer stream is read in parts of at most ``_MAX_EVENTS``
lines and ``max_segment`` characters (a line longer than that is ignored); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import binascii
import json
from base64 import b64decode
from bisect import bisect_right, insort
from collections.abc import Iterator
from typing import Any

from scanners.decoders._common import (
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    BoundedDecoder,
    bytes_to_text,
    capped,
    over_limit,
    window_lines,
)
from scanners.detectors.base import Decoded

TRIGGERS = (
    r'"(?:content_block_delta|contentBlockDelta|outputText|generation|completion|outputs|choices|is_finished)"',
    r'"text-generation"',  # Cohere Command R's event_type
    r'"chunk"[ \t]*:[ \t]*\{[ \t]*"bytes"[ \t]*:[ \t]*"e[wy]',  # base64 of a JSON object: '{"', '{ "', '{\n'
)
_MAX_LINE = 32768
_MAX_EVENTS = 4096
_STARTS = frozenset(("message_start", "messageStart"))
_STOPS = frozenset(("message_stop", "messageStop"))
_ANTHROPIC = frozenset(("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                        "message_delta", "message_stop", "ping"))
_CONVERSE = frozenset(("messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop",
                       "metadata"))
# (text piece or '' for an event without text, starts a stream, ends a stream); None: the line is no event
Event = tuple[str, bool, bool] | None
_BLANK: Event = ("", False, False)


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _model_event(obj: dict[str, Any]) -> Event:
    """The text piece of one decoded stream event and whether it starts or ends a stream; None when it is none."""
    kind = obj.get("type")
    if isinstance(kind, str) and kind in _ANTHROPIC:
        delta = obj.get("delta")
        return _text(_get(delta, "text") or _get(delta, "partial_json")), kind in _STARTS, kind in _STOPS
    if len(obj) == 1 and (key := next(iter(obj))) in _CONVERSE:
        delta = _get(obj, key, "delta")
        piece = _get(delta, "text") or _get(delta, "toolUse", "input") or _get(delta, "reasoningContent", "text")
        return _text(piece), key in _STARTS, key in _STOPS
    for key, stop in (("outputText", "completionReason"), ("generation", "stop_reason"), ("completion", "stop_reason")):
        if isinstance(obj.get(key), str) and stop in obj:
            return obj[key], False, obj[stop] is not None
    choices = obj.get("choices")
    if isinstance(choices, list) and choices and isinstance(first := choices[0], dict) and (
            isinstance(delta := first.get("delta"), dict)):  # a chat.completion.chunk: text, a tool call or neither
        calls = delta.get("tool_calls")
        piece = _get(calls[0], "function", "arguments") if isinstance(calls, list) and calls else delta.get("content")
        return _text(piece), False, (first.get("stop_reason") or first.get("finish_reason")) is not None
    for key, path in (("outputs", ("text",)), ("choices", ("message", "content"))):
        items = obj.get(key)
        if isinstance(items, list) and items and isinstance(first := items[0], dict) and (
                isinstance(piece := _get(first, *path), str)):
            return piece, False, (first.get("stop_reason") or first.get("finish_reason")) is not None
    if isinstance(obj.get("text"), str) and ("is_finished" in obj or obj.get("event_type") == "text-generation"):
        return obj["text"], False, obj.get("is_finished") is True
    return None


def _event(line: str) -> tuple[Event, bool]:
    """The event a line holds (see ``_model_event``), and whether it came through a base64 ``chunk``."""
    if not line or line == "\r" or line.startswith(("event:", ":")):  # a server-sent event's name or comment line
        return _BLANK, False
    brace = line.find("{")
    if brace < 0 or len(line) > _MAX_LINE or not line.rstrip().endswith("}"):
        return None, False
    try:
        obj = json.loads(line[brace:])
    except ValueError:
        return None, False
    if not isinstance(obj, dict):
        return None, False
    chunk = _get(obj, "chunk", "bytes")
    if len(obj) == 1 and isinstance(chunk, str):
        try:
            raw = b64decode(chunk, validate=True)
        except (binascii.Error, ValueError):
            return None, False
        body = bytes_to_text(raw, _MAX_LINE)
        try:
            inner = json.loads(body) if body else None
        except ValueError:
            return None, False
        return (_model_event(inner) if isinstance(inner, dict) else None), True
    return _model_event(obj), False


class StreamEventsDecoder(BoundedDecoder):
    id = "stream_events"
    priority = 26
    triggers = TRIGGERS
    margin = None

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        super().__init__(max_segment=max_segment, max_output=max_output)
        # The lines read and the streams found in the last text: the engine asks about every line of a stream.
        self._memo: tuple[str, dict[int, tuple[int, Event, bool]], list[tuple[int, int]], dict[int, Decoded | None]]
        self._memo = ("", {}, [], {})

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            memo = self._memo = (text, {}, [], {})
        _, lines, found, decodings = memo
        last = -1
        for part, _ in window_lines(text, pos, endpos):
            at = text.rfind("\n", 0, part) + 1 if part and text[part - 1] != "\n" else part
            k = bisect_right(found, (at, len(text) + 1)) - 1
            if k >= 0 and found[k][0] <= at <= found[k][1]:
                got = decodings[found[k][0]]
            else:
                if self._line(text, at, lines)[1] is None:
                    continue
                s, e = self._stream(text, at, lines)
                insort(found, (s, e))
                got = decodings[s] = self._decoded(text, s, e, lines)
            if got is not None and got.start != last:  # the stream of the window's line before: yielded already
                last = got.start
                yield got

    def _line(self, text: str, at: int, lines: dict[int, tuple[int, Event, bool]]) -> tuple[int, Event, bool]:
        """The end of the line starting at ``at``, its event and whether it was base64 (read once per text)."""
        if (got := lines.get(at)) is None:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            got = lines[at] = (end, *_event(text[at:end]))
        return got

    def _stream(self, text: str, at: int, lines: dict[int, tuple[int, Event, bool]]) -> tuple[int, int]:
        """The event lines around the line starting at ``at``: (first line start, last line end)."""
        s, (e, event, b64) = at, self._line(text, at, lines)
        count = 1
        while event is not None and not event[1] and s > 0 and count < _MAX_EVENTS:
            prev = text.rfind("\n", 0, s - 1) + 1
            if e - prev > self.max_segment:
                break
            _, event, chunk = self._line(text, prev, lines)
            if event is None or event[2] or chunk != b64:
                break
            s, count = prev, count + 1
            if event[1]:
                break
        event = self._line(text, at, lines)[1]
        while event is not None and not event[2] and e < len(text) and count < _MAX_EVENTS:
            end, event, chunk = self._line(text, e + 1, lines)
            if event is None or event[1] or chunk != b64 or end - s > self.max_segment:
                break
            e, count = end, count + 1
        return s, e

    def _decoded(self, text: str, s: int, e: int, lines: dict[int, tuple[int, Event, bool]]) -> Decoded | None:
        if over_limit(e - s, self.max_segment):
            return None
        pieces: list[str] = []
        starts: list[int] = []
        at, size, b64 = s, 0, False
        while at <= e:
            end, event, chunk = self._line(text, at, lines)
            starts.append(size)
            piece = event[0] if event else ""
            pieces.append(piece)
            size += len(piece)
            b64 = b64 or chunk
            at = end + 1
        if sum(1 for p in pieces if p) < 2:
            return None  # one piece is read where it stands
        encoding = ("base64", "stream") if b64 else ("stream",)
        return Decoded(s, e, capped("".join(pieces), self.max_output), encoding, line_starts=tuple(starts))


DECODER = StreamEventsDecoder
