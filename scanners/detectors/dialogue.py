"""A value answered in the turn after the question that names it: an agent or a bot asks for the security code or
the expiry date, and the caller's next turn is just the value (``"Content": "sure, it's 4 5 6."``).

Turns are the string values speech and chat services write them in: Contact Lens segments (``Content``), Lex
(``inputTranscript``, a message's ``content``), Transcribe (``transcript``), chat (``text``). An answer counts only
when its whole turn is the value, a few filler words and punctuation around it, and the turn before it (within
``REACH`` characters: the same record or the one before) asks for that kind of value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import Pattern

# The trigger starts at the key's name: an optional quote before it would make hyperscan's start offsets slow
TURN = r'(?:[Cc]ontent|[Tt]ranscript|inputTranscript|[Uu]tterance|text)\\?"[ \t]*:[ \t]*\\?"'
_HIT = re.compile(TURN)
_TURN = re.compile(r'\\?"' + TURN)
REACH = 2000
_NUMBER_WORDS = frozenset(
    {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "double", "triple", "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
     "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec",
     "december"}
)  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z']+|[0-9]|[^A-Za-z0-9',.!?\- ]")
_ELICIT = re.compile(r"""\\?["']slotToElicit\\?["'][ \t]*:[ \t\r\n]*\\?["'](?P<slot>[A-Za-z_][\w.-]{0,63})""")
_TAIL = re.compile(r"[ \t.,!]*\\?\"")
FILLERS = frozenset(
    {"sure", "yes", "yeah", "yep", "ok", "okay", "um", "uh", "so", "right", "and", "it", "it's", "its", "is", "that's",
     "that", "the", "code", "date", "number", "my", "it'll", "be", "oh", "alright", "well", "of", "course", "expiry",
     "expiration", "expires", "security", "cvv", "cvc"}
)  # fmt: skip
Parse = Callable[[str, int], "tuple[int, int, str] | None"]


def may_answer(text: str, start: int, end: int) -> bool:
    """False for a ``TURN`` trigger hit (``text[start:end]``) whose turn cannot be an answer (more than 70
    characters, or a word before its first number that is no filler): a screen, so that such turns (a model's prose
    in a Bedrock log, a bot's status line) get no window."""
    if text[end - 1 : end] != '"' or _HIT.fullmatch(text, start, end) is None:
        return True  # another trigger's hit
    return text.find('"', end, end + 72) >= 0 and _lead(text, end) is not None


def _lead(text: str, at: int) -> int | None:
    """Where the number of a turn starting at ``at`` starts (a digit, a digit word, a month name), when only filler
    words and punctuation precede it, within 30 characters."""
    for token in _TOKEN.finditer(text, at, at + 40):
        word = token.group().lower()
        if token.start() - at > 30 or (word not in FILLERS and word not in _NUMBER_WORDS and not word.isdigit()):
            return None
        if word.isdigit() or word in _NUMBER_WORDS:
            return token.start()
    return None


def answers(text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each answer turn starting in ``text[pos - 64:endpos]`` whose previous turn asks what
    ``question`` (lower-case ASCII keywords) names; ``parse(text, at)`` reads the value at ``at``."""
    lo = max(0, pos - 64)
    window = text[lo:endpos]
    if "ontent" not in window and "ranscript" not in window and "tterance" not in window and "text" not in window:
        return  # a fast pre-check: the tails of the turn keys
    for turn in _TURN.finditer(text, lo, endpos):
        if (at := _lead(text, turn.end())) is None:
            continue
        hit = parse(text, at)
        if hit is None or _TAIL.match(text, hit[1]) is None:
            continue  # the turn holds more than the value: not an answer
        before = text[max(0, turn.start() - REACH) : turn.start()]
        asked = [m.end() for m in _TURN.finditer(before)]
        if (asked and question.search(before[asked[-1] :].lower())) or _eliciting(text, turn.end(), question):
            yield hit


def _eliciting(text: str, at: int, question: Pattern[str]) -> bool:
    """The record of the turn at ``at`` names the slot its bot was eliciting, and the slot's name asks for the value
    (Lex: ``"inputTranscript": "837", ... "slotToElicit": "SecurityCode"``, a DTMF answer its slot did not take)."""
    after = text[at : at + REACH]
    nxt = _TURN.search(after)
    m = _ELICIT.search(after, 0, nxt.start() if nxt else len(after))
    return m is not None and question.search(m["slot"].lower()) is not None
