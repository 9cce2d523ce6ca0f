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
from scanners.cards.panchain import plausible_grouping
from scanners.cards.senttimes import TIME_KEYS, seconds
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
# A message that holds only digit groups (the rest of a number), its body key's value from its first character
ONLY = (r'"(?:text|body|[Cc]ontent)\\?"[ \t]*:[ \t]*\\?"(?:<p>)?[0-9]{1,8}(?:' + _SEP + r'[0-9]{1,8}){0,5}'
        r'[ .]{0,2}(?:</p>)?\\?"')
_ONLY = re.compile(r'"(?:text|body|[Cc]ontent)\\?"[ \t]*:[ \t]*\\?"(?:<p>)?(?P<v>[0-9]{1,8}(?:' + _SEP
                   + r'[0-9]{1,8}){0,5})[ .]{0,2}(?:</p>)?\\?"')
# the digit groups closing a message's body (after any words: "use this one 3407", "o número é 4717 9335")
_TAIL = re.compile(r"(?<![0-9A-Za-z\\.,/:#+\-])(?P<v>[0-9]{1,8}(?:" + _SEP + r"[0-9]{1,8}){0,5})[ .,\-]{0,4}"
                   r"(?:</(?:p|div)>)?$")
_BODY_KEYS = frozenset({"text", "content", "body", "plain_body"})
# The author: Slack's ``user``, Connect's ``ParticipantId`` / ``ParticipantRole``, Zendesk's ``author_id``, the
# ``id`` in Teams' ``from`` (``from.user.id``) or Intercom's ``author``, or the ``role`` of a model's ``messages``
# (OpenAI, Anthropic, Bedrock Converse: ``{"role": "user", "content": ...}``)
_AUTHOR_KEYS = frozenset({"user", "from", "author", "author_id", "participantid", "participantrole", "role"})
_VALUE = lazy_compile(r'[ \t\r\n]*:[ \t\r\n]*(?:"((?:[^"\\\r\n]|\\.)*)"|([0-9A-Za-z_.\-]{1,64})|(\{))')
_ID = lazy_compile(r'[^}]{0,300}?"(?:id|displayName)"[ \t\r\n]*:[ \t\r\n]*"?([^",}\r\n]{1,64})')
_MARKUP = re.compile(r"<[^<>]{0,40}>|&nbsp;|\\u00a0|\\[nrt]")
_NEXT = lazy_compile(r"[ \t\r\n]*,?[ \t\r\n]*\{")  # the next message: the next object in its array, or line
_DIGITS = lazy_compile(r"[A-Za-z']+|[0-9]+|[ .,!\-]+|.")
# the answers' filler words, a number's short names, and the courtesies of a chat message
_WORDS = FILLERS | {"no", "nr", "num", "here", "here's", "thanks", "thx", "please", "pls", "c'est", "est", "es", "ist",
                   "lautet", "starts", "begins", "with"}  # ("card starts with 4111 1111": the number's first part)
# Another participant's message that asks for the rest of the number ("Got it, and the rest?", "the remaining
# digits please"): the number goes on in its author's next message, so the question is passed over
_ASKS_REST = lazy_compile(r"(?i)(?<![a-z])(?:the rest|remaining|remainder|other (?:digits|numbers|half)"
                          r"|next (?:digits|numbers|part|four))(?![a-z])")
_OTHER_VALUES = frozenset({"code", "date", "expiry", "expiration", "expires", "security", "cvv", "cvc"})
REACH = 4000  # how far a message object and the messages after it are looked for
MAX_MESSAGES = 4  # messages that continue one number
_SKIPPED = 3  # messages without a body or of another thread passed over
MAX_GAP = 300  # seconds between two messages of one number, when their objects say when they were sent
_MESSAGES = lazy_compile(r'"messages"[ \t]*:[ \t]*\[[ \t\r\n]*\{')
_DIGIT = re.compile("[0-9]")


def split_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each number in ``text[lo:hi]`` that starts a card number its author finishes in the
    messages after it: start and end are the first message's digits."""
    for m in _LEAD.finditer(text, lo, hi):
        gap = _MARKUP.sub(" ", m["gap"]).replace("\\u00e9", " ")  # Portuguese "é" (is), escaped or not, a filler
        if any(w.lower() not in _WORDS for w in re.findall("[A-Za-z']+", gap)):
            continue
        said = digit_groups(m["v"])
        if said is None or (len(said[0]) >= 12 and is_pan(said[0])):
            continue  # a whole number in one message is the PAN detector's
        joined = _continued(text, m.start(), *said)
        if joined is not None:
            yield m.start("v"), m.end("v"), joined


