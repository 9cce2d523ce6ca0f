"""Log lines a container runtime or an Android logger split, joined again: a card number, track or keyword cut by
the split is read whole.

A container runtime writes a long log line as several records, one per line of the node's log file:
- CRI (containerd, CRI-O: the files the kubelet keeps under ``/var/log/pods``): ``<RFC 3339 time> <stream> P
  <piece>`` for each partial piece, then ``<time> <stream> F <piece>`` for the piece that ends the line;
- Docker's json-file driver: ``{"log": "<piece>", "stream": "stdout", "time": ...}``, a piece whose ``log`` does not
  end in ``\\n`` being partial (Docker cuts lines at 16 KB); the next record of the same stream goes on.
- a CRI record a shipper parsed and wrote as JSON (Fluent Bit's CRI parser: ``{"time", "stream", "_p", "log"}``,
  ``_p`` the runtime's ``P``/``F`` flag, the newline dropped from every ``log``): only a ``P`` record is partial;
- journald's stdout streams as ``journalctl -o json --all`` writes them (one JSON object a line, ``__CURSOR``,
  ``MESSAGE``): a line longer than ``LineMax=`` (48K by default) is cut into records, each one but the last marked
  ``_LINE_BREAK=line-max`` (systemd 240 and later; before it, a ``MESSAGE`` of exactly the default 48 KiB is the
  only sign); the stream is the unit's (``_BOOT_ID``, ``_SYSTEMD_UNIT`` or ``SYSLOG_IDENTIFIER``, ``_COMM``);
- Android's logcat (``adb logcat`` in its default ``threadtime`` form, ``MM-DD HH:MM:SS.mmm  PID  TID L TAG: msg``,
  or ``brief``, ``L/TAG( PID): msg``): OkHttp's Android logger (``HttpLoggingInterceptor``'s default) and Timber cut a
  message line longer than ``LOGCAT_CHUNK`` (4000) characters into consecutive messages of that length, the last one
  shorter; a message of exactly that length is partial and the next message of the same process, thread, level and
  tag goes on. A whole message of exactly that length looks the same, so these pieces are soft (``Joined.soft``):
  what such a piece says alone stays unless the joined line finds a value of its type there.
The log line is the pieces of one stream joined in order; the other stream's records (another thread's messages)
may come in between (they are passed over). A segment runs from the first piece's line to the last one's; each of
its lines starts a known place of the joined text (``Decoded.line_starts``), so a value is reported on the line where
it starts: a number cut by the split on the first piece's line. The joined line is read in place of its pieces
(``Joined.pieces``: what a piece says alone, the end of a masked number read as a bare expiry, is dropped;
``scanners.engine.pieces``).

Only a first piece's line holds a segment (a later piece's line is inside its first piece's segment; an unsplit
record, ``F`` or ending in ``\\n``, wakes no trigger; every journald record and logcat line does, its length judged
here). Limits: at most ``MAX_PIECES`` pieces and ``max_segment`` characters are joined; a line split further is read
that far and noted as cut (``scanners.engine.limits``); a record line longer than ``PIECE_LINE`` is no piece.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import NamedTuple

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import OUTPUT, note_limit
from scanners.engine.pieces import Joined
from scanners.lazy_re import lazy_compile

LOGCAT_CHUNK = 4000  # OkHttp's and Timber's MAX_LOG_LENGTH (Android's own logger truncates at 4068 bytes instead)
TRIGGERS = (
    # a CRI partial piece: "P" after the time's zone and the stream
    r"[0-9](?:Z|[+-][0-9]{2}:?[0-9]{2}) (?:stdout|stderr) P ",
    # a json-file record whose "log" string ends in anything but an escaped newline (one token at a time, so an
    # escaped quote never ends it and an escaped backslash before an "n" is no newline)
    r'"log"[ \t]*:[ \t]*"(?:[^"\\\n]|\\[^\n])*(?:[^"\\\n]|\\[^n\n])"',
    # a journald record: its length (or its "_LINE_BREAK") is judged in Python
    r'^\{"__CURSOR"',
    # a logcat line's header (threadtime's time, pid, tid and level; brief's level/tag(pid)): whether its message is
    # one of exactly LOGCAT_CHUNK characters is asked of the line (a trigger counting that many characters costs the
    # whole pass ~2 % more on logs with no logcat line at all)
    r"[0-9]:[0-9]{2}\.[0-9]{3,9} +[0-9]+ +[0-9]+ [VDIWEFA] ",
    r"[VDIWEFA]/[^\n(]{1,24}\( *[0-9]{1,7}\): ",
)
_CRI = lazy_compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2}) (stdout|stderr) ([PF]) ")
_THREADTIME = lazy_compile(
    r"(?:[0-9]{4}-)?[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3,9} +([0-9]+) +([0-9]+) ([VDIWEFA]) (.*?) *: ")
_BRIEF = lazy_compile(r"([VDIWEFA])/(.*?) *\( *([0-9]+)\): ")
MAX_PIECES = 64  # 1 MB of 16 KB pieces: the runtimes' default split size
# The longest record line read as a piece: a 16 KB piece with every character JSON-escaped (Docker writes "<" as
# "\u003c") and the record around it. Looking no further back or ahead for a line's ends keeps a huge line of
# "log" look-alikes (a trigger hit every few KB) linear.
PIECE_LINE = 1 << 17
_LOGCAT = frozenset({"threadtime", "brief"})
_SKIP = 16  # the other stream's records passed over in a row
LINE_MAX = 48 * 1024  # journald's default LineMax=: a record cut there has a MESSAGE of exactly this many bytes


class Piece(NamedTuple):
    form: str  # "cri", "cri-json", "docker", "journald", "threadtime" or "brief"
    stream: str
    partial: bool
    text: str


def piece(text: str, s: int, e: int) -> Piece | None:
    """The record on the line ``text[s:e]``, or None when it is no CRI or json-file record."""
    if (m := _CRI.match(text, s, e)) is not None:
        return Piece("cri", m[1], m[2] == "P", text[m.end() : e].rstrip("\r"))
    if text.startswith("{", s) and text.find('"stream"', s, e) >= 0:
        try:
            record = json.loads(text[s:e])
        except ValueError:
            return None
        if isinstance(record, dict) and isinstance(log := record.get("log"), str) and isinstance(
                stream := record.get("stream"), str):
            if (flag := record.get("_p")) in ("P", "F"):  # the runtime's flag kept: no "log" ends in a newline
                return Piece("cri-json", stream, flag == "P", log)
            return Piece("docker", stream, not log.endswith("\n"), log.removesuffix("\n"))
    if text.startswith('{"__CURSOR"', s):
        return _journald(text[s:e])
    if (m := _THREADTIME.match(text, s, e)) is not None:  # the stream: one thread's messages of one level and tag
        return _logcat("threadtime", f"{m[1]} {m[2]} {m[3]} {m[4]}", text[m.end() : e])
    if (m := _BRIEF.match(text, s, e)) is not None:
        return _logcat("brief", f"{m[3]} {m[1]} {m[2]}", text[m.end() : e])
    return None


def _journald(line: str) -> Piece | None:
    """A ``journalctl -o json`` record: partial when journald cut its line at ``LineMax=``."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(message := record.get("MESSAGE"), str):
        return None
    cut = record.get("_LINE_BREAK")
    partial = cut == "line-max" or (cut is None and len(line) >= LINE_MAX and len(message.encode()) == LINE_MAX)
    unit = record.get("_SYSTEMD_UNIT") or record.get("SYSLOG_IDENTIFIER")
    return Piece("journald", f"{record.get('_BOOT_ID')}|{unit}|{record.get('_COMM')}", partial, message)


