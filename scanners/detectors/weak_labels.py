"""Labels that name card data only in a card's company: what decides for the CVV and expiry detectors.

A security code's weak names (``verification code``, ``verification value``, ``security number``) also name an SMS
one-time password ("your verification code is 4821") and, after "social", an SSN: they lend a 3-4 digit value only when
the record names a card (a card word, a camel-case card key such as ``cardLast4``, a card number or an expiry date
near it) and the code was not *sent* (a card's code is printed on it, never texted), or when the name is an Amazon
Connect contact attribute of a payment flow (``contact_attributes``). ``security code`` right after another subject
(an alarm panel, a door, a gate, the wifi, an account login...) is that thing's code unless the record names a card.

An expiry verb (``expires``, ``valid until``, ``gültig bis``) names a card's date after a card word
(``date_subject.about_a_card``), and also when its sentence gives a card code with its value, before it (``card
3xxx.xxxxxx.xxxxx, CSC 1234, expires 05/2029``) or after it (``It expires February 2032 and the security code is
236``, a Contact Lens turn; in other languages too: ``le cryptogramme est 236, elle expire le 09/29``): "CVV-free
link expires 05/12" gives none. ``gültig bis`` (printed on German cards, but also on vouchers, offers and ID cards)
names a card's date as a key or label (``gültig bis: 09/29``, a line or field that starts with it) in a record naming
no other subject, in a record naming a card, or in a sentence giving a card code (``die Prüfnummer ist 236, gültig
bis 09/29``); so do Dutch ``geldig tot`` and Polish ``ważna do`` (printed on Polish cards; ``oferta ważna do`` is an
offer's). A receipt's abbreviation (``Verf. 04/31``, ``Vto.``, ``Venc.``, ``Val.``, ``Scad.``) and a bare
``Ablauf`` or ``Verfall``, a bare ``Expire`` (GMO-PG's ``ExecTran`` key: ``CardNo=...&Expire=2712``; also a
verb) and an element named by the verb (NestPay's CC5Request ``<Expires>06/30</Expires>``, its ``<Number>`` on a line
above) name a card's date only in a record that names a card. In a speech or chat turn, any of
these also names the card whose number its speaker gave in one of the turns just before (``turns.card_said_before``:
"expires 05/28" after "my card number is ..."), also in a transcript's ``Customer: ...`` lines, and the card given or
named in one of the messages just before its own in a chat, SMS or mail conversation (``conversation``: a WhatsApp
webhook's lines, a Twilio Messages page, Azure speech results, a quoted reply). An expiry verb also
names a card's date right after a sentence ending with a card number, as a Markdown or table label in a list
naming a whole card number, and opening a caller's answer to the question for the card's date, its subject the card by
grammar ("And the expiry date?" "it expires 05/28", "vence el 10/27": ``verb_company``).

A bare ``code`` names a card's code only right after the card's expiry date or its number: ``bare_codes``.

Whatever labels it, a code is no piece of a longer number whose other digits are escaped (``context.goes_on``).
"""

from __future__ import annotations

import re

from scanners.cards.keyparse import norm, past_index
from scanners.cards.queryparams import query_pairs, query_parameter
from scanners.detectors.card_dates import date_at
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.contact_attributes import payment_contact_attribute
from scanners.detectors.context import line_end, line_start
from scanners.detectors.conversation import card_given_before, card_said_after
from scanners.detectors.date_subject import about_a_card
from scanners.detectors.layout import aside_end, card_face
from scanners.detectors.number_words import COPULA
from scanners.detectors.spoken import answered_code, code_at, copula_code
from scanners.detectors.turns import card_said_before
from scanners.detectors.verb_company import (
    LABEL_LEAD,
    VERB_LABEL,
    card_ends_before,
    card_in_sentences,
    number_just_said,
    own_subject_date,
)
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.lazy_re import lazy_compile

