"""A line as the terminal shows it, without its ANSI escape sequences: a test runner's diff, a CI log or a coloured
logger writes colour and inverse video (``ESC [ 7 m``) around or inside a number (Jest highlights the part of the
received value that differs: ``"ESC[7m4111…ESC[27m1111"``), so the raw line holds a number cut by a
sequence, or glued to its final letter (``ESC[1m4111``: the ``m`` reads as a word before the digits).

A segment is a line where a sequence is followed by a digit, or sits between two digit groups (one sequence or
several in a row, before or after the space or dash between the groups). The escape is the raw character or written
as a string escape (``\\u001b`` in JSON, ``\\x1b``, ``\\033``, ``\\e``). The decoded line drops colour, style and
erase-in-line sequences (``m``, ``K``: they leave the cursor where it is, so the text on either side is shown side by
side); any other sequence (a cursor move, a two-character escape) becomes a space, so text the terminal shows apart
is never joined.

Limits: a line longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import ANSI, CSI_BODY, BoundedDecoder, capped, line_bounds, over_limit, window_lines
from scanners.detectors.base import Decoded

_ESCAPED = r"\\(?:x1[bB]|u001[bB]|033|e)"  # the escape character written as a string escape
_SEQUENCE = re.compile(rf"{ANSI.pattern}|{_ESCAPED}{CSI_BODY}")
_INTRODUCED = rf"(?:\x1b|{_ESCAPED}){CSI_BODY}"
# a sequence glued to a digit, or between two digit groups
TRIGGERS = (rf"{_INTRODUCED}[0-9]", rf"[0-9][ -]?(?:{_INTRODUCED})+[ -][0-9]")
_TRIGGER = re.compile("|".join(TRIGGERS))
_IN_PLACE = frozenset("mK")  # final bytes of sequences that move no cursor


def _shown(m: re.Match[str]) -> str:
    seq = m.group()
    return "" if seq[-1] in _IN_PLACE and "[" in seq else " "


class AnsiEscapesDecoder(BoundedDecoder):
    id = "ansi"
    priority = 30
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for part, part_end in window_lines(text, pos, endpos):
            # read whole from any window touching the line: a window inside a long line sees all of it
            _, _, s, e = line_bounds(text, part, part_end)
            if _TRIGGER.search(text, s, e) is None or over_limit(e - s, self.max_segment):
                continue
            yield Decoded(s, e, capped(_SEQUENCE.sub(_shown, text[s:e]), self.max_output), ("ansi",))


DECODER = AnsiEscapesDecoder
