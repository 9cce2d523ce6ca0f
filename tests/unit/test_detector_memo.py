"""What the detectors memoise per text answers exactly what the uncached search answers, for any text and any
order of questions (hits come in order, screens and finds revisit them, texts alternate)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.detectors import card_summary, records

_PIECES = [
    '"la\u017ft4":',  # a long s: (?i) folds it to s
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
    "last4=",
    "**** ",
    "4242 ",
    "ending in ",
    "  ",
    " ",
    "\n",
    "{",
    "}",
    "(",
    ")",
    "Card",
    "x" * 300,
    ":",
    '"',
    '{"brand": "visa", "last4": "4242", "exp_month": 12}',
    '"exp": "12/30"',
    "4111111111111111",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
_Asks = list[tuple[int, int]]
_ASKS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 20000)), max_size=30)


def _fresh(text: str, at: int) -> tuple[int, int] | None:
    """``card_summary.truncated_object`` with an empty memo: nothing asked before."""
    card_summary._memo[0] = ("", {}, {}, {}, {})
    return card_summary.truncated_object(text, at)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3), _ASKS)
def test_card_records_are_judged_as_without_the_memo(texts: list[str], asks: _Asks) -> None:
    """Questions in any order, texts alternating: each answer is the one a first question gets."""
    answers = []
    for i, asked in asks:
        text = texts[i % len(texts)]
        at = asked % (len(text) + 1)
        answers.append(((i, at), card_summary.truncated_object(text, at)))
    for (i, at), got in answers:
        assert got == _fresh(texts[i % len(texts)], at)


def _object(text: str, at: int) -> tuple[int, int] | None:
    """``records.enclosing_object`` as one regex scan each way."""
    depth, lo, reach = 0, -1, records.OBJECT_REACH
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
    assert records.enclosing_object(text, at) == _object(text, at)
