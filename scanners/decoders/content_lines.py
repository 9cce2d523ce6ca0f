"""iCalendar and vCard content lines unfolded and unescaped: a card number, track or keyword cut by a fold is read
whole.

RFC 5545 §3.1 (iCalendar, ``.ics``; vCalendar ``.vcs`` writes the same) and RFC 6350 §3.2 (vCard, ``.vcf``; 3.0 in
RFC 2426 alike) fold a content line longer than 75 octets: a CRLF followed by one space or tab, which the reader
removes with the break. The fold falls anywhere, inside a word, a number or a multi-byte UTF-8 character (Outlook,
Google and Apple write a ``DESCRIPTION`` or ``NOTE`` so). TEXT values escape ``\\n`` (a newline), ``\\,``, ``\\;`` and
``\\\\``. A folded content line is read as one line (the ``BEGIN:VCALENDAR``/``BEGIN:VCARD`` shape in any text: a
file, a mail attachment, an archive member), with its escapes undone, in place of its physical lines (``Joined``:
what a piece says alone, the start of a cut number read as a short one, is dropped; ``scanners.engine.pieces``); each
value is reported on the physical line where it starts (``Decoded.line_starts``).

A decoder rather than a format: the same shape comes inside mail (a base64 ``text/calendar`` part), archives and
exports, which a decoder reads at any depth; a format would read only files named or sniffed as calendars.

The trigger is a property line (an upper-case name, optional parameters, ``:``) followed by a line starting with a
space or tab; a segment is produced only inside a calendar or card: the nearest ``BEGIN:V…``/``END:V…`` line before
it is a ``BEGIN`` or the end of an inner component (a YAML key with an indented block is no content line). Limits: a
logical line of at most ``MAX_PIECES`` physical lines and ``max_segment`` characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import OUTPUT, note_limit
from scanners.engine.pieces import Joined
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"^[A-Z][A-Z0-9-]*[;:][^\n]*\n[ \t]",)
_PROPERTY = lazy_compile(r"[A-Z][A-Z0-9-]*[;:]")  # as the trigger reads it
_MARKS = lazy_compile(r"^(BEGIN|END):(V[A-Z]+)\r?$", re.MULTILINE)
_OUTER = ("VCALENDAR", "VCARD")
_ESCAPE = lazy_compile(r"\\[nN,;\\]")
_UNESCAPED = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}
MAX_PIECES = 200


class ContentLinesDecoder(BoundedDecoder):
    id = "content_lines"
    priority = 20
    triggers = TRIGGERS
    margin = None

    def __init__(self, **limits: int) -> None:
        super().__init__(**limits)
        self._marks: tuple[str, list[int], list[bool]] = ("", [], [])  # the last text's BEGIN/END lines

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        done = -1
        for ws, _ in window_lines(text, pos, endpos):
            if text[ws : ws + 1] not in (" ", "\t"):
                continue
            s = self._first_line(text, ws)
            if s < 0 or s <= done or not _PROPERTY.match(text, s) or not self._inside(text, s):
                continue
            done = s
            if (seg := self._joined(text, s)) is not None:
                yield seg

    def _first_line(self, text: str, at: int) -> int:
        """The start of the content line the continuation line at ``at`` belongs to, or -1 (none, or too far
        back)."""
        s = at
        for _ in range(MAX_PIECES):
            if s == 0:
                return -1
            s = text.rfind("\n", max(0, at - self.max_segment), s - 1) + 1
            if s == 0 and over_limit(at, self.max_segment):
                return -1
            if text[s : s + 1] not in (" ", "\t"):
                return s
        return -1

    def _inside(self, text: str, s: int) -> bool:
        """True when the line at ``s`` lies in a calendar or card: the nearest BEGIN/END line before it opens a
        component or closes an inner one."""
        if self._marks[0] is not text:
            found = list(_MARKS.finditer(text))
            self._marks = (text, [m.start() for m in found], [m[1] == "BEGIN" or m[2] not in _OUTER for m in found])
        _, starts, inside = self._marks
        k = bisect_right(starts, s) - 1
        return k >= 0 and inside[k]

    def _joined(self, text: str, s: int) -> Joined | None:
        lines: list[tuple[int, int]] = []
        parts: list[str] = []
        starts: list[int] = []
        size, at = 0, s
        while at < len(text) and (not lines or text[at : at + 1] in (" ", "\t")):
            if len(lines) == MAX_PIECES or at - s > self.max_segment:
                note_limit(OUTPUT)
                break
            e = text.find("\n", at)
            e = len(text) if e < 0 else e
            part = text[at + (1 if lines else 0) : e].removesuffix("\r")
            lines.append((at, e))
            starts.append(size)
            parts.append(part)
            size += len(part)
            at = e + 1
        if len(lines) < 2:
            return None
        joined, starts = _utf8_again("".join(parts), starts)
        joined, starts = _unescaped(joined, starts)
        return Joined(s, lines[-1][1], capped(joined, self.max_output), ("content_lines",), line_starts=tuple(starts),
                      pieces=tuple(lines))


def _utf8_again(joined: str, starts: list[int]) -> tuple[str, list[int]]:
    """A UTF-8 character the fold cut makes the file no UTF-8, read as Windows-1252 or Latin-1: the joined line's
    bytes read as UTF-8 again, when they are UTF-8 (the starts moved to match)."""
    if joined.isascii():
        return joined, starts
    for codec in ("cp1252", "latin-1"):
        try:
            raw = joined.encode(codec)
            again = raw.decode("utf-8")
        except UnicodeError:
            continue
        cuts = [len(joined[:k].encode(codec)) for k in starts]
        return again, [len(raw[:c].decode("utf-8", "ignore")) for c in cuts]
    return joined, starts


def _unescaped(joined: str, starts: list[int]) -> tuple[str, list[int]]:
    """TEXT escapes undone (``\\n`` a newline, ``\\,`` ``\\;`` ``\\\\`` the character), the starts moved to match."""
    escapes = [m.start() for m in _ESCAPE.finditer(joined)]
    if not escapes:
        return joined, starts
    out = _ESCAPE.sub(lambda m: _UNESCAPED[m[0][1]], joined)
    return out, [k - bisect_right(escapes, k - 1) for k in starts]


DECODER = ContentLinesDecoder