_WEAK_CODE = re.compile(r"(?i)verification[ _-]?(?:code|value)|security[ _-]?(?:number|no)|series[_-]?code|v-?code")
# ``verification_value`` as a key (ActiveMerchant's and Spreedly's name for a credit card's CVV, ``verificationValue``)
# names no one-time password: a card's code wherever it is written (a Go ``%+v`` struct: ``{verification_value:123}``)
_CARD_VALUE_KEY = lazy_compile(r"verification_value|[Vv]erificationValue|VERIFICATION_VALUE")
_SECURITY_CODE = re.compile(r"(?i)sec(?:urity|\.)?[ _-]?code")
_CARD_WORD = lazy_compile(
    r"(?i)(?<![a-z])(?:card|visa|master ?card|amex|discover|maestro|debit|credit|cc|pan|cvv2?|cvc2?|csc"
    r"|(?:kredit|debit|ec|giro|bank)?karten?(?:nummer)?|carte|tarjeta|cart.o)(?![a-z])")
# A card named by a camel-case key: ``cardLast4``, ``cardNumber``, ``maskedCard``, ``creditCard`` (not another card's
# key: ``giftCard``, ``loyaltyCard``, ``simCard``, ``idCard``, ``keyCard``...)
_CARD_KEY = lazy_compile(
    r"(?<![A-Za-z])card(?=[A-Z0-9])"
    r"|(?<![A-Za-z])(?!(?:gift|loyalty|sim|id|key|reward|rewards|member|library|business|score|wild|post|access)Card)"
    r"[a-z]{2,12}Card(?![a-z])")
# A code that was sent (SMS, one-time password), or an SSN's words; a one-time payment, charge or debit is the card's
# own business ("One-time pmt by phone 4756..., exp 0326 V-code: 824")
_SENT = lazy_compile(
    r"(?i)(?<![a-z])(?:sent|sms|text(?:ed)? message|otp"
    r"|one[ -]time(?![ -](?:pmt|payment|charge|purchase|debit|donation|gift|fee)s?(?![a-z]))"
    r"|expires in|valid for)(?![a-z])")
_SOCIAL = lazy_compile(r"(?i)social[ _-]?$")
# Another thing's code named right before the keyword: "Alarm panel security code 4821", "gate security code"
_OTHER = re.compile(
    r"(?i)(?<![a-z])(?:alarm|panel|keypad|door|gate|building|garage|wi-?fi|network|router|account|login|locker|safe"
    r"|lock|entry|access|voicemail)(?:[ \t]+(?:panel|system|pad|box|unit))?[ \t:'\-]*$")
_RECORD_BACK, _RECORD_AHEAD = 300, 200
_SENTENCE_END = re.compile(r"[;!?\n]|\.(?![0-9])")  # a dot before a digit ends none: "expires 10.29, CVC 272"
# A semicolon joins the clauses of one sentence: "expires 08/32; CVV: 995" gives the card's code with its date
_CLAUSES_END = re.compile(r"[!?\n]|\.(?![0-9])")
_LABEL = lazy_compile(r"""[ \t]*["']?[ \t]*[:=]""")  # "gültig bis: 09/29", "gültig_bis"="09/29"
# a line's or a field's first words: a JSON string's (``"text": "gültig bis 09/28"``), a form value's (``Body=``)
_FIELD_START = lazy_compile(r"(?:^|[;|\t=]|[:=][ \t]*[\"'])[ \t]*$", re.MULTILINE)
# What else "gültig bis" dates (German): a voucher, an offer, a pass, an ID card, a ticket, a contract...; so too for
# "ważna do" (Polish): an offer, a promotion, a contract, a policy, a guarantee, a subscription, a licence, a pass
_OTHER_VALID = lazy_compile(
    r"(?i)gutschein|angebot|(?<![a-z])aktion|ausweis|reisepass|f.hrerschein|(?<![a-z])abo(?:nnement)?(?![a-z])"
    r"|vertrag|ticket"
    r"|fahrkarte|eintrittskarte|rabatt|coupon|garantie|versicherung|lizenz|zertifikat|mitgliedschaft|tarif|bonus"
    r"|oferta|promocj|umow|polis[ay]|gwarancj|subskrypcj|licencj|kupon|voucher|karnet|legitymacj")


