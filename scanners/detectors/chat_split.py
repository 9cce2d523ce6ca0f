"""A card number written over two or more chat messages of one person: ``"text": "card number 4111 1111"``, then in
the very next message ``"text": "1111 1111"``.

The messages are the JSON objects chat services export them as: Slack (an array of messages, ``text`` and the
author's ``user``; thread replies carry ``thread_ts``), Microsoft Teams / Graph ``chatMessage`` (``body.content``,
often HTML with ``&nbsp;``, and ``from.user.id``), Amazon Connect chat transcripts (``Content``, ``ParticipantId``),
Intercom and Zendesk conversation parts (``body``, ``author.id`` / ``author_id``). A message object is the nearest
object around the text that is no key's value (Teams' ``body`` is one); its body is its text value nearest its top
(Slack repeats the text in ``blocks``), its author the speaker key at its top level.

The first message ends with digit groups after a card word (``card number 4111 1111``, ``cc is 4111 1111 -``,
``here's the card: 4111``); each following message of the same author, in the same thread, holds only digit groups
and filler words; a message of anyone else with a body in between ends the number (typing events and other threads'
messages are passed over). The joined digits must form a valid PAN (IIN range, length, Luhn) at the end of one of
those messages; the finding is the first message's digits, where the number starts. Order, ticket or phone numbers
written the same way have no card word and stay quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.cards.elements import JSON_TOKENS, closing_bracket, opening_brace
from scanners.detectors.dialogue import FILLERS
from scanners.lazy_re import lazy_compile

_SEP = r"(?:[ -]|&nbsp;|\\u00a0)"
# The card word ("cc" as a word of its own; French "carte", Spanish "tarjeta", German "Karte", "Kartennummer",
# Portuguese "cartão"), a few filler words, then digit groups ending the message (a closing tag, then its closing
# quote). The trigger runs on the text with each non-ASCII character a "?" (``Detector.ascii_only``).
_CARD = r"[Cc]ard|[Cc]arte|[Tt]arjeta|[Kk]arte(?:nnummer)?|[Cc]art(?:\\u00e3|{a})o"
LEAD = (
    r"(?:" + _CARD.format(a=r"\?") + r"|[^0-9A-Za-z][Cc][Cc])(?:[A-Za-z' :#.?]|\\u00e9|" + _SEP + r"){0,16}"
    r"[0-9]{1,8}(?:" + _SEP + r"[0-9]{1,8}){0,5}[ .,\-]{0,4}(?:</(?:p|div)>)?\\?\""
)
_LEAD = re.compile(
    r"(?:" + _CARD.format(a="\u00e3") + r"|(?<![0-9A-Za-z])[Cc][Cc])"
    r"(?P<gap>(?:[A-Za-z' :#.\u00e9]|\\u00e9|" + _SEP + r"){0,16}?)"
    r"(?P<v>[0-9]{1,8}(?:" + _SEP + r"[0-9]{1,8}){0,5})[ .,\-]{0,4}(?:</(?:p|div)>)?\\?\""
)
_BODY_KEYS = frozenset({"text", "content", "body", "plain_body"})
# The author: Slack's ``user``, Connect's ``ParticipantId`` / ``ParticipantRole``, Zendesk's ``author_id``, or the
# ``id`` in Teams' ``from`` (``from.user.id``) or Intercom's ``author``
_AUTHOR_KEYS = frozenset({"user", "from", "author", "author_id", "participantid", "participantrole"})
_VALUE = lazy_compile(r'[ \t\r\n]*:[ \t\r\n]*(?:"((?:[^"\\\r\n]|\\.)*)"|([0-9A-Za-z_.\-]{1,64})|(\{))')
_ID = lazy_compile(r'[^}]{0,300}?"(?:id|displayName)"[ \t\r\n]*:[ \t\r\n]*"?([^",}\r\n]{1,64})')
_MARKUP = re.compile(r"<[^<>]{0,40}>|&nbsp;|\\u00a0|\\[nrt]")
_NEXT = lazy_compile(r"[ \t\r\n]*,?[ \t\r\n]*\{")  # the next message: the next object in its array, or line
_DIGITS = lazy_compile(r"[A-Za-z']+|[0-9]+|[ .,!\-]+|.")
# the answers' filler words, a number's short names, and the courtesies of a chat message
_WORDS = FILLERS | {"no", "nr", "num", "here", "here's", "thanks", "thx", "please", "pls", "c'est", "est", "es", "ist",
                   "lautet"}
_OTHER_VALUES = frozenset({"code", "date", "expiry", "expiration", "expires", "security", "cvv", "cvc"})
REACH = 4000  # how far a message object and the messages after it are looked for
MAX_MESSAGES = 4  # messages that continue one number
_SKIPPED = 3  # messages without a body or of another thread passed over
MAX_GAP = 300  # seconds between two messages of one number, when their objects say when they were sent
_MESSAGES = lazy_compile(r'"messages"[ \t]*:[ \t]*\[[ \t\r\n]*\{')


def split_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each number in ``text[lo:hi]`` that starts a card number its author finishes in the
    messages after it: start and end are the first message's digits."""
    for m in _LEAD.finditer(text, lo, hi):
        gap = _MARKUP.sub(" ", m["gap"]).replace("\\u00e9", " ")  # Portuguese "é" (is), escaped or not, a filler
        if any(w.lower() not in _WORDS for w in re.findall("[A-Za-z']+", gap)):
            continue
        digits = _digits(m["v"])
        if digits is None or (len(digits) >= 12 and is_pan(digits)):
            continue  # a whole number in one message is the PAN detector's
        joined = _continued(text, m.start(), digits)
        if joined is not None:
            yield m.start("v"), m.end("v"), joined


