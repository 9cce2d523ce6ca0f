"""An expiry verb said in a message of its own (``expires 03/31``, ``vence 8/31``, ``gültig bis 04.26``, ``valable
jusqu'à 11/2031``) names the card that one of the few messages before it, in its conversation, gave or named
(``card_given_before``): people give the number, then the date, each in a message of its own.

A message is the string value of a message key on a line (``body``, ``text``, ``content``, ``Content``,
``DisplayText``, ``display``, ``itn``, ``transcript``: a WhatsApp Business webhook's ``text.body``, a Twilio Messages
page's ``body``, a Zendesk ticket comment's ``body`` and ``plain_body``, a Freshdesk conversation's ``body_text``, a
Slack export's ``text``, a Teams ``body.content``, an Azure speech result's ``DisplayText`` or batch
``nBest`` forms, a Contact Lens ``Transcript`` entry), a transcript's line naming its speaker (``(20:45:48) João Silva:
caduca 0929``: a live chat's, a mailed one's), a quoted mail's line (``> > valable jusqu'à 11/2031``), or a line of a
mail's body (below its headers: its lines are its writer's, one after another), or of a letter (a mail's part decoded
apart from its headers, a printed letter): a text opening with a greeting line of its own (``Dear Customer Service,``,
``Sehr geehrte Damen und Herren,``, ``Hola,``). Another plain line is no message (a
document's or a log's lines are no conversation). The verb must start its message, after
no more than a pronoun or a conjunction ("and it expires 05/28"): a message that names the verb's subject ("the link
expires 03/31") is about that subject.

Its conversation: the messages of the same kind on the lines just before it, at most ``MESSAGES`` of them (holding a
word) within ``REACH`` characters, only those of its sender where the records name one (WhatsApp's and Twilio's
``from``: one log interleaves many people's conversations; a Contact Lens ``ParticipantId``; the speaker a transcript's
line names; the quote depth of a mail's line); a transcript, a quoted message or a mail's paragraph ends at a line that
is none of its.
In a JSON page or log whose records say when each was sent, another sender's message counts too when it was sent within
``chat_split.MAX_GAP`` before the verb's (a page naming each message's sender apart, an agent relaying the customer):
the date said right after a card was given is that card's, whoever's record it is.
One of them gives the card when it holds a whole card number (``turns.gives_card``: digits, or words in one of the
languages) or names a card (``my card``, ``la tarjeta``, ``ma carte``, ``die Karte``, ``o cartão``; not a gift, SIM,
ID or loyalty card, nor a card named by its last digits or masked: its date is no cardholder data), or when the digit
groups closing it and those of the digit-only messages after it make a card number laid out as a card's
(``chat_split.laid_out``: the number split over messages).
"""

from __future__ import annotations

import re

from scanners.cards.brands import is_pan
from scanners.cards.masked import masked_spans
from scanners.cards.senttimes import seconds
from scanners.cards.truncated import masked_forms
from scanners.decoders.json_escape import unescape
from scanners.detectors.chat_split import MAX_GAP, closing_groups, digit_groups, laid_out
from scanners.detectors.context import line_end, line_start
from scanners.detectors.dictation import party
from scanners.detectors.speech_turns import turn_keys
from scanners.detectors.turns import KEY, gives_card
from scanners.detectors.turns import REACH as TURNS_REACH
from scanners.lazy_re import LazyPattern, lazy_compile

MESSAGES = 8  # how many messages before the verb's may give its card
REACH = 4000  # how far back they may start: a pretty-printed export spends hundreds of characters on each record
_JSON_KEY = lazy_compile(
    r'"(?:body|plain_body|body_text|text|content|Content|DisplayText|[Dd]isplay|[Ii][Tt][Nn]|maskedITN|transcript'
    r'|Transcript|message)\\?"'
    r'[ \t]*:[ \t]*\\?"')
