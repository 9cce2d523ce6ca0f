"""InlineTagsDecoder: a card number whose digit groups sit in inline HTML elements (an agent desktop's DOM snapshot,
a styled receipt) is read as one number; table cells, divs and list items hold separate values and are never
joined. Both back ends give the same spans."""

from __future__ import annotations

import pytest

from scanners.decoders.inline_tags import InlineTagsDecoder
from scanners.engine.core import Engine

D = InlineTagsDecoder()
ENGINES = (Engine(backend="hyperscan"), Engine(backend="re"))
VISA, MC, AMEX = "4111111111111111", "5500000000000004", "378282246310005"


def _split(pan: str, open_tag: str, close_tag: str, between: str = "", sizes: tuple[int, ...] = (4, 4, 4, 4)) -> str:
    groups, i = [], 0
    for n in sizes:
        groups.append(f"{open_tag}{pan[i : i + n]}{close_tag}")
        i += n
    return between.join(groups)


CASES = [
    ("spans", f'<div class="pan">{_split(VISA, "<span>", "</span>")}</div>', {"pan"}),
    ("spans-classed-spaced", "<p>Card " + _split(VISA, '<span class="g">', "</span>", " ") + "</p>", {"pan"}),
    ("bold-nbsp", _split(MC, "<b>", "</b>", "&nbsp;"), {"pan"}),
    ("font-mixed", '<font color="#333">4111</font><font>1111</font><i>1111</i><u>1111</u>', {"pan"}),
    ("nested-amex", _split(AMEX, "<span><b>", "</b></span>", " ", (4, 6, 5)), {"pan"}),
    ("entity-digits", "<em>&#x34;111</em><em>1111</em><em>1111</em><em>111&#49;</em>", {"pan"}),
    ("uppercase-strong", _split(VISA, "<STRONG>", "</STRONG>", " "), {"pan"}),
    ("angular-comments", _split(VISA, '<span _ngcontent-c1="">', "</span><!---->"), {"pan"}),
    ("vue-comment", f"<i>{VISA[:8]}</i><!--v-if--><i>{VISA[8:]}</i>", {"pan"}),
    ("spans-over-lines", f'<div class="pan">\n  {_split(VISA, "<span>", "</span>", chr(10) + "  ")}\n</div>', {"pan"}),
    ("anchor-title", _split(MC, '<a href="#" title="card">', "</a>"), {"pan"}),
    ("with-cvc", f'<div>{_split(VISA, "<span>", "</span>")}</div><div>CVC: <b>123</b></div>', {"pan", "cvv"}),
    # near misses: cells, block elements and list items are separate values; too few digits; masked groups
    ("table-cells", "<tr><td>4111</td><td>1111</td><td>1111</td><td>1111</td></tr>", set()),
    ("divs", "<div>4111</div><div>1111</div><div>1111</div><div>1111</div>", set()),
    ("list-items", "<li>4111</li><li>1111</li><li>1111</li><li>1111</li>", set()),
    ("amount-and-qty", '<span class="amount">49.99</span><span class="qty">12</span>', set()),
    ("masked", _split("XXXXXXXXXXXX1111", "<span>", "</span>"), set()),
    ("comment-with-text", f"<b>{VISA[:8]}</b><!-- removed the middle row of the old layout here --><b>{VISA[8:]}</b>",
     set()),
    ("not-luhn", _split("4111111111111112", "<span>", "</span>"), set()),
    ("blank-line-between", "<span>4111 1111</span>\n\n<span>1111 1111</span>", set()),
    ("list-items-over-lines", "<ul>\n" + _split(VISA, "<li><b>", "</b></li>", "\n") + "</ul>", set()),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_groups_in_inline_elements_join(name: str, text: str, want: set[str]) -> None:
    got = [[(f.type, f.start, f.end, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert {t for t, _, _, _ in got[0]} == want, name
    assert got[0] == got[1]


def test_segment_drops_tags_and_keeps_blanks() -> None:
    text = '<p><span class="g">4111</span> <span class="g">1111</span>&nbsp;<b>22</b></p>'
    (got,) = list(D.decode(text))
    assert text[got.start : got.end] == '4111</span> <span class="g">1111</span>&nbsp;<b>22'
    assert got.text == "4111 1111\xa022"
    assert got.encoding == ("inline_tags",)


def test_no_segment_without_a_closing_then_opening_inline_tag() -> None:
    assert list(D.decode("<td>4111</td><td>1111</td>")) == []
    assert list(D.decode("<span>4111 1111 1111 1111</span>")) == []
    assert list(D.decode("order 4111</span> text <span>1111")) == []


def test_segment_over_lines_is_read_whole_from_any_of_its_lines() -> None:
    text = "<p>\n  <b>4111</b>\n  <b>1111</b>\n  <b>1111</b>\n  <b>1111</b>\n</p>"
    whole = list(D.decode(text))
    assert [(text[g.start : g.end], g.text) for g in whole] == [
        ("4111</b>\n  <b>1111</b>\n  <b>1111</b>\n  <b>1111", "4111 1111 1111 1111")
    ]
    lines = [(m, text.index("\n", m + 1)) for m in range(len(text)) if text[m] == "\n" and "<b>" in text[m : m + 8]]
    assert all(list(D.decode(text, s + 1, e)) == whole for s, e in lines)


@pytest.mark.parametrize(
    "text",
    [
        "<p>Card: " + "".join(f"<span>{d}</span>" for d in VISA) + "</p>",  # an element per digit
        "<p>Card: " + "<!-- -->".join(VISA[k : k + 4] for k in range(0, 16, 4)) + "</p>",  # React's text nodes
    ],
    ids=["digit-spans", "react-comments"],
)
def test_digit_elements_and_comment_split_text_nodes_join(text: str) -> None:
    got = [[(f.type, f.value) for f in engine.scan_text(text)] for engine in ENGINES]
    assert got[0] == got[1] == [("pan", VISA)]
