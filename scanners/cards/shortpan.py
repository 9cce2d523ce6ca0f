"""Twelve-digit card numbers need a card word: ``unlabelled_twelve`` (a confounder class, ``cards.confounders``).

Twelve digits is the shortest card number, issued only in a few Maestro ranges (50, 56-69), and the usual length of
AWS account ids, queue and ticket numbers, bank and utility account numbers: a bare 12-digit run there passes IIN
and Luhn one time in ten (``contact <uuid> queue 5012...``, OTLP ``"cloud.account.id"``, a Sentry breadcrumb). So a
12-digit number written as one run counts only when a card word comes before it within reach (the key or label of the
record: ``card=``, ``"card_number": ``, ``cardNumber``, ``PAN``, ``cc_num``, "Maestro", "debit", or another language's:
"tarjeta", "Kartennummer", "carte", "cartão", "carta"), on its line or the line before (a chat's question), when it is a
member of a YAML mapping or an HCL block named for a card or holding the card's code or expiry (``in_card_block``), when
the card's expiry or code keys follow it in its own object (Adyen's ``"paymentMethod": {"type": "scheme", "number":
"...", "expiryMonth": "01", ...}``; a SOAP ``<ns2:Card>``'s elements on the lines below), or when its sentence goes on
with the card's expiry date or code ("ok <n> and it expires on 1227", "<n>, cvv 329"), or when it is a keypad entry
whose own prompt asked for the card (an Amazon Connect flow log's ``"Results": "<n>"`` beside ``"Parameters": {"Text":
"Please enter your card number ..."}``), or a bind variable bound to a card's column (Siebel's ``Bind variable 2: <n>``
below its statement's ``(ROW_ID, CC_NUM, ...) VALUES (:1, :2, ...)``), or an Android UI dump view's text whose
own ``resource-id``, ``content-desc`` or ``hint`` names a card (``text="<n>" resource-id="…:id/card_number"``).
Grouped like a card (``6767 7463 6887``) or 13-19 digits: unchanged, but for twelve grouped digits glued to an id's
letter prefix (``GC-6145-2566-9139``, a gift card's or a purchase order's number: a card number is never written
after one), which need a card word as a run does.
"""

from __future__ import annotations

import re

from scanners.cards.flowlog import FLOW_RESULT, block_words
from scanners.cards.keyparse import key_before
from scanners.cards.masked import masked_spans
from scanners.cards.yamlmaps import mapping
from scanners.lazy_re import lazy_compile

REACH = 160  # characters before the number: a JSON record's card key, a log line's label, the question before it
# "card" in the other languages of a payment flow's labels: Spanish, German, French, Portuguese, Italian; Dutch
# (kaart), Polish (karta, karty, kartą, karcie), Turkish (kart, kartı, kart numarası), Swedish and Danish only as a
# number's word (kortnummer: a bare "kort" is Dutch for short); Japanese, Chinese, Korean, Hindi, Arabic, Russian
CARD_WORD_INTL = (
    r"tarjeta|(?:kredit|debit|ec|giro|bank)?karten?(?:nummer)?(?![a-z])|cart(?:e|a|\u00e3o|ao)(?![a-z])"
    r"|(?:bank|kredi|debit)?kart(?:[ayi\u0105\u0131]|cie|numaras[i\u0131])?(?![a-z])|(?:bank)?kaart(?:nummer)?(?![a-z])"
    r"|kortnummer|\u30ab\u30fc\u30c9|\u5361\u53f7|\u5361\u865f|\uce74\ub4dc|\u0915\u093e\u0930\u094d\u0921"
    r"|\u0628\u0637\u0627\u0642\u0629|\u043a\u0430\u0440\u0442[\u0430\u044b\u0443]"
)
# (a JSON-escaped tab or line break before it is a field's start: ``\\tcc=…``, a Lambda log line in a Firehose record)
# ``cc`` glued to a digit, after it or before it, is a hex word (a request id's ``95fe868e-cc4f-47be-...``, an X-Ray
# trace id's ``...4606407cc``), not the card's abbreviation
_CARD_WORD = lazy_compile(
    r"(?i)(?:(?<![a-z])|(?<=\\[ntr]))(?:card|pan(?![a-z])|(?<![0-9])ccn?(?![a-z0-9])|cc_?num|credit|debit|maestro|visa"
    rf"|master ?card|primary acc|{CARD_WORD_INTL})"
)


def card_word_in(text: str, start: int, end: int) -> bool:
    """A card word (``_CARD_WORD``) in ``text[start:end]``: the label a reader sees before a card number."""
    return _CARD_WORD.search(text, start, end) is not None


