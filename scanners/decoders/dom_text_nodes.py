"""A serialized DOM's text read as a browser renders it: a session-replay recording (rrweb's full snapshot
``{"type":2,"data":{"node":…}}``, a mutation's added subtree) stores the page as nested nodes, elements
``{"type":2,"tagName":"span","attributes":{…},"childNodes":[…]}`` and text nodes ``{"type":3,"textContent":"4111"}``,
so a card preview that puts each digit group in a ``<span>`` of its own holds the number only in the text nodes read
in document order.

The trigger is a text node whose text is a digit group (3 to 6 digits). The line holding it is parsed as JSON and
every node tree in it is rendered: the text of consecutive inline elements (``span``, ``b``, ``label``…) joins into
one line as the browser draws it (blank runs collapsed to one blank); any other element (``div``, ``p``, ``li``,
``td``, ``br``) is a line break, so a table of amounts or a list of order numbers stays apart, and attributes are
never read. A rendered line is decoded when two of its text nodes hold digit groups; it is reported from its first
text node to its last, on the line of the JSON.

Limits: the JSON must stand on one line (a recording stored one event a line, or compact); a pretty-printed one is
not read. Lines longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r'"textContent":[ \t]*"[ \t]*[0-9]{3,6}[ \t]*"',)
_TRIGGER = re.compile(TRIGGERS[0])
_TEXT = lazy_compile(r'"textContent":[ \t]*"((?:[^"\\\r\n]|\\.)*)"')
_GROUP = re.compile(r"[0-9]{2,6}")
_BLANKS = re.compile(r"\s+")
# phrasing elements a browser draws on the line of their neighbours; every other element breaks the line
_INLINE = frozenset(("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
                     "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
                     "var"))
_HIDDEN = frozenset(("head", "noscript", "script", "style", "template", "title"))  # text never drawn

Run = list[tuple[int, str]]  # a rendered line: (index of the text node in document order, its text)


def _render(node: object, runs: list[Run], count: list[int], *, shown: bool = True) -> None:
    """Append ``node``'s text nodes to ``runs`` in document order, a new run at every block element's edges;
    ``count`` numbers the text nodes (hidden ones too, so the numbers follow the JSON's ``textContent`` keys)."""
    if not isinstance(node, dict):
        return
    if "textContent" in node and "childNodes" not in node:
        if isinstance(node["textContent"], str):
            if shown and node.get("type", 3) == 3:  # a comment (5) or CDATA (4) node is never drawn
                runs[-1].append((count[0], node["textContent"]))
            count[0] += 1
        return
    tag = node.get("tagName")
    children = node.get("childNodes")
    block = isinstance(tag, str) and tag.lower() not in _INLINE
    if block and runs[-1]:
        runs.append([])
    if isinstance(children, list):
        hide = not shown or (isinstance(tag, str) and tag.lower() in _HIDDEN)
        for child in children:
            _render(child, runs, count, shown=not hide)
    if block and runs[-1]:
        runs.append([])


def _trees(value: object) -> Iterator[dict[str, object]]:
    """The outermost node trees in a parsed JSON value (a snapshot's ``node``, each mutation's added ``node``)."""
    if isinstance(value, dict):
        if "childNodes" in value or ("textContent" in value and "type" in value):
            yield value
            return
        for child in value.values():
            yield from _trees(child)
    elif isinstance(value, list):
        for child in value:
            yield from _trees(child)


class DomTextNodesDecoder(BoundedDecoder):
    id = "dom_text_nodes"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            brace = min((i for i in (text.find("{", s, e), text.find("[", s, e)) if i >= 0), default=-1)
            if brace < 0:
                continue
            try:
                value, _ = json.JSONDecoder().raw_decode(text[brace:e])
            except ValueError:
                continue
            places = [(m.start(1), m.end(1)) for m in _TEXT.finditer(text, brace, e)]
            runs: list[Run] = [[]]
            count = [0]
            for tree in _trees(value):
                runs.append([])
                _render(tree, runs, count)
            if count[0] != len(places):
                continue  # a text node the walk and the keys disagree on: no place to report it at
            for run in runs:
                if sum(1 for _, piece in run if _GROUP.fullmatch(piece.strip())) < 2:
                    continue
                decoded = _BLANKS.sub(" ", "".join(piece for _, piece in run))
                yield Decoded(places[run[0][0]][0], places[run[-1][0]][1], capped(decoded, self.max_output),
                              ("dom_text_nodes",))


DECODER = DomTextNodesDecoder
