"""Whether a number is the value of an id: the key, element, path segment or prose word that names it.

``id_keyed(text, start)`` is True when the value starting at ``start`` is named as an id-, time- or phone-like
value. Most names sit right before the value (``near_id_keyed``, 48 characters back). Some sit further away, read
in a bounded way (``far_id_keyed``): the slot a Lex value belongs to (``"OrderNumber": {"value": {"originalValue":
"<n>"``), a key escaped more than once (``\\\\\\"dd.trace_id\\\\\\": \\\\\\"<n>``, a JSON string inside a JSON string
inside a JSON string), and the header of the CSV column the value is a cell of (``scanners.cards.csvheader``).
A name is an id when ``id_key`` says so: an id word, no card word (a gift or loyalty card's reference aside), and an
account word only as ``accountId``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from scanners.cards.csvheader import column_name
from scanners.cards.iso8583 import bracketed_key, non_card_key
from scanners.cards.keyparse import attribute_owner, form_path, key_at, sign_before

_KEY_PUNCT = str.maketrans("", "", "_.- ")
_TYPED_BEFORE = re.compile(r"""\\?"([A-Za-z][A-Za-z0-9_.\-]{0,40})\\?"\s*:\s*\{\s*\\?"[NS]\\?"\s*:\s*\\?"?$""")
# The collection of a REST path segment (``/orders/<id>``), the entity of a composite key (``ORDER#<id>``).
_ENTITY_BEFORE = re.compile(r"&(?:#0*35|#[xX]0*23|num|sol|#0*47|#[xX]0*2[fF]|gt|#0*62|#[xX]0*3[eE]|nbsp|#0*160);$")
_PATH_BEFORE = re.compile(r"(?:/|(?<![A-Za-z0-9])|^)([A-Za-z][A-Za-z_\-]{1,30})(?:/|[ \u00a0]?#)$")  # NBSP: HTML
# Prose that names an id before it (``transaction id 4054…``, ``order ref 4335…``, ``your order number is 4…``,
# ``rrn 6072…``: a retrieval reference number): the word before the id word too, or the words of a camel-case key
# pasted into a message (``pspReference 5582…``: the id word starts with a capital after them).
_PROSE_BEFORE = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=\\[tnr]))((?:[A-Za-z]{2,30}[ _-]|[a-z][A-Za-z0-9]{1,29}(?=[A-Z]))?"
    r"(?i:id|r[e\u00e9]f\.?|reference|number|no\.?|order|invoice|ticket|booking|rrn|stan"
    r"|(?:bestell|rechnungs|auftrags|kunden|buchungs|sendungs)nr\.?"
    r"|confirmation|tracking|shipment|parcel|session|aws[ _-]account|member|membership|policy|voucher|loyalty|rewards"
    r"|gift[ _-]?card|customer[ _-]account))(?:[ \t]+(?i:is|was))?[ \t\u00a0]+$"
)  # "order number is 4…": the words before the id word name it (a card number stays one: a card word). An
# abbreviation keeps its period: "ref. 4…", "réf. 4…" (French), "No. 4…", "Bestellnr. 4…", "Rechnungsnr. 4…" (German
# order, invoice, job, customer, booking and shipment numbers); a full word's period ends a sentence ("invoice. 4…").
# A JSON escape before the words is no letter of theirs: "…\\tINFO\\tinvoice 4…" (a CloudWatch export's message).
_BARE_LABELS = frozenset({"number", "no", "nr", "num"})
# Prose or form labels of an id in scripts the ASCII patterns cannot read (an order, member, customer, booking or
# tracking number in Japanese, Chinese, Korean, Hindi, Arabic and Russian), right before the value with at most a
# particle, colon, quote or number sign between (``注文番号：４００１…``, ``رقم الطلب ٤٠٠١…``). No card word is one of
# them (カード番号, 卡号, 카드번호, कार्ड नंबर, رقم البطاقة stay card numbers), nor an account number: as in English
# (``account``), a card's number is its primary account number (رقم الحساب, номер счёта stay open).
_INTL_ID_BEFORE = re.compile(
    "(?:(?:ご|お)?(?:注文|会員|お?客様|顧客|予約|受付|お?問い?合わせ|伝票|追跡|請求書?|配送)番号"  # Japanese
    "|(?:订单|訂單|会员|會員|客户|客戶|预订|預訂|运单|運單|快递单|快遞單)(?:编|編)?[号號]"  # Chinese
    "|(?:주문|회원|예약|고객|운송장)\\s?번호"  # Korean
    "|(?:ऑर्डर|सदस्य(?:ता)?|ग्राहक|बुकिंग|ट्रैकिंग)\\s(?:नंबर|संख्या|आईडी)"  # Hindi
    "|رقم\\s(?:ال)?(?:عضوية|طلب|طلبية|عميل|حجز|تتبع|فاتورة|شحنة)"  # Arabic
    "|(?i:номер\\s(?:заказа|клиента|участника|бронирования|договора)))"  # Russian
    "[\\s:\uff1a#\uff03\"'\u306f\u662f\u4e3a\u70ba\uc740\ub294]{0,6}$"
)
# CloudTrail's userIdentity.principalId of an assumed role: the role's unique id, a colon, the role session name
# (``AROA...:1733350399`` - callers often name a session by a number: a timestamp, an account or contact id).
_PRINCIPAL = re.compile(r'(?i:principalId)\\?"[ \t]*:[ \t]*\\?"[A-Z0-9]{16,32}:$')
# A Value member named by its object's Key or Name member before it (Connect flow logs' Set contact attributes).
_NAMED_BY = re.compile(r'\\?"(?:[Kk]ey|[Nn]ame)\\?"[ \t]*:[ \t]*\\?"([A-Za-z_][\w.-]{0,63})\\?"[^{}]{0,80}$')
_LABEL_BEFORE = re.compile(r"""([A-Za-z]{2,30}[ _-](?i:number|no|nr|num))\.?[ \t]*[:=#][ \t]*["']?$""")
# The XML element a value opens (``<pasref>``, ``<ns2:OrderId type="x">``): its local name.
_ELEMENT_BEFORE = re.compile(r"<(?:[A-Za-z][\w.-]*:)?([A-Za-z][\w.-]{0,40})(?:\s[^<>]{0,80})?>$")
_ID_KEY = re.compile(
    r"(?:id|ids|uuid|guid|time|timestamp|epoch|millis|(?:time|epoch)[un]s|nanos?|seq|offset|nonce|no|num"
    r"|bytes|size|r[e\u00e9]fs?|rrn|stan)$"
    r"|bestell|rechnung|auftrag|kunden|buchung|sendung"  # German order, invoice, job, customer, booking, shipment
    r"|order|invoice|trace|span|request|correlation|session|imei|iccid|msisdn|imsi|phone|mobile|tracking|serial"
    r"|duration|elapsed|latency|sequence"  # measurements (OpenTelemetry "durationNano", X-Ray) and counters
    r"|reference|authcode|approvalcode|txn"  # a gateway's payment reference (Realex pasref, ISO 8583 RRN and STAN)
    r"|confirmation|booking|reservation|ticket|case|claim|shipment|parcel|gtin|ean|upc|isbn|owner|awsaccount"
    r"|loyalty|member|rewards|voucher|policy|snowflake"  # a programme's member, an insurance policy, a snowflake id
    r"|fingerprint|hash|digest|checksum|etag|md5|sha1|sha256"  # a hash (a card fingerprint) all digits by chance
)
# A time unit ending the key as a word of its own (``ts``, ``created_ts``, ``timestampMs``, ``ingest_us``), never a
# word's last letters: ``Results`` (where Connect flow logs write the caller's keypad input), ``items``, ``digits``.
_UNIT_WORD = re.compile(r"(?:^|[_.\- ]|(?<=[a-z0-9])(?=[A-Z]))(?:[Tt][Ss]|TS|[Mm][Ss]|MS|(?:ts|TS|Ts)?[UuNn][Ss])$")
_CARD_KEY = re.compile(r"card|^pan|pan$|^cc|ccnum|credit|debit")
# A reference to a gift, loyalty or store card (``gift_card_ref``, ``loyaltyCardReference``): those programmes' cards
# are closed-loop (no payment card), and the name's last word says the value is a reference to one. A payment's or
# a card's own reference (``paymentReference``, ``cardRef``) may hold the card number itself: it stays a card word.
_PROGRAMME_REF = re.compile(
    r"(?i:gift|loyalty|membership|member|rewards?|voucher|store)[A-Za-z0-9_.\- ]{0,12}?"
    r"(?:(?<![A-Za-z])(?:ref|Ref|REF)|(?<=[a-z0-9])Ref)(?:erence|ERENCE)?[sS]?$"
)
# An English word that ends in "id" is no id key (``Caller said: 4…``, ``paid:``, ``valid:``): the name's last word,
# lower case or capitalised, is that word. An id's "id" is a word of its own (``orderId``, ``customer_id``, ``ID``)
# or glued to a noun (``orderid``, ``userid``); short ids (``mid``, ``sid``, ``kid``, ``aid``) are none of these words.
_LAST_WORD = re.compile(r"(?:^|(?<=[^A-Za-z])|(?<=[a-z])(?=[A-Z]))([A-Z]?[a-z]+)$")
_ID_ENDING_WORDS = frozenset({
    "said", "paid", "prepaid", "repaid", "unpaid", "overpaid", "underpaid", "postpaid", "laid", "mislaid", "maid",
    "raid", "braid", "afraid", "valid", "invalid", "void", "avoid", "squid", "android", "fluid", "liquid", "solid",
    "rapid", "humid", "acid", "hybrid", "vivid", "rigid", "timid", "candid", "stupid", "lucid", "placid", "splendid",
    "orchid", "pyramid", "forbid", "amid"
})
_ACCOUNT_KEY = re.compile(r"payment|acct|account")  # a card word too, unless the key ends in "id" (accountId)
# A closed-loop programme's card (a gift, loyalty, member or store card) or a customer's account with the business:
# their numbers are no payment card's, unless a scheme's word says it is one (a Visa gift card, a prepaid card).
_PROGRAMME_CARD = re.compile(r"(?:gift|loyalty|member(?:ship)?|rewards?|store)[ _.\-]?card|customer[ _.\-]?account")
_SCHEME_WORD = re.compile(r"visa|master|amex|discover|prepaid|debit|credit|payment")
# Lex slot values: the slot's name, then its value object: V2 ``{"value": {"originalValue": "<n>", ...,
# "resolvedValues": ["<n>"]}}`` (its members hold no object), V1 ``slotDetails`` ``{"resolutions": [{"value": "x"}],
# "originalValue": "<n>"}``. Quotes may be escaped (a conversation log inside a log line).
_VALUE_MEMBERS = frozenset({"originalvalue", "interpretedvalue", "resolvedvalues"})
_SLOT_BEFORE = re.compile(
    r"""(?:\\*"|(?<![A-Za-z0-9_]))([A-Za-z][A-Za-z0-9_]{0,63})\\*"?\s*:\s*\{"""
    r"""(?:\s*\\*"?shape\\*"?\s*:\s*\\*["'][A-Za-z]*\\*["']\s*,)?\s*\\*"?value\\*"?\s*:\s*\{[^{}]{0,400}$"""
)  # Node.js util.inspect writes the same with bare keys and single-quoted values
_V1_SLOT_BEFORE = re.compile(
    r"""\\*"([A-Za-z][A-Za-z0-9_]{0,63})\\*"\s*:\s*\{\s*\\*"resolutions\\*"\s*:\s*\[(?:[^{}\[\]]|\{[^{}]*\}){0,400}\]"""
    r"""\s*,\s*\\*"originalValue\\*"\s*:\s*\\*"$"""
)
_LIST_VALUE = re.compile(
    r"""\\*"?(resolvedValues)\\*"?\s*:\s*\[(?:\s*\\*["'][^"'\\]{0,64}\\*["']\s*,)*\s*\\*["']$"""
)
# A key escaped twice or more (``\\\"key\\\": \\\"``); ``keyparse`` reads the key escaped once.
_ESCAPED_PAIR = re.compile(r"""([A-Za-z][A-Za-z0-9_.\-]{0,40})\\{2,}"\s*:\s*(?:\\{2,}")?$""")


