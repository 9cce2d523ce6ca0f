"""A card number a person gives in two consecutive messages of their own ("4578 9160", then "1329 1423"; "3783",
then "167619 81012"), however the record system writes one message after another: a string under a key (a JSON
``"text"``/``"body"``/``"value"``, a logfmt ``last_utterance="..."``, a form or query parameter ``Text=6011+0352``),
an HTML block of a note (``<br>``, ``<p>Caller: ...</p>``), a VTT cue's ``<v Name>``, a speaker's line
(``[00:02:46] Ana: 3426``, ``Customer said: "..."``) or a plain line of a text holding one message a line (a CSV
cell's lines, a mail's body).

A message is read by what opens it (``_LEFT``): its key, its tag or its line, then a speaker's name, then the
digit groups (after at most a few lead words, ``LEAD``: "it is", "la tarjeta es"), then what closes it (a quote, a
tag, ``&``, the line's end). The next message is the nearest one below, within ``REACH``, opened the same way (the
same key; a block tag for a block tag; the next speaker's name in a value quoting several; the line below, a VTT
cue's id and timing passed over): no message written the same way lies between, so the two are adjacent. Both must
hold only digit groups; their party must be the same: the speaker's names are equal, and no party field that both
records write (``from``, ``sender``, ``author_id``, ``msisdn``, ``conversation``, ``participantPurpose``,
``incoming``...) holds different values in them. A text with no such field (a CRM note, a case description, a call
summary quoting the caller) holds one party's words. When each message was sent is not read: a gateway's or
export's times need not be in order, and the two messages' being adjacent, one party's and a valid card's layout is
what joins them.

The joined groups must be laid out as a card's (``chat_split.laid_out``: fours, 4-6-5, 4-6-4) and form a valid PAN
(IIN range, length, Luhn) that neither piece is alone; the message before the first must not be a third piece of
the same party (three or more pieces are some other number). An order or phone number has its word in the first
message, "ending 4242" has "ending": both stay quiet. The number is reported on the first message's digits, where
it starts (and where a copy of the message in another field, Zendesk's ``html_body``, starts it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from scanners.cards.brands import is_pan
from scanners.cards.elements import enclosing_object
from scanners.detectors.chat_split import laid_out
from scanners.detectors.context import line_end, line_start
from scanners.detectors.dialogue import FILLERS

REACH = 3000  # how far above the message before it may start: a pretty-printed record spends ~1000 characters
_SEP = r"(?:[ \t]|\+|%20)"
# What opens a message's digits (a quote, "=", a tag, a speaker's colon, a line's start) and what closes them (a
# quote, a tag, a parameter's end, the line's end)
_OPENS, _CLOSES = r"[\"=>]|: |^[ \t]*", r"(?:[ \t.]{0,2}\\?\"|[<&]| ?\.?\r?$)"
# a key that holds a message's text (a chat's "text", a ticket's "body", a call summary's "said: ")
_TEXT_KEY = r"(?i:text|body|content|message|utterance|transcript|value|said)\\?\"?[ \t]*[:=][ \t]*\\?\"?"
# The triggers, on the first message: two or three digit groups (after a lead word, too: "es 4578 9160"), or, in a
# message's text, the one group a number of three groups is begun with (Amex's 4-6-5, Diners' 4-6-4, a 12-digit
# Maestro's 4-4-4; its first digit a card's)
_TWO = r"[0-9]{2,8}(?:" + _SEP + r"[0-9]{1,8}){1,2}"
_ONE_OPENS = _TEXT_KEY + r"|>|: |^[ \t]*"
# (the joined groups must be laid out as a card's, ``laid_out``: its first group four digits, none longer than six;
# the trigger asks no more of the first message, so it wakes Python on far fewer digit pairs than ``_TWO`` reads)
_FIRST_TWO = r"[0-9]{4}(?:" + _SEP + r"[0-9]{1,6}){1,2}"
TRIGGERS = (r"(?:" + _OPENS + r"|[a-z?][ +])" + _FIRST_TWO + _CLOSES, r"(?:" + _ONE_OPENS + r")[3-6][0-9]{3}" + _CLOSES)
_TAGS = r"(?:<[A-Za-z][^<>\r\n]{0,80}>)*"
_NAMED = r"(?:[A-Z\u00c0-\u00de][\w'\-]*(?: [A-Z\u00c0-\u00de][\w'\-]*){0,3})(?: said)?:[ \t]+\\?\"?"
_WHO = r"(?P<who>" + _NAMED + ")?"
_BODY = _TAGS + _WHO + r"(?P<lead>(?:[^\W\d_][\w'\u00e9]{0,15}(?:" + _SEP + r")+){0,4})"
_DIGITS = r"(?P<v>[0-9]{1,8}(?:" + _SEP + r"[0-9]{1,8}){0,5})"
_RIGHT = r"(?=[ \t.]{0,2}(?:</[A-Za-z]+>)*(?:\\?\"|[<&]|\r?$))"
_STAMP = r"[ \t]*(?:\[[^\]\r\n]{1,40}\]|\([0-9:.APMapm ]{4,20}\))?[ \t]*"  # a transcript line's time
# What opens a message, read back from its digits: a JSON key (quoted), a logfmt or query key ("="), a tag, a line's
# start, or a sentence's end before a speaker's name (a summary quoting the caller: ``... billing. Customer said:``);
# a word before a colon in prose ("says: ") is none
_LEFT = re.compile(
    r"(?:(?P<key>(?<=\")[A-Za-z_][\w.\-]{0,40}(?=\\?\"[ \t]*:)|(?<![\w\-])[A-Za-z_][\w.\-]{0,40}(?=[ \t]*=))"
    r"\\?\"?[ \t]*(?P<eq>[:=])[ \t]*\\?\"?"
    r"|(?P<tag><(?P<name>[A-Za-z]+)[^<>\r\n]{0,80}>)|(?P<line>^" + _STAMP + ")|(?P<sp>(?<=[.!?] )(?=[A-Z]))"
    r")" + _BODY + r"\Z", re.M)
_VALUE = re.compile(_BODY + _DIGITS + _RIGHT, re.M)
_LINE = re.compile(_STAMP + _BODY + _DIGITS + r"[ \t.]{0,2}\r?$", re.M)
_CLOSED = re.compile(_RIGHT, re.M)
_RUN = re.compile(r"[0-9]{1,8}(?:" + _SEP + r"[0-9]{1,8}){0,5}")
# the triggers, as ``re`` reads the text (a letter outside ASCII as itself, not "?")
_FRAGMENT = re.compile(r"(?:" + _OPENS + r"|(?:[a-z]|[^\x00-\x7f])[ +])(?P<v>" + _TWO + r")(?=" + _CLOSES + r")|(?:"
                       + _ONE_OPENS + r")(?P<w>[3-6][0-9]{3})(?=" + _CLOSES + ")", re.M)
_BLOCKS = frozenset({"br", "p", "div", "li"})  # (an inline tag's groups are the inline_tags decoder's)
_BLOCK = re.compile(r"<(?:br|p|div|li)(?:[ /][^<>]{0,80})?>")
_SPEAKER = re.compile(r"(?<![\w\-])" + _NAMED)
_VOICE = re.compile(r"<v [^<>\r\n]{1,60}>")
_INLINE = re.compile(r'"type\\?"[ \t]*:[ \t]*\\?"text\\?"')  # a rich-text inline node (ADF, Slack blocks)
_BLANK = re.compile(r"\n[ \t]*\r?\n")
_CUE = re.compile(r"[^\r\n]* --> [^\r\n]*")
_IS_PARTIAL = re.compile(r'"IsPartial\\?"[ \t]*:[ \t]*true')
# the party a record names: a sender's id or number, a conversation, the side of the call
_PARTY = re.compile(
    r"(?<![\w\-])(?P<k>from|sender|author|author_id|authorId|user_id|userId|originator|msisdn|conversation"
    r"|conversation_id|participantPurpose|participant_type|participantId|speaker|speakerId|speaker_id|speaker_name"
    r"|incoming|is_inbound|direction|createdBy|sys_created_by|role)\\?\"?[ \t]*[:=][ \t]*"
    r"(?:\\?\"(?P<s>[^\"\\\r\n]{0,64})|\{[^{}]{0,300}?\"(?:id|name|email)\"[ \t]*:[ \t]*\"?(?P<o>[^\",}\r\n]{1,64})"
    r"|(?P<w>[\w.+\-]{1,64}))", re.I)
LEAD = FILLERS - {"code", "date", "expiry", "expiration", "expires", "security", "cvv", "cvc", "number"} | {
    "here", "here's", "es", "ist", "est", "c'est", "lautet", "het", "de", "la", "le", "el", "il", "o", "é", "è",
    "jest", "to", "mi", "mijn", "meine", "ma", "mon", "minha", "meu", "moja", "card", "tarjeta", "carte", "karte",
    "kaart", "karta", "carta", "cartão", "sí", "si", "oui", "ja", "sim", "tak"}  # fmt: skip


# How the speech-to-text decoders write a turn: one ``"transcript": "..."`` line each, a new one at a change of speaker
# (or a sentence's end), the speaker not named; two such lines are no one party's two messages
_STT_TURN = ("key", "transcript")


class Message(NamedTuple):
    kind: tuple[str, str]  # how it is opened: ("key", name), ("tag", block or v), ("line", "")
    start: int  # where its opener starts
    end: int  # where its digits end
    digits: str
    sizes: list[int]
    who: str  # the speaker it names ("" for none)
    lead: bool  # words before its digits


def split_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each message's digits in ``text[lo:hi]`` that start a card number the next message of
    the same party finishes (see the module's docstring)."""
    for m in _FRAGMENT.finditer(text, lo, hi):
        s, e = m.span("v" if m["v"] else "w")
        first = _message(text, s, e)
        second = None if first is None else _following(text, first)
        digits = None if first is None or second is None else _joined(text, first, second)
        if digits is not None:
            yield s, e, digits