# A receipt's abbreviation ("Verf.", "Vto.", "Val.", "Scad.") and a bare "Ablauf" or "Verfall" (a process, a decay, a
# bill's due date too): a card's date only in a record that names a card
_WEAK_DATE_LABEL = re.compile(r"(?i)(?:verf|vto|venc|val|scad)\..*|ablauf|verfall|expire_?")


def _record(text: str, s: int, e: int, lead: str = " \t\"'<>*-") -> tuple[int, int]:
    """The record around a label: its line (200 characters ahead at most); when the label starts its line (a form's
    or a mail's ``label: value`` lines; only ``lead`` characters before it), the lines above it in its paragraph too
    (no blank line, 300 characters)."""
    lo, hi = line_start(text, s), min(line_end(text, e), e + _RECORD_AHEAD)
    if text[lo:s].strip(lead) or lo == 0:
        return max(lo, s - _RECORD_BACK), hi
    lo = max(0, s - _RECORD_BACK)
    blank = max(text.rfind("\n\n", lo, s), text.rfind("\n\r\n", lo, s))
    return (text.index("\n", blank + 1) + 1 if blank >= 0 else lo), hi


def _expiry_date(text: str, lo: int, hi: int) -> bool:
    lowered = text[lo:hi].lower()
    return any(date_at(text, lo + m.end(), Expiry.FILLERS) is not None for m in Expiry.LOWER.finditer(lowered))