_DIGIT = re.compile(r"\d")


def id_key(name: str) -> bool:
    """A key, column or slot name that names an id-, time- or phone-like value and no card.

    A pure function of the name, asked thousands of times per scan for a log's few dozen key names: answered from a
    cache, except for a name holding a digit (a headerless CSV's first row is read as its header: card data is never
    kept past its scan)."""
    return _id_key(name) if _DIGIT.search(name) else _known_id_key(name)


def _id_key(name: str) -> bool:
    if _PROGRAMME_REF.search(name) or (name[:1] in "dDfFbB" and non_card_key(name)):
        return True  # a programme's reference, an ISO 8583 element that is no card (DE037, the RRN)
    lowered = name.lower()
    if _PROGRAMME_CARD.search(lowered) and not _SCHEME_WORD.search(lowered):
        return True
    if (word := _LAST_WORD.search(name)) and word.group(1).lower() in _ID_ENDING_WORDS:
        return False  # "said", "paid", "valid": an English word that ends in "id"
    key = name.lower().translate(_KEY_PUNCT)  # ASCII letters, digits and ``_.-`` (and spaces in prose): letters, digits
    if not (_ID_KEY.search(key) or _UNIT_WORD.search(name)) or _CARD_KEY.search(key):
        return False
    return not _ACCOUNT_KEY.search(key) or key.endswith(("id", "ids")) or "awsaccount" in key  # aws_account


