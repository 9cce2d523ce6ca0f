"""Whether a number is the value of an id: the key, element, path segment or prose word that names it.

``id_keyed(text, start)`` is True when the value starting at ``start`` is named as an id-, time- or phone-like
value. Most names sit right before the value (``near_id_keyed``, 48 characters back). Some sit further away, read
in a bounded way (``idfar.far_id_keyed``): the slot a Lex value belongs to (``"OrderNumber": {"value": {"originalValue":
"<n>"``), a key escaped more than once (``\\\\\\"dd.trace_id\\\\\\": \\\\\\"<n>``, a JSON string inside a JSON string
inside a JSON string), and the header of the CSV column the value is a cell of (``scanners.cards.csvheader``).
A program's or debugger's dump names some values its own way (``dumpkeys``: PHP's ``var_dump`` and ``serialize()``,
a C format string's word, ``id(obj)`` in pdb).
A name is an id when ``idnames.id_key`` says so: an id word, no card word (a gift or loyalty card's reference
aside), and an account word only as ``accountId``.
"""

from __future__ import annotations

import html
import re

from scanners.cards.dumpkeys import dump_name
from scanners.cards.idfar import far_id_keyed
from scanners.cards.idnames import id_collection, id_key
from scanners.cards.idphrases import decoded_before, phrase_name, unescape_u, unquote_qp
from scanners.cards.idprose import programme_label, programme_named, unsigned_name
from scanners.cards.iso8583 import bracketed_key
from scanners.cards.keyparse import form_path, key_at, sign_before
from scanners.cards.metriclines import sample_value
from scanners.cards.pairfields import pair_name
from scanners.cards.queryparams import catalogue_parameter
from scanners.cards.segments import positional_id
from scanners.cards.sttwords import words_before
from scanners.cards.summarynames import PAIR_NAME, PREFIXED_NAME, PREFIXED_VALUE
from scanners.cards.textmemo import per_text
from scanners.cards.tokennames import card_reference, named_not_card
from scanners.cards.typedvalues import TYPE_KEYS, typed_owner

