"""Prose wrapped at a word boundary, joined again where the wrap fell inside a grouped card number: a letter as
``pdftotext -layout`` writes it, a mail or a note wrapped at a column, keeps one line per printed line, so "Pueden
cobrar en mi tarjeta 5526 3635" and "4926 8692." are two lines and neither holds the whole number.

The break joins two lines when the first ends in digit groups after words (a sentence, not a table's or a CSV's row:
one space before each group, a letter word before the groups) and the next starts, after the same indentation, with
digit groups followed by a space, a full stop, a comma or the line's end; the groups on both sides hold 12 to 19
digits in all (a card number's length), 2 to 6 digits each. A wrapper that keeps the blank it broke at on the next
line (``... 0618 3258`` / `` 3378 but``) indents that line by one more blank. A wrap at a column can cut a group
itself (``... 9983 84`` / ``06 9517 994``): short pieces (one under 4 digits, 4 to 6 together) with no blank at the
break are joined with none, a group again. A quoted reply's prefix (``> `` on every line of the
quoted mail) is indentation too, the same depth on both lines. The segment is the two lines joined by one space (the
next line's indentation dropped), each value reported on the line where it starts (``Decoded.line_starts``); it is
read besides its lines, not in their place, so what a line says alone stands.

Limits: a number cut twice (over three lines) and spelled-out digits are not joined;
a line longer than ``max_segment`` is not read (noted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH
from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded

# Groups after a word at a line's end, then a group at the next line's start (its indentation before it) and no digit
# after its dot: the next line of an access log starts with its client's address ("... queue depth 1526" / "10.0.2...");
# a quoted reply's prefix (``> ``, ``> > ``, ``>> ``) is both lines' indentation: a mail client quotes every line
_PREFIX = r"(?:[ \t]*>)*[ \t]*"
TRIGGER = (r"[A-Za-z]{2}[.:,]?(?: [0-9]{2,6}){0,3} [0-9]{1,6}[ \t]*\r?\n" + _PREFIX
           + r"[0-9]{1,6}(?:[ ,]|\.(?:[^0-9]|\r?$)|\r?$)")
_BEFORE = re.compile(r"(?<![^ \t])[A-Za-z\u00c0-\u024f]{2,}[.:,]?((?: [0-9]{2,6})* [0-9]{1,6})[ \t]*\r?$")
_AFTER = re.compile(_PREFIX + r"([0-9]{1,6}(?: [0-9]{2,6})*)(?=[ ,]|\.(?![0-9])|\r?$)")
_INDENT = re.compile(_PREFIX)
_LEADS = frozenset("0123456789>")  # what a continuation line starts with when no blank leads it


class WrappedGroupsDecoder(BoundedDecoder):
    id = "wrapped_groups"
    priority = 20
    triggers = (TRIGGER,)
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for ns, ne in window_lines(text, pos, endpos):  # each line read as the continuation of the one before it
            if ns < 2 or text[ns - 1] != "\n" or not (text[ns : ns + 1].isspace() or text[ns : ns + 1] in _LEADS):
                continue
            le = ns - 1
            ls = text.rfind("\n", 0, le) + 1
            before, after = _BEFORE.search(text, ls, le), _AFTER.match(text, ns, ne)
            if before is None or after is None:
                continue
            digits = len(before[1].replace(" ", "")) + len(after[1].replace(" ", ""))
            indent = _INDENT.match(text, ls)
            first = text[ls:le].rstrip("\r \t")
            blank = len(first) < len(text[ls:le].rstrip("\r"))  # the break kept its blank at the first line's end
            shift = after.start(1) - ns - (indent.end() - ls if indent is not None else 0)
            if not MIN_LENGTH <= digits <= MAX_LENGTH or indent is None or shift not in (0, int(not blank)):
                continue  # no card's length, or the next line is no continuation of this one (another indentation)
            if text.count(">", ls, indent.end()) != text.count(">", ns, after.start(1)):
                continue  # another quote depth: another mail's line
            if over_limit(ne - ls, self.max_segment):
                continue
            tail, head = before[1].rsplit(" ", 1)[1], after[1].split(" ", 1)[0]
            glue = "" if not blank and not shift and _cut_group(len(tail), len(head)) else " "
            if glue and min(len(tail), len(head)) < 2:
                continue  # a lone digit ending or starting a line is no group of a number
            joined = f"{first}{glue}{text[after.start(1) : ne].rstrip(chr(13))}"
            yield Decoded(ls, ne, capped(joined, self.max_output), ("wrapped_groups",),
                          line_starts=(0, len(first) + len(glue)))


def _cut_group(tail: int, head: int) -> bool:
    """Whether the digits ending one line and starting the next are one group the wrap cut (``84`` / ``06``): short
    pieces (one under 4 digits) that make a group of a card's grouping (4 to 6 digits) together."""
    return min(tail, head) < 4 and 4 <= tail + head <= 6


DECODER = WrappedGroupsDecoder
