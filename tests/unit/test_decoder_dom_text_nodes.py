"""DomTextNodesDecoder: a session-replay snapshot (rrweb's serialized DOM) whose card preview puts each digit group in
an inline element of its own is read as the browser draws it, one number on the first group's line; text nodes of
different blocks (table cells, list items, divs), masked previews, attributes and comments stay apart or unread.
Both back ends give the same spans."""

from __future__ import annotations

import json

import pytest

from scanners.decoders.dom_text_nodes import DomTextNodesDecoder
from scanners.engine.core import Engine
from tests.unit.cardvalues import luhn_id

D = DomTextNodesDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
VISA, MC, AMEX = luhn_id("453957", 16), luhn_id("545454", 16), luhn_id("37", 15)
Node = dict[str, object]
_ids = iter(range(100, 100000))


def _text(value: str, kind: int = 3) -> Node:
    return {"type": kind, "textContent": value, "id": next(_ids)}


def _el(tag: str, *children: Node, **attributes: str) -> Node:
    return {"type": 2, "tagName": tag, "attributes": attributes, "childNodes": list(children), "id": next(_ids)}


def _groups(pan: str, sizes: tuple[int, ...] = (4, 4, 4, 4)) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(pan[i : i + n])
        i += n
    return out


def _split(pan: str, tag: str = "span", sizes: tuple[int, ...] = (4, 4, 4, 4), blank: str = "") -> list[Node]:
    return [_el(tag, _text(g + blank), **{"class": "cc-preview__group"}) for g in _groups(pan, sizes)]


def _snapshot(node: Node) -> str:
    return json.dumps({"type": 2, "data": {"node": node, "initialOffset": {"left": 0, "top": 0}}, "timestamp": 1})


def _mutation(node: Node) -> str:
    adds = [{"parentId": 7, "nextId": None, "node": node}]
    return json.dumps({"type": 3, "data": {"source": 0, "texts": [], "attributes": [], "removes": [], "adds": adds}})


_PRETTY_HTML = [_text("\n    "), *(x for s in _split(VISA) for x in (s, _text("\n    ")))]
CASES = [
    ("spans", _snapshot(_el("div", *_split(VISA), **{"class": "cc-preview__number"})), {"pan"}),
    ("spans-blank-after", _snapshot(_el("div", *_split(MC, blank=" "))), {"pan"}),
    ("source-whitespace", _snapshot(_el("div", *_PRETTY_HTML)), {"pan"}),
    ("nested-inline-amex", _snapshot(_el("p", _text("Card "), _el("label", *_split(AMEX, "b", (4, 6, 5))))), {"pan"}),
    ("in-document", _snapshot(_el("html", _el("body", _el("section", _el("div", *_split(VISA, "em")))))), {"pan"}),
    ("mutation-add", _mutation(_el("div", *_split(VISA))), {"pan"}),
    ("log-prefix", "2026-12-07T10:00:00Z replay event=" + _snapshot(_el("div", *_split(MC))), {"pan"}),
    # near misses: block elements are separate values; masked and hidden text; attributes and comments are not drawn
    ("table-cells", _snapshot(_el("tr", *(_el("td", _text(g)) for g in _groups(VISA)))), set()),
    ("divs", _snapshot(_el("div", *(_el("div", _text(g)) for g in _groups(VISA)))), set()),
    ("list-items", _snapshot(_el("ul", *(_el("li", _el("span", _text(g))) for g in _groups(VISA)))), set()),
    ("line-breaks", _snapshot(_el("p", *(x for g in _groups(VISA) for x in (_text(g), _el("br"))))), set()),
    ("masked", _snapshot(_el("div", *_split("\u2022" * 12 + VISA[-4:]))), set()),
    ("ids-in-attributes", _snapshot(_el("div", *(_el("span", _text(g), **{"data-id": VISA}) for g in ("12", "34")))),
     set()),
    ("comments", _snapshot(_el("div", *(_text(g, 5) for g in _groups(VISA)))), set()),
    ("script-text", _snapshot(_el("script", *(_text(g) for g in _groups(VISA)))), set()),
    ("not-luhn", _snapshot(_el("div", *_split(VISA[:-1] + str((int(VISA[-1]) + 1) % 10)))), set()),
    ("amounts-table", _snapshot(_el("table", *(_el("tr", _el("td", _text("Order")), _el("td", _text(g)))
                                              for g in _groups(VISA)))), set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_text_nodes_read_as_rendered(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_segment_is_the_rendered_line_from_its_first_text_node() -> None:
    text = _snapshot(_el("div", _el("span", _text("Card ")), *_split(VISA, blank="  "), _el("div", _text("exp 12/30"))))
    segments = list(D.decode(text))
    assert [d.text for d in segments] == ["Card " + " ".join(_groups(VISA)) + " "]
    assert text[segments[0].start :].startswith("Card ")
    assert segments[0].end == text.index(_groups(VISA)[-1]) + len(_groups(VISA)[-1]) + 2


def test_pretty_printed_and_broken_json_are_not_read() -> None:
    node = _el("div", *_split(VISA))
    assert list(D.decode(json.dumps({"type": 2, "data": {"node": node}}, indent=2))) == []
    assert list(D.decode(_snapshot(node)[:-2])) == []