# What stands before a value that FIX (``=``), X12 (``*``) or HL7 (``|``) name by its position (``segments``).
_POSITION_SIGNS = frozenset("=*|")
# The collection of a REST path segment (``/orders/<id>``), the entity of a composite key (``ORDER#<id>``).
# A key in an HTML attribute's JSON has its quotes escaped (``data-state="{&quot;order_id&quot;: &quot;<id>``).
_ENTITY_BEFORE = re.compile(
    r"&(?:#0*35|#[xX]0*23|num|sol|#0*47|#[xX]0*2[fF]|gt|#0*62|#[xX]0*3[eE]|nbsp|#0*160|quot|#0*34|#[xX]0*22);$"
)
# A file's name that is the number with an extension (``receipts/<n>.pdf``, an S3 object's key): a stored object,
# not a REST resource's id, so a collection's name (``receipts``, ``payments``) no longer names it; an id word still
# does (``orders/<n>.pdf``, ``invoices/<n>.pdf``: the folder names the number the way ``order_id`` would). The name
# may keep the number's groups (``receipts/4532 0151 … 0366.pdf``, an Azure Storage log's ``%20``-encoded blob name).
_FILE_NAMED = re.compile(r"(?:[0-9][ -]?){11,18}[0-9]\.[A-Za-z][A-Za-z0-9]{0,4}(?![A-Za-z0-9])")
# A folder of a stored object's key (CloudTrail's ``"key":"receipts/<n>/1729….pdf"``, ``s3://bucket/cards/<n>/``) is
# no REST resource's id either: a collection's name does not name it.
_OBJECT_KEY = re.compile(r"(?:\\?\"(?i:key|objectKey|object_key|s3Key|s3_key)\\?\"[ \t]*:[ \t]*\\?\"|s3a?://)[^\s\"\\]*/$")
# A stored object's or file's name made of a word, ``-`` or ``_`` and the number (``exports/order-<n>.csv``,
# ``invoices/invoice_<n>.pdf``, a blob's name in a storage log's URL): the word glued before the digits names them as
# a key would; only a word that starts the path's segment (``visa-<n>``, ``ahmed_<n>`` name no id and stay open).
_NAME_WORD_BEFORE = re.compile(r"(?:/|%2[Ff])([A-Za-z]{2,30})[-_]$")
# (a JSON string may escape a path's slash: ``"path": "\/payments\/<id>"``)
_PATH_BEFORE = re.compile(r"(?:/|(?<![A-Za-z0-9])|^)([A-Za-z][A-Za-z_\-]{1,30})(?:\\?/|[ \u00a0]?#)$")  # NBSP: HTML
# Prose or form labels of an id in scripts the ASCII patterns cannot read (an order, member, customer, booking or
# tracking number in Japanese, Chinese, Korean, Hindi, Arabic and Russian), right before the value with at most a
# particle, colon, equals sign, quote or number sign between (``注文番号：４００１…``, ``订单号=4001…``,
# ``رقم الطلب ٤٠٠١…``). No card word is one of them (カード番号, 卡号, 카드번호, कार्ड नंबर, رقم البطاقة stay card
# numbers), nor an account number: as in English (``account``), a card's number is its primary account number
# (رقم الحساب, номер счёта stay open).
_INTL_ID_BEFORE = re.compile(
    "(?:(?:ご|お)?(?:注文|会員|お?客様|顧客|予約|受付|お?問い?合わせ|伝票|追跡|請求書?|配送)番号"  # Japanese
    "|(?:订单|訂單|会员|會員|客户|客戶|预订|預訂|运单|運單|快递单|快遞單)(?:编|編)?[号號]"  # Chinese
    "|身份[证證][号號]码?"  # ... a resident identity card's number (18 characters, a birth date inside)
    "|(?:会员|會員)卡[号號]"  # ... a membership card's (a closed-loop programme's card, as ``member card`` is)
    "|(?:주문|회원|예약|고객|운송장)\\s?번호"  # Korean
    "|(?:ऑर्डर|सदस्य(?:ता)?|ग्राहक|बुकिंग|ट्रैकिंग|आधार|(?i:aadhaa?r))\\s(?:नंबर|संख्या|आईडी)"  # Hindi (Aadhaar: India's id)
    "|رقم\\s(?:ال)?(?:عضوية|طلب|طلبية|عميل|حجز|تتبع|فاتورة|شحنة)"  # Arabic
    "|(?i:номер\\s(?:заказа|клиента|участника|бронирования|договора)))"  # Russian
    "[\\s:\uff1a=\uff1d#\uff03\"'\u306f\u662f\u4e3a\u70ba\uc740\ub294]{0,6}$"
)
# CloudTrail's userIdentity.principalId of an assumed role: the role's unique id, a colon, the role session name
# (``AROA...:1733350399`` - callers often name a session by a number: a timestamp, an account or contact id).
_PRINCIPAL = re.compile(r'(?i:principalId)\\?"[ \t]*:[ \t]*\\?"[A-Z0-9]{16,32}:$')
_SESSION_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # the character before its colon
# A Value member named by its object's Key or Name member before it (Connect flow logs' Set contact attributes).
# (Their members may share a prefix: Zoom Contact Center's ``{"variable_name": "x", "variable_value": "4…"}``.)
# A name may be a label of words (Shopify's note attributes: ``{"name": "Order Ref", "value": "4…"}``). A typed
# value's ``type`` names it the same way (an Onfido document's ``{"type": "document_number", "value": "…"}``).
_NAMED_BY = re.compile(
    r'\\?"(?:[Kk]ey|[Nn]ame|[Tt]ype|' + PREFIXED_NAME + r')\\?"[ \t]*:[ \t]*\\?"(' + PAIR_NAME + r')\\?"[^{}]{0,80}$')
# Serilog's compact JSON (CLEF) reserves ``@``-prefixed names for an event's own fields: ``@i`` its event id, ``@tr``
# and ``@sp`` the trace and span ids of its activity; ids whatever their digits (``@m``, ``@mt``, ``@r`` hold the
# message and its renderings: read as any text).
_RESERVED_IDS = {"i": "eventId", "tr": "traceId", "sp": "spanId"}
# EMV tags written as a key (``9F26=…``) whose values are never a card number though they may be all digits: the
# application cryptogram (9F26), its information data (9F27), the ATC (9F36), the unpredictable number (9F37), the
# issuer application data (9F10), the amounts (9F02, 9F03), the terminal's country code and serial (9F1A, 9F1E), its
# capabilities, CVM results and type (9F33, 9F34, 9F35), the sequence counter (9F41), the transaction currency
# (5F2A), the PAN sequence number (5F34).
_EMV_TAG_KEY = re.compile(
    r"(?<![0-9A-Za-z_])(?:9[Ff](?:26|27|36|37|10|02|03|1[AaEe]|3[345]|41)|5[Ff](?:2[Aa]|34))[ \t]*$")