_JSON_VALUE = lazy_compile(r'(?:[^"\\\r\n]|\\.)*')
_STRUCTURED = lazy_compile(r'[ \t]*[{\["]|.*"[ \t]*:')  # a JSON record's or member's line
# a transcript's line: its time, then its speaker ("(20:45:48) João Silva: ", "[10:21] Agent: ", "Customer: ")
_SPEAKER = lazy_compile(
    r"[ \t]*(?:(?:\[[^\]\r\n]{1,40}\]|\([0-9:.APMapm ]{4,20}\))[ \t]*)?(?P<who>[^\W\d_][^:\r\n]{0,30}?)[ \t]*:[ \t]")
_QUOTE = lazy_compile(r"(?P<who>[ \t]*>(?:[ \t]*>)*)[ \t]*")  # a quoted mail's line, its depth its "sender"
# a mail's header (its body starts at the first blank line below it)
_HEADER = lazy_compile(r"^(?:Content-Type|Content-Transfer-Encoding|Subject|MIME-Version)[ \t]*:", re.MULTILINE)
# a letter's greeting, a line of its own ending with a comma, in the five languages
_GREETING = lazy_compile(
    r"^[ \t]*(?:Dear|Hello|Hi|Good (?:morning|afternoon|evening)|To whom it may concern|Sehr geehrte|Hallo|Guten Tag"
    r"|Liebe|Madame|Monsieur|Bonjour|Hola|Estimad[oa]s?|Buen(?:os|as) (?:d\u00edas|tardes)|Ol\u00e1|Prezad[oa]s?"
    r"|Bo[am] (?:dia|tarde))(?![^\W\d_])[^\r\n,]{0,40},[ \t]*\r?$", re.MULTILINE)
# a printed page's footer line: blank, or its page number ("Page 1 of 2", "Seite 2", "- 1 -")
_FOOTER = lazy_compile(r"[ \t]*(?:(?:Page|Seite|P\u00e1gina|Pagina)[ \t]+)?-?[ \t]*[0-9]{1,3}[ \t]*-?"
                       r"(?:[ \t]*(?:of|von|de|sur|/)[ \t]*[0-9]{1,3})?[ \t]*\r?|[ \t]*\r?")
_MAIL = lazy_compile(r"(?P<who>)[ \t\f]*")  # (a page's form feed: no text)
# a record's participant: WhatsApp's and Twilio's ``from``, Contact Lens ``ParticipantId``, a Slack ``user``...
_SENDER = lazy_compile(
    r'"(?:from|ParticipantId|ParticipantRole|[Ss]peaker|user|userId|author_id)"[ \t]*:[ \t]*"([^"\\\r\n]{1,64})"')
# when a record was sent (``senttimes``): WhatsApp's ``timestamp``, Twilio's ``date_created``, Slack's ``ts``...
_SENT = lazy_compile(
    r'"(?:timestamp|ts|date_created|date_sent|createdDateTime|created_at)"[ \t]*:[ \t]*"?'
    r'((?<=")[^"\\\r\n]{1,40}(?=")|[0-9.]{1,20})')
_OBJECT_REACH = 800  # a pretty-printed message object: its sender a few members away from its text
# what may stand before the verb in its message: a pronoun or conjunction for the card, in the five languages
_LEAD = lazy_compile(
    r"""[ \t"'*\-]*(?:(?i:and|it|it's|which|y|et|und|e|ela|elle|sie|also|ok|okay|yes|s[ií]|oui|ja|sim)"""
    r"[ \t,.:]+){0,2}")
# a card named: "card", "tarjeta", "carte", "Karte", "cartão" (a gift, SIM, ID, loyalty or member card is another)
_CARD = lazy_compile(
    r"(?i)(?<!gift )(?<!sim )(?<!id )(?<!loyalty )(?<!member )(?<!library )(?<!boarding )(?<!key )"
    r"(?<![a-z])(?:(?:credit|debit)?card|tarjeta|carte|(?:kredit|debit|ec-?)?karte(?:nnummer)?|kartennr"
    r"|cart(?:\u00e3|a)o|visa|master ?card|amex)(?![a-z])")
