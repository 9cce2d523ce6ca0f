"""The XML elements around a position (``cards.elements``): tags are read back in chunks, and they must be the very
tags one search over the whole reach finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.elements import _TAG, _tags_back, enclosing_elements

_PIECES = ["<a>", "</a>", "<b x='1'>", "</b>", "<c/>", "<", ">", "text ", "<ns:d>", "</ns:d>", "<!-- c -->", "\n",
           "<e", "x" * 300]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(0, 40000), st.integers(0, 40000))
def test_tags_read_back_in_chunks_are_those_of_one_search(text: str, lo: int, at: int) -> None:
    lo, at = sorted((min(lo, len(text)), min(at, len(text))))
    whole = [m.span() for m in reversed(list(_TAG.finditer(text, lo, at)))]
    assert [m.span() for m in _tags_back(text, lo, at)] == whole


def test_elements_enclosing_a_value_innermost_first() -> None:
    text = "<card>\n<num>x</num>\n" + "<pad>y</pad>\n" * 40 + "<exp>\n<month>05</month>\n</exp>\n</card>"
    at = text.index("05")
    found = [text[s:e].split(">", 1)[0] for s, e in enclosing_elements(text, at, 1000)]
    assert found == ["<month", "<exp", "<card"]


def test_a_closing_tag_without_its_opening_one_ends_the_walk() -> None:
    text = "<card><a>1</b><month>05</month></card>"
    assert list(enclosing_elements(text, text.index("05"), 1000)) == []
