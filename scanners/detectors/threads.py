"""A value answered in the next message of a help-desk thread or a transcript's list of messages, as their APIs write
them: a JSON array of message objects, each with its text under a body key and its author in a field of its own
(Zendesk comments: ``body``/``html_body``/``plain_body`` and ``author_id``; Freshdesk conversations: ``body``/
``body_text``, ``user_id``, ``incoming``; Zoho Desk threads: ``content``/``summary``, ``direction``; Help Scout
threads: ``body``, ``createdBy``; Front messages: ``body``/``text``, ``is_inbound``; ServiceNow journal entries:
``value``, ``sys_created_by``; Genesys phrases: ``text``/``decoratedText``, ``participantPurpose``; Fireflies
sentences: ``text``/``raw_text``, ``speaker_id``; Discord messages: ``content``, ``author``).

An answer is a whole message: its body (HTML tags around it at most) is the value and nothing else ("¿Fecha de
vencimiento?" then ``"body": "<div>02-32</div>"``; said in digit words too, as a call's speech-to-text writes it:
``"decoratedText": "nine one six"``). The message it answers is the object right before it in the same
array (or, for one record a line, the record on the line above), which asks for that kind of value (a question mark
or a request, ``dialogue.asks``), at most ``dialogue.MAX_SKIPPED`` answers before it; and it comes from the other
party: no author field that both objects carry may hold the same value in both (a customer's two messages in a row
answer nothing). Objects are read by their braces (strings holding braces are rare in these records), over at most
``MAX_OBJECT`` characters each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.cards.elements import enclosing_object, opening_brace
from scanners.detectors.dialogue import MAX_SKIPPED, SAID_VALUE, Parse, asks, body_numbers
from scanners.lazy_re import lazy_compile

# The keys a message's text is written under (``plain_body``, ``body_text``, ``raw_text``, ``decoratedText`` too)
_BODY = r"(?:[Bb]ody|[Tt]ext|[Cc]ontent|summary|value)"
_TAGS = r"(?:<[^<>\r\n]{0,80}>){0,4}"
# A short value, a month's name allowed before the digits ("agosto 2029", "wrzesień 2031": any letter outside ASCII,
# as ``re`` reads the text; its bytes, or the "?" it stands as, as hyperscan does)
VALUE = r"(?:(?:[A-Za-z?]|[^\x00-\x7f]){3,12} )?[0-9][0-9 /.\-]{0,10}"
# ... or said in number words (a speech-to-text turn: "three two nine", "September twenty thirty two")
ANSWER_VALUE = f"(?:{VALUE}|{SAID_VALUE})"
# The triggers: a body key whose whole string is a short value, in simple tags at most; or such a value closing an
# HTML body, whose opening tags may hold attributes
THREAD_ANSWER = (_BODY + r'\\?"[ \t]*:[ \t]*\\?"(?:<[a-z]{1,4}>){0,2}' + ANSWER_VALUE
                 + r'(?:</?[a-z]{1,4} ?/?>){0,3}\\?"')
HTML_ANSWER = r">" + VALUE + r'(?:</?[a-z]{1,4} ?/?>){1,3}\\?"'
_ANSWER = re.compile(r'"[A-Za-z_]{0,10}' + _BODY + r'\\?"[ \t]*:[ \t]*\\?"(?P<v>' + _TAGS + r"[^\"\\<>\r\n]{1,40}"
                     + _TAGS + r')\\?"')
_STRIP = re.compile(r"<[^<>]*>|\\[nrt]")
_VALUE_END = re.compile(r"[ .]?" + _TAGS)
# Every body of a message object, as ``_ANSWER`` but any text
_BODIES = re.compile(r'"[A-Za-z_]{0,10}' + _BODY + r'\\?"[ \t]*:[ \t]*\\?"(?P<v>(?:[^"\\]|\\.){0,2000})"')
# The fields that name a message's author or side: a scalar, or a small object (Help Scout's ``createdBy``)
_AUTHOR = re.compile(
    r'"(?P<k>author_id|user_id|contact_id|author|createdBy|created_by|sys_created_by|direction|incoming|is_inbound'
    r'|participantPurpose|participant_type|speaker|speaker_id|speakerId|speaker_name|sender|from|role)"[ \t]*:[ \t]*'
    r'(?P<v>"(?:[^"\\]|\\.){0,200}"|\{[^{}]{0,400}\}|[A-Za-z0-9.\-]{1,40})'
)
REQUEST = lazy_compile(r"\?|(?<![a-z])(?:please|pls|enter|provide|type|send|give|tell|confirm|share|what|what's"
                        r"|por favor|bitte|per favore|alstublieft|prosz[eę]|s'il vous pla[iî]t)(?![a-z])")
MAX_OBJECT = 3000  # a message object larger than this is a page or a ticket, not one message
_LEVELS = 4  # how many enclosing objects are tried for the message (a Messenger event's ``message`` is 3 deep)


def thread_answers(
    text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse
) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each message body in ``text[pos - 64:endpos]`` that is a whole answer to the message
    before it, when that message asks for what ``question`` names; ``parse(text, at)`` reads the value at ``at``."""
    lo = max(0, pos - 64)
    window = text[lo:endpos]  # a fast pre-check: every body key's word holds one of these (as ``_BODY`` spells them)
    if "ody" not in window and "ext" not in window and "value" not in window and "ontent" not in window and (
            "summary" not in window):
        return
    for m in _ANSWER.finditer(text, lo, endpos):
        at = _tags_end(text, m.start("v"))
        hit = parse(text, at)
        if hit is None or hit[0] != at or _VALUE_END.fullmatch(text, hit[1], m.end("v")) is None:
            continue
        if _asked(text, m.start(), question):
            yield hit


