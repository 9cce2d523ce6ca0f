"""A card number read out in English two digits at a time, as people read a card's groups and speech-to-text writes
them: ``ninety seven ninety two, thirteen eighty five, …``, ``oh five`` for 05, ``twenty`` for 20, ``forty two nine``
for a group's odd last digit (the reading French has in ``number_words``).

A run is only such words, a pair after a pair (spaces, commas or a hyphen between), none of any other kind: a tens
word (twenty-ninety) with or without its unit, a teen (ten-nineteen), ``oh``/``zero`` and a unit; a lone unit only
as the last word, the number's odd digit. It holds two tens or teens in a row (the trigger) and its digits make
13-19, the run's words every one of them: a stretch of a longer run of number words is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scanners.cards.brands import is_pan

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ZERO = ("oh", "zero")


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_U, _T, _N, _Z = _alt(_UNITS), _alt(_TEENS), _alt(_TENS), _alt(_ZERO)
_PAIR = rf"(?:(?:{_N})(?:[ -](?:{_U})(?![A-Za-z]))?|{_T}|(?:{_Z})[ -](?:{_U}|{_Z}))(?![A-Za-z])"  # whole words
_SEP = "[ ,]{1,3}"
# two pairs said as tens or teens in a row: what wakes the reader (ASCII, case-blind)
TRIGGER = rf"(?i:(?:{_N}|{_T})(?:[ -](?:{_U}))?{_SEP}(?:{_N}|{_T}))"
_RUN = re.compile(
    rf"(?i:(?<![A-Za-z])(?:{_PAIR})(?:{_SEP}(?:{_PAIR})){{5,}}(?:{_SEP}(?:{_U}|{_Z}))?)(?![A-Za-z])", re.ASCII)
_WORD = re.compile("[A-Za-z]+")
_TOKEN = re.compile(rf"(?i:{_PAIR}|(?:{_U}|{_Z})(?![A-Za-z]))", re.ASCII)
_VALUE = {**_UNITS, **_TEENS, **_TENS, "oh": 0, "zero": 0}
_ANY_NUMBER = re.compile(rf"(?i:{_U}|{_T}|{_N}|{_Z}|hundred|thousand|double|triple)", re.ASCII)


def _digits(run: str) -> str:
    """The digits of a run ``_RUN`` matched, pair by pair as it read them: a tens word with the unit after it, ``oh``
    with the digit after it, a teen, a tens word alone; a last lone unit one digit."""
    out = []
    for token in _TOKEN.finditer(run):
        words = [w.lower() for w in _WORD.findall(token.group())]
        value = sum(_VALUE[w] for w in words)
        out.append(f"{value:02d}" if len(words) == 2 or value >= 10 else str(value))
    return "".join(out)


def _next_word(text: str, i: int, step: int) -> str:
    """The word next to ``text[i]`` (``step`` 1: after; -1: before), past spaces, commas and a hyphen."""
    while 0 <= i < len(text) and text[i] in " ,-":
        i += step
    j = i
    while 0 <= j < len(text) and text[j].isalpha():
        j += step
    return text[min(i, j + 1) : max(i, j - 1) + 1] if step < 0 else text[i:j]


def pair_pans(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each card number in ``text[lo:hi]`` read out in English pairs."""
    found = []
    for m in _RUN.finditer(text, lo, hi):
        if any(_ANY_NUMBER.fullmatch(_next_word(text, i, step)) for i, step in ((m.start() - 1, -1), (m.end(), 1))):
            continue  # a stretch of a longer run of number words
        digits = _digits(m.group())
        if 13 <= len(digits) <= 19 and is_pan(digits):
            found.append((m.start(), m.end(), digits))
    return found
