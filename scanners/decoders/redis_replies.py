"""A Redis reply as ``redis-cli`` prints it, its field/value pairs read as ``key: value`` on the value's line.

``HGETALL``, ``XRANGE``/``XREAD`` entries, ``CONFIG GET`` and the like answer with a flat list of fields and values,
which ``redis-cli`` prints one numbered item a line (``11) "cvv"`` then ``12) "939"``; an entry's list nested under
its id: ``1) 1) "1700000000000-0"`` / ``   2) 1) "pan"`` / ``      2) "4111…"``). The key and its value are on
separate lines, so no ``key: value`` rule sees the pair.

A run is a series of pairs on consecutive lines: an item with an odd number whose text is a field name
(``"[A-Za-z_][A-Za-z0-9_.:-]*"``), the item numbered one more on the next line, the next pair numbered on from it.
The numbering is the innermost ``n)`` of the line, however it is indented or padded. The run is one segment, decoded
line for line: each field's line as written, each value's line with the field's name before the value
(``      12) cvv: "939"``), so a value is reported on its own line and the entry's fields are read together. A
numbered list of amounts, ids or JSON documents (``LRANGE``) has no field names and stays as it is.

Limits: ``_MAX_PAIRS`` pairs a run (the rest is not read), lines up to ``LINE_REACH`` characters, a run up to
``max_segment`` characters (a longer one is noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import LINE_REACH, BoundedDecoder, capped, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'[0-9]\) "[A-Za-z_]',)
_ITEM = lazy_compile(r'[ \t]*(?:[0-9]{1,9}\)[ \t]+)*?(?P<n>[0-9]{1,9})\) (?P<v>"(?:[^"\\\r\n]|\\.)*")[ \t]*\r?')
_FIELD = lazy_compile(r'"[A-Za-z_][A-Za-z0-9_.:\-]{0,63}"')
_MAX_PAIRS = 1024


def _item(text: str, s: int, e: int) -> re.Match[str] | None:
    return _ITEM.fullmatch(text, s, e)


def _next_line(text: str, e: int) -> tuple[int, int] | None:
    """The line after the one ending at ``e`` (its newline), or None at the text's end."""
    if e >= len(text):
        return None
    stop = text.find("\n", e + 1)
    return e + 1, len(text) if stop < 0 else stop


def _prev_line(text: str, s: int) -> tuple[int, int] | None:
    """The line before the one starting at ``s``, or None at the text's start."""
    return None if s == 0 else (text.rfind("\n", 0, s - 1) + 1, s - 1)


def _numbered(text: str, line: tuple[int, int] | None, n: int, *, field: bool = False) -> re.Match[str] | None:
    """``line``'s item when it is numbered ``n`` (and its text a field name, with ``field``), or None; a line longer
    than ``LINE_REACH`` is no item."""
    m = _item(text, *line) if line is not None and line[1] - line[0] <= LINE_REACH else None
    if m is None or int(m["n"]) != n or (field and _FIELD.fullmatch(m["v"]) is None):
        return None
    return m


class RedisRepliesDecoder(BoundedDecoder):
    id = "redis_replies"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            m = _item(text, s, e)
            if m is None or int(m["n"]) % 2 == 0 or _FIELD.fullmatch(m["v"]) is None:
                continue
            n = int(m["n"])
            before = _prev_line(text, s)
            if n > 2 and _numbered(text, before, n - 1) and before is not None and _numbered(
                    text, _prev_line(text, before[0]), n - 2, field=True):
                continue  # a pair of a run that starts above: the run's first field reads it
            if (got := self._run(text, s, e, n)) is not None:
                yield got

    def _run(self, text: str, s: int, e: int, n: int) -> Decoded | None:
        out: list[str] = []
        line: tuple[int, int] | None = (s, e)
        end = e
        for _ in range(_MAX_PAIRS):
            key = _numbered(text, line, n, field=True)
            value_line = _next_line(text, line[1]) if line is not None else None
            value = _numbered(text, value_line, n + 1)
            if key is None or value is None or value_line is None or line is None:
                break
            v = value.start("v")
            out += [text[line[0] : line[1]], f"{text[value_line[0] : v]}{key['v'][1:-1]}: {text[v : value_line[1]]}"]
            end, n, line = value_line[1], n + 2, _next_line(text, value_line[1])
        if not out:
            return None
        if end - s > self.max_segment:
            note_limit(SEGMENT)  # not read: the item is not reported clean
            return None
        return Decoded(s, end, capped("\n".join(out), self.max_output), ("redis_replies",), lines=True)


DECODER = RedisRepliesDecoder