def names_card(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` names a card: a card word, a card number or an expiry keyword with its date."""
    return (_CARD_WORD.search(text, lo, hi) is not None or _CARD_KEY.search(text, lo, hi) is not None
            or holds_card_number(text, lo, hi) or _expiry_date(text, lo, hi))


_TEMPLATE_LABEL = re.compile(r"""\\?["']?[ \t]*[:=]""")  # "MM/YY: 08-29", "MM/YY"="08-29"
# The keywords that name nothing but a date: expiry, expiration, valid thru, an expiry verb (about a card: the caller
# asked), the date's template
_DATED = re.compile(r"(?i)expir|valid|good|mm")
_DOTTED_AHEAD = re.compile(r"[^0-9\r\n]{0,40}?(?:0[1-9]|1[0-2])\.[0-9]{2}")


def _template_hint(text: str, s: int, e: int) -> bool:
    """The expiry keyword ``text[s:e]`` is a date's template (``MM/YY``) that is no label: a hint inside another
    label ("Start date (MM/YY): 08/29") or a format named in prose. As a label ("MM/YY: 08-29") it names the date."""
    return text[s : s + 2] in ("MM", "mm", "Mm") and (  # (no other keyword starts so: "masa berlaku")
        _TEMPLATE_LABEL.match(text, e) is None or text[s - 1 : s] in ("(", "["))


def reads_dotted(text: str, s: int, e: int) -> bool:
    """MM.YY after the expiry keyword ``text[s:e]`` is a date (``expiry 06.32``): after a keyword that names nothing
    but a date, or after ``exp`` in a record that names a card or a sentence that gives its code; elsewhere
    ``exp 11.28`` is an amount (an expense)."""
    if _DATED.match(text, s) is not None:
        return True
    if _DOTTED_AHEAD.match(text, e) is None:
        return False  # no MM.YY within reach: the record is not read (most keywords)
    lo, hi = _record(text, s, e)
    return names_card(text, lo, s) or names_card(text, e, hi) or _sentence_gives_code(text, s, e)


def lends_code(text: str, s: int, e: int) -> bool:
    """The CVV keyword ``text[s:e]`` may name a card's code (see the module's docstring); ``cid`` in a URL's query
    string (``cards.queryparams``) is a campaign or client id."""
    word = text[s:e]
    if word.lower() == "cid" and query_parameter(text, s, e):
        return _query_holds_card(text, s)
    weak = _WEAK_CODE.fullmatch(word) is not None and _CARD_VALUE_KEY.fullmatch(word) is None
    if not weak and not (_SECURITY_CODE.fullmatch(word) and _OTHER.search(text, max(0, s - 32), s)):
        return True
    if weak and _SOCIAL.search(text, max(0, s - 8), s):
        return False
    lo, hi = _record(text, s, e)
    if weak and _SENT.search(text, max(lo, sentence_start(text, s)), _sentence_end(text, e, hi)):
        return False
    return names_card(text, lo, s) or names_card(text, e, hi) or (weak and payment_contact_attribute(text, s, e))


# A card number's parameter in a query string or form body (``card=``, ``ccnum=``, ``cardNumber=``, ``pan=``,
# ``acct=``, NMI's ``ccnumber=``) and a card number's digits as its value.
_NUMBER_PARAMETER = lazy_compile(r"(?:credit|debit|payment)?(?:card|cc|acct|account)(?:num|number|no|nbr)?|pan")
_NUMBER_VALUE = lazy_compile(r"[0-9]{12,19}")


def _query_holds_card(text: str, s: int) -> bool:
    """The query string or form body holding the ``cid`` parameter at ``s`` also holds a card number or a card's
    expiry under keys of their own: ``cid`` is the card's code there, a campaign or client id elsewhere."""
    for name, value in query_pairs(text, s):
        key = norm(name)
        if Expiry.KEY.fullmatch(key) or Expiry.MONTH_KEY.fullmatch(key) or Expiry.YEAR_KEY.fullmatch(key) or (
                _NUMBER_PARAMETER.fullmatch(key) and _NUMBER_VALUE.fullmatch(value)):
            return True
    return False


def sentence_start(text: str, s: int, ends: re.Pattern[str] = _SENTENCE_END) -> int:
    """Where the sentence holding ``text[s]`` starts (120 characters back at most)."""
    lo = max(0, s - 120)
    return max((m.end() for m in ends.finditer(text, lo, s)), default=lo)


def _sentence_end(text: str, e: int, hi: int, ends: re.Pattern[str] = _SENTENCE_END) -> int:
    m = ends.search(text, e, hi)
    return hi if m is None else m.start()


def _card_before(text: str, s: int) -> bool:
    """The card the keyword at ``s`` dates was given in a turn or message just before its own: ``turns`` (a speech
    or chat turn, a transcript's line), ``conversation`` (a message of its own in a chat, SMS or mail); or in a speech
    turn of its speaker's just after it (``conversation.card_said_after``)."""
    return card_said_before(text, s) or card_given_before(text, s) or card_said_after(text, s)


def verb_names_card(text: str, s: int, e: int) -> bool:
    """The expiry keyword ``text[s:e]`` may name a card's date (see the module's docstring); printed on a card's
    face it is the label of the card's date (``layout.card_face``); a date's template only as a label."""
    if _template_hint(text, s, e):
        return False
    if _WEAK_DATE_LABEL.fullmatch(text, s, e) or (text[s - 1 : e + 1].lower() == "<expires>"):  # a key, no verb
        lo, hi = _record(text, s, e)
        return names_card(text, lo, s) or names_card(text, e, hi) or _card_before(text, s)
    if about_a_card(text, s, e) or card_face(text, s, e):
        return True
    if text[e : e + 1] == "_" and VERB_LABEL.match(text, e) is None:
        return False  # a key: expires_in
    if number_just_said(text, s) or card_in_sentences(text, s) or card_ends_before(text, s):
        return True
    if text[s] in "gGwW":  # gültig bis, geldig tot, ważna do: printed on cards, their date's label
        lo, hi = _record(text, s, e)
        if _CARD_WORD.search(text, lo, hi) or holds_card_number(text, lo, hi) or _card_before(text, s):
            return True
        if _sentence_gives_code(text, s, e):
            return True
        label = _LABEL.match(text, e) is not None or _FIELD_START.search(text, max(lo, s - 8), s) is not None
        return (label and _OTHER_VALID.search(text, lo, hi) is None) or own_subject_date(text, s, e)
    if _sentence_gives_code(text, s, e) or _card_before(text, s):
        return True
    return (VERB_LABEL.match(text, e) is not None and _names_card_around(text, s, e)) or own_subject_date(text, s, e)


def _names_card_around(text: str, s: int, e: int) -> bool:
    """A whole card number in the label's record (a Markdown list's or table's lines above it too): a masked card
    beside it ("- **Card:** Visa ending 1234") names no card date."""
    lo, hi = _record(text, s, e, LABEL_LEAD)
    return holds_card_number(text, lo, s) or holds_card_number(text, e, hi)


def _sentence_gives_code(text: str, s: int, e: int) -> bool:
    """The sentence of the expiry keyword ``text[s:e]`` gives a card code with its value, before or after it (in
    another of its clauses too)."""
    lo, hi = sentence_start(text, s, _CLAUSES_END), _sentence_end(text, e, min(len(text), e + 120), _CLAUSES_END)
    return _gives_code(text, lo, s) or _gives_code(text, e, hi)


def _gives_code(text: str, lo: int, hi: int) -> bool:
    """A card code keyword with its value in ``text[lo:hi]`` (``CSC 1234``, ``the security code is 236``), also in
    French, Spanish, Portuguese, German or Italian (``le cryptogramme est 236``, ``die Prüfnummer ist 236``)."""
    piece = text[lo:hi].lower()
    if len(piece) != hi - lo:
        return False  # a letter whose lower case is longer: offsets into ``piece`` are no offsets into ``text``
    if any(code_at(text, lo + m.end(), Cvv.FILLERS) is not None for m in Cvv.ASKED.finditer(piece)):
        return True
    folded = text[lo:hi].translate(COPULA)  # "o código de segurança é 236": the copula a filler word once folded
    return any(code_at(folded, m.end(), Cvv.INTL_FILLERS) is not None for m in Cvv.INTL_LOWER.finditer(piece))


# A code said before its name ("473 is the CID on the back", "it's 4821, the security code"): only "<code> is the
# <name>" or "<code>, the <name>", in a record that names a card elsewhere ("123 is the error code" has no card name)
_CODE_BEFORE = re.compile(r"(?<![\w.,/:$\-])(?P<v>[0-9]{3,4})(?:[ \t]+(?:is|are)|,)[ \t]+the[ \t]+$", re.ASCII)


def code_before(text: str, s: int, e: int) -> tuple[int, int, str] | None:
    """The code said right before the CVV keyword ``text[s:e]`` in a card's record: (start, end, digits)."""
    m = _CODE_BEFORE.search(text, max(0, s - 16), s)
    if m is None:
        return None
    lo, hi = _record(text, s, e)
    return (m.start("v"), m.end("v"), m["v"]) if names_card(text, lo, m.start()) or names_card(text, e, hi) else None


# OpenTravel's token type: an element holds its value plain in a ``PlainText`` child (``<SeriesCode><PlainText>123``;
# or encrypted, masked or tokenised in attributes, when it holds none)
_PLAIN_TEXT = re.compile(r">[ \t]*<PlainText>", re.ASCII)


def code_at_label(text: str, s: int, e: int) -> tuple[int, int, str] | None:
    """The code a security-code keyword ``text[s:e]`` names: after it (past a key's index or an aside that describes
    the code, ``layout.aside_end``; past another language's copula and article too: "el cvv es 584", "il cvv è
    295", "kod CVV to 771"), said before it (``code_before``: "473 is the CID") or as the next sentence's answer to the
    question it asks (``spoken.answered_code``: "the security code on the back? Three one four.")."""
    e = plain.end() if (plain := _PLAIN_TEXT.match(text, e)) is not None else past_index(text, e)
    at = aside_end(text, e)
    return (code_at(text, at, Cvv.FILLERS) or copula_code(text, at, Cvv.COPULAS) or code_before(text, s, e)
            or _field_code(text, e) or answered_code(text, e, Cvv.FILLERS))


# ``cvc=048,2026/11/03/[$LATEST]...``: a keyed value a CSV's next field follows right after its comma (a Logs Insights
# export: ``@message`` then ``@logStream``) is whole, unless 1-3 digits follow alone (``123,456``, ``123,5``: a number)
_FIELD_CODE = re.compile(r"[\]\"']?[ \t]*[=:][ \t]*(?P<v>[0-9]{3,4}),(?![0-9]{1,3}(?![0-9]))", re.ASCII)


def _field_code(text: str, e: int) -> tuple[int, int, str] | None:
    m = _FIELD_CODE.match(text, e)
    return None if m is None else (m.start("v"), m.end("v"), m["v"])
