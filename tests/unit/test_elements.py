"""The XML elements around a position (``cards.elements``): tags are read from a text's blocks, kept while its
positions are asked about, and they must be the very tags one search over the whole reach finds, back or on, a tag
across a block's end too. The JSON walk (``closing_bracket``) reads strings whole in the dialect it is given."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.elements import _BLOCK, _TAG, _tags_back, _tags_on, closing_bracket, enclosing_elements

_PIECES = ["<a>", "</a>", "<b x='1'>", "</b>", "<c/>", "<", ">", "text ", "<ns:d>", "</ns:d>", "<!-- c -->", "\n",
           "<e", "x" * 300]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


def _read(m: re.Match[str]) -> tuple[int, int, bool, str, bool]:
    return m.start(), m.end(), m[1] == "/", m[2], m[3] == "/"


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(0, 40000), st.integers(0, 40000))
def test_tags_read_from_blocks_are_those_of_one_search(text: str, lo: int, at: int) -> None:
    lo, at = sorted((min(lo, len(text)), min(at, len(text))))
    assert list(_tags_back(text, lo, at)) == [_read(m) for m in reversed(list(_TAG.finditer(text, lo, at)))]
    assert list(_tags_on(text, lo, at)) == [_read(m) for m in _TAG.finditer(text, lo, at)]


@pytest.mark.parametrize("shift", range(-12, 4))
def test_a_tag_across_a_block_boundary_is_read_whole(shift: int) -> None:
    # the <exp ...> tag starts before the boundary and ends after it (or just before, or just after)
    text = "x" * (_BLOCK + shift) + "<exp kind='card'>" + "<month>05</month></exp>"
    at = text.index("05")
    assert list(_tags_back(text, 0, at)) == [_read(m) for m in reversed(list(_TAG.finditer(text, 0, at)))]
    assert [text[s:e].split(">", 1)[0] for s, e in enclosing_elements(text, at, 1000)] == ["<month", "<exp kind='card'"]


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