# a card named by its last digits: "ending 4242", "terminada en 4242", "se terminant par 4242", "endet auf 4242"
_TRUNCATED = lazy_compile(
    r"(?i)(?<![a-z])(?:ending|ends|last|final|terminad[ao]|termin.e|terminant|endet|endend)(?![a-z])[^0-9\r\n]{0,20}"
    r"[0-9]{4}(?![0-9])")
_WORD = lazy_compile(r"[^\W\d_]")


def _message(text: str, lo: int, hi: int, kind: str) -> list[tuple[int, int, str | None]]:
    """The messages of ``kind`` on the line ``text[lo:hi]``: (start, end, sender). A ``json`` line holds none or
    several (a record's message values); a ``speaker`` or ``quoted`` line is one message, or none when it is not
    such a line (which ends the transcript or the quoted message)."""
    if kind == "json":
        return [(m.end(), v.end(), _sender(text, lo, hi, m.end())) for m in _JSON_KEY.finditer(text, lo, hi)
                if (v := _JSON_VALUE.match(text, m.end(), hi)) is not None]
    m = (_SPEAKER if kind == "speaker" else _QUOTE if kind == "quoted" else _MAIL).match(text, lo, hi)
    return [] if m is None or m.end() == hi else [(m.end(), hi, m["who"].replace(" ", "").replace("\t", ""))]


def _own_message(text: str, lo: int, hi: int, at: int) -> tuple[str, int, str | None] | None:
    """The kind of the message holding ``at`` on the line ``text[lo:hi]``, where it starts and its sender."""
    for kind in ("json", "speaker", "quoted", "mail"):
        if kind != "json" and _STRUCTURED.match(text, lo, hi) is not None:
            return None
        if kind == "mail" and not _in_mail_body(text, lo):
            return None
        for s, e, who in _message(text, lo, hi, kind):
            if s <= at <= e:
                return kind, s, who
    return None


def _in_mail_body(text: str, lo: int) -> bool:
    """The line starting at ``lo`` lies in a mail's body or a letter: a header above it, then a blank line; or a
    greeting line above it."""
    if _GREETING.search(text, max(0, lo - REACH), lo) is not None:
        return True
    header = max(_HEADER.finditer(text, max(0, lo - REACH), lo), key=_start, default=None)
    return header is not None and "\n\n" in text[header.end() : lo].replace("\r", "")


def _sender(text: str, lo: int, hi: int, at: int, member: LazyPattern = _SENDER) -> str | None:
    """The participant who sent the message at ``at`` on the line ``text[lo:hi]`` (or, with ``member=_SENT``, when it
    was sent): named on its line (a JSON-lines record), in its pretty-printed object, or, inside a nested one (a Slack
    message's rich-text copy), before it."""
    m = member.search(text, lo, hi)
    if m is None and _STRUCTURED.match(text, lo, hi) is not None:
        a, b = text.rfind("{", max(0, at - _OBJECT_REACH), at), text.find("}", at, at + _OBJECT_REACH)
        m = member.search(text, a, b) if a >= 0 and b >= 0 else None
        m = m or max(member.finditer(text, max(0, at - 2 * _OBJECT_REACH), at), key=_start, default=None)
    return None if m is None else m[1]


def _sent(text: str, lo: int, hi: int, at: int) -> float | None:
    """When the message at ``at`` on the line ``text[lo:hi]`` was sent (Unix seconds), if its record says."""
    stamp = _sender(text, lo, hi, at, _SENT)
    return None if stamp is None else seconds(stamp)


def _start(m: re.Match[str]) -> int:
    return m.start()


def _gives(text: str, s: int, e: int) -> bool:
    """The message ``text[s:e]`` gives a whole card number, or names a card that it gives no truncated number of
    ("my card ending 4242" names a card whose date is no cardholder data); its escapes decoded."""
    said = text[s:e]
    if "\\" in said:
        said = unescape(said) or said
    if gives_card(said, 0, len(said)) or (", " in said and _comma_card(said)):
        return True
    return _CARD.search(said) is not None and _TRUNCATED.search(said) is None and not masked_forms(
        said, 0, len(said)) and next(masked_spans(said, 0, len(said)), None) is None