def _joined(text: str, first: Message, second: Message) -> str | None:
    """The card number the two adjacent messages make, or None."""
    if not _same_party(text, first, second) or (first.kind[0] == "line" and first.lead):
        return None  # a line of words then one of digits: a paragraph's lines (a hard break), not two messages
    if first.kind[0] != "key" and not first.who and _BLANK.search(text, first.end, second.start):
        return None  # plain lines a blank line apart: two paragraphs, no speaker's turns (a cue's are named)
    digits, sizes = first.digits + second.digits, first.sizes + second.sizes
    if not (12 <= len(digits) <= 19 and laid_out(sizes) and is_pan(digits)):
        return None
    if (len(first.digits) >= 12 and is_pan(first.digits)) or (len(second.digits) >= 12 and is_pan(second.digits)):
        return None
    third = _previous(text, first)
    if third is not None and not third.lead and _same_party(text, third, first):
        return None  # a third piece before: some other number
    return digits


def _message(text: str, s: int, e: int) -> Message | None:
    """The message whose digit groups are ``text[s:e]``, read back from them."""
    m = _LEFT.search(text, max(line_start(text, s), s - 200), s)
    if m is None or _CLOSED.match(text, e) is None or (m["eq"] == "=" and _unquoted(text, m.end("eq"), s)):
        return None
    return _build(text, m, m.start(), e, text[s:e])