_known_id_key = lru_cache(maxsize=4096)(_id_key)  # names without a digit only (``id_key``)


def near_id_keyed(text: str, start: int) -> bool:
    """True when the value starting at ``start`` is the whole value of an id-, time- or phone-like key: a JSON, form
    or logfmt key, an XML element (``<pasref>``), the attribute that owns a DynamoDB typed value (``"seq": {"N":
    "..."}``), the collection a URL path segment belongs to (``/v1/orders/<id>``), the entity of a composite key
    (``"pk": "ORDER#<id>"``, ``Order #<id>``) or an id word in prose (``transaction id <id>``). Reads at most 48
    characters before ``start`` (and one more for a look-behind)."""
    lo = max(0, start - 48)
    if not text[lo:start].isascii() and _INTL_ID_BEFORE.search(text, lo, start):
        return True  # 注文番号 ４００１…: a label in another script
    if start and text[start - 1] == ";" and _ENTITY_BEFORE.search(text, lo, start):  # HTML: Order&nbsp;&#35;<id>
        before = html.unescape(text[lo:start])
        return near_id_keyed(before, len(before)) if not before.endswith(";") else False
    if start and text[start - 1] in "/#>":
        m = (_PATH_BEFORE if text[start - 1] != ">" else _ELEMENT_BEFORE).search(text, lo, start)
        found = m.group(1) if m else None
    elif (sign := sign_before(text, lo, start)) < 0:  # what every key pattern needs: cheap, spares most values
        m = _PROSE_BEFORE.search(text, lo, start) if start and text[start - 1] in " \t\u00a0" else None
        found = m.group(1) if m else None
    else:  # a typed value's pattern holds a '{': most values need only the key read backwards
        m = _TYPED_BEFORE.search(text, lo, start) if text.find("{", lo, start) >= 0 else None
        found = m.group(1) if m else form_path(text, lo, sign) or key_at(text, lo, sign)
        if found is not None and found.lower() in _BARE_LABELS and (m := _LABEL_BEFORE.search(text, lo, start)):
            found = m.group(1)  # "Confirmation number: 4…": the label's first word names it
        elif found is not None and found.lower() == "value" and (
                m := _NAMED_BY.search(text, max(0, start - 160), start)):
            found = m.group(1)  # {"Key": "orderNumber", "Value": "4…"}: the sibling names it
        elif found is not None and text[start - 1] == ":" and _PRINCIPAL.search(text, lo, start):
            found = "principalId"  # the session name of a principal's id, not a key of its own
    if found is None and start and text[start - 1] in "[ \t":
        found = bracketed_key(text, lo, start)  # an ISO 8583 dump: DE037 : [<n>], [037] <n>
    return found is not None and found != "" and id_key(found)


