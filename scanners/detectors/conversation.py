"""An expiry verb said in a message of its own (``expires 03/31``, ``vence 8/31``, ``gültig bis 04.26``, ``valable
jusqu'à 11/2031``) names the card that one of the few messages before it, in its conversation, gave or named
(``card_given_before``): people give the number, then the date, each in a message of its own.

A message is the string value of a message key on a line (``body``, ``text``, ``content``, ``Content``,
``DisplayText``, ``display``, ``itn``, ``transcript``: a WhatsApp Business webhook's ``text.body``, a Twilio Messages
page's ``body``, a Slack export's ``text``, a Teams ``body.content``, an Azure speech result's ``DisplayText`` or batch
``nBest`` forms, a Contact Lens ``Transcript`` entry), a transcript's line naming its speaker (``(20:45:48) João Silva:
caduca 0929``: a live chat's, a mailed one's), a quoted mail's line (``> > valable jusqu'à 11/2031``), or a line of a
mail's body (below its headers: its lines are its writer's, one after another). Another plain line is no message (a
document's or a log's lines are no conversation). The verb must start its message, after
no more than a pronoun or a conjunction ("and it expires 05/28"): a message that names the verb's subject ("the link
expires 03/31") is about that subject.

Its conversation: the messages of the same kind on the lines just before it, at most ``MESSAGES`` of them (holding a
word) within ``REACH`` characters, only those of its sender where the records name one (WhatsApp's and Twilio's
``from``: one log interleaves many people's conversations; a Contact Lens ``ParticipantId``; the speaker a transcript's
line names; the quote depth of a mail's line); a transcript, a quoted message or a mail's paragraph ends at a line that
is none of its.
One of them gives the card when it holds a whole card number (``turns.gives_card``: digits, or words in one of the
languages) or names a card (``my card``, ``la tarjeta``, ``ma carte``, ``die Karte``, ``o cartão``; not a gift, SIM,
ID or loyalty card, nor a card named by its last digits or masked: its date is no cardholder data).
"""

from __future__ import annotations

import re

from scanners.cards.masked import masked_spans
from scanners.cards.truncated import masked_forms
from scanners.decoders.json_escape import unescape
from scanners.detectors.context import line_end, line_start
from scanners.detectors.turns import gives_card
from scanners.lazy_re import lazy_compile

MESSAGES = 8  # how many messages before the verb's may give its card
REACH = 4000  # how far back they may start: a pretty-printed export spends hundreds of characters on each record
_JSON_KEY = lazy_compile(
    r'"(?:body|text|content|Content|DisplayText|[Dd]isplay|[Ii][Tt][Nn]|maskedITN|transcript|Transcript|message)\\?"'
    r'[ \t]*:[ \t]*\\?"')
_JSON_VALUE = lazy_compile(r'(?:[^"\\\r\n]|\\.)*')
_STRUCTURED = lazy_compile(r'[ \t]*[{\["]|.*"[ \t]*:')  # a JSON record's or member's line
# a transcript's line: its time, then its speaker ("(20:45:48) João Silva: ", "[10:21] Agent: ", "Customer: ")
_SPEAKER = lazy_compile(
    r"[ \t]*(?:(?:\[[^\]\r\n]{1,40}\]|\([0-9:.APMapm ]{4,20}\))[ \t]*)?(?P<who>[^\W\d_][^:\r\n]{0,30}?)[ \t]*:[ \t]")
_QUOTE = lazy_compile(r"(?P<who>[ \t]*>(?:[ \t]*>)*)[ \t]*")  # a quoted mail's line, its depth its "sender"
# a mail's header (its body starts at the first blank line below it)
_HEADER = lazy_compile(r"^(?:Content-Type|Content-Transfer-Encoding|Subject|MIME-Version)[ \t]*:", re.MULTILINE)
_MAIL = lazy_compile(r"(?P<who>)[ \t]*")
# a record's participant: WhatsApp's and Twilio's ``from``, Contact Lens ``ParticipantId``, a Slack ``user``...
_SENDER = lazy_compile(
    r'"(?:from|ParticipantId|ParticipantRole|[Ss]peaker|user|userId|author_id)"[ \t]*:[ \t]*"([^"\\\r\n]{1,64})"')
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
    """The line starting at ``lo`` lies in a mail's body: a header above it, then a blank line."""
    header = max(_HEADER.finditer(text, max(0, lo - REACH), lo), key=_start, default=None)
    return header is not None and "\n\n" in text[header.end() : lo].replace("\r", "")


def _sender(text: str, lo: int, hi: int, at: int) -> str | None:
    """The participant who sent the message at ``at`` on the line ``text[lo:hi]``: named on its line (a JSON-lines
    record), in its pretty-printed object, or, inside a nested one (a Slack message's rich-text copy), before it."""
    m = _SENDER.search(text, lo, hi)
    if m is None and _STRUCTURED.match(text, lo, hi) is not None:
        a, b = text.rfind("{", max(0, at - _OBJECT_REACH), at), text.find("}", at, at + _OBJECT_REACH)
        m = _SENDER.search(text, a, b) if a >= 0 and b >= 0 else None
        m = m or max(_SENDER.finditer(text, max(0, at - 2 * _OBJECT_REACH), at), key=_start, default=None)
    return None if m is None else m[1]


def _start(m: re.Match[str]) -> int:
    return m.start()


def _gives(text: str, s: int, e: int) -> bool:
    """The message ``text[s:e]`` gives a whole card number, or names a card that it gives no truncated number of
    ("my card ending 4242" names a card whose date is no cardholder data); its escapes decoded."""
    said = text[s:e]
    if "\\" in said:
        said = unescape(said) or said
    if gives_card(said, 0, len(said)):
        return True
    return _CARD.search(said) is not None and _TRUNCATED.search(said) is None and not masked_forms(
        said, 0, len(said)) and next(masked_spans(said, 0, len(said)), None) is None


def card_given_before(text: str, s: int) -> bool:
    """The expiry verb at ``s`` starts its message, and one of the messages just before it in its conversation (see
    the module's docstring) gives or names a card."""
    lo, hi = line_start(text, s), line_end(text, s)
    own = _own_message(text, lo, hi, s)
    if own is None or _LEAD.fullmatch(text, own[1], s) is None:
        return False
    (kind, _, who), seen, end = own, 0, lo - 1
    while end > 0 and s - end < REACH and seen < MESSAGES:
        start = line_start(text, end)
        said = _message(text, start, end, kind)
        if not said and kind != "json":
            return False  # the transcript or the quoted message starts below this line
        for a, b, sender in reversed(said):
            seen += _WORD.search(text, a, b) is not None  # a digits-only message counts for none
            if (who is None or sender == who) and _gives(text, a, b):
                return True
        end = start - 1
    return False