def _unquoted(text: str, at: int, s: int) -> bool:
    """The unquoted parameter value opened at ``at`` (a query's or a form's ``Text=``) has a raw space before ``s`` or
    in its digits from ``s`` on: a URL encodes its spaces, so a space ends the value (``cid=4226 200`` is a
    parameter and an HTTP status)."""
    if text[at:s].lstrip(" \t")[:1] in ('"', "'", "\\"):
        return False
    run = _RUN.match(text, s)
    return " " in text[at:s] or "\t" in text[at:s] or (run is not None and " " in run.group())


def _build(text: str, m: re.Match[str], start: int, end: int, said: str) -> Message | None:
    """The message ``m`` read (from ``start``, its digits ``said`` ending at ``end``), None when a word before its
    digits is no lead word."""
    lead = [w.lower() for w in re.split(r"(?:[ \t]|\+|%20)+", m["lead"] or "") if w]
    if any(w not in LEAD for w in lead):
        return None
    groups = [g for g in re.split(r"(?:[ \t]|\+|%20)+", said) if g]
    who = _name(m["who"] or "")
    if m.re is _LEFT and m["sp"] is not None and not who:
        return None
    if m.re is _LEFT and (m["key"] is not None or m["sp"] is not None) and who:
        kind, start = ("who", ""), m.start("who")  # a value quoting several speakers' messages: each speaker's
    elif m.re is _LEFT and m["key"] is not None:
        kind = ("key", m["key"])
        if _partial(text, m["key"], start):
            return None
    elif m.re is _LEFT and m["tag"] is not None:
        name = m["name"].lower()
        kind, who = (("tag", "v"), m["tag"][3:-1].strip()) if name == "v" else (("tag", name), who)
        if name not in _BLOCKS and name != "v":
            return None
    else:
        kind = ("line", "")
    return Message(kind, start, end, "".join(groups), [len(g) for g in groups], who, bool(lead))


def _previous(text: str, own: Message) -> Message | None:
    """The message written the same way nearest above ``own``, when it holds only digit groups (None otherwise)."""
    if own.kind[0] == "line":
        return _line_above(text, own.start)
    opener = _opener(*own.kind)
    found = max(opener.finditer(text, max(0, own.start - REACH), own.start), key=_start, default=None)
    return None if found is None else _value(text, found, own.kind)


def _following(text: str, own: Message) -> Message | None:
    """The message written the same way nearest below ``own``, when it holds only digit groups (None otherwise)."""
    if own.kind[0] == "line":
        return _line_below(text, own.end)
    opener, at = _opener(*own.kind), own.end
    # the message's own record: a key met again inside it, other than a copy, is a member of an object nested in it
    # (Transcribe Call Analytics repeats a segment's words as its ``Items``), the message's parts, not the next one
    record = enclosing_object(text, own.start) if own.kind[0] == "key" else None
    for _ in range(3):  # a copy of the message (Slack's rich-text blocks repeat its text) passed over
        found = opener.search(text, at, min(len(text), own.end + REACH))
        if found is not None and _INLINE.search(text, max(0, own.start - 40), own.start) and "]" not in text[
                at : found.start()]:
            return None  # inline text nodes of one paragraph (ADF marks): one message, the ``adf_paragraphs`` decoder's
        nxt = None if found is None else _value(text, found, own.kind)
        if nxt is None or (nxt.digits, nxt.who) != (own.digits, own.who):
            return None if found is not None and record is not None and found.start() < record[1] else nxt
        at = nxt.end
    return None


