"""The XML elements around a position (``cards.elements``): tags are read back in chunks, and they must be the very
tags one search over the whole reach finds. The JSON walk (``closing_bracket``) reads strings whole in the dialect it
is given."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.elements import _TAG, _tags_back, closing_bracket, enclosing_elements

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


_PLAIN = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|[{}\[\]]')


@pytest.mark.parametrize(
    ("text", "reach", "closes_after"),
    [
        ('{"a": [1, {"b": 2}]} tail', None, '{"a": [1, {"b": 2}]}'),
        ('{"a": "}"} tail', None, '{"a": "}"}'),  # a bracket inside a string counts for nothing
        ('{"a": "x\\"}"} tail', None, '{"a": "x\\"}"}'),  # nor after an escaped quote
        ('[{"a": 1}, {"b": 2}] tail', None, '[{"a": 1}, {"b": 2}]'),
        ('{"a": {"b": 2}', None, None),  # never closes
        ('{"a": "' + "x" * 50 + '"}', 20, None),  # closes beyond the reach
        ('{"a": "' + "x" * 50 + '"}', 80, '{"a": "' + "x" * 50 + '"}'),
    ],
    ids=["nested", "bracket-in-string", "escaped-quote", "array", "unclosed", "past-reach", "within-reach"],
)
def test_closing_bracket(text: str, reach: int | None, closes_after: str | None) -> None:
    end = closing_bracket(text, 0, _PLAIN, reach)
    assert (None if end is None else text[:end]) == closes_after
