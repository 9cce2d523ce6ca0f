"""Chat transcripts written one message a line, as chat, SMS and WhatsApp exports and chat-widget logs write them: a
CSV row whose last quoted field is the message (``"2026-09-03T18:46:31Z","Customer","+1555...","02/31"``), or a
time stamp, a name and the message (``24/07/2026, 01:40 - Customer: 12/29``, ``[10:21] Agent: And the CVV?``).

A message is an answer as a JSON turn is (``dialogue``): only numbers, filler words and punctuation, the value alone
in it; the message it answers is the last one before it, on the lines right above it and in the same shape, that is no
answer itself (at most ``dialogue.MAX_SKIPPED`` answers between: the card number, the date, then the code), and it must
be a question or a request (a ``?`` or a word that asks: a CSV header that names a column is neither) for that kind
of value and for nothing that is no card's (``dialogue.asks``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.detectors.dialogue import MAX_SKIPPED, Parse, asks, body_numbers, first_answer

# The triggers: a line that ends with a short message ending in a digit, after a CSV field or a name and a colon
# (the stamp before the name is checked in Python: a trigger that long is too large for hyperscan's start offsets).
_SHORT = r"[0-9A-Za-z',.!? /\-]{0,40}[0-9][.!]?"
_STAMP = r"(?:\[[^\]\r\n]{1,40}\] ?|[0-9][0-9/.,: \-]{6,24}[0-9](?: ?[AaPp][Mm])? - )"
_NAME = r"[A-Za-z+][A-Za-z0-9+ ._'\-]{0,39}"
CSV_ANSWER = r'",[ \t]?"' + _SHORT + r'"\r?$'  # no trailing blanks: hyperscan finds that one too large
NAMED_ANSWER = r"[A-Za-z0-9)]: " + _SHORT + r"[ \t]*\r?$"
TRIGGERS = (CSV_ANSWER, NAMED_ANSWER)

_NAMED = re.compile(_STAMP + _NAME + ": ", re.ASCII)
_REQUEST = re.compile(
    r"\?|(?<![a-z])(?:please|pls|plz|enter|provide|type|send|give|need|tell|confirm|share|what|what's|whats)(?![a-z])"
)
MAX_LINE = 2000  # a longer line is no chat message


def _message(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The shape ("csv" or "named") and the bounds of the message on the line ``text[start:end]`` (no line break)."""
    if end - start > MAX_LINE:
        return None
    stop = end - 1 if text[end - 1 : end] == "\r" else end
    while stop > start and text[stop - 1] in " \t":
        stop -= 1
    if text[stop - 1 : stop] == '"' and (at := text.rfind(',"', start, stop - 1)) > start and text[at - 1] == '"':
        return "csv", at + 2, stop - 1
    if text[start : start + 1] in ("[", *"0123456789") and (m := _NAMED.match(text, start, stop)) is not None:
        return "named", m.end(), stop
    return None


def _line_at(text: str, at: int) -> tuple[int, int]:
    """The bounds of the line holding ``at`` (without its line break)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _asked(text: str, start: int, shape: str, question: Pattern[str]) -> bool:
    """A message on the lines above the line starting at ``start``, in the same ``shape``, asks for the value."""
    for skipped in range(MAX_SKIPPED + 1):
        if start == 0:
            return False
        start, end = _line_at(text, start - 1)
        msg = _message(text, start, end)
        if msg is None or msg[0] != shape:
            return False
        said = text[msg[1] : msg[2]].lower()
        if asks(said, question) and _REQUEST.search(said) is not None:
            return True
        if not body_numbers(text, msg[1], msg[2]) or skipped == MAX_SKIPPED:
            return False  # a message that asks nothing, or too many answers since the question
    return False


def chat_answers(
    text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each chat message on the lines of ``text[pos:endpos]`` that answers a question for what
    ``question`` names; ``parse(text, at)`` reads the value at ``at``."""
    start, endpos = _line_at(text, pos)[0], min(endpos, len(text))
    while start < endpos:
        end = _line_at(text, start)[1]
        msg = _message(text, start, end)
        if msg is not None and msg[2] - msg[1] <= 72:
            numbers = body_numbers(text, msg[1], msg[2])
            hit = first_answer(text, numbers, msg[1], msg[2], parse) if numbers else None
            if hit is not None and _asked(text, start, msg[0], question):
                yield hit
        start = end + 1
