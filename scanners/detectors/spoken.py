"""Card dates as speech-to-text writes them in call transcripts (Lex ``inputTranscript``, Contact Lens ``Content``):
month and year in words, ``twelve thirty``, ``oh four twenty twenty nine``, ``December twenty thirty``,
``March of two thousand thirty``. Years 2020-2049 (a card is valid for at most about 20 years)."""

from __future__ import annotations

import re

from scanners.detectors.context import DATE_END, GAP, gap_ok

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = (*_ONES, "ten", "eleven", "twelve")
_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
_ONE = "|".join(_ONES)
_MONTH = (
    rf"(?P<month>(?:oh[ -])?(?:{'|'.join(_MONTHS)})"
    r"|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?)"
)
_YY = rf"(?:twenty|thirty|forty)(?:[ -](?:{_ONE}))?"
_YEAR = rf"(?P<year>(?:(?:twenty|two thousand(?: and)?)[ -])?{_YY})"
_SPOKEN = re.compile(GAP + rf"(?P<v>(?i:{_MONTH}(?:[ ,/-]{{1,3}}|,? of | slash ){_YEAR})){DATE_END}", re.ASCII)
_CLOCK = re.compile(r"(?i)[ \t]*(?:[ap]\.?m\b|o'?clock)")  # "twelve thirty pm" is a time


def _month(words: str) -> int:
    word = words.lower().removeprefix("oh").strip(" -")
    return _MONTHS.index(word) + 1 if word in _MONTHS else _NAMES.index(word[:3]) + 1


def _year(words: str) -> int:
    parts = re.split(r"[ -]+", words.lower().replace("two thousand", "").replace(" and ", " "))
    parts = [p for p in parts if p and p != "and"]
    if len(parts) > 1 and parts[0] == "twenty" and parts[1] in _TENS:
        parts = parts[1:]  # "twenty thirty": the century
    return _TENS[parts[0]] + (_ONES.index(parts[1]) + 1 if len(parts) > 1 else 0)


def spoken_date(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """The date in words right after a keyword ending at ``at``: (start, end, "MM/YY")."""
    m = _SPOKEN.match(text, at)
    if m is None or not gap_ok(m["gap"], fillers) or _CLOCK.match(text, m.end()):
        return None
    return m.start("v"), m.end("v"), f"{_month(m['month']):02d}/{_year(m['year']):02d}"
