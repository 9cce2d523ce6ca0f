"""A Slack message's ``rich_text`` block read as its text: the export stores what was typed as a
``rich_text_section`` whose ``elements`` are runs of text, a new element wherever the style changes
(``{"type": "text", "text": "4111 "}``, ``{"type": "text", "text": "1111 ", "style": {"bold": true}}``), so a
number typed with every other group bold sits in several elements, on several lines of a pretty-printed export.
The section's ``text`` values joined in order are the line the reader sees (``4111 1111 1111 1111``).

The trigger is an element whose text is a digit group or a few (3 to 6 digits each, a blank before or after them
or not: ``{"type": "text", "text": "4514 1676", "style": {"bold": true}}`` then ``" 1234 3207"``); the segment runs
from the first text value of its ``elements`` array to the last, and is read besides the elements; a value is
reported on the line of the element it starts in.

Limits: the array is looked for ``REACH`` characters either side of the hit; one holding a ``]`` inside a text value
ends there; a segment longer than ``max_segment`` characters is not decoded; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.decoders._turns import line_starts
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'"text":[ \t]*" ?[0-9]{3,6}(?: [0-9]{3,6}){0,3} ?"',)
_TRIGGER = lazy_compile(TRIGGERS[0])
_ARRAY = '"elements":'
_TEXT = lazy_compile(r'"text":[ \t]*"((?:[^"\\\r\n]|\\.)*)"')
REACH = 4000


class RichTextRunsDecoder(BoundedDecoder):
    id = "rich_text_runs"
    priority = 34
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        done = -1
        for hit in _TRIGGER.finditer(text, start, end):
            if hit.start() < done:
                continue  # in the array already read
            opening = text.rfind(_ARRAY, max(0, hit.start() - REACH), hit.start())
            close = text.find("]", hit.end(), hit.end() + REACH)
            if opening < 0 or close < 0 or text.find("[", opening + len(_ARRAY), hit.start()) < 0:
                continue
            if "]" in text[opening:hit.start()] or over_limit(close - opening, self.max_segment):
                continue  # the nearest array closed before the hit: the hit is in no elements array
            done = close
            values = list(_TEXT.finditer(text, opening, close))
            if len(values) < 2:
                continue
            try:
                pieces = [json.loads(f'"{v.group(1)}"') for v in values]
            except ValueError:
                continue
            marks, size = [], 0  # each piece's place in the source and in the decoded text
            for v, piece in zip(values, pieces, strict=True):
                marks.append((v.start(1), size))
                size += len(piece)
            s, e = values[0].start(1), values[-1].end(1)
            if "\n" not in text[s:e] and not start <= s <= e <= end:
                continue  # an array on one line is read by a window holding it; one over lines by any touching it
            yield Decoded(s, e, capped("".join(pieces), self.max_output), ("rich_text_runs",),
                          line_starts=line_starts(text, s, e, marks, size))


DECODER = RichTextRunsDecoder
