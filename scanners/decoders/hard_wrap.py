"""Terminal text hard-wrapped at the screen's width, joined again: a card number the wrap cut is read whole.

A terminal shows a line wider than the screen on several rows, and text captured from the screen (tmux
``capture-pane`` without ``-J``, GNU screen's ``hardcopy``, a copy from a terminal window; ``fold -w`` writes the same)
keeps one line per row: every row of a long line but its last is exactly the width wide, and a number the break falls
in goes on at the start of the next row.

Joining needs evidence, as a file of fixed-width records (80-column card images, bank files) also ends its rows at a
width with digits on both sides: the row of the break is exactly a common terminal width (``WIDTHS``); the digits
before the break run to its end and those after it start the next row, 12 to 19 of them in all (a card number's
length: a longer run is no cut card number, so a number ending a row is never joined to the next row's ids); and the
rows around it (``REACH`` rows either side) read as a wrapped capture: none is wider, rows of exactly the width
outnumber those one to four columns narrower (a wrap piles rows up at the width, where text that merely keeps within
it thins out), and at least two of them end a wrapped line (a narrower row follows), which a file of records all of
one width never does.

The segment is the wrapped line around the break (up to ``BACK`` full rows before the break's row, the next row and
up to ``AHEAD`` more while each row before is full), joined, each value reported on the row where it starts
(``Decoded.line_starts``). It is read besides its rows, not in their place, so what a row says alone stands.

A timestamped log line (``aws logs tail``: ``<ISO time> <log stream> <message>``, a Lambda stream's name
``YYYY/MM/DD/[$LATEST]<hex>``) is its own evidence: each event starts a row with its time, so a row of exactly a
width followed by rows without a time is one event the copy wrapped, and its rows are joined whole (its first
``BACK + AHEAD + 2`` rows), whatever the break cut: a number grouped with spaces, an expiry's or a code's keyword.

Limits: only the widths in ``WIDTHS``; rows are counted in characters, so a capture keeping colours (escape
sequences) or wide characters is not read; a number grouped with spaces and cut at a space is not joined (a capture
drops a row's trailing spaces); a fixed-width record file whose blank fields are trimmed can look wrapped, and then
a number it joins must still pass every card check on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH
from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

# A digit run cut by a line break with half a card number's least length or more on one side (then one hit a break;
# the run's length and the row's width are judged in Python).
_HALF = MIN_LENGTH // 2
_EVENT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}(?:Z|[+-][0-9]{2}:[0-9]{2}) "
_LAMBDA_EVENT = _EVENT + r"[0-9]{4}/[0-9]{2}/[0-9]{2}/\["  # an event of a Lambda log stream, aws logs tail
TRIGGERS = (f"[0-9]{{{_HALF}}}\\r?\\n[0-9]", f"[0-9]\\r?\\n[0-9]{{{_HALF}}}", "^" + _LAMBDA_EVENT)
_EVENT_ROW = lazy_compile(_EVENT)
_LAMBDA_ROW = lazy_compile(_LAMBDA_EVENT)
WIDTHS = frozenset((80, 100, 120, 132))  # VT100/xterm defaults, the VT220's wide mode, common window widths
_WIDEST = max(WIDTHS)
REACH = 48  # rows either side of the break judged as a capture
NEAR = 4  # columns below the width whose rows a wrap must outnumber
ENDS = 2  # wrapped lines that end near the break
BACK = 3
AHEAD = 2
_DIGITS = frozenset("0123456789")


def _row_before(text: str, at: int) -> tuple[int, int] | None:
    """The row that ends at the line break just before ``at``: ``(start, end)``, the end before any ``\\r``; None at
    the text's start or when the row is wider than every width."""
    if at < 1 or text[at - 1] != "\n":
        return None
    e = at - 1
    if e and text[e - 1] == "\r":
        e -= 1
    s = text.rfind("\n", max(0, e - _WIDEST - 1), e) + 1
    return None if s == 0 and e > _WIDEST else (s, e)


def _run(text: str, at: int, step: int, stop: int) -> int:
    """How many digits run from ``at`` in direction ``step``, counting at most up to ``stop`` (exclusive)."""
    n = 0
    while at != stop and text[at] in _DIGITS:
        n += 1
        at += step
    return n


