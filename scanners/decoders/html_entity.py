"""HTML character references: ``&#52;&#49;``, ``&#x34;``, ``4111&nbsp;1111``, ``&quot;4111…``, named entities;
full-width digits (``&#65300;&#65297;…``, read by ``unicode_digits`` once decoded).

A segment is a stretch of entities and non-markup text (single spaces or tabs allowed inside; ``<``, ``>``, line
breaks and stray ``&`` end it) that holds a trigger match: a digit written as an entity, an entity followed by
a digit, or a label whose letters are entities before a plain value (``C&oacute;digo de seguran&ccedil;a</td><td>436``:
the label reads as its text, as the detectors read it in plain markup). It is decoded with ``html.unescape``.
Stretches joined only by bare inline tags (``<br>``, ``</p><p>``, ``</td><td>``: no attributes) are one segment: a
mail's HTML part writes a card's fields as lines of one paragraph (``number: &#52;…<br>exp. 2&#56;…<br>CVV2: …``),
and the label or card beside a value is its context.

Limits: stretches longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible
from scanners.detectors.base import Decoded

# A digit written as an entity, or an entity that stands for a separator or key/value punctuation right before a
# digit (``4111&nbsp;1111``, ``cvv&#58;123``, a soft hyphen between digits: ``4&shy;1&shy;1``). Currency and letter
# entities (``&pound;100``) cannot hide digits.
_PUNCT = (
    r"#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|nbsp|ensp|emsp|thinsp|zwnj|zwj|shy|ndash|mdash|hyphen|minus|dash|colon|quot"
    r"|apos|lt|gt|amp|equals|period|sol|comma|num|lpar|rpar|lsqb|rsqb|lbrack|rbrack|NewLine|Tab"
)
# A letter written as an entity in a label before a plain value (``C&oacute;digo de seguran&ccedil;a</td><td>436``,
# ``Validit&agrave;: 06/28``, ``&#1089;&#1088;&#1086;&#1082;: 06/28``): an accented Latin letter by name, or any letter
# by number (ASCII letters, Latin-1's and the scripts above), then the rest of the label, its end (a colon, an equals
# sign or a tag: prose such as ``caf&eacute; 2024`` has none), bare tags, and a digit.
_LETTER = (
    r"[A-Za-z](?:acute|grave|circ|tilde|uml|cedil|ring|slash|caron)|szlig|[AaOo][Ee]lig|eth|thorn"
    r"|#(?:6[5-9]|[7-9][0-9]|1[01][0-9]|12[0-2]|19[2-9]|2[0-9]{2}|[3-9][0-9]{2}|[1-9][0-9]{3,4})"
    r"|#[xX](?:[4-7][0-9A-Fa-f]|[C-Fc-f][0-9A-Fa-f]|[1-9A-Fa-f][0-9A-Fa-f]{2,3})"
)
_TAG = r"</?[A-Za-z]{1,6}>"
LABEL_TRIGGER = rf"&(?:{_LETTER});[^<>\n0-9]{{0,24}}(?:[:=]|{_TAG})[ \t]{{0,2}}(?:{_TAG}[ \t]{{0,2}}){{0,2}}[0-9]"
TRIGGERS = (
    r"&#0{0,5}(?:4[89]|5[0-7])",
    r"&#[xX]0{0,5}3[0-9]",
    # a full-width digit (U+FF10-FF19), as PHP's ``mb_encode_numericentity`` writes a Japanese shop's form values
    r"&#(?:6529[6-9]|6530[0-5]);&#|&#[xX][fF][fF]1[0-9];&#",
    rf"&(?:{_PUNCT});[0-9]",
    r"&amp;#[xX0-9]",
    LABEL_TRIGGER,
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
_UNIT = rf"(?:{_ENTITY}|[^\s&<>]++)"
_REGION = re.compile(rf"{_UNIT}+(?:[ \t]+{_UNIT}+)*")
# Tags that only break a line or a cell between a card's fields (spaces after each: ``<b>CVV:</b> 123``); any
# attribute ends the join.
_JOIN = re.compile(
    r"(?:</?(?:br|p|div|span|td|th|tr|li|b|i|strong|em|font|pre)[ \t]*/?>[ \t]*)+", re.ASCII | re.IGNORECASE
)
REACH = 160  # characters of context kept either side of a trigger in a long region


class HtmlEntityDecoder(BoundedDecoder):
    id = "html_entity"
    priority = 30
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("&", line_start, line_end) < 0:  # every trigger match holds "&"
            return
        if _TRIGGER.search(text, line_start, line_end) is None:
            return
        for s, e in _joined(text, line_start, line_end):
            if e <= start or s >= end or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                continue
            for cut, we in _around_triggers(text, s, e):
                ws = _named_by_tag(text, cut, line_start) if cut == s else cut
                raw = text[ws:we]
                decoded = capped(html.unescape(raw), self.max_output)
                if decoded != raw and plausible(decoded, raw):
                    yield Decoded(ws, we, decoded, ("html_entity",))


def _joined(text: str, line_start: int, line_end: int) -> Iterator[tuple[int, int]]:
    """Each region of the line, with the ones after it that only bare inline tags separate from it (the tag names
    inside those tags are no regions of their own)."""
    run: tuple[int, int] | None = None
    joins_at = -1  # where a region must start to join the run: right after the bare tags that end it
    for m in _REGION.finditer(text, line_start, line_end):
        if run is not None:
            if m.start() == joins_at:
                run = (run[0], m.end())
                joins_at = _join_end(text, m.end(), line_end)
                continue
            if m.start() < joins_at:
                continue  # a tag name between two joined regions
            yield run
        run = m.span()
        joins_at = _join_end(text, m.end(), line_end)
    if run is not None:
        yield run


def _join_end(text: str, at: int, line_end: int) -> int:
    """Where the bare inline tags right at ``at`` end (-1 if none are there)."""
    gap = _JOIN.match(text, at, line_end)
    return -1 if gap is None else gap.end()


TAG_REACH = 120  # the longest opening tag read before an element's encoded content
# HTML's own elements name nothing about their content; any other element (an XML gateway's <cardCode>) does.
_HTML_TAGS = frozenset({
    "a", "b", "big", "body", "center", "code", "dd", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
    "h6", "html", "i", "label", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
})
_TAG_NAME = re.compile(r"[A-Za-z][\w:.-]*")


def _named_by_tag(text: str, s: int, line_start: int) -> int:
    """Where the segment starting at ``s`` begins: at the opening tags right before it that name the value, since
    an XML element's name (``<cardCode>&#x31;…``, ``<expiryDate><date month="&#x30;…"``) or an HTML tag's class,
    id, name or autocomplete attribute (``<span class="exp">&#x30;…``) may be all that names it (as a key does);
    the detectors read the tags as they read them in plain markup. A segment inside a tag's attributes starts at
    its ``<``; at most two tags are taken (the element and its parent)."""
    at = s - 1 if s > line_start and text[s - 1] == "<" else s
    for _ in range(2):
        if at == line_start or text[at - 1] != ">":
            break
        lt = text.rfind("<", max(line_start, at - TAG_REACH), at - 1)
        name = _TAG_NAME.match(text, lt + 1, at) if lt >= 0 else None
        if name is None or text.find(">", lt, at - 1) >= 0:
            break
        if "=" not in text[lt:at] and name.group().lower() in _HTML_TAGS:
            break
        at = lt
    return s if at >= s - 1 else at


def _around_triggers(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The region itself when short; else stretches of it around each trigger, cut at spaces, merged."""
    if e - s <= REACH * 2:
        return [(s, e)]
    out: list[tuple[int, int]] = []
    for t in _TRIGGER.finditer(text, s, e):
        ws, we = max(s, t.start() - REACH), min(e, t.end() + REACH)
        if ws > s:
            cut = text.find(" ", ws, t.start())
            ws = cut + 1 if cut >= 0 else ws
        if we < e:
            cut = text.rfind(" ", t.end(), we)
            we = cut if cut >= 0 else we
        if out and ws <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], we))
        else:
            out.append((ws, we))
    return out


DECODER = HtmlEntityDecoder