_RESERVED_KEY = re.compile(r'"@(?:i|tr|sp)\\?"[ \t]*:[ \t]*\\?"?$')
# FreeSWITCH's dialplan ``set`` logs the variable and its value each in brackets: ``SET sofia/… [order_id]=[4…]``.
_SET_BEFORE = re.compile(r"\[([A-Za-z_][\w.\-]{0,63})\]=\[$")
# A FHIR Identifier's (or ContactPoint's) value, named by its ``system`` member before it: an identifier in that
# namespace (``https://hospital.example.org/fhir/sid/mrn``, HL7's ``http://hl7.org/fhir/sid/us-ssn``, an OID's
# ``urn:oid:2.16.840.1.113883.19.5``), a ``phone`` number; a system that names a card keeps its value open.
_SYSTEM_BY = re.compile(r'\\?"system\\?"[ \t]*:[ \t]*\\?"([^"\\\s]{1,200})\\?"[^{}]{0,80}$')
_ID_SYSTEM = re.compile(r"(?i)^urn:(?:oid|uuid):|/sid/")
_CARD_SYSTEM = re.compile(r"(?i)card|credit|debit|pan$")
_SYSTEM_PARTS = re.compile(r"[/:#]")
# ``nbr``: a GDS's abbreviation (``BOOKING NBR``); ``block``: a host log's ``PIN block=`` (``idnames``: no card)
_BARE_LABELS = frozenset({"number", "no", "nr", "num", "nbr", "block"})
_LABEL_BEFORE = re.compile(r"""([A-Za-z]{2,30}[ _-](?i:number|no|nr|num|nbr|block))\.?[ \t]*[:=#][ \t]*["']?$""")
# An RSpec example group's memoized helper or subject, its block returning the value: ``let(:order_ref) { '4…' }``,
# ``let!(:merchant_ref) { "4…" }``, ``subject(:loyalty_id) { 4… }``
_LET_BEFORE = re.compile(r"""(?<![\w.])(?:let!?|subject)\(:([A-Za-z_]\w{0,40})\)[ \t]*\{[ \t]*["']?$""")
# The XML element a value opens (``<pasref>``, ``<ns2:OrderId type="x">``): its local name.
_ELEMENT_BEFORE = re.compile(r"<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w.-]{0,40})(?:\s[^<>]{0,80})?>$")


# A card word, then at most two particles ("do", "del", "des", "of the"), right before the id word a key ends in:
# the key names a card of that customer or order ("tarjeta del cliente"), in the languages ``idnames`` reads.
_CARD_OWNER = re.compile(
    r"(?i)(?<!\w)(?:card|kart[aey]?|tarjeta|carta|cart[\u00e3a]o|carte)"
    r" (?:(?:of|the|my|your|de|do|da|dos|das|del|della|di|du|des|der|den|dem|van|het|la|le|el|o|a) ){0,2}$"
)


def _owned_by_card(text: str, lo: int, start: int, found: str) -> bool:
    """The key ``found`` before ``start`` follows a card word (``_CARD_OWNER``)."""
    at = text.rfind(found, lo, start)  # the pattern ends in a space (or one before a closing line break)
    return at > lo and text[at - 1] in " \n" and _CARD_OWNER.search(text, lo, at) is not None


# How an action was done, right before the key a value follows ("Took payment by phone: 4…", "paid via phone: 4…",
# "read over the phone: 4…"): the word names the channel the value came through, not the value (a phone number).
_CHANNEL_BEFORE = re.compile(r"(?i)(?<![A-Za-z])(?:by|via|over(?: the)?|on the) $")


def _channel_word(text: str, lo: int, start: int, found: str) -> bool:
    """The key ``found`` before ``start`` is the channel of an action (``_CHANNEL_BEFORE``), not the value's name."""
    at = text.rfind(found, lo, start)  # the pattern ends in a space (or one before a closing line break)
    return at > lo and text[at - 1] in " \n" and _CHANNEL_BEFORE.search(text, max(lo, at - 9), at) is not None


def _escaped_intl_label(text: str, start: int) -> bool:
    """A label of ``_INTL_ID_BEFORE`` written in JSON ``\\uXXXX`` escapes or in a UTF-8 mail body's quoted-printable
    escapes (soft line breaks between) right before ``start`` (six or nine characters a letter: read up to 320 back)."""
    before = text[max(0, start - 320) : start]
    before = unquote_qp(unescape_u(before))
    return _INTL_ID_BEFORE.search(before) is not None


def _system_name(system: str) -> str | None:
    """The name a FHIR ``system`` gives its value (``_SYSTEM_BY``): ``system_id`` for an identifier namespace of HL7's
    or an OID's, else its last segment (``mrn``, ``phone``), or None when it names a card."""
    if _CARD_SYSTEM.search(system):
        return None
    return "system_id" if _ID_SYSTEM.search(system) else _SYSTEM_PARTS.split(system)[-1]