def completed_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each message in ``text[lo:hi]`` holding only digit groups that finish a card number
    the message just before it starts with the digit groups closing its body, no card word before them (``use this
    one 3407``, ``o número é 4717 9335``, a first message of digits only): the joined groups must be laid out as a
    card's (``laid_out``), as an order or phone number split over two messages seldom is. Start and end are this
    message's digits, the message that makes the number whole. A first message the card-word rule reads
    (``split_pans``) is left to it."""
    for m in _ONLY.finditer(text, lo, hi):
        own = _message(text, m.start("v"))
        prev = None if own is None else _preceding(text, own[0])
        close = None if prev is None else closing_bracket(text, prev, JSON_TOKENS, REACH)
        if prev is None or close is None:
            continue
        body = _read(text, prev, close)[2]
        said = None if body is None else closing_groups(body)
        if said is None or (len(said[0]) >= 12 and is_pan(said[0])) or next(split_pans(text, prev, close), None):
            continue
        joined = _continued(text, prev + 1, *said, grouped=True)
        if joined is not None:
            yield m.start("v"), m.end("v"), joined


def closing_groups(body: str) -> tuple[str, list[int]] | None:
    """The digits of the groups closing the message body ``body`` (JSON-escaped, markup read as spaces), and their
    sizes; None when it does not end with digits."""
    tail = _TAIL.search(_MARKUP.sub(" ", body).rstrip())
    return None if tail is None else digit_groups(tail["v"])


def _preceding(text: str, start: int) -> int | None:
    """Where the message object before the one starting at ``start`` starts: the object before it in its array (or
    on the line above), or, in a log of one webhook a line, the message of the line above that holds one (status
    updates passed over, as ``_following`` does)."""
    j = len(text[:start].rstrip(" \t\r\n")) - 1
    if text[j : j + 1] == ",":
        j = len(text[:j].rstrip(" \t\r\n")) - 1
    if text[j : j + 1] == "}":
        brace = opening_brace(text, j, REACH)
        return brace if brace >= 0 and text[max(0, brace - 32) : brace].rstrip()[-1:] != ":" else None
    line = text.rfind("\n", 0, start)
    if text[j : j + 1] != "[" or line < 0 or _MESSAGES.search(text, line + 1, start + 1) is None:
        return None
    for _ in range(_SKIPPED + 1):
        above = text.rfind("\n", max(0, line - REACH), line) + 1
        found = max(_MESSAGES.finditer(text, above, line), key=_start, default=None)
        if found is not None:
            return found.end() - 1
        if text.find('"statuses"', above, line) < 0 or above == 0:
            return None
        line = above - 1
    return None


def _start(m: re.Match[str]) -> int:
    return m.start()


def digit_groups(said: str) -> tuple[str, list[int]] | None:
    """The digits of a message body that holds only digit groups and filler words, and its groups' sizes (None
    otherwise)."""
    digits, sizes = "", []
    for tok in _DIGITS.finditer(_MARKUP.sub(" ", said)):
        word = tok.group()
        if word.isdigit():
            digits += word
            sizes.append(len(word))
        elif word[0].isalpha() and word.lower() in _WORDS and word.lower() not in _OTHER_VALUES:
            continue
        elif word[0] not in " .,!-":
            return None
    return (digits, sizes) if digits else None


def laid_out(sizes: list[int]) -> bool:
    """Digit groups laid out as a card number is written: fours (a shorter last group), Amex's 4-6-5, Diners' 4-6-4,
    a 13-digit Visa's 4-3-3-3; not one run, nor single digits."""
    return len(sizes) >= 2 and sizes.count(1) < len(sizes) and plausible_grouping(sizes)


def _continued(text: str, at: int, digits: str, sizes: list[int], grouped: bool = False) -> str | None:
    """The PAN ``digits`` (said in the message around ``at``, in groups of ``sizes``) start, joined with the
    digit-only messages that follow in the same thread: its author's, or, the very next messages, anyone's sent
    within ``MAX_GAP`` (both times known) when the joined groups are ``laid_out`` as a card's; ``grouped``: they
    must be (a first message without a card word)."""
    first = _message(text, at)
    if first is None:
        return None
    author, thread, _, sent = _read(text, *first)
    if author is None:
        return None
    end, added, skipped, sizes = first[1], 0, 0, list(sizes)
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
        more = digit_groups(body)
        if more is None and who != author and added == 0 and _ASKS_REST.search(body) and not _DIGIT.search(body):
            skipped += 1  # "and the rest?": the author's next message finishes the number
            continue
        if more is None:
            return None
        # Another participant's message right after, within the gap, finishes the number when the joined groups are
        # a card's layout: an agent relaying a customer's chat, a page whose records name each message's sender
        # apart; whoever typed each half, the conversation then holds the whole card number.
        grouped = grouped or who != author
        if who != author and (sent is None or when is None):
            return None
        digits, added = digits + more[0], added + 1
        sizes += more[1]
        if len(digits) > 19:
            return None
        if len(digits) >= 12 and is_pan(digits):
            return digits if not grouped or laid_out(sizes) else None
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


def _read(text: str, start: int, end: int) -> tuple[str | None, str | None, str | None, float | None]:
    """The author, the thread (Slack's ``thread_ts``), the body and the time sent (a WhatsApp message's
    ``timestamp``, Unix seconds) of the message object ``text[start:end]``."""
    author = thread = body = ts = None
    sent: float | None = None
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
        if depth == 1 and key in TIME_KEYS and sent is None:
            sent = seconds(value[1] or value[2] or "")
    return author, None if thread == ts else thread, body, sent  # a thread's parent is a channel message too