# The card's expiry or code as a later member of the number's own object (no brace between): a card object; as a
# key (``"exp_month":``; JSON-escaped in a string, a Serilog event's ``Body``: ``\"expiryMonth\":``) or as an XML
# element (Chase Orbital's ``<Exp>``, ``<CardSecVal>``; CyberSource's ``<urn:expirationMonth>``, ``<urn:cvNumber>``)
# (a bare ``exp`` is a JWT's claim too: only ``expiry`` and ``expiration`` name the whole date alone)
_MEMBER = (r"exp(?:iry|iration)?[_ ]?(?:month|mon|mo|mm|year|yr|yyyy|yy|date)|expiry|expiration"
           r"|cvc2?|cvv2?|csc|cvn|security_?code")
_MEMBER_ELEMENT = rf"<(?:[A-Za-z][A-Za-z0-9]{{0,11}}:)?(?i:{_MEMBER}|exp|cardsecval|cvnumber)>"
# (a line break only before the next member's key or element: a pretty-printed object, a SOAP body's ``<ns2:Card>``
# whose ``<ns2:AccountNumber>`` line comes before its ``<ns2:ExpirationDate>`` and ``<ns2:CVV2>`` lines)
_CARD_MEMBER_AFTER = re.compile(
    rf"""(?:[^{{}}\n]|\n(?=[ \t]*[<"']))"""
    rf"""{{0,100}}?(?:["']?(?i:{_MEMBER})\\?["']?[ \t]*[:=]|{_MEMBER_ELEMENT})""")
# ... unless the card's own number is a member between them (a Genesys participant's ``"ivr.accountNumber": "<n>",``
# then ``"ivr.cardNumber": "<pan>", "ivr.cardExpiry": …``: the expiry is that card's, the account another number;
# Moneris' ``<order_id>`` followed by the card's ``<pan>`` and ``<expdate>`` elements)
_NUMBER_MEMBER = re.compile(
    r"""(?i)["'.]?(?:card|cc)[_ .-]?(?:num(?:ber)?|no)\\?["']?[ \t]*[:=]|["'.]pan\\?["']?[ \t]*[:=]"""
    r"|<(?:[A-Za-z][A-Za-z0-9]{0,11}:)?(?i:pan|(?:card|cc)[_-]?(?:num(?:ber)?|no))>")
# ... or as an earlier member, lines above it too (a pretty-printed dict: ``'exp_month': 12,`` then ``'number':``),
# when the number's own key names a number (``number``, ``AccountNum``, ``accountNumber``, ``acct``)
_CARD_MEMBER_BEFORE = re.compile(
    rf"""(?:["']?(?i:{_MEMBER})\\?["']?[ \t]*[:=]|{_MEMBER_ELEMENT})[^{{}}]{{0,100}}?"""
    r"""(?:["']?(?i:[a-z_]{0,12}(?:num(?:ber)?|no|acct))\\?["']?[ \t]*(?:=>|[:=])[ \t]*\\?["']?"""
    r"""|<(?:[A-Za-z][A-Za-z0-9]{0,11}:)?(?i:[a-z_]{0,12}(?:num(?:ber)?|no|acct))>)\Z""")


# An id's prefix glued to its digits: capitals and a hyphen (``GC-``, ``PO-``, ``ORD-``); or, as the value of an id's
# key, a word of letters in any case and a hyphen or underscore, as jobs, runs and requests name themselves
# (``"run_id": "run-…"``, ``job_id=job-…``, ``"requestId": "Req_…"``: a Step Functions execution's input) -- elsewhere
# such a word may be a name (a file named ``ahmed_<card>.txt``). Never a card word or a brand, which names the card
# written after it (``visa-``, ``VISA-``, ``card_``, ``cc-``, ``amex_``).
_ID_PREFIX = re.compile(r"(?<![A-Za-z0-9_\-])(?P<word>[A-Za-z]{2,8})(?P<glue>[\-_])$")
_BRAND = lazy_compile(
    r"(?i)amex|american|discover|diners?|dinersclub|jcb|unionpay|cup|mc|rupay|elo|mir|troy|hipercard|cartebancaire")
_ID_KEY = lazy_compile(r"(?:^|[_.\-]|(?<=[a-z])(?=I))(?i:id)$")  # run_id, requestId, execution.id, ID


def id_prefixed(text: str, start: int) -> bool:
    """An id's prefix and its hyphen or underscore right before ``start`` (``ORD-``; ``run-``, ``exec_`` as an id
    key's value), no card word nor a card brand's name."""
    m = _ID_PREFIX.search(text, max(0, start - 10), start)
    if m is None or _CARD_WORD.match(m["word"]) is not None or _BRAND.fullmatch(m["word"]) is not None:
        return False
    if m["word"].isupper() and m["glue"] == "-":
        return True
    key = key_before(text, max(0, m.start() - 48), m.start())
    return key is not None and _ID_KEY.search(key) is not None