def _opener(kind: str, name: str) -> re.Pattern[str]:
    """What opens a message of ``kind``: its key, a block tag, a VTT voice tag."""
    if kind == "who":
        return _SPEAKER
    if kind == "key":
        return re.compile(r"(?<![\w\-])" + re.escape(name) + r"\\?\"?[ \t]*[:=][ \t]*\\?\"?")
    return _VOICE if name == "v" else _BLOCK


def _value(text: str, found: re.Match[str], kind: tuple[str, str]) -> Message | None:
    """The message the opener ``found`` opens, when it holds only digit groups."""
    v = _VALUE.match(text, found.end())
    if v is None or (found.group().endswith("=") and _unquoted(text, found.end(), v.start("v"))):
        return None
    msg = _build(text, v, found.start(), v.end("v"), v["v"])
    if msg is None or (kind[0] == "key" and _partial(text, kind[1], found.start())):
        return None
    who = _name(found.group()) if kind[0] == "who" else found.group()[3:-1].strip() if kind == ("tag", "v") else msg.who
    return msg._replace(kind=kind, who=who)


def _partial(text: str, key: str, at: int) -> bool:
    """The text under ``key`` at ``at`` is a speech-to-text partial result (Contact Lens' ``PartialContent``, a
    Transcribe result with ``"IsPartial": true`` on its line): the final result that follows says it all again, and
    partials of two utterances are no one party's two messages."""
    return "partial" in key.lower() or _IS_PARTIAL.search(text, line_start(text, at), line_end(text, at)) is not None


def _name(who: str) -> str:
    """A speaker's name as the text writes it before its words (``Customer said: "`` is ``Customer``)."""
    return who.replace(" said", "").rstrip(' \t:"\\')


def _start(m: re.Match[str]) -> int:
    return m.start()


def _line_above(text: str, start: int) -> Message | None:
    """The message on the line above the one starting at ``start`` (blank lines and a VTT cue's id and timing passed
    over), when it holds only digit groups."""
    end = line_start(text, start) - 1
    for _ in range(4):
        if end <= 0:
            return None
        lo = line_start(text, end)
        line = text[lo:end].strip()
        if not line or _CUE.fullmatch(line):  # a VTT cue's timing: its id above it
            end = (lo if not line else line_start(text, lo - 1)) - 1
            continue
        return _line(text, lo, end)
    return None


def _line_below(text: str, at: int) -> Message | None:
    """The message on the line below the one holding ``at``, as ``_line_above`` reads it."""
    lo = line_end(text, at) + 1
    for _ in range(4):
        if lo >= len(text):
            return None
        end = line_end(text, lo)
        line = text[lo:end].strip()
        if not line or _CUE.fullmatch(line):
            lo = end + 1
            continue
        below = line_end(text, end + 1) if end < len(text) else end
        if _CUE.fullmatch(text[end + 1 : below].strip()):  # a VTT cue's id, its timing below it
            lo = below + 1
            continue
        return _line(text, lo, end)
    return None


def _line(text: str, lo: int, end: int) -> Message | None:
    v = _LINE.match(text, lo, end)
    return None if v is None else _build(text, v, lo, v.end("v"), v["v"])


def _same_party(text: str, a: Message, b: Message) -> bool:
    """``a`` and ``b`` name the same speaker, and no party field both their records write differs."""
    if a.who != b.who:
        return False
    pa, pb = _parties(text, a.start), _parties(text, b.start)
    if not pa and not pb and a.kind == b.kind == _STT_TURN:
        return False  # a speech-to-text turn list (``stt_words``, ``revai_elements``) starts a line at a new speaker
    return all(pa[k] == pb[k] for k in pa.keys() & pb.keys())


def _parties(text: str, at: int) -> dict[str, str]:
    """The party fields of the record holding ``at``: its line's, or its pretty-printed object's."""
    lo, hi = line_start(text, at), line_end(text, at)
    if _PARTY.search(text, lo, hi) is None:
        region = enclosing_object(text, at)
        if region is None:
            return {}
        lo, hi = region
    found: dict[str, str] = {}
    for m in _PARTY.finditer(text, lo, hi):
        found.setdefault(m["k"].lower(), m["s"] or m["o"] or m["w"] or "")
    return found