def _comma_card(said: str) -> bool:
    """The message ``said`` is a card number laid out as a card's and filler words, its groups joined by commas as
    speech-to-text writes a number read out ("it's 4111, 1111, 1111, 1111")."""
    alone = digit_groups(said)
    return alone is not None and 12 <= len(alone[0]) <= 19 and is_pan(alone[0]) and laid_out(alone[1])


def card_given_before(text: str, s: int) -> bool:
    """The expiry verb at ``s`` starts its message, and one of the messages just before it in its conversation (see
    the module's docstring) gives or names a card."""
    lo, hi = line_start(text, s), line_end(text, s)
    own = _own_message(text, lo, hi, s)
    if own is None or _LEAD.fullmatch(text, own[1], s) is None:
        return False
    (kind, _, who), seen, end = own, 0, lo - 1
    when: list[float | None] = []  # the verb's message's time, read when another sender's message is met
    split, sizes = "", list[int]()  # the digits of the digit-only messages after the one read, and their groups
    while end > 0 and s - end < REACH and seen < MESSAGES:
        start = line_start(text, end)
        said = _message(text, start, end, kind)
        if not said and kind != "json":
            return False  # the transcript or the quoted message starts below this line
        for a, b, sender in reversed(said):
            seen += _WORD.search(text, a, b) is not None  # a digits-only message counts for none
            if who is not None and sender != who and not _close(text, (lo, hi, s), (start, end, a), kind, when):
                continue
            if _gives(text, a, b):
                return True
            alone, closing = digit_groups(text[a:b]), closing_groups(text[a:b])
            if closing is not None and split and 12 <= len(closing[0] + split) <= 19 and is_pan(
                    closing[0] + split) and laid_out(closing[1] + sizes):
                return True
            split, sizes = (alone[0] + split, alone[1] + sizes) if alone is not None else ("", [])
        end = _page_top(text, start) if kind == "mail" else start - 1
    return False


def _page_top(text: str, start: int) -> int:
    """Where the line above the one starting at ``start`` ends; for a printed letter's page (``pdftotext -layout``
    starts it with a form feed), the end of the last line of text above the page's footer (its page number, blank
    lines): a paragraph goes on over a page break."""
    end = start - 1
    if text[start : start + 1] != "\f":
        return end
    for _ in range(4):
        above = line_start(text, max(0, end))
        if _FOOTER.fullmatch(text, above, end) is None:
            break
        end = above - 1
    return end


def _close(text: str, own: tuple[int, int, int], other: tuple[int, int, int], kind: str,
           when: list[float | None]) -> bool:
    """Another sender's JSON message (line and place ``other``) was sent within ``MAX_GAP`` before the verb's
    (``own``), both records saying when; ``when`` caches the verb's message's time."""
    if kind != "json":
        return False
    if not when:
        when.append(_sent(text, *own))
    sent = _sent(text, *other)
    return when[0] is not None and sent is not None and 0 <= when[0] - sent <= MAX_GAP


AFTER_TURNS = 4  # how many speech turns after a date's own may give its speaker's card


def card_said_after(text: str, at: int) -> bool:
    """The expiry verb at ``at`` starts the body of a speech turn (a Contact Lens ``Content``), after no more than a
    pronoun or a conjunction ("it expires 08/31"), and one of the ``AFTER_TURNS`` turns after it, by the same
    participant and within ``turns.REACH`` characters, gives a whole card number: a caller asked for the date first
    says it before the number (``turns.card_said_before`` reads the turns before it)."""
    own = max(turn_keys(KEY, text, max(0, at - TURNS_REACH), at), default=None)
    if own is None or (speaker := party(text, own[0])) is None or _LEAD.fullmatch(text, own[1], at) is None:
        return False
    if '"' in text[own[1] : at].replace('\\"', ""):
        return False  # not inside the turn's body
    for n, (start, end) in enumerate(turn_keys(KEY, text, at, min(len(text), at + TURNS_REACH))):
        if n >= AFTER_TURNS:
            break
        body = _JSON_VALUE.match(text, end)
        if party(text, start) == speaker and body is not None and _gives(text, end, body.end()):
            return True
    return False
