"""A terminal recording read as the terminal showed it: an asciinema cast (asciicast v2 and v3, ``.cast``) writes what
the program printed as events, one JSON array per line, ``[time, code, data]`` (code ``"o"`` output, ``"i"`` input,
``"r"`` resize, ``"m"`` marker, ``"x"`` exit; v3 also has ``#`` comment lines), each event holding whatever the pty
gave at that moment. A card number typed at a shell is echoed one keystroke per event, and a printed one may be cut
between two events (``"card_number=4165"`` then ``"1234… cvv=***\\r\\n"``).

A segment is the terminal line a number cut between events lies on: the events of one stream (output, or input
apart) from the last one before it that holds a line break (``\\n`` or ``\\r``) to the first one after it that does,
each event's data JSON-unescaped and joined in order; events of other codes and comments between are passed over.
Each event line starts a known place of the joined text (``Decoded.line_starts``), so a value is reported on the line
of the event where it starts. The raw lines are read as well: a value whole in one event is found there (the joined
reading adds nothing), and a piece of a longer number alone (a 13-digit start read as a short card) is dropped for
the longer one the joined line shows (``Engine.scan_text``).

Only a line whose event data ends in a digit (or a digit and a space or dash) wakes the decoder, and only when the
next event of its stream starts with one does it join. Limits: at most ``_MAX_EVENTS`` events each way are joined;
a segment longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
asciicast v1 (one JSON document with a ``stdout`` list) is not read this way.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right, insort
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded

_STRING = r'"(?:[^"\\\n]|\\[^\n])*'  # a JSON string's opening quote and body
TRIGGERS = (rf'^\[[ \t]*[0-9][0-9.eE+-]*[ \t]*,[ \t]*"[oi]"[ \t]*,[ \t]*{_STRING}[0-9][ -]?"[ \t]*\]',)
_EVENT = re.compile(rf'\[[ \t]*[0-9][0-9.eE+-]*[ \t]*,[ \t]*"([a-z])"[ \t]*,[ \t]*({_STRING}")[ \t]*\]\r?')
_JOINS = re.compile(r"[0-9][ -]?\Z")  # data a number may go on from
_GOES_ON = re.compile(r"[ -]?[0-9]")  # data that may go on a number
_MAX_EVENTS = 512
Event = tuple[str, str] | None  # (code, data); None: the line is no event


def _breaks(data: str) -> bool:
    return "\n" in data or "\r" in data


class AsciicastDecoder(BoundedDecoder):
    id = "asciicast"
    priority = 27
    triggers = TRIGGERS
    margin = None

    def __init__(self, **limits: int) -> None:
        super().__init__(**limits)
        # The last text's events read and segments found: every keystroke of a typed number wakes the decoder.
        # Segments by stream: an input segment may lie across an output one (keystrokes and their echo interleave).
        self._memo: tuple[str, dict[int, tuple[int, Event]], dict[str, list[tuple[int, int]]], dict[int, Decoded]]
        self._memo = ("", {}, {"o": [], "i": []}, {})

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            memo = self._memo = (text, {}, {"o": [], "i": []}, {})
        _, events, found, decodings = memo
        yielded: set[int] = set()
        for part, _ in window_lines(text, pos, endpos):
            at = text.rfind("\n", 0, part) + 1
            end, event = self._event(text, at, events)
            if event is None or event[0] not in found or not _JOINS.search(event[1]):
                continue
            spans = found[event[0]]
            k = bisect_right(spans, (at, len(text) + 1)) - 1
            if k >= 0 and spans[k][0] <= at <= spans[k][1]:
                s = spans[k][0]  # the terminal line of an earlier window
            else:
                nxt = self._next(text, end, event[0], events)
                if nxt is None or not _GOES_ON.match(nxt):
                    continue
                s, e = self._line(text, at, event[0], events)
                insort(spans, (s, e))
                if (got := self._decoded(text, s, e, event[0], events)) is not None:
                    decodings[s] = got
            if s in decodings and s not in yielded:
                yielded.add(s)
                yield decodings[s]

    @staticmethod
    def _event(text: str, at: int, events: dict[int, tuple[int, Event]]) -> tuple[int, Event]:
        """The end of the line starting at ``at`` and the event it holds (read once per text)."""
        if (got := events.get(at)) is None:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            event: Event = None
            if (m := _EVENT.fullmatch(text, at, end)) is not None:
                try:
                    event = (m[1], json.loads(m[2]))
                except ValueError:  # an escape JSON does not know: no event
                    event = None
            elif text.startswith("#", at):
                event = ("#", "")  # a v3 comment: passed over
            got = events[at] = (end, event)
        return got

    def _next(self, text: str, end: int, code: str, events: dict[int, tuple[int, Event]]) -> str | None:
        """The data of the next event of stream ``code`` after the line ending at ``end``."""
        for _ in range(_MAX_EVENTS):
            if end >= len(text):
                return None
            end, event = self._event(text, end + 1, events)
            if event is None:
                return None
            if event[0] == code:
                return event[1]
        return None

    def _line(self, text: str, at: int, code: str, events: dict[int, tuple[int, Event]]) -> tuple[int, int]:
        """The event lines of stream ``code`` around the line at ``at`` that make one terminal line: from the last
        one at or before it holding a line break to the first one after it that does."""
        e, event = self._event(text, at, events)
        s, p = at, at
        for _ in range(_MAX_EVENTS):
            if event is None or (event[0] == code and _breaks(event[1])) or p == 0:
                break
            p = text.rfind("\n", 0, p - 1) + 1
            event = self._event(text, p, events)[1]
            if event is not None and event[0] == code:
                s = p
        q = e
        for _ in range(_MAX_EVENTS):
            if q >= len(text):
                break
            q, event = self._event(text, q + 1, events)
            if event is None:
                break
            if event[0] == code:
                e = q
                if _breaks(event[1]):
                    break
        return s, e

    def _decoded(self, text: str, s: int, e: int, code: str, events: dict[int, tuple[int, Event]]) -> Decoded | None:
        if over_limit(e - s, self.max_segment):
            return None
        pieces: list[str] = []
        starts: list[int] = []
        at, size = s, 0
        while at <= e:
            end, event = self._event(text, at, events)
            piece = event[1] if event is not None and event[0] == code else ""
            starts.append(size)
            pieces.append(piece)
            size += len(piece)
            at = end + 1
        return Decoded(s, e, capped("".join(pieces), self.max_output), ("asciicast",), line_starts=tuple(starts))


DECODER = AsciicastDecoder