# An HTML table of labelled rows (a property sheet, an agent desktop's snapshot): the value in a row's second cell
# is named by the row's first, a label (``<tr><td>Ref</td><td><n></td>``, ``<tr><th>Order no.</th><td><n>``).
_ROW_LABEL = re.compile(
    r"<tr(?:\s[^<>]{0,80})?>\s*<t[dh](?:\s[^<>]{0,80})?>\s*(?:<(?:b|strong)>)?"
    r"(?P<label>[A-Za-z][A-Za-z .#_-]{0,30}?)[ .:]*(?:</(?:b|strong)>)?\s*</t[dh]>\s*<td(?:\s[^<>]{0,80})?>$"
)


def far_id_keyed(text: str, start: int) -> bool:
    """True when a name further from the value names it an id: its Lex slot, its key escaped twice or more, or its
    CSV column's header (see the module doc). Cheap for a value that is none of these (one character test each)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before == '"' and start > 1 and text[start - 2] in "\\[ \t:,":
        escaped = text[start - 2] == "\\" and _ESCAPED_PAIR.search(text, max(0, start - 160), start)
        if (
            (escaped and id_key(escaped.group(1)))
            or _slot_keyed(text, start)
            or _profile_account(text, start)
            or _parent_keyed(text, start)
            or _transcript_of_id_slot(text, start)
        ):
            return True
    elif before == "'" and start > 1 and text[start - 2] in " [" and (
            _slot_keyed(text, start) or _transcript_of_id_slot(text, start)):
        return True  # Node.js util.inspect's single quotes and bare keys
    elif before in "\"'" and start > 1 and text[start - 2] == "=":  # jPOS: <field id="37" value="<n>"/>
        owner = attribute_owner(text, start)
        if owner is not None and non_card_key(owner):
            return True
    elif before == ">" and (m := _ROW_LABEL.search(text, max(0, start - 200), start)) and id_key(m["label"]):
        return True
    name = column_name(text, start)
    return name is not None and id_key(name)


# Amazon Connect Customer Profiles: a profile's standard AccountNumber is the account number the business gave the
# customer (the profile object opens with its ProfileId), not a card's.
_PROFILE_ACCOUNT = re.compile(
    r'"ProfileId\\?"\s*:\s*\\?"[0-9a-fA-F]{32}\\?"[^{}]{0,300}"AccountNumber\\?"\s*:\s*\\?"$'
)


def _profile_account(text: str, start: int) -> bool:
    if text.find("AccountNumber", max(0, start - 30), start) < 0:
        return False  # the common case: one look at the key
    return _PROFILE_ACCOUNT.search(text, max(0, start - 400), start) is not None


# A member with a generic label (``code``, ``number``) is named by the object it belongs to when the object's key
# is an id: CyberSource's ``"clientReferenceInformation": {"code": "<n>"}`` (the merchant's reference for the
# request), ``"order": {"number": "<n>"}``. Flat members may come before it. A card member beside it (``exp``,
# ``expMonth``, ``validThru``, ``cvv``) makes the object a card whatever its key (``_card_members``). A ``value`` is no
# such label: an attribute bag's (``"sessionAttributes": {"value": ...}``) may hold anything.
_GENERIC_MEMBERS = frozenset({"code", "number", "no", "num", "nr"})
_PARENT_BEFORE = re.compile(
    r"""\\?"([A-Za-z][A-Za-z0-9_.\-]{0,63})\\?"\s*:\s*\{(?:[^{}\[\]]{0,300}?,)?\s*\\?"[A-Za-z]{2,6}\\?"\s*:\s*\\?"$"""
)


