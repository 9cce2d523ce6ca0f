"""What the detectors memoise per text answers exactly what the uncached search answers, for any text and any
order of questions (hits come in order, screens and finds revisit them, texts alternate)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors import companions

_PIECES = [
    '"la\u017ft4":',  # a long s: (?i) folds it to s, str.lower() does not
    '"Masked_PAN" :',
    "\u00e9",
    '"last4"',
    '"last_4" :',
    '"LAST4"\t:',
    '"dynamic_last4":',
    '"pan_last_4"  :',
    '"Masked_Number":',
    '"last_four"',
    '"last4_digits":',
    '"lastname": "x"',
    '"xlast4":',
    '"brand": "visa"',
    " ",
    "\n",
    "{",
    "}",
    "x" * 300,
    "4242",
    ":",
    '"',
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


_Asks = list[tuple[int, int, int]]
_ASKS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 20000), st.integers(0, 3000)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3), _ASKS)
def test_last_four_members_are_found_as_a_search_finds_them(texts: list[str], asks: _Asks) -> None:
    for i, at, width in asks:
        text = texts[i % len(texts)]
        lo = at % (len(text) + 1)
        hi = min(len(text), lo + min(width, 2 * companions.OBJECT_REACH))
        memo = companions._memo_of(text)
        assert companions._has_last4(text, lo, hi, memo) == bool(companions._LAST4.search(text, lo, hi))


def _truncated_object(text: str, at: int) -> tuple[int, int] | None:
    """``companions.truncated_object`` without its memo: one search per question."""
    reach = companions.OBJECT_REACH
    if not companions._LAST4.search(text, max(0, at - reach), at + reach):
        return None
    bounds = companions.enclosing_object(text, at)
    if bounds is None or not companions._LAST4.search(text, *bounds) or not companions._BRAND.search(text, *bounds):
        return None
    numbers = (m.group().replace(" ", "").replace("-", "") for m in companions._NUMBER.finditer(text, *bounds))
    return None if any(companions.is_pan(n) for n in numbers) else bounds


_OBJECT_PIECES = [*_PIECES, '{"brand": "visa", "last4": "4242", "exp_month": 12}', '"exp": "12/30"', "4111111111111111"]
_OBJECTS = st.lists(st.sampled_from(_OBJECT_PIECES), max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_OBJECTS, min_size=1, max_size=3), _ASKS)
def test_card_objects_are_judged_as_without_the_memo(texts: list[str], asks: _Asks) -> None:
    for i, asked, _ in asks:
        text = texts[i % len(texts)]
        at = asked % (len(text) + 1)
        assert companions.truncated_object(text, at) == _truncated_object(text, at)


def _object(text: str, at: int) -> tuple[int, int] | None:
    """``companions._object`` as one regex scan each way."""
    depth, lo, reach = 0, -1, companions.OBJECT_REACH
    for m in reversed(list(re.finditer("[{}]", text[max(0, at - reach) : at]))):
        depth += 1 if m.group() == "}" else -1
        if depth < 0:
            lo = max(0, at - reach) + m.start()
            break
    if lo < 0:
        return None
    depth = 0
    for m in re.finditer("[{}]", text[at : at + reach]):
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return lo, at + m.end()
    return None


_BRACES = st.lists(st.sampled_from(["{", "}", "x", '"a": 1, ', "y" * 400]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_BRACES, st.integers(0, 20000))
def test_the_enclosing_object_is_found_as_counting_every_brace_finds_it(text: str, asked: int) -> None:
    at = asked % (len(text) + 1)
    assert companions.enclosing_object(text, at) == _object(text, at)
