"""HTML character references: ``&#52;&#49;``, ``&#x34;``, ``4111&nbsp;1111``, ``&quot;4111…``, named entities.

A segment is a stretch of entities and non-markup text (single spaces or tabs allowed inside; ``<``, ``>``, line
breaks and stray ``&`` end it) that holds a trigger match: a digit written as an entity, or an entity followed by
a digit. It is decoded with ``html.unescape``.

Limits: stretches longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, line_bounds, plausible
from scanners.detectors.base import Decoded

TRIGGERS = (
    r"&#0{0,5}(?:4[89]|5[0-7])",
    r"&#[xX]0{0,5}3[0-9]",
    r"&#?[A-Za-z0-9]{2,32};[0-9]",
    r"&amp;#[xX0-9]",
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
_UNIT = rf"(?:{_ENTITY}|[^\s&<>]++)"
_REGION = re.compile(rf"{_UNIT}+(?:[ \t]+{_UNIT}+)*")


class HtmlEntityDecoder(BoundedDecoder):
    id = "html_entity"
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("&", line_start, line_end) < 0:  # every trigger match holds "&"
            return
        if _TRIGGER.search(text, line_start, line_end) is None:
            return
        for m in _REGION.finditer(text, line_start, line_end):
            s, e = m.span()
            if s < start or e > end or e - s > self.max_segment or not _TRIGGER.search(text, s, e):
                continue
            decoded = html.unescape(m.group())[: self.max_output]
            if decoded != m.group() and plausible(decoded, m.group()):
                yield Decoded(s, e, decoded, ("html_entity",))