# The card's expiry date or code said after the number in its sentence: "ok <n> and it expires on 1227", "I'll pay
# with <n>, valid thru 2027-12", "<n> yeah, expiry date 08/2031", "<n>, cvv 329" (a transcript, an agent's note),
# "Please charge <n> (exp 2032-08)" (a receipt's line)
_MONTH_YEAR = r"(?:0?[1-9]|1[0-2])[/\-](?:20)?[0-9]{2}|20[0-9]{2}-(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])[0-9]{2}"
# (words, not a log line's keys: ``id=<n> exp=12-29`` names no card; nor a duration: "expires in 1027 seconds")
_NO_UNIT = r"(?![ \t]*(?i:m?s|sec|seconds?|min|minutes?|h|hrs?|hours?|days?|weeks?)(?![A-Za-z]))"
_SAID_AFTER = re.compile(
    r"[0-9]{12}(?![0-9])[^.;!?\n\"=]{0,40}?(?<![A-Za-z])(?i:expir(?:es|y|ation|ing)|valid[ \t]+(?:thru|through|until)"
    rf"|good[ \t]+thru|exp)(?![A-Za-z])[^.;!?\n\"0-9=]{{0,16}}(?<![0-9])(?:{_MONTH_YEAR})(?![0-9/\-])"
    rf"{_NO_UNIT}"
    r"|[0-9]{12}(?![0-9])[^.;!?\n\"=]{0,40}?(?<![A-Za-z])(?i:cvv2?|cvc2?|csc|security[ \t]+code|card[ \t]+code"
    r"|code[ \t]+on[ \t]+the[ \t]+back)(?![A-Za-z])[^.;!?\n\"0-9=]{0,8}(?<![0-9])[0-9]{3,4}(?![0-9])")


def in_card_object(text: str, start: int) -> bool:
    """The number at ``start`` has the card's expiry or code as a member of its own object, after it or before it,
    or said after it in its sentence: a card's number, whatever its own key (``number``, ``AccountNum``) or the
    number named before it ("my order number is ...")."""
    after = _CARD_MEMBER_AFTER.match(text, start)
    if after is not None and _NUMBER_MEMBER.search(text, start, after.end()) is None:
        return True
    return (_SAID_AFTER.match(text, start) is not None
            or _CARD_MEMBER_BEFORE.search(text, max(0, start - REACH), start) is not None)


# A speech or chat turn's key and text (``"Content": "Can I get your card number please?"``): a number said in a turn
# is named by the turn before it, however many metadata lines a pretty-printed transcript puts between them
_TURN_KEY = r'"(?:[Cc]ontent|[Tt]ranscript|inputTranscript|[Uu]tterance|text)"[ \t]*:[ \t]*"'
_OWN_TURN = lazy_compile(_TURN_KEY + r'[^"\n]{0,120}$')
_TURN = lazy_compile(_TURN_KEY + r'(?P<said>[^"\n]{0,300})"')
_TURN_REACH = 600


# A Store / Get customer input block's entry in a flow log: its block's prompt and label name it (``cards.flowlog``)
_RESULTS = lazy_compile('"' + FLOW_RESULT + r"\Z")


def keypad_prompted(text: str, start: int) -> bool:
    """The number at ``start`` is what the caller keyed in at a Connect input block whose prompt or label names a
    card."""
    if _RESULTS.search(text, max(0, start - 16), start) is None:
        return False
    words = block_words(text, start)
    return words is not None and _CARD_WORD.search(words) is not None


# Siebel's ObjMgrSqlLog writes a statement with numbered placeholders (``INSERT INTO S_PTY_PAY_PRFL (ROW_ID, CC_NUM,
# ...) VALUES (:1, :2, ...)``), then a line per value: ``Bind variable 2: <n>``, named by the column its placeholder
# stands for in the statement's column list.
_BIND = lazy_compile(r"Bind variable ([0-9]{1,3}): $")
_BOUND_INSERT = lazy_compile(r"\(([^()\n]{1,400})\)[ \t]*VALUES[ \t]*\(([^()\n]{1,400})\)", re.I)
_BIND_REACH = 2000


def bound_column(text: str, start: int) -> str | None:
    """The column the bind variable whose value starts at ``start`` is bound to, or None."""
    bind = _BIND.search(text, max(0, start - 24), start)
    if bind is None:
        return None
    # the nearest statement before it
    statement = next(reversed(list(_BOUND_INSERT.finditer(text, max(0, start - _BIND_REACH), bind.start()))), None)
    if statement is None:
        return None
    columns = [c.strip() for c in statement.group(1).split(",")]
    places = [v.strip() for v in statement.group(2).split(",")]
    name = ":" + bind.group(1)
    return columns[places.index(name)] if name in places and len(places) == len(columns) else None