def _logcat(form: str, stream: str, message: str) -> Piece:
    message = message.removesuffix("\r")
    return Piece(form, stream, len(message) == LOGCAT_CHUNK, message)


def _line_at(text: str, s: int) -> tuple[int, int]:
    """The line starting at ``s``: ``(s, its end)``; the end is past ``PIECE_LINE`` in a longer line (no piece)."""
    e = text.find("\n", s, s + PIECE_LINE + 1)
    return s, min(len(text), s + PIECE_LINE + 1) if e < 0 else e


def _line_start(text: str, at: int) -> int:
    """Where the line holding ``at`` starts, or -1 when it starts more than ``PIECE_LINE`` before (no piece)."""
    s = text.rfind("\n", max(0, at - PIECE_LINE - 1), at) + 1
    return s if s or at <= PIECE_LINE else -1


class PartialLinesDecoder(BoundedDecoder):
    id = "partial_lines"
    priority = 20
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for ws, _ in window_lines(text, pos, endpos):
            if (s := _line_start(text, ws)) < 0:  # the window may cut the line: read it whole
                continue
            s, e = _line_at(text, s)
            if e - s > PIECE_LINE or over_limit(e - s, self.max_segment):
                continue  # longer than a piece: a whole line
            first = piece(text, s, e)
            if first is not None and first.partial and not self._continues(text, s, first):
                yield self._joined(text, s, e, first)

    @staticmethod
    def _continues(text: str, s: int, first: Piece) -> bool:
        """True when a partial piece of the same stream comes before the line at ``s`` (then it is no first one)."""
        for _ in range(_SKIP + 1):
            if s == 0:
                return False
            e = s - 1
            s = _line_start(text, e)
            before = None if s < 0 else piece(text, s, e)
            if before is None or before.form != first.form:
                return False
            if before.stream == first.stream:
                return before.partial
        return False

    def _joined(self, text: str, s: int, e: int, first: Piece) -> Joined:
        pieces, starts, size, last, skipped = [first.text], [0], len(first.text), e, 0
        lines = [(s, e)]  # the pieces' lines (not the other stream's): the joined line is read in their place
        at = e + 1
        while at < len(text) and skipped <= _SKIP:
            if len(pieces) == MAX_PIECES or last - s > self.max_segment:
                note_limit(OUTPUT)  # a line split further: what follows is not joined
                break
            ls, le = _line_at(text, at)
            nxt = piece(text, ls, le) if le - ls <= PIECE_LINE else None
            if nxt is None or nxt.form != first.form:
                break  # the line is cut off (the file or record ends, or was rotated)
            starts.append(size)
            at = le + 1
            if nxt.stream != first.stream:
                skipped += 1
                continue
            last, skipped = le, 0
            lines.append((ls, le))
            pieces.append(nxt.text)
            size += len(nxt.text)
            if not nxt.partial:
                break
        starts = starts[: text.count("\n", s, last) + 1]  # the other stream's records after the last piece: not in it
        return Joined(s, last, capped("".join(pieces), self.max_output), ("partial_lines",), line_starts=tuple(starts),
                      pieces=tuple(lines), soft=tuple(lines) if first.form in _LOGCAT else ())


DECODER = PartialLinesDecoder
