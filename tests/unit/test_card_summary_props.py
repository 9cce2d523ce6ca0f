"""``truncated_refs`` tries its key and "ending in" patterns only where one of their words begins in the stretch's lower
case (``_lowered``): those candidate starts hold every position where a pattern matches, whatever letters a stretch
holds (İ ı ſ and the Kelvin sign, which a case-insensitive ``re`` matches to ASCII letters, included)."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanners.cards.lastfour import LAST_FOUR, LAST_FOUR_WORDS
from scanners.cards.summarynames import ENDING, ENDING_WORDS, NAMED
from scanners.cards.wordspots import WordSpots, _searched
from scanners.detectors.truncated_refs import (
    _BIN,
    _BIN_WORDS,
    _FOUR,
    _FOUR_WORDS,
    _MEMBER,
    _SPOTS,
    _WORDS,
    _at_words,
    _lowered,
)

_EVERYWHERE = re.compile("")  # matches at every candidate start: ``_at_words`` then yields the starts themselves
_PATTERNS = [(_MEMBER, _WORDS, True), (ENDING, ENDING_WORDS, False), (_FOUR, _FOUR_WORDS, False),
             (_BIN, _BIN_WORDS, True), (LAST_FOUR, LAST_FOUR_WORDS, False), (NAMED, _WORDS, True)]
_TOKENS = [
    "last", "LAST", "La\u017ft", "LAST", "la\u017ft_4", "last4", "Last_Four", "lastDigits", "last-4", "masked",
    "MASKED", "Masked_Pan", "truncated", "TRUNCATED_NUMBER", "summary", "cardSummary", "CARD\u017fUMMARY", "ending",
    "ENDING IN", "ends in", "END\u0130NG", "end\u0131ng", "ending with", "termina en", "TERMINA CON", "terminado em",
    "acaba en", "com final", "se terminant par", "finissant par", "finisce con", "endet auf", "ENDET MIT",
    "endziffern", "\u00faltimos 4 d\u00edgitos", "\u00daLTIMOS", "ultime 4 cifre", "derniers chiffres", "letzten 4",
    "letzte vier ziffern", "acct", "ACCT", "cardNumber", "card_no", "card_num", "pan", "PAN", "pa\u0274", "bin",
    "B\u0130N", "b\u0131n", "cardBin", "card_bin", "iin", "\u0130\u0130N", "first6", "first_six_digits",
    "firstDigits", "\u212aey", "dynamic_", "pan_", "card", "account_", "issuer-", "\u0130", "\u0131", "\u017f",
    "\u212a", "\u00e9", "\u00df", "\u0345", "\u03a3", " ", "  ", ":", ": ", "=", " = ", '"', "'", "\\", '\\"', "\\n",
    "\\t", "<", ">", "</", "ns:", "#", "4242", "424242", "42424242", "1229", "x", "_", "-", ".", "[", "]", ",", "&",
    "\n", "\t", "lastFour", "LAST_4", "ends with", "ENDS WITH", "final", "FINAL", "final digits", "four", " is ",
]


def _starts(rx: re.Pattern[str], text: str) -> set[int]:
    return {p for p in range(len(text) + 1) if rx.match(text, p) is not None}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14), st.integers(0, 6))
@example(["\u0130", "last4", ": ", "4242"], 0)
@example(["end\u0131ng in", " ", "4242"], 0)
@example(['"', "card\u017fummary", '"', ": ", "4242"], 0)
@example(["\u212aey", "B\u0130N", ": ", "424242"], 0)
@example(["\u0130", "cardSummary", ":"], 0)
@example(["\\", "TRUNCATED_NUMBER", ":"], 0)  # a capital after a backslash is no JSON escape
def test_word_starts_hold_every_match(tokens: list[str], cut: int) -> None:
    text = "".join(tokens)
    a = min(cut, len(text))  # a stretch may start inside the text: look-behinds read before it
    lowered = _lowered(text[a:])
    assert len(lowered) == len(text) - a
    spots = _SPOTS(lowered)
    for rx, words, keys in _PATTERNS:
        found = _at_words(text, _EVERYWHERE, a, len(text), lowered, spots=spots, words=words, keys=keys)
        candidates = {s for s, _ in found}
        assert {p for p in _starts(rx, text) if p >= a} <= candidates, (rx.pattern[:40], text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_TOKENS, "endend", "endendend", "finissant", "\u00faltim", "?"]), max_size=14))
@example(["endendend"])  # overlapping occurrences of one word
@example(["\u00e9", "ending", "\u00faltim", "os", "?"])  # a non-ASCII stretch: its other characters scanned as ``?``
def test_word_spots_are_every_start(tokens: list[str]) -> None:
    lowered = _lowered("".join(tokens))
    words = (*_WORDS, *ENDING_WORDS, *LAST_FOUR_WORDS, *_FOUR_WORDS, *_BIN_WORDS, "endend", "?", "\u2022")
    expected = _searched(lowered, tuple(dict.fromkeys(words)), {})
    assert WordSpots(words, warm=0)(lowered) == expected  # hyperscan's spots (without it, the searches)
    assert WordSpots(words)(lowered) == expected  # the searches, before ``WARM`` characters


@pytest.mark.parametrize(("stretch", "lowered"), [
    ("Last4: 4242", "last4: 4242"), ('{\\"Last4\\": 1}', '{\\"last4\\": 1}'), ("a\\tLast4", "a\\ last4"),
    ("\\nEnding in", "\\ ending in"), ("\\TRUNCATED", "\\truncated"), ("C:\\Temp", "c:\\temp"), ("\\", "\\"),
])
def test_lowered_blanks_escaped_tabs_and_breaks_only(stretch: str, lowered: str) -> None:
    assert _lowered(stretch) == lowered