def _rows(text: str, s: int, width: int) -> list[int] | None:
    """The widths of the rows within ``REACH`` rows' span of characters around the row at ``s`` (the rows cut by the
    span's ends left out), or None when one is wider than ``width``."""
    reach = REACH * (width + 2)
    lo, hi = max(0, s - reach), min(len(text), s + reach)
    rows = [len(r.removesuffix("\r")) for r in text[lo:hi].split("\n")]
    rows = rows[(lo > 0) : len(rows) - (hi < len(text))]
    return None if max(rows, default=0) > width else rows


def wrapped_capture(text: str, s: int, width: int) -> bool:
    """True when the rows around the row at ``s`` read as text hard-wrapped at ``width`` (see the module's notes)."""
    rows = _rows(text, s, width)
    if rows is None:
        return False
    full = rows.count(width)
    near = sum(width - NEAR <= n < width for n in rows)
    ends = sum(a == width and 0 < b < width for a, b in pairwise(rows))
    return full > near and ends >= ENDS


class HardWrapDecoder(BoundedDecoder):
    id = "hard_wrap"
    priority = 20
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for ws, we in window_lines(text, pos, endpos):
            if (event := self._event(text, ws)) is not None:
                yield event
                continue
            if ws >= we or text[ws] not in _DIGITS or (row := _row_before(text, ws)) is None:
                continue
            s, e = row
            width = e - s
            if width not in WIDTHS:
                continue
            left, right = _run(text, e - 1, -1, s - 1), _run(text, ws, 1, min(we, ws + MAX_LENGTH + 1))
            if not left or not MIN_LENGTH <= left + right <= MAX_LENGTH or not wrapped_capture(text, s, width):
                continue
            if (seg := self._joined(text, s, width)) is not None:
                yield seg

    def _event(self, text: str, s: int) -> Decoded | None:
        """The rows of a timestamped event at ``s`` a copy wrapped, joined; None when it is no such event."""
        if (s and text[s - 1] != "\n") or _LAMBDA_ROW.match(text, s) is None:
            return None
        rows: list[tuple[int, int]] = []
        at, width = s, 0
        while at < len(text) and len(rows) < BACK + AHEAD + 2:
            e = text.find("\n", at, at + _WIDEST + 2)
            e = min(len(text), at + _WIDEST + 1) if e < 0 else e
            wide = e - at - (text[e - 1 : e] == "\r")
            if rows and (wide > width or _EVENT_ROW.match(text, at) is not None):
                break  # the next event, or a row wider than the wrap
            rows.append((at, e))
            width = width or wide
            if width not in WIDTHS or wide < width:
                break  # the event's rest, or a row narrower than every wrap
            at = e + 1
        if len(rows) < 2 or over_limit(rows[-1][1] - s, self.max_segment):
            return None
        parts = [text[a:b].removesuffix("\r") for a, b in rows]
        offsets = [sum(len(p) for p in parts[:k]) for k in range(len(parts))]
        return Decoded(s, rows[-1][1], capped("".join(parts), self.max_output), ("hard_wrap",),
                       line_starts=tuple(offsets))

    def _joined(self, text: str, s: int, width: int) -> Decoded | None:
        starts = [s]
        while len(starts) <= BACK and (prev := _row_before(text, starts[0])) is not None and prev[1] - prev[0] == width:
            starts.insert(0, prev[0])
        rows: list[tuple[int, int]] = []
        at = starts[0]
        while at < len(text) and (len(rows) < len(starts) + 1 + AHEAD):
            e = text.find("\n", at, at + width + 2)
            e = min(len(text), at + width + 1) if e < 0 else e
            rows.append((at, e))
            if at > s and e - at - (text[e - 1 : e] == "\r") != width:
                break  # a row narrower than the width ends the wrapped line
            at = e + 1
        if over_limit(rows[-1][1] - rows[0][0], self.max_segment):
            return None
        parts = [text[a:b].removesuffix("\r") for a, b in rows]
        offsets = [sum(len(p) for p in parts[:k]) for k in range(len(parts))]
        return Decoded(rows[0][0], rows[-1][1], capped("".join(parts), self.max_output), ("hard_wrap",),
                       line_starts=tuple(offsets))


DECODER = HardWrapDecoder
