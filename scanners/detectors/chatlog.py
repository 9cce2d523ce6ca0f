"""Chat transcripts written one message a line, as chat, SMS and WhatsApp exports and chat-widget logs write them: a
CSV row whose last quoted field is the message (``"2026-09-03T18:46:31Z","Customer","+1555...","02/31"``), or a
time stamp, a name and the message (``24/07/2026, 01:40 - Customer: 12/29``, ``[10:21] Agent: And the CVV?``).

A message is an answer as a JSON turn is (``dialogue``): only numbers, filler words and punctuation, the value alone
in it; the message it answers is the last one before it, on the lines right above it and in the same shape, that is no
answer itself (at most ``dialogue.MAX_SKIPPED`` answers between: the card number, the date, then the code), and it must
be a question or a request (a ``?`` or a word that asks: a CSV header that names a column is neither) for that kind
of value and for nothing that is no card's (``dialogue.asks``).

A conversation may also be quoted on one line, each turn after its speaker's label: a transcript pasted into a model
prompt (``"Summarize this call: AGENT: card number please. CUSTOMER: 4… AGENT: and the CVV? CUSTOMER: 963."``), a
ticket's note. The labels are the roles transcripts name (``AGENT``, ``Customer``, ``Caller``, ``User``...), in
capitals or title case; a turn answers the turn before it on the same line and in the same string, read as above.

And a transcript may be one run of speech with no speaker's turns (an Amazon Transcribe job without speaker labels,
``results.transcripts[0].transcript``), where the agent's question ends with its question mark and the caller's
answer follows at once: "... and the expiry date? 01/30 what's the CVV? 421 thank you, payment approved"
(``run_answers``). The value must start right after the mark, stand alone (no digit group after it: "what's the CVV?
3 digits on the back" holds no code), and the question's last clause (``_RUN_WORDS`` words at most, not the whole
call before it) must ask for it as above, naming it among its last few words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from re import Pattern

from scanners.decoders.json_escape import unescape
from scanners.detectors.blocks import CUE_ANSWER, HEADED_ANSWER, block_answers
from scanners.detectors.dialogue import (
    MAX_SKIPPED,
    SAID_WORD,
    Parse,
    answers,
    asks,
    body_numbers,
    ends_said,
    first_answer,
)
from scanners.detectors.role_lines import LINE_ANSWER, ROLE_ANSWER, ROLES, line_answers
from scanners.detectors.speech_turns import TURN
from scanners.detectors.threads import HTML_ANSWER, THREAD_ANSWER, thread_answers
from scanners.lazy_re import lazy_compile

# The triggers: a line that ends with a short message ending in a digit, after a CSV field or a stamp's end and a name
# (the whole stamp is checked in Python: a trigger that long is too large for hyperscan's start offsets).
_SHORT = r"[0-9A-Za-z',.!? /\-]{0,40}[0-9][.!]?"
# a time in brackets or parentheses ("[10:21] ", "(06:11:46) ", a live chat's transcript), or a date and time and " - "
_STAMP = (r"(?:\[[^\]\r\n]{1,40}\] ?|\([0-9][0-9:.]{3,10}(?: ?[AaPp][Mm])?\) ?"
          r"|[0-9][0-9/.,: \-]{6,24}[0-9](?: ?[AaPp][Mm])? - )")
# ("?": a letter outside ASCII, as hyperscan reads the text; \x80-\xff: a Latin-1 letter, as the ``re`` back end does)
_NAME = r"[A-Za-z+?\x80-\xff][A-Za-z0-9+ ._'?\x80-\xff\-]{0,30}"
# A CSV message: digits after a few common fillers or a month only ("sure, 09/28", "December 29"): letters after
# every "," of compact JSON cost hyperscan three times as much on the 20 MB corpus
_FILLED = (
    r"(?:(?:[Ss]ure|[Yy]es|[Yy]eah|[Oo]k|[Oo]kay|[Ii]t'?s|[Tt]hat'?s|(?:[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Mm]ay|[Jj]u[nl]"
    r"|[Aa]ug|[Ss]ep|[Oo]ct|[Nn]ov|[Dd]ec)[a-z]{0,6})[,.!]? {1,2}){0,2}"
)  # fillers and a month's name
CSV_ANSWER = r'","' + _FILLED + r'[0-9][0-9 /.\-]{0,10}[.!]?"\r?$'
_STAMP_END = r"(?:\] ?|[0-9Mm]\) ?|[0-9Mm] - )"
NAMED_ANSWER = _STAMP_END + _NAME + ": " + _SHORT + r"\r?$"  # the stamp's end, the name, the message
# ... or a message ending in a digit said as a word, as speech-to-text writes a caller's answer ("zero five three zero")
# (a number word of any language callers answer in: "[00:03:41] Priya Müller: três oito quatro três")
SPELLED_ANSWER = _STAMP_END + _NAME + r": (?:[A-Za-z',.!? \-]|[^\x00-\x7f]){0,60}(?i:" + SAID_WORD + r")[.!]?\r?$"
_SPEAKER = "(?:" + "|".join(f"{r.upper()}|{r.title()}" for r in ROLES) + ")"
# The trigger: a speaker's label and a short turn holding a digit
INLINE_ANSWER = _SPEAKER + r": [0-9A-Za-z',.!? /\-]{0,40}[0-9]"
# A speaker's label: led by the role's letters, which ``re`` skips ahead to (a look-behind first made it try every
# position: 27 ms of the record-shapes corpus's CVV and expiry windows, 9 ms so); no word character before it
# (``_labels``).
_LABEL = re.compile(_SPEAKER + ": ")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# and a turn of a conversation quoted on one line, a help-desk thread's message, a transcript block's, a transcript
# line's (``role_lines``)
TRIGGERS = (CSV_ANSWER, NAMED_ANSWER, SPELLED_ANSWER, INLINE_ANSWER, THREAD_ANSWER, HTML_ANSWER, CUE_ANSWER,
            HEADED_ANSWER, ROLE_ANSWER, LINE_ANSWER)
ANSWER_TRIGGERS = (TURN, *TRIGGERS)  # a speech or chat turn, a chat export's message

# (a name's letters outside ASCII as the text writes them, the triggers read each as a "?"; a team in parentheses:
# "Kevin (Billing): ")
_NAMED = re.compile(_STAMP + r"(?:[^\W\d_]|\+)[\w+ .'?()\-]{0,30}: ")
_REQUEST = lazy_compile(
    r"\?|(?<![a-z])(?:please|pls|plz|enter|provide|type|send|give|need|tell|confirm|share|what|what's|whats)(?![a-z])"
)
MAX_LINE = 2000  # a longer line is no chat message
# A spoken prompt as speech-to-text writes it, with no question mark: the value's name alone ("expiration date",
# "and the three digit security code on the back"), at most ten words, no digit and no verb that makes it a statement
# ("your cvv check failed"). Only a timed, named line: a CSV header names its columns the same way.
_PROMPT = lazy_compile(r"(?!.*(?<![a-z])(?:is|was|were|are|has|have|had|will|failed|declined|updated|changed|saved"
                       r"|stored|invalid|wrong|error|check|matched|expired)(?![a-z]))"
                       r"(?:(?:and|ok|okay|now|also|then|finally|great|perfect|thanks|thank you)[,.!]? )*"
                       r"(?:(?:the|your) )?[a-z'\-]+(?: [a-z'\-]+){0,9}[.!]?")


def _message(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The shape ("csv" or "named") and the bounds of the message on the line ``text[start:end]`` (no line break)."""
    if end - start > MAX_LINE:
        return None
    stop = end - 1 if text[end - 1 : end] == "\r" else end
    while stop > start and text[stop - 1] in " \t":
        stop -= 1
    if text[stop - 1 : stop] == '"' and (at := text.rfind(',"', start, stop - 1)) > start and text[at - 1] == '"':
        return "csv", at + 2, stop - 1
    if text[start : start + 1] in ("[", "(", *"0123456789") and (m := _NAMED.match(text, start, stop)) is not None:
        return "named", m.end(), stop
    return None