def _digits(said: str) -> str | None:
    """The digits of a message body that holds only digit groups and filler words (None otherwise)."""
    digits = ""
    for tok in _DIGITS.finditer(_MARKUP.sub(" ", said)):
        word = tok.group()
        if word.isdigit():
            digits += word
        elif word[0].isalpha() and word.lower() in _WORDS and word.lower() not in _OTHER_VALUES:
            continue
        elif word[0] not in " .,!-":
            return None
    return digits or None


def _continued(text: str, at: int, digits: str) -> str | None:
    """The PAN ``digits`` (said in the message around ``at``) start, joined with the digit-only messages that follow
    from the same author in the same thread."""
    first = _message(text, at)
    if first is None:
        return None
    author, thread, _, sent = _read(text, *first)
    if author is None:
        return None
    end, added, skipped = first[1], 0, 0
    while added < MAX_MESSAGES and skipped <= _SKIPPED:
        start = _following(text, end)
        close = closing_bracket(text, start, JSON_TOKENS, REACH) if start is not None else None
        if start is None or close is None:
            return None
        who, where, body, when = _read(text, start, close)
        end = close
        if body is None or where != thread:
            skipped += 1
            continue
        if sent is not None and when is not None and not 0 <= when - sent <= MAX_GAP:
            return None  # the same sender, minutes later: another message, not the rest of the number
        more = _digits(body) if who == author else None
        if more is None:
            return None
        digits, added = digits + more, added + 1
        if len(digits) > 19:
            return None
        if len(digits) >= 12 and is_pan(digits):
            return digits
    return None


def _following(text: str, end: int) -> int | None:
    """Where the message object after the one ending at ``end`` starts: the next object in its array or on the next
    line, or, in a log of one webhook a line (the WhatsApp Cloud API's ``entry[].changes[].value.messages[]``), the
    first message of the next line that holds one (status updates of the business's messages passed over, any other
    line ends the conversation)."""
    nxt = _NEXT.match(text, end)
    if nxt is not None:
        return nxt.end() - 1
    line = text.find("\n", end, end + REACH)
    if line < 0 or "{" in text[end:line]:
        return None
    for _ in range(_SKIPPED + 1):
        stop = text.find("\n", line + 1, line + 1 + REACH)
        found = _MESSAGES.search(text, line + 1, len(text) if stop < 0 else stop)
        if found is not None:
            return found.end() - 1
        if stop < 0 or text.find('"statuses"', line + 1, stop) < 0:
            return None  # a line of something else between
        line = stop
    return None


def _message(text: str, at: int) -> tuple[int, int] | None:
    """The message object around ``at``: the nearest enclosing object that is no key's value."""
    start = at
    for _ in range(4):
        start = opening_brace(text, start, REACH)
        if start < 0:
            return None
        if text[max(0, start - 32) : start].rstrip()[-1:] != ":":
            end = closing_bracket(text, start, JSON_TOKENS, REACH)
            return None if end is None else (start, end)
    return None


def _read(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None, int | None]:
    """The author, the thread (Slack's ``thread_ts``), the body and the time sent (a WhatsApp message's
    ``timestamp``, Unix seconds) of the message object ``text[start:end]``."""
    author = thread = body = ts = None
    sent: int | None = None
    depth, body_depth = 0, 99
    for tok in JSON_TOKENS.finditer(text, start, end):
        c = tok.group()
        if c in "{[":
            depth += 1
            continue
        if c in "}]":
            depth -= 1
            continue
        value = _VALUE.match(text, tok.end())
        if value is None:
            continue
        key = c[1:-1].lower()
        if key in _BODY_KEYS and value[1] is not None and depth < body_depth:
            body, body_depth = value[1], depth
        elif depth == 1 and key in _AUTHOR_KEYS and author is None:
            found = _ID.match(text, value.end()) if value[3] else None
            author = (found[1] if found else None) if value[3] else value[1] or value[2]
        elif depth == 1 and key in ("thread_ts", "ts"):
            thread, ts = (value[1], ts) if key == "thread_ts" else (thread, value[1])
        elif depth == 1 and key == "timestamp" and (stamp := value[1] or value[2] or "").isdigit():
            sent = int(stamp)
    return author, None if thread == ts else thread, body, sent  # a thread's parent is a channel message too
