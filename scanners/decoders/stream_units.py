"""A stream's text put back together from its units: token and delta events of a model's streamed answer, chat
messages, WebSocket frames, producer-side chunks, a log line a shipper split, the records of a Kinesis shard, the
final results of a speech recogniser. The consumer of such a stream concatenates the units' text, so a card number,
expiry or security code cut across two or three units is a whole value to it; here too.

The formats and their units are in ``_units``. The units of a run of lines (units of one format, at most ``_GAP``
other lines between two of them) or of one JSON document are grouped by the format's stream id (item, request,
message, run, contact and participant, connection, message id, partial id, split uid, partition key, shard, Lex
session and card slot, Connect contact); each group of two or more text fragments is one segment, its fragments
joined in order (where a format gives its units' time in the stream and it goes back, the id names a new stream).
Fragments of different streams interleaved in one file are never joined, and nothing but the fragments is (sequence
numbers, offsets and token counts stay out). Each unit line starts a known place of the joined text
(``Decoded.line_starts``), so a value is reported on the unit where it starts, and the joined text is read in place
of its units (``Joined.pieces``): the first piece of a cut number, read alone, says nothing the whole number does
not. A unit's text may also be a whole message, and the join runs its last digits into the next unit's first
(``security code 415`` then ``6363 ...``): what such a unit says alone stays where the joined reading finds nothing
of its kind on it (``Joined.soft``), and so does a unit's after a masked card number (``XXXX-XXXX-XXXX-6256``
then ``expires 04/33``: the expiry is no mask's). A format may name the joined text (``Read.head``: a card slot's
name, an input block's prompt), put once before its first unit's.

Limits: a run holds at most ``_MAX_UNITS`` lines and a segment ``max_segment`` characters (a longer stream is read
in parts, noted); a line over ``_MAX_LINE`` characters is no unit (a CloudWatch event's message line, up to
``_MAX_EVENT_LINE``, is); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right, insort
from collections.abc import Iterator

from scanners.cards.masked import masked_spans
from scanners.decoders._common import (
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    BoundedDecoder,
    capped,
    over_limit,
    window_lines,
)
from scanners.decoders._log_units import CWL_PIECE, cwl_runs, wire_bodies
from scanners.decoders._units import Read, read_doc, read_line
from scanners.engine.limits import SEGMENT, note_limit
from scanners.engine.pieces import Joined

TRIGGERS = (
    r"response\.[a-z_]{1,40}\.delta",  # OpenAI Responses / Realtime text deltas (SSE or a HAR's WebSocket frames)
    r'"contentBlockDelta"',  # ConverseStream events an app logs with their request id
    r'^0:"',  # a Vercel AI SDK text part
    r"on_llm_new_token token=",
    r" frame [0-9]+/[0-9]+ fin=(?:true|false) payload:",
    r'"topic"[ \t]*:[ \t]*"aws/chat"',
    r"chunk:[0-9]+/[0-9]+\t",
    r'"partial_message"[ \t]*:[ \t]*"?true',
    r'"totalSplits"',
    r'^[ \t]*"(?:PartitionKey|kinesisSchemaVersion|deliveryStreamArn)"',
    r'^[ \t]*"logStreamName": "',  # CloudWatch Logs events as the AWS CLI prints them
    r'^[ \t]*"Transcript"[ \t]*:[ \t]*\[',
    r'"outputBodyJson"[ \t]*:[ \t]*\[',  # a Bedrock invocation log of a streamed answer (one record a line)
    r'"is_final"[ \t]*:[ \t]*true',  # a Deepgram live final result
    r'"isFinal"[ \t]*:[ \t]*true',  # a Google Speech-to-Text streaming final result
    r"RECOGNIZED: ",  # an Azure Speech SDK final result
    r'"slotToElicit"[ \t]*:[ \t]*"',  # a Lex V2 conversation log's turn eliciting a slot
    r'"ContactFlowModuleType"[ \t]*:[ \t]*"(?:Get|Store)(?:User|Customer|Participant)Input"',  # a Connect input block
    r'http-outgoing-[0-9]+ (?:>>|<<) "',  # an Apache HttpClient wire log line
    r'"(?:Transcript|UtteranceEvent|TranscriptEvent)"[ \t]*:[ \t]*\{',  # Transcribe, Call Analytics, Lex V2 events
)
_DOCUMENT_START = re.compile(r"\s*\{")  # a whole JSON document (read without copying the text to strip it)
_GAP = 8
_MAX_UNITS = 4096
_MAX_LINE = 1 << 16
_MAX_EVENT_LINE = 8 * CWL_PIECE  # a message of the event size limit, JSON-escaped
_EVENT_MESSAGE = re.compile(r'[ \t]*"message": "')
_TAKES_DIGIT = frozenset(("cvv", "cvc", "cav", "cid", "csc", "track"))  # CVV2, CVC2, CAV2, track2: one word
# line start, line end, stream id, text, base64, piece start, piece end, head
Unit = tuple[int, int, str, str, bool, int, int, str]


class StreamUnitsDecoder(BoundedDecoder):
    id = "stream_units"
    priority = 27
    triggers = TRIGGERS
    margin = None

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        super().__init__(max_segment=max_segment, max_output=max_output)
        # the lines read, the runs found and their segments in the last text: every unit line of a run is a window
        self._memo: tuple[str, dict[int, tuple[int, Read | None]], list[tuple[int, int]], dict[int, list[Joined]]]
        self._memo = ("", {}, [], {})

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Joined]:
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            memo = self._memo = (text, {}, [], {-1: self._document(text)})
        _, lines, runs, segments = memo
        yield from segments[-1]
        done = -1  # the run of the window's line before: yielded already
        for part, _ in window_lines(text, pos, endpos):
            at = text.rfind("\n", 0, part) + 1
            k = bisect_right(runs, (at, len(text) + 1)) - 1
            if not (k >= 0 and runs[k][0] <= at <= runs[k][1]):
                end, read = self._read(text, at, lines)
                if read is not None:
                    s, e, units, form = self._run(text, at, lines)
                elif text.find('"outputBodyJson"', at, end) >= 0:  # a record a line: its own document
                    s, e, units, form = at, end, self._doc_units(text, at, end), ""
                else:
                    continue
                insort(runs, (s, e))
                segments[s] = self._joined(text, units, form)
                k = bisect_right(runs, (at, len(text) + 1)) - 1
            if runs[k][0] != done:
                done = runs[k][0]
                yield from segments.get(done, ())

    def _read(self, text: str, at: int, lines: dict[int, tuple[int, Read | None]]) -> tuple[int, Read | None]:
        if (got := lines.get(at)) is None:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            unit = end - at <= _MAX_LINE or (end - at <= _MAX_EVENT_LINE and _EVENT_MESSAGE.match(text, at) is not None)
            got = lines[at] = (end, read_line(text[at:end]) if unit else None)
        return got

    def _run(self, text: str, at: int, lines: dict[int, tuple[int, Read | None]],
             ) -> tuple[int, int, list[Unit], str]:
        """The run of lines around the unit line at ``at``: where its first unit line starts, where its last one
        ends, its units with text, each with its stream id, and its format."""
        form = self._read(text, at, lines)[1]
        assert form is not None
        s, p, gap = at, at, 0
        for _ in range(_MAX_UNITS):
            if p == 0 or gap > _GAP:
                break
            p = text.rfind("\n", 0, p - 1) + 1
            read = self._read(text, p, lines)[1]
            if read is not None and read.form != form.form:
                break
            s, gap = (p, 0) if read is not None else (s, gap + 1)
        units: list[Unit] = []
        current, p, gap, last = "", s, 0, at
        clocks: dict[str, tuple[float, int]] = {}  # per stream id: its last unit's time, how often it went back
        for _ in range(_MAX_UNITS):
            end, read = self._read(text, p, lines)
            if read is None:
                gap += 1
            elif read.form != form.form:
                break
            else:
                gap, last = 0, max(last, end)
                if read.key is not None:
                    current = read.key
                if read.clock is not None:
                    was, n = clocks.get(current, (read.clock, 0))
                    clocks[current] = (read.clock, n + (read.clock < was))
                if read.piece:
                    stream = f"{current}#{clocks[current][1]}" if current in clocks else current
                    units.append((p, end, stream, read.piece, read.b64, p, end, read.head))
            if gap > _GAP or end >= len(text):
                break
            p = end + 1
        return s, last, units, form.form

    def _document(self, text: str) -> list[Joined]:
        """The segments of a whole JSON document's records (``_units.read_doc``), or none."""
        if _DOCUMENT_START.match(text) is None:
            return []
        return self._joined(text, self._doc_units(text, 0, len(text)), "")

    def _doc_units(self, text: str, start: int, end: int) -> list[Unit]:
        """The units of the JSON document ``text[start:end]``, each piece the value as the document writes it."""
        if over_limit(end - start, self.max_segment):
            return []
        try:
            obj = json.loads(text[start:end])
        except ValueError:
            return []
        units: list[Unit] = []
        at = start
        for unit in read_doc(obj):
            if (found := text.find(unit.needle, at, end)) < 0:
                continue
            ls = text.rfind("\n", 0, found) + 1
            le = text.find("\n", found, end)
            le, at = (end if le < 0 else le), found + len(unit.needle)
            units.append((ls, le, unit.key, unit.piece, unit.b64, found, at, ""))
        return units

    def _joined(self, text: str, units: list[Unit], form: str) -> list[Joined]:
        groups: dict[str, list[Unit]] = {}
        for unit in units:
            groups.setdefault(unit[2], []).append(unit)
        out: list[Joined] = []
        for units_of in groups.values():
            group = units_of
            if form == "wire":  # a connection's bytes: only its bodies are text, joined exactly
                bodies = wire_bodies([u[3] for u in units_of])
                group = [(*u[:3], body, *u[4:]) for u, body in zip(units_of, bodies, strict=True) if body]
            elif form == "cwl":  # only the events one line was cut into
                runs = cwl_runs([u[3] for u in units_of])
                for run in set(runs):
                    groups_of = [u for u, r in zip(units_of, runs, strict=True) if r == run]
                    if len(groups_of) >= 2:
                        out.append(self._segment(text, groups_of))
                continue
            first = 0
            while len(group) - first >= 2:
                limit = group[first][0] + self.max_segment
                cut = next((i for i in range(first + 1, len(group)) if group[i][1] > limit), len(group))
                if cut < len(group):
                    note_limit(SEGMENT)  # a longer stream: read in parts
                if cut - first >= 2:
                    out.append(self._segment(text, group[first:cut], exact=form == "wire"))
                first = cut
        return out

    def _segment(self, text: str, group: list[Unit], *, exact: bool = False) -> Joined:
        s, e = group[0][0], group[-1][1]
        texts = [u[3] for u in group]
        texts[0] = group[0][7] + texts[0]  # what names the parts (a card slot, a prompt), once
        soft: set[int] = set()  # units whose digits the join runs into a neighbour's
        for i in range(1, 0 if exact else len(texts)):
            texts[i] = _seam(texts[i - 1], texts[i]) + texts[i]
            if texts[i - 1][-1:].isdigit() and texts[i][:1].isdigit():
                soft.update((i - 1, i))
            elif group[i][3].lstrip(" ,")[:1].isalpha() and _masked_end(texts[i - 1]):
                soft.add(i)  # a masked card, then "expires 04/33": two things said, the expiry not the mask's
        on_line: dict[int, int] = {}  # how much of the joined text each line's units give (a record a line: all)
        for u, t in zip(group, texts, strict=True):
            on_line[u[0]] = on_line.get(u[0], 0) + len(t)
        starts: list[int] = []
        size, p = 0, s
        while p <= e:
            starts.append(size)
            size += on_line.get(p, 0)
            p = text.find("\n", p, e) + 1 or e + 1
        encoding = ("base64", "stream") if any(u[4] for u in group) else ("stream",)
        return Joined(s, e, capped("".join(texts), self.max_output), encoding, line_starts=tuple(starts),
                      pieces=tuple((u[5], u[6]) for u in group), soft=tuple((group[i][5], group[i][6]) for i in soft))


def _masked_end(text: str) -> bool:
    """``text`` ends with a masked card number (``XXXX-XXXX-XXXX-4242``)."""
    return text[-1:].isdigit() and any(e == len(text) for _, e in masked_spans(text, max(0, len(text) - 64), len(text)))


def _seam(before: str, after: str) -> str:
    """What goes between two units' text: a space where no value can run on across the seam (a number then a word,
    a word then a number), a line break after a sentence's end, so two whole messages are not read as one run of
    digits; nothing elsewhere (a cut falls anywhere inside a value). A card code's name takes its digit (``CVV2``)."""
    last, first = before[-1:], after[:1]
    if not first or first.isspace():
        return ""
    if last and last in ".!?":
        return "\n"  # a sentence ended: the next unit's number is never read with the one before
    if last.isdigit() and first.isalpha():
        return " "
    if last.isalpha() and first.isdigit():
        word = before[len(before.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")):].lower()
        return "" if word in _TAKES_DIGIT else " "
    return ""


DECODER = StreamUnitsDecoder