def _parent_keyed(text: str, start: int) -> bool:
    """The value is a generic member (``_GENERIC_MEMBERS``) of an object whose key is an id."""
    lo = max(0, start - 48)
    sign = sign_before(text, lo, start)
    member = key_at(text, lo, sign) if sign >= 0 else None
    if member is None or member.lower() not in _GENERIC_MEMBERS:
        return False  # the common case: one key read
    m = _PARENT_BEFORE.search(text, max(0, start - 400), start)
    return m is not None and id_key(m.group(1)) and not _card_members(text, text.index("{", m.end(1)), start)


# A card's members beside a generic ``number`` (``"request": {"number": "<n>", "expMonth": "09", "CVV": "123"}``, a
# gateway request logged whole): the object is a card, its number the card's, whatever its parent's name says.
_CARD_MEMBER = re.compile(
    r"""\\?"(?i:exp|exp[_-]?(?:month|year|date|iry)|expir(?:y|ation)(?:[_-]?(?:month|year|date))?|cvv2?|cvc2?|csc"""
    r"""|valid[_-]?(?:thru|through|to|until)|security[_-]?code)\\?"\s*:""")
_OBJECT_REACH = 300


def _card_members(text: str, brace: int, start: int) -> bool:
    """The flat object opened at ``brace`` that holds the value at ``start`` has a card member besides it."""
    close = text.find("}", start, start + _OBJECT_REACH)
    inner = text.find("{", start, close) if close >= 0 else -1
    hi = close if close >= 0 and inner < 0 else min(len(text), start + _OBJECT_REACH)
    return _CARD_MEMBER.search(text, brace, hi) is not None


