"""English digits said as words, as speech-to-text writes a caller reading out a number (``four one one one``,
``double oh``, numerals mixed in): the words, a trigger for a run of them, and reading a run into its digits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match

# Spelled-out digits: words, "oh" for zero, "double"/"triple" repeat the next digit, numerals mixed in.
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3}
_WORDS = (*DIGIT_WORDS, *REPEATS)
_NUMBER_WORD = "(?:" + "|".join(_WORDS) + ")"
NUMBER_WORD = f"(?i:{_NUMBER_WORD})"  # one spelled digit or repeat word, in any case
_S = r"(?:[ \t,.\-]{1,4}(?:and[ \t,.\-]{1,4})?)"
# Three number tokens in a row, at least one of them a word (spelled digits mixed with numerals: "4 one 1 one").
# No \b: word boundaries slow hyperscan down fourfold.
_NUMERAL = "[0-9]{1,4}"
_ANY = f"(?:{_NUMBER_WORD}|{_NUMERAL})"
SPELLED_TRIGGER = (
    rf"(?i:{_NUMBER_WORD}{_S}{_ANY}{_S}{_ANY}|{_NUMERAL}{_S}{_NUMBER_WORD}{_S}{_ANY}"
    rf"|{_NUMERAL}{_S}{_NUMERAL}{_S}{_NUMBER_WORD})"
)
_HAS_TRIGGER = re.compile(SPELLED_TRIGGER, re.ASCII)
_TOKEN = rf"(?:(?i:\b{_NUMBER_WORD}\b)|(?<![A-Za-z0-9])[0-9]{{1,4}}(?![A-Za-z0-9]))"
# A tab ends a run: it separates fields (a TSV cell, a log line's columns), never a number's spoken digits. What a
# caller says while reading digits out stays inside the run ("... nine five four one let me see nine nine ...", "five,
# sorry, three"): a hesitation, a pause, an apology (the other languages' are ``number_words.HESITATIONS``)
_HESITATION = r"uh|um|er|erm|hmm|okay|ok|sorry|wait|hang on|hold on|let me see"
_RUN = re.compile(rf"{_TOKEN}(?:[ ,.\-]+(?:(?i:and|{_HESITATION})[ ,.\-]+)?{_TOKEN})*", re.ASCII)
_GROUP = re.compile(rf"{_TOKEN}(?:[ \-]+{_TOKEN})*", re.ASCII)
_TOKEN_RX = re.compile(rf"(?i:{_NUMBER_WORD})|[0-9]+", re.ASCII)


def number_runs(text: str, lo: int, hi: int) -> Iterator[Match[str]]:
    """Runs of number tokens in ``text[lo:hi]`` (one line) that hold a trigger match."""
    lowered = text[lo:hi].lower()
    if not any(w in lowered for w in _WORDS):  # fast pre-check: a trigger holds a number word
        return
    for run in _RUN.finditer(text, lo, hi):
        if _HAS_TRIGGER.search(run.group()):
            yield run


def number_groups(run: str) -> list[tuple[int, int, str | None]]:
    """The groups of a run, cut at commas, periods and "and": (start, end, digits or None if malformed)."""
    return [(g.start(), g.end(), spelled_digits(g.group())) for g in _GROUP.finditer(run)]


def spelled_digits(group: str) -> str | None:
    """The digits of number tokens (``four two``, ``double oh``, ``42``); None if a repeat is misplaced."""
    out, repeat = "", 0
    for m in _TOKEN_RX.finditer(group):
        tok = m.group().lower()
        if tok in REPEATS:
            if repeat:
                return None
            repeat = REPEATS[tok]
            continue
        digits = DIGIT_WORDS.get(tok, tok)
        if repeat and len(digits) != 1:
            return None
        out, repeat = out + digits * (repeat or 1), 0
    return None if repeat else out