def _line_above(text: str, start: int) -> tuple[int, int] | None:
    """The bounds of the line above the one starting at ``start`` (without its line break), None for a first line
    or one longer than ``MAX_LINE``."""
    if start == 0:
        return None
    top = text.rfind("\n", max(0, start - 2 - MAX_LINE), start - 1) + 1
    return (top, start - 1) if top > 0 or start - 1 <= MAX_LINE else None


def _asked(text: str, start: int, shape: str, question: Pattern[str]) -> bool:
    """A message on the lines above the line starting at ``start``, in the same ``shape``, asks for the value."""
    for skipped in range(MAX_SKIPPED + 1):
        above = _line_above(text, start)
        if above is None:
            return False
        start, end = above
        msg = _message(text, start, end)
        if msg is None or msg[0] != shape:
            return False
        said = text[msg[1] : msg[2]].lower()
        prompt = _REQUEST.search(said) is not None or (shape == "named" and _PROMPT.fullmatch(said) is not None)
        if asks(said, question) and prompt:
            return True
        if not body_numbers(text, msg[1], msg[2]) or skipped == MAX_SKIPPED:
            return False  # a message that asks nothing, or too many answers since the question
    return False


def chat_answers(
    text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each chat message on the lines of ``text[pos:endpos]`` that answers a question for what
    ``question`` names; ``parse(text, at)`` reads the value at ``at``."""
    start, endpos = text.rfind("\n", max(0, pos - MAX_LINE), pos) + 1, min(endpos, len(text))
    if start == 0 and pos > MAX_LINE:  # the line holding ``pos`` is too long for a message: start at the next one
        start = text.find("\n", pos, endpos) + 1 or endpos
    while start < endpos:
        end = text.find("\n", start, endpos + MAX_LINE)
        end = min(len(text), endpos + MAX_LINE) if end < 0 else end
        last = text[max(start, end - 4) : end].rstrip('\r \t"!.')[-1:]  # an answer ends with a digit: most lines do not
        said = last.isdigit() or (last.isalpha() and ends_said(text[max(start, end - 16) : end].rstrip('\r \t"')))
        msg = _message(text, start, end) if said else None
        if msg is not None and msg[2] - msg[1] <= 72:
            numbers = body_numbers(text, msg[1], msg[2])
            hit = first_answer(text, numbers, msg[1], msg[2], parse) if numbers else None
            if hit is not None and _asked(text, start, msg[0], question):
                yield hit
        start = end + 1


MAX_SPAN = 2000  # how far back on the line the turns are read
MAX_TURN = 72  # a longer turn is no answer


def _string_start(text: str, at: int) -> int:
    """Where the line or the string holding ``at`` starts: after a line break or a quote (escaped or not: a quote
    inside a quoted conversation ends what is read of it), at most ``MAX_SPAN`` back."""
    lo = max(0, at - MAX_SPAN)
    return max(lo, text.rfind("\n", lo, at) + 1, text.rfind('"', lo, at) + 1)


_END = re.compile(r'\\?"|[\r\n]')


def _string_end(text: str, at: int) -> int:
    """Where the line or the string holding ``at`` ends: a line break or a quote (escaped or not)."""
    m = _END.search(text, at, at + MAX_SPAN)
    return m.start() if m is not None else min(len(text), at + MAX_SPAN)


def inline_answers(
    text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each turn starting in ``text[pos - 64:endpos]`` after a speaker's label that answers
    the turn before it on its line, when that turn asks for what ``question`` names; ``parse(text, at)`` reads the
    value at ``at``."""
    lo = max(0, pos - 64)
    for m in _labels(text, lo, endpos):
        start = _string_start(text, m.start())
        labels = [(t.start(), t.end()) for t in _labels(text, start, m.start())]
        if not labels:
            continue  # the first turn of its line answers nothing
        nxt = next(_labels(text, m.end(), _string_end(text, m.end())), None)
        close = nxt.start() if nxt is not None else _string_end(text, m.end())
        while text[close - 1 : close] == ">" and (tag := text.rfind("<", m.end(), close)) >= 0:
            close = tag  # an HTML note's paragraph tags end the turn: "<p>Caller: 348</p><p>Agent: ..."
        if close - m.end() > MAX_TURN:
            continue
        numbers = body_numbers(text, m.end(), close)
        hit = first_answer(text, numbers, m.end(), close, parse) if numbers else None
        if hit is not None and _asked_inline(text, labels, m.start(), question):
            yield hit


def _labels(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """The speakers' labels in ``text[lo:hi]`` that no letter, digit or underscore precedes (the character before
    ``lo`` too): a match one precedes hides no label, as every later start inside it follows a letter."""
    for m in _LABEL.finditer(text, lo, hi):
        if not (m.start() and text[m.start() - 1] in _WORD_CHARS):
            yield m


def _asked_inline(text: str, labels: list[tuple[int, int]], end: int, question: Pattern[str]) -> bool:
    """A turn of ``labels`` (label spans, in order, the last before ``end``) asks for the value, over at most
    ``MAX_SKIPPED`` answers since."""
    for skipped, (_, at) in enumerate(reversed(labels)):
        said = text[at:end].lower()
        if asks(said, question) and _REQUEST.search(said) is not None:
            return True
        if skipped == MAX_SKIPPED or not body_numbers(text, at, end):
            return False
        end = labels[len(labels) - 1 - skipped][0]
    return False


def answered(text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse) -> Iterator[tuple[int, int, str]]:
    """The answers to a question for what ``question`` names: in speech and chat turns (``dialogue.answers``), then
    in chat exports' messages, then in the turns of a conversation quoted on one line (``inline_answers``), then
    right after the question's mark in a run of speech (``run_answers``), then in the messages of a help-desk
    thread (``threads``), of a transcript written as blocks of lines (``blocks``) and of one written a turn a line
    with no stamp (``role_lines``)."""
    return chain(answers(text, pos, endpos, question, parse), chat_answers(text, pos, endpos, question, parse),
                 inline_answers(text, pos, endpos, question, parse), run_answers(text, pos, endpos, question, parse),
                 thread_answers(text, pos, endpos, question, parse), block_answers(text, pos, endpos, question, parse),
                 line_answers(text, pos, endpos, question, parse))


_MARK = re.compile(r"\?[ \t]{1,2}(?=[0-9])")
# another digit group after the value (a longer number: "531 942"), not a number that starts the next phrase ("08/25
# 3 digit code on the back is...")
_MORE = re.compile(r"[ \t]*(?:[,./\-][ \t]*[0-9]|[0-9]{2})")
_RUN_WORD = re.compile(r"[^ \t\r\n]+")
_RUN_WORDS = 10  # the question: "and the three digit security code on the back"
_AFTER_NAME = 4  # words after the value's name in its question: "expiration date on the card"
_RUN_REACH = 120  # how far before the mark its words are read
# a question for where, why or how the value is, not for the value: "where is the security code printed on my
# statement? 372 pages"
_NOT_THE_VALUE = re.compile(r"(?<![a-z])(?:where|why|how|when|who|whose)(?![a-z])")
_STOP = re.compile(r'[.!,;"\r\n](?=[^.!,;"\r\n]*$)')  # the last clause's end, quote or line break before the mark


def run_answers(text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
                ) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each value right after a question mark in ``text[pos - 64:endpos]`` whose question
    asks for what ``question`` names; ``parse(text, at)`` reads the value at ``at``."""
    for m in _MARK.finditer(text, max(0, pos - 64), endpos):
        hit = parse(text, m.end())
        if hit is None or hit[0] != m.end() or _MORE.match(text, hit[1]) is not None:
            continue
        lo = max(0, m.start() - _RUN_REACH)
        stop = _STOP.search(text, lo, m.start())
        said = " ".join(_RUN_WORD.findall(text, stop.end() if stop is not None else lo, m.start())[-_RUN_WORDS:])
        said = said.lower()
        if "\\" in said:  # "\u00bfy el c\u00f3digo de seguridad de atr\u00e1s": the escapes decoded
            said = (unescape(said) or said).lower()
        named = list(question.finditer(said))
        after = said[named[-1].end() :] if named else ""
        if (named and len(after.split()) - after[:1].isalpha() <= _AFTER_NAME and asks(said, question)
                and _NOT_THE_VALUE.search(said) is None):
            yield hit  # the question names the value ("the cvv was fine how many units? 272" does not)