# A Lex event's transcript (``inputTranscript``, ``transcriptions[].transcription``) is what the caller said; when the
# same event holds those digits as the value of a slot whose name is an id (``AccountId``, ``OrderNumber``) or, for
# twelve digits, an account (``AccountNumber``: see ``confounders``' account_number class), the caller said that id.
# Quotes: JSON's (escaped or not) or Node.js util.inspect's single quotes with bare keys.
_TRANSCRIPT_KEYS = frozenset({"inputtranscript", "transcription", "transcript"})
_DIGITS = re.compile(r"[0-9]+")
_TRANSCRIPT_REACH = 2000
_SLOT_VALUE = (
    r"""\\*["']?([A-Za-z][A-Za-z0-9_]{{0,63}})\\*["']?\s*:\s*\{{(?:\s*\\*["']?shape\\*["']?\s*:\s*\\*["'][A-Za-z]*\\*["']\s*,)?"""
    r"""\s*\\*["']?value\\*["']?\s*:\s*\{{[^{{}}]{{0,400}}?\\*["']?(?:originalValue|interpretedValue)\\*["']?\s*:\s*\\*["']{}"""
    r"""(?![0-9])"""
)


def _transcript_of_id_slot(text: str, start: int) -> bool:
    """The value is a Lex transcript and a slot of the same event holds the same digits under an id's name."""
    lo = max(0, start - 48)
    sign = sign_before(text, lo, start)
    key = key_at(text, lo, sign) if sign >= 0 else None
    if key is None or key.lower() not in _TRANSCRIPT_KEYS or (run := _DIGITS.match(text, start)) is None:
        return False  # the common case: one key read
    digits = run.group()
    pattern = re.compile(_SLOT_VALUE.format(digits))
    for m in pattern.finditer(text, max(0, start - _TRANSCRIPT_REACH), start + _TRANSCRIPT_REACH):
        slot = m.group(1)
        if id_key(slot) or (len(digits) == 12 and "account" in slot.lower() and not _CARD_KEY.search(slot.lower())):
            return True
    return False


def _slot_keyed(text: str, start: int) -> bool:
    """The value is a member of a Lex slot's value object (or its resolved list) and the slot's name is an id."""
    lo = max(0, start - 48)
    if (sign := sign_before(text, lo, start)) >= 0:
        member = key_at(text, lo, sign)
    else:
        m = _LIST_VALUE.search(text, max(0, start - 400), start)
        member = m.group(1) if m else None
    if member is None or member.lower() not in _VALUE_MEMBERS:
        return False
    lo = max(0, start - 600)
    m = _SLOT_BEFORE.search(text, lo, start) or _V1_SLOT_BEFORE.search(text, lo, start)
    return m is not None and id_key(m.group(1))


def id_keyed(text: str, start: int) -> bool:
    """True when a name near the value (``near_id_keyed``) or further from it (``far_id_keyed``) names it an id."""
    return near_id_keyed(text, start) or far_id_keyed(text, start)
