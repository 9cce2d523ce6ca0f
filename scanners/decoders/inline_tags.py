"""Digit groups split across inline HTML elements: ``<span>4111</span><span>1111</span>…`` (an agent desktop's DOM
snapshot, a mailed receipt that styles each group), also ``<b>``, ``<i>``, ``<em>``, ``<strong>``, ``<font>``,
``<u>``, ``<a>`` with attributes, nested two deep, with blanks, an entity (``&nbsp;``) or a framework's empty comment
between the elements and digits written as entities inside them; also an element per digit, and text nodes a
server-rendering framework keeps apart with an empty comment and no element (React's ``4111<!-- -->1111``).

A segment runs from the first digit to the last of groups joined that way; its decoding drops the inline tags and
unescapes the entities, so ``4111</span> <span>1111`` reads ``4111 1111``. Only inline phrasing elements join: table
cells (``</td><td>``), list items, divs and paragraphs hold separate values (an id cell next to an amount cell) and
end a segment. One line break may stand between two elements (a template writing each group's element on a line of
its own); such a segment is read by any window touching it. The trigger needs a digit, a closing inline tag, an
opening one and another digit (or a digit, a short comment and a digit), so log lines never fire it.

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_TAGS = "span|b|i|em|strong|font|u|a"
# attributes: printable ASCII but ``<`` and ``>`` (a class of ASCII characters counts alike in both back ends)
_ATTRS = r"(?:[ \t][\x20-\x3b\x3d\x3f-\x7e]{0,60})?"
_OPEN = rf"<(?i:{_TAGS}){_ATTRS}>"
_CLOSE = rf"</(?i:{_TAGS})>"
# between two elements: blanks, a spacing entity, a framework's comment (Angular's ``<!---->``, Vue's ``<!--v-if-->``),
# and at most one line break (a template that writes each group's element on a line of its own)
_COMMENT = r"<!--[\x20-\x3b\x3d\x3f-\x7e]{0,40}-->"
_GAP = rf"(?:[ \t]|&[#0-9A-Za-z]{{2,7}};|{_COMMENT})*"
_BETWEEN = rf"{_GAP}(?:\r?\n{_GAP})?"
TRIGGERS = (
    rf"[0-9];?(?:{_CLOSE}){{1,2}}{_BETWEEN}{_OPEN}(?:{_OPEN})?(?:[0-9]|&#)",
    # text nodes a framework's server rendering keeps apart with an empty comment (React's ``4111<!-- -->1111``)
    rf"[0-9]{_COMMENT}[0-9]",
    # a group emphasised between bare ones: ``5403 <b>2794</b> 8516 <b>1170</b>``, ``3676 <b>808658</b> 5288``
    rf"[0-9]{{3,6}}[ \t]+{_OPEN}(?:{_OPEN})?[0-9]{{3,6}}(?:{_CLOSE}){{1,2}}[ \t]+[0-9]",
)
_TRIGGER = lazy_compile("|".join(TRIGGERS))
_DIGIT = r"(?:[0-9]|&#[0-9]{2,3};|&#[xX][0-9A-Fa-f]{2};)"
_RUN = rf"{_DIGIT}(?:(?:[ \t\-]|&nbsp;)*{_DIGIT})*"  # a group: digits, blanks and hyphens inside one element
# elements side by side, or a bare group between two (an element closes, or one opens, after blanks)
_JOINT = rf"(?:(?:{_CLOSE}){{1,2}}{_BETWEEN}(?:{_OPEN}(?:{_OPEN})?)?|[ \t]*{_OPEN}(?:{_OPEN})?|{_COMMENT})"
_REGION = lazy_compile(rf"{_RUN}(?:{_JOINT}{_RUN})+")
_TAG = lazy_compile(rf"{_OPEN}|{_CLOSE}|{_COMMENT}")
_BREAK = lazy_compile(r"[ \t]*\r?\n[ \t]*")
REACH = 1000  # characters read either side of the window's line for a segment over several lines


class InlineTagsDecoder(BoundedDecoder):
    id = "inline_tags"
    priority = 31
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        lo = text.rfind("\n", 0, max(0, line_start - REACH)) + 1 if line_start else 0
        hi = text.find("\n", min(len(text), line_end + REACH))
        hi = len(text) if hi < 0 else hi
        if text.find("</", lo, hi) < 0 and text.find("<!--", lo, hi) < 0:  # every segment holds one of them
            return
        for m in _REGION.finditer(text, lo, hi):
            s, e = m.span()
            raw = m.group()
            # a segment on one line is read by a window holding it; one over several lines by any window touching it
            inside = start <= s and e <= end if "\n" not in raw else s < end and start < e
            if not inside or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                continue
            decoded = _BREAK.sub(" ", _TAG.sub("", raw))
            decoded = capped(html.unescape(decoded) if "&" in decoded else decoded, self.max_output)
            if plausible(decoded, raw):
                yield Decoded(s, e, decoded, ("inline_tags",))

DECODER = InlineTagsDecoder
