"""What the detectors memoise per text answers exactly what the uncached search answers, for any text and any
order of questions (hits come in order, screens and finds revisit them, texts alternate)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors import companions

_PIECES = ['"last4"', '"last_4" :', '"LAST4"\t:', '"brand": "visa"', " ", "\n", "{", "}", "x" * 300, "4242", ":", '"']
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


_Asks = list[tuple[int, int, int]]
_ASKS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 20000), st.integers(0, 3000)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3), _ASKS)
def test_last_four_members_are_found_as_a_search_finds_them(texts: list[str], asks: _Asks) -> None:
    for i, at, width in asks:
        text = texts[i % len(texts)]
        lo = min(at, len(text))
        hi = min(len(text), lo + width)
        assert companions._has_last4(text, lo, hi) == bool(companions._LAST4.search(text, lo, hi))