def _tags_end(text: str, at: int) -> int:
    while text.startswith("<", at) and (close := text.find(">", at, at + 81)) > 0:
        at = close + 1
    return at


def _asked(text: str, key: int, question: Pattern[str]) -> bool:
    """The message holding the body key at ``key`` answers one before it that asks for what ``question`` names."""
    at, bodies = key, 0
    for _ in range(_LEVELS):
        if (found := enclosing_object(text, at, reach=MAX_OBJECT)) is None:
            return False
        start, end = found
        count = sum(1 for _ in _BODIES.finditer(text, start, end))
        if bodies and count != bodies:
            return False  # the object above holds other messages too: a page or a ticket, not one message's record
        before = _previous(text, start)
        if before is not None:
            return _asked_by(text, before, (start, end), question)
        at, bodies = start, count
    return False


def _asked_by(text: str, before: tuple[int, int], answer: tuple[int, int], question: Pattern[str]) -> bool:
    authors = _authors(text, *answer)
    for skipped in range(MAX_SKIPPED + 1):
        said = " ".join(_STRIP.sub(" ", b["v"]) for b in _BODIES.finditer(text, *before)).lower()
        if "\\u" in said:
            said = said.encode("ascii", "backslashreplace").decode("unicode_escape", "replace")
        mine = _authors(text, *before)
        if any(mine.get(k) == v for k, v in authors.items()):
            return False  # the same party's message: no question to answer
        if asks(said, question) and REQUEST.search(said) is not None:
            return True
        if skipped == MAX_SKIPPED or not said.strip() or not body_numbers(said, 0, len(said)):
            return False  # a message that asks nothing, or too many answers since the question
        nxt = _previous(text, before[0])
        if nxt is None:
            return False
        before = nxt
    return False


_EMPTY = frozenset({"{}", "null", '""'})


def _authors(text: str, start: int, end: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _AUTHOR.finditer(text, start, end):
        if m["v"] not in _EMPTY:  # an empty ``from`` of a ``via`` object names nobody
            found.setdefault(m["k"], m["v"])
    return found


def _previous(text: str, start: int) -> tuple[int, int] | None:
    """The object right before the object opening at ``start``: its sibling in an array (``}, {``), or the record on
    the line above for a record a line."""
    i = start - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i < 0:
        return None
    if text[i] == ",":
        i -= 1
        while i >= 0 and text[i] in " \t\r\n":
            i -= 1
    elif not (text[i] == "}" and "\n" in text[i:start] and _line_start(text, start)):
        return None
    if i < 0 or text[i] != "}":
        return None
    j = opening_brace(text, i, MAX_OBJECT)  # the brace this one closes
    return None if j < 0 else (j, i + 1)


def _line_start(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] == "\n"