def near_id_keyed(text: str, start: int) -> bool:
    """True when the value starting at ``start`` is named an id (``_near_id_keyed``) by the text before it as it is
    written, by its position in a FIX message, an X12 segment or an HL7 segment (``segments.positional_id``) or, when
    an encoding escaped that text (a JSON string's ``\\u00fa``, a form body's ``+`` and ``%C3%BA``, quoted-printable
    ``=C3=BA``), as a reader sees it decoded (``idphrases.decoded_before``)."""
    if _near_id_keyed(text, start):
        return True
    if text[start - 1 : start] in _POSITION_SIGNS and positional_id(text, start):
        return True  # 37=<n> in a FIX message, CLM*<n> in an X12 claim, MSH-10 in HL7: the format's position names it
    decoded = decoded_before(text, start)
    return decoded is not None and _near_id_keyed(decoded + text[start : start + 64], len(decoded))


def _near_id_keyed(text: str, start: int) -> bool:
    """True when the value starting at ``start`` is the whole value of an id-, time- or phone-like key: a JSON, form
    or logfmt key, an XML element (``<pasref>``), the attribute that owns a typed value (DynamoDB's ``"seq": {"N":
    "..."}``, Firestore's ``"orderRef": {"integerValue": "..."}``, an OTLP attribute's key), the collection a URL
    path segment belongs to (``/v1/orders/<id>``), the entity of a composite key (``"pk": "ORDER#<id>"``, ``Order
    #<id>``) or an id word in prose (``transaction id <id>``). Reads at most 48 characters before ``start`` (and one
    more for a look-behind; a typed value's owner up to ``typedvalues``' reach)."""
    lo = max(0, start - 48)
    if not (ascii_before := text[lo:start].isascii()) and _INTL_ID_BEFORE.search(text, lo, start):
        return True  # 注文番号 ４００１…: a label in another script
    if ascii_before and ("\\u" in text[lo:start] or "=\n" in text[lo:start] or "=E" in text[lo:start]) and (
            _escaped_intl_label(text, start)):
        return True  # the same label JSON-escaped ("\\u0911\\u0930...: 4…") or quoted-printable ("=E0=A4=91...: 4…")
    if start and text[start - 1] == ";" and _ENTITY_BEFORE.search(text, lo, start):  # HTML: Order&nbsp;&#35;<id>
        before = html.unescape(text[lo:start])
        return near_id_keyed(before, len(before)) if not before.endswith(";") else False
    if start and text[start - 1] in "/#>" and text[start - 2 : start] != "=>":  # "=>": a hash rocket (keyparse)
        m = (_PATH_BEFORE if text[start - 1] != ">" else _ELEMENT_BEFORE).search(text, lo, start)
        found = m.group(1) if m else None
    elif text[start - 1 : start] in ("-", "_") and (m := _NAME_WORD_BEFORE.search(text, lo, start)):
        found = m.group(1)  # exports/order-<n>.csv: the word of the object's name
    elif text[start - 1 : start] in ("'", '"', " ", "{") and text.find("(:", lo, start) >= 0 and (
            m := _LET_BEFORE.search(text, lo, start)):  # (its "(:" first: found far faster than the pattern is tried)
        found = m.group(1)  # let(:order_ref) { '4…' }: an RSpec helper's name names its value
    elif (sign := sign_before(text, lo, start)) < 0:  # what every key pattern needs: cheap, spares most values
        found = unsigned_name(text, lo, start, ascii_before)
    else:  # most values need only the key read backwards
        found = form_path(text, lo, sign) or key_at(text, lo, sign)
        if found is not None and found[:1] in "Ff" and _EMV_TAG_KEY.search(text, lo, sign):
            return True  # ``9F26=<n>``: an EMV tag that holds no card (a key's digits before its letter: ``F26``)
        # a typed value's key is its type ("N", "intValue"): the attribute before names it, or, when that is an OTLP
        # attribute's ``value``, the attribute's ``key`` beside it (``typedvalues``)
        if found in TYPE_KEYS and (typed := typed_owner(text, start)) is not None:
            found, owner_at = typed
            if found == "value" and (m := _NAMED_BY.search(text, max(0, owner_at - 160), owner_at)):
                found = m.group(1)
        if found is not None and (lowered := found.lower()).rstrip(".") in _BARE_LABELS and (
                m := _LABEL_BEFORE.search(text, lo, start)):
            found = programme_named(text, lo, m)  # "Confirmation number: 4…", "Card No.: 4…": the label names it
        elif found is not None and (lowered == "value" or PREFIXED_VALUE.fullmatch(found)) and (
                m := _NAMED_BY.search(text, max(0, start - 160), start)):
            found = m.group(1)  # {"Key": "orderNumber", "Value": "4…"}: the sibling names it
        elif found is not None and lowered == "value" and (named := pair_name(text, start)) is not None:
            # ``- name: CANARY_ORDER_3`` / ``value: "4…"``, ``<column name="merchant_ref" value="4…"/>``; a path's
            # last segment (an SSM parameter's ``/payments/smoke/order_ref``)
            found = named.rsplit("/", 1)[-1]
        elif found is not None and lowered == "value" and (m := _SYSTEM_BY.search(text, max(0, start - 320), start)):
            found = _system_name(m.group(1))  # {"system": ".../sid/mrn", "value": "4…"}: a FHIR identifier
        elif found in _RESERVED_IDS and _RESERVED_KEY.search(text, max(lo, start - 16), start):
            found = _RESERVED_IDS[found]  # {"@sp":"8…"}: a CLEF event's span id
        elif found is not None and lowered == "n" and text[lo:sign].rstrip().lower().endswith("s/n"):
            found = "S/N"  # "S/N: 4…": a serial number (``key_at`` reads the letter after the slash)
        elif (
            found is not None and text[start - 1] == ":" and text[start - 2] in _SESSION_END
            and _PRINCIPAL.search(text, lo, start)
        ):
            found = "principalId"  # the session name of a principal's id, not a key of its own
        if found is not None and not id_key(found) and (label := phrase_name(text, lo, sign)) is not None:
            found = label  # "Réf. transaction : 4…": the label's words name the value, not its last word alone
        elif found is not None and not id_key(found) and (label := programme_label(text, lo, sign)) is not None:
            found = label  # "Gift card applied: 6…": a closed-loop programme's card
    if found is None and start and text[start - 1] in "[ \t":
        # an ISO 8583 dump: DE037 : [<n>], [037] <n>; FreeSWITCH's [order_id]=[<n>]
        found = bracketed_key(text, lo, start) or ((m := _SET_BEFORE.search(text, lo, start)) and m.group(1)) or None
    elif found is None and start and text[start - 1] in "=:":
        found = bracketed_key(text, lo, start)  # a POS log's DE037(RRN)=<n>: the element's name in parentheses
    if (found is None or len(found) == 1) and start:  # (serialize()'s ``i:<n>;`` reads as a key ``i``)
        found = dump_name(text, lo, start) or found  # var_dump's key above, serialize()'s string before...
    if found is None or found == "":
        return False
    if not id_key(found):
        return (  # /payments/<id>: a REST path id
            text[start - 1] == "/" and id_collection(found) and not _FILE_NAMED.match(text, start)
            and not _OBJECT_KEY.search(text, max(0, start - 512), start)
        ) or catalogue_parameter(text, start)  # ?variant=<id>: a product variant (``queryparams``)
    if _owned_by_card(text, lo, start, found):
        return False  # "cartão do cliente: 4…", "Karte des Kunden: 4…": the customer's card, not the customer's id
    if _channel_word(text, lo, start, found):
        return False  # "Took payment by phone: 4…": how the card was taken, not a phone number
    # "reference": "4…", "exp": "12/27": a card object's number (``tokennames``)
    return not card_reference(text, start, found)


@per_text  # the PAN detector's windows and ``card_summary`` ask of the same values
def id_keyed(text: str, start: int) -> bool:
    """True when a name near the value (``near_id_keyed``) or further from it (``far_id_keyed``) names it an id, or
    prose right before it names it a payment token, a closed-loop card's number or a snowflake id (``tokennames``), or
    the words a speech-to-text word list holds before it name it (``_said_before``), or it is the sample value of a
    Prometheus exposition line (``metriclines``)."""
    return (
        near_id_keyed(text, start) or far_id_keyed(text, start) or named_not_card(text, start)
        or _said_before(text, start) or sample_value(text, start)
    )


def _said_before(text: str, start: int) -> bool:
    """The value is a word of a speech-to-text word list and the words before it, read as the prose they were
    (``sttwords.words_before``: ``número de póliza``), name it an id."""
    if (words := words_before(text, start)) is None:
        return False
    end = text.find('"', start, start + 64)
    said = f"{words} {text[start : end if end >= 0 else start + 64]}"
    return near_id_keyed(said, len(words) + 1)
