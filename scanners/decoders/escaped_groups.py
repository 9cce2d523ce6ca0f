"""A card number a person typed over two or more lines of one message, stored in a JSON string: the line breaks are
escaped (``"card:\\n6362 9737\\n7550 9174\\nthanks"``), so no line of the file holds the groups apart and no
separator joins them. A user pasting a card from a note, or typing it as a two-line display shows it, writes this
into a chat or a model's prompt.

Read only behind a card word (``shortpan.card_word_in``): the label's line (back to the string's start or the
escaped break before it) holds a card word and no digit, and the groups follow it on the same line or from the next
one; the groups run over one escaped break at least (``\\n`` or ``\\r\\n``), 2 to 6 digits each, joined by one or
two spaces on a line, 12 to 19 digits in all (a card number's length); the last group ends its line (an escaped
break, the string's end, or one ``.``, ``,`` or ``!`` before them), so a column of numbers or a list of ids under
a card word is not joined into one. The segment is the label and the groups, each escaped break written as spaces
of its width (``same_places``: a value is reported where it stands); the PAN detector then judges the number
(Luhn, IIN, grouping) as it judges one typed on one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH
from scanners.cards.shortpan import card_word_in
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, trigger_lines
from scanners.detectors.base import Decoded

_BREAK = r"(?:\\r)?\\n"
# a card word, a label without digits or quotes, then groups with an escaped break between two of them
TRIGGER = (
    r"(?i:card|pan|cc|credit|debit|visa|master|maestro|primary|tarjeta|cart|kart|kaart|kort)" + r'[^"0-9]{0,40}'
    r"[0-9]{2,6}[ 0-9]{0,24}" + _BREAK + r"[0-9]{2,6}"
)
_TRIGGER = re.compile(TRIGGER)
# the groups: a run led by a line's start (a string's, an escaped break's) or a space, over one break at least
_GROUPS = re.compile(
    r"(?:(?<![0-9A-Za-z\\])|(?<=\\n))(?P<run>[0-9]{2,6}(?:(?: {1,2}|" + _BREAK + r")[0-9]{2,6})+)"
    r"(?=[.,!]?(?:" + _BREAK + r'|\\?"|$))'
)
_ESCAPED_BREAK = re.compile(r"\\r|\\n")
# the label's line: after the last escaped break or an opening quote, no break or quote in it
_LINE_START = re.compile(r'(?:(?:\\r)?\\n|(?<!\\)")(?P<label>(?:[^"\\]|\\[^rn"])*)$')
_LABEL_REACH = 48


def _label_start(text: str, lo: int, at: int) -> int | None:
    """The start of the label's line ending at ``at`` (an escaped break just before ``at`` is its end), or None when
    that line holds no card word, holds a digit or is longer than ``_LABEL_REACH``."""
    end = at - 2 if text.startswith("\\n", at - 2) else at
    end -= 2 if text.startswith("\\r", end - 2) else 0
    m = _LINE_START.search(text, max(lo, end - _LABEL_REACH), end)
    if m is None:
        return None
    start = m.start("label")
    if any(c.isdigit() for c in m["label"]) or not card_word_in(text, start, end):
        return None
    return start


class EscapedGroupsDecoder(BoundedDecoder):
    id = "escaped_groups"
    priority = 32
    triggers = (TRIGGER,)
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        lo, hi, _, _ = line_bounds(text, pos, endpos)
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment):
            for m in _GROUPS.finditer(text, max(s, lo), min(e, hi)):
                run = m["run"]
                if "\\n" not in run or not MIN_LENGTH <= sum(c.isdigit() for c in run) <= MAX_LENGTH:
                    continue
                if (start := _label_start(text, max(s, lo), m.start())) is None:
                    continue
                segment = _ESCAPED_BREAK.sub("  ", text[start : m.end()])
                yield Decoded(start, m.end(), capped(segment, self.max_output), ("escaped_groups",), same_places=True)


DECODER = EscapedGroupsDecoder
