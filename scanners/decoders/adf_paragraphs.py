"""A paragraph of an Atlassian Document Format document (Jira Cloud comments and text fields, Confluence pages) read
as its text: a paragraph's ``content`` is a list of inline nodes, a text node for each run of one style
(``{"type": "text", "text": "4111 1111 "}``, ``{"type": "text", "text": "1111 1111", "marks": [{"type":
"strong"}]}``), so a number of which part was made bold, italic or code sits in two text nodes, apart in the JSON
where no detector reads it as one number. The nodes' texts joined in order are the line the reader sees; a
``hardBreak`` node is a new line, another inline node (mention, emoji, date) its ``attrs.text`` or a blank.

The trigger is a text node that follows another node (``}, {"type": "text", "text":``); the paragraph around it
(``{"type": "paragraph", "content": [...]}``, a ``heading`` too) is read when it holds two text nodes or more and a
digit after its first one. A value is reported on the line of the text node it starts in.

Limits: the paragraph's ``"type"`` member is looked for before its ``content`` (as Atlassian writes it, an
``attrs`` object between them allowed), within ``REACH`` characters before the hit; a paragraph that is not valid
JSON or is longer than ``max_segment`` characters is not decoded; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.decoders._turns import line_starts
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_S = r"[ \t\r\n]*"
_TEXT_NODE = r"\{" + _S + r'"type"' + _S + ":" + _S + r'"text"' + _S + "," + _S + r'"text"' + _S + ":"
TRIGGERS = (r"\}" + _S + "," + _S + _TEXT_NODE,)
_TRIGGER = lazy_compile(TRIGGERS[0])
_NODE = lazy_compile(_TEXT_NODE)
_OPENING = lazy_compile(r'"type"' + _S + ":" + _S + r'"(?:paragraph|heading)"' + _S + "," + _S
                        + r'(?:"attrs"' + _S + ":" + _S + r"\{[^{}]*\}" + _S + "," + _S + ")?"
                        + r'"content"' + _S + ":" + _S + r"\[")
_DIGITS = frozenset("0123456789")
REACH = 4000
_JSON = json.JSONDecoder()


def _pieces(nodes: object) -> list[tuple[str, bool]] | None:
    """(text, is a text node) of each inline node, or None for content that is no list of nodes."""
    if not isinstance(nodes, list):
        return None
    pieces: list[tuple[str, bool]] = []
    for node in nodes:
        if not isinstance(node, dict):
            return None
        if node.get("type") == "text" and isinstance(node.get("text"), str):
            pieces.append((node["text"], True))
        elif node.get("type") == "hardBreak":
            pieces.append(("\n", False))
        else:
            attrs = node.get("attrs")
            said = attrs.get("text") if isinstance(attrs, dict) else None
            pieces.append((said if isinstance(said, str) else " ", False))
    return pieces


class AdfParagraphsDecoder(BoundedDecoder):
    id = "adf_paragraphs"
    priority = 34
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        done = -1
        for hit in _TRIGGER.finditer(text, max(0, start - REACH), end):
            if hit.end() <= start or hit.start() < done:
                continue  # read with the line the hit ends on, or in the paragraph already read
            # the nearest paragraph before the hit
            opening = max(_OPENING.finditer(text, max(0, hit.start() - REACH), hit.start()),
                          key=lambda m: m.start(), default=None)
            if opening is None:
                continue
            s = opening.end() - 1
            try:
                nodes, e = _JSON.raw_decode(text, s)
            except ValueError:
                continue
            if e <= hit.start() or over_limit(e - s, self.max_segment):
                continue  # the paragraph closed before the hit: the hit is in no paragraph's content
            done = e
            pieces = _pieces(nodes)
            if pieces is None or sum(is_text for _, is_text in pieces) < 2:
                continue
            first = next(i for i, (_, is_text) in enumerate(pieces) if is_text)
            if not any(_DIGITS.intersection(p) for p, is_text in pieces[first + 1 :] if is_text):
                continue
            if "\n" not in text[s:e] and not start <= s <= e <= end:
                continue  # a paragraph on one line is read by a window holding it; one over lines by any touching it
            decoded = "".join(p for p, _ in pieces)
            places = [m.end() for m in _NODE.finditer(text, s, e)]  # at each node's "text" member
            marks, size = [], 0  # each text node's place in the source and in the decoded text
            for piece, is_text in pieces:
                if is_text and places:
                    marks.append((places.pop(0), size))
                size += len(piece)
            yield Decoded(s, e, capped(decoded, self.max_output), ("adf_paragraphs",),
                          line_starts=line_starts(text, s, e, marks, size))


DECODER = AdfParagraphsDecoder