# A YAML block mapping or an HCL block that is a card's names the number it holds, however many lines below its name:
# a Rails fixture's ``card_25:`` two lines above ``number: "…"``, Terraform's ``variable "synthetic_card_3" {``
# above its ``default = "…"`` (the mapping's key or the block's labels hold a card word), or a mapping holding the
# card's code or expiry as members (ActiveMerchant's ``verification_value``)
_YAML_VALUE = re.compile(r"""[ ]*(?:-[ ]+)*(?P<key>[A-Za-z_][\w-]{0,40}):[ \t]*["']?""")
_HCL_VALUE = re.compile(r"""[ \t]*(?:default|value)[ \t]*=[ \t]*"?""")
_HCL_HEAD = re.compile(r"""[ \t]*[a-z_]{1,40}(?:[ \t]+"[^"\n]{1,80}"){1,2}[ \t]*\{[ \t]*\r?""")
_CODE_KEY = re.compile(r"(?i)verification_?value|cvv2?|cvc2?|csc|security_?code|exp(?:iry|iration)?_?(?:month|date)")
_BLOCK_LINES = 12


def in_card_block(text: str, start: int) -> bool:
    """The number at ``start`` is a member's value in a YAML mapping or an HCL block that is a card's."""
    ls = text.rfind("\n", 0, start) + 1
    if (m := _YAML_VALUE.fullmatch(text, ls, start)) is not None:
        found = mapping(text, m.start("key"))
        if found is None:
            return False
        parent, lines = found
        return (parent is not None and _CARD_WORD.search(parent["key"]) is not None) or any(
            _CODE_KEY.fullmatch(line["key"].strip("\"'")) for line in lines)
    if _HCL_VALUE.fullmatch(text, ls, start) is None:
        return False
    at = ls
    for _ in range(_BLOCK_LINES):
        if at == 0:
            return False
        at = text.rfind("\n", 0, at - 1) + 1
        end = text.find("\n", at)
        if "{" in text[at:end] or "}" in text[at:end]:
            return _HCL_HEAD.fullmatch(text, at, end) is not None and _CARD_WORD.search(text, at, end) is not None
    return False


# A card word whose own value is a masked card number (``pan=609959******2049``, ``"cardNumber": "****4242"``, a
# statement's ``CARD PURCHASE 601193******6389``: no digit between them) names that masked value: it labels no other
# number on its line or the next (a POS log's ``DE037(RRN)=6…`` on the line after a ``pan=<masked>`` line, a cheque's
# MICR account number on the line after a masked card's purchase)
_OWN_REACH = 24


def _card_label(text: str, lo: int, start: int) -> bool:
    """A card word in ``text[lo:start]`` that does not name a masked card number right after it."""
    for word in _CARD_WORD.finditer(text, lo, start):
        at = word.end()
        own = next(masked_spans(text, at, min(start, at + _OWN_REACH + 24)), None)
        if own is None or own[0] - at > _OWN_REACH or any(c.isdigit() or c == "\n" for c in text[at : own[0]]):
            return True
    return False


# An Android UI dump's view (UIAutomator's ``window_dump.xml``: ``<node index="0" text="<n>"
# resource-id="com.shop.app:id/card_number" … />``) is named by its own id, description or hint, after its text
_VIEW_NAME = lazy_compile(r'\s(?:resource-id|content-desc|hint)="([^"<>]{0,120})"')


def view_named(text: str, start: int) -> bool:
    """The number at ``start`` is a UI dump view's ``text`` attribute and the view's id, description or hint names a
    card."""
    if text[max(0, start - 6) : start] != 'text="' or text.rfind("<node ", max(0, start - 80), start) < 0:
        return False
    close = text.find(">", start, start + 600)
    return close > 0 and any(_CARD_WORD.search(m[1]) for m in _VIEW_NAME.finditer(text, start, close))


def unlabelled_twelve(text: str, start: int) -> bool:
    """No card word within ``REACH`` before ``start``, on its line or the line before, nor in the turn before the
    number's own turn (a transcript's question)."""
    lo = max(0, start - REACH)
    ls = text.rfind("\n", lo, start)
    if ls >= 0:
        prev = text.rfind("\n", lo, ls)
        lo = prev + 1 if prev >= 0 else lo
    if _card_label(text, lo, start) or in_card_object(text, start) or keypad_prompted(text, start):
        return False
    if in_card_block(text, start) or view_named(text, start):
        return False
    if (column := bound_column(text, start)) is not None and _CARD_WORD.search(column) is not None:
        return False
    own = _OWN_TURN.search(text, max(0, start - 160), start)
    if own is None:
        return True
    said = [t["said"] for t in _TURN.finditer(text, max(0, own.start() - _TURN_REACH), own.start())]
    return not said or _CARD_WORD.search(said[-1]) is None
