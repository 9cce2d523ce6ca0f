"""Names that sit further from a value than the key right before it and name it an id, read in a bounded way: the
Lex slot it belongs to, its key escaped twice or more, the object owning a generic member, an HTML table row's label,
a Customer Profile's account number, a Lex transcript a slot holds under an id's name, its CSV column's header,
the column of a SQL INSERT's value (``sqlinserts.insert_column``: ``INSERT INTO orders (id, order_number) VALUES
(3, '<n>')``, or the CREATE TABLE's columns for a dump's INSERT without a list) or of a pg_dump COPY row's field
(``sqlrows.copy_column``), a text table's header (``tables.table_header``: ``DataFrame.show()``, psql; a fixed-width
one's, ``dashedtables.column_header``: sqlcmd, ``Format-Table``), the type a Redis key names (``stock:<n>``:
``_redis_key_id``), the WhatsApp message a ``from`` or ``to`` belongs to (a user's phone number:
``_whatsapp_party``), the token object a generic ``value`` belongs to (``tokennames.token_object_value``)."""

from __future__ import annotations

import re

from scanners.cards.csvheader import column_name
from scanners.cards.dashedtables import column_header
from scanners.cards.idnames import CARD_KEY, PROGRAMME_NAME, flat_key, id_key, programme_card
from scanners.cards.iso8583 import non_card_key
from scanners.cards.keyparse import attribute_owner, key_at, sign_before
from scanners.cards.sqlinserts import insert_column
from scanners.cards.sqlrows import copy_column
from scanners.cards.tables import table_header
from scanners.cards.tokennames import token_object_value
from scanners.lazy_re import lazy_compile

# Lex slot values: the slot's name, then its value object: V2 ``{"value": {"originalValue": "<n>", ...,
# "resolvedValues": ["<n>"]}}`` (its members hold no object), V1 ``slotDetails`` ``{"resolutions": [{"value": "x"}],
# "originalValue": "<n>"}``. Quotes may be escaped (a conversation log inside a log line).
_VALUE_MEMBERS = frozenset({"originalvalue", "interpretedvalue", "resolvedvalues"})
_SLOT_BEFORE = lazy_compile(
    r"""(?:\\*"|(?<![A-Za-z0-9_]))([A-Za-z][A-Za-z0-9_]{0,63})\\*"?\s*:\s*\{"""
    r"""(?:\s*\\*"?shape\\*"?\s*:\s*\\*["'][A-Za-z]*\\*["']\s*,)?\s*\\*"?value\\*"?\s*:\s*\{[^{}]{0,400}$"""
)  # Node.js util.inspect writes the same with bare keys and single-quoted values
_V1_SLOT_BEFORE = lazy_compile(
    r"""\\*"([A-Za-z][A-Za-z0-9_]{0,63})\\*"\s*:\s*\{\s*\\*"resolutions\\*"\s*:\s*\[(?:[^{}\[\]]|\{[^{}]*\}){0,400}\]"""
    r"""\s*,\s*\\*"originalValue\\*"\s*:\s*\\*"$"""
)
_LIST_VALUE = lazy_compile(
    r"""\\*"?(resolvedValues)\\*"?\s*:\s*\[(?:\s*\\*["'][^"'\\]{0,64}\\*["']\s*,)*\s*\\*["']$"""
)
# A key escaped twice or more (``\\\"key\\\": \\\"``); ``keyparse`` reads the key escaped once.
_ESCAPED_PAIR = lazy_compile(r"""([A-Za-z][A-Za-z0-9_.\-]{0,40})\\{2,}"\s*:\s*(?:\\{2,}")?$""")


# WhatsApp Business Platform messages: a message's ``from`` (a webhook's incoming message, beside its ``"id":
# "wamid.…"``) and ``to`` (a send request's, beside ``"messaging_product": "whatsapp"``) are WhatsApp users' phone
# numbers, written without the ``+`` that names other phone numbers. Read in the member's own object only.
_WHATSAPP_OBJECT = lazy_compile(r'wamid\.|\\?"messaging_product\\?"\s*:\s*\\?"whatsapp')
_PARTIES = frozenset({"from", "to"})


def _whatsapp_party(text: str, start: int, member: str | None) -> bool:
    """The value is a WhatsApp message's ``from`` or ``to`` (``member``: its key) (``_WHATSAPP_OBJECT``)."""
    if member is None or member not in _PARTIES:
        return False  # the common case: one key read
    lo = max(text.rfind("{", max(0, start - 300), start), text.rfind("}", max(0, start - 300), start), 0)
    close = text.find("}", start, start + 300)
    hi = close if close >= 0 else min(len(text), start + 300)
    inner = text.find("{", start, hi)
    return _WHATSAPP_OBJECT.search(text, lo, inner if inner >= 0 else hi) is not None


# An HTML table of labelled rows (a property sheet, an agent desktop's snapshot): the value in a row's second cell
# is named by the row's first, a label (``<tr><td>Ref</td><td><n></td>``, ``<tr><th>Order no.</th><td><n>``).
_ROW_LABEL = re.compile(
    r"<tr(?:\s[^<>]{0,80})?>\s*<t[dh](?:\s[^<>]{0,80})?>\s*(?:<(?:b|strong)>)?"
    r"(?P<label>[A-Za-z][A-Za-z .#_-]{0,30}?)[ .:]*(?:</(?:b|strong)>)?\s*</t[dh]>\s*<td(?:\s[^<>]{0,80})?>$"
)


def far_id_keyed(text: str, start: int) -> bool:
    """True when a name further from the value names it an id: its Lex slot, its key escaped twice or more, or its
    CSV column's header, ... (see the module doc). Cheap for a value that is none of these (one character test each)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before == '"' and start > 1 and text[start - 2] in "\\[ \t:,":
        escaped = text[start - 2] == "\\" and _ESCAPED_PAIR.search(text, max(0, start - 160), start)
        if escaped and id_key(escaped.group(1)):
            return True
        sign, member = _member(text, start)
        if (
            _slot_keyed(text, start, sign, member)
            or _profile_account(text, start)
            or _parent_keyed(text, start, member)
            or _rail_account(text, start, member)
            or _transcript_of_id_slot(text, start, member)
            or _whatsapp_party(text, start, member)
            or token_object_value(text, start, member)
        ):
            return True
    elif before == "'" and start > 1 and text[start - 2] in " [":
        sign, member = _member(text, start)
        if _slot_keyed(text, start, sign, member) or _transcript_of_id_slot(text, start, member):
            return True  # Node.js util.inspect's single quotes and bare keys
    elif before in "\"'" and start > 1 and text[start - 2] == "=":  # jPOS: <field id="37" value="<n>"/>
        owner = attribute_owner(text, start)
        if owner is not None and non_card_key(owner):
            return True
    elif before == ">" and (m := _ROW_LABEL.search(text, max(0, start - 200), start)) and id_key(m["label"]):
        return True
    if before in "'(, " and (column := insert_column(text, start)) is not None and id_key(column):
        return True  # a SQL INSERT's value in an id's column (``order_number``), quoted or not (a bigint)
    if before in "\t\n" and (column := copy_column(text, start)) is not None and id_key(column):
        return True  # a pg_dump COPY row's field in an id's column
    if before in "| " and _cell_start(text, start) and (column := table_header(text, start)) and id_key(column.strip()):
        return True  # a text table's cell under an id's header (``DataFrame.show()``'s ``gtin``, psql's ``order_id``)
    if before in " \n" and (digits := _DIGITS.match(text, start)) is not None and (
            column := column_header(text, start, digits.end())) is not None and id_key(column):
        return True  # a fixed-width table's cell under an id's header (sqlcmd's ``OrderNumber``, ``Format-Table``)
    if before == ":" and _redis_key_id(text, start):
        return True  # a Redis key's id: ``stock:<gtin>``
    if before in ",;|\t" and _programme_cell(text, start):
        return True  # ``Tesco Clubcard,6340…``: the cell before names a closed-loop programme's card
    name = column_name(text, start)
    return name is not None and id_key(name)


# A delimited row's cell of words right before the value (``Gift card,6006…``, ``Tesco Clubcard;6340…``): a row that
# names the programme a card belongs to before its number.
_WORDS_CELL = lazy_compile(r"""(?:^|[\n,;|\t])"?(""" + PROGRAMME_NAME + r""")"?$""")


def _programme_cell(text: str, start: int) -> bool:
    """The cell right before the value at ``start`` (one delimiter between) names a closed-loop programme's card
    (``idnames.programme_card``: a gift, club, loyalty or store card, no scheme's word)."""
    m = _WORDS_CELL.search(text, max(0, start - 44), start - 1)
    return m is not None and programme_card(m.group(1))


# A bank's payment rails as Plaid's /auth/get names them (``numbers.ach[]``, ``eft[]``, ``bacs[]``), or a bank
# account's object: an ``account`` (``account_number``) member of such an object is the bank account's number.
_RAIL = frozenset({"ach", "eft", "bacs", "sepa", "wire", "bank", "bankaccount", "bankaccounts", "directdebit"})
_ACCOUNT_MEMBERS = frozenset({"account", "accountnumber", "accountno", "accountnum"})
_RAIL_BEFORE = re.compile(
    r"""\\?"([A-Za-z][A-Za-z0-9_.\-]{0,40})\\?"\s*:\s*\[?\s*(?:\{[^{}\[\]]{0,400}\}\s*,\s*){0,8}\{"""
    r"""(?:[^{}\[\]]{0,300}?,)?\s*\\?"[A-Za-z_]{2,16}\\?"\s*:\s*\\?"$"""
)


def _rail_account(text: str, start: int, member: str | None) -> bool:
    """The value is an account member (``_ACCOUNT_MEMBERS``) of a bank rail's object (``_RAIL``; ``member``: its
    key), maybe one of an array of them."""
    if member is None or flat_key(member) not in _ACCOUNT_MEMBERS:
        return False  # the common case: one key read
    m = _RAIL_BEFORE.search(text, max(0, start - 4000), start)
    return m is not None and flat_key(m.group(1)) in _RAIL


# Amazon Connect Customer Profiles: a profile's standard AccountNumber is the account number the business gave the
# customer (the profile object opens with its ProfileId), not a card's.
_PROFILE_ACCOUNT = lazy_compile(
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
# A parent named as what carries a request (a Lambda destination's ``requestPayload``, CloudTrail's
# ``requestParameters``, an API log's ``requestBody``) holds the caller's data: its id word names the request, not the
# member (a bare ``"request": {"number": ...}`` stays a request's number; ``"orderData"`` an order's).
_CONTAINER = lazy_compile(r"(?i)request[_.\-]?(?:payload|body|param(?:eter)?s|data|input|content)$")
_PARENT_BEFORE = re.compile(
    r"""\\?"([A-Za-z][A-Za-z0-9_.\-]{0,63})\\?"\s*:\s*\{(?:[^{}\[\]]{0,300}?,)?\s*\\?"[A-Za-z]{2,6}\\?"\s*:\s*\\?"$"""
)


def _member(text: str, start: int) -> tuple[int, str | None]:
    """Where the ``[:=]`` before the value starting at ``start`` is (``keyparse.sign_before``, -1 for none) and the key
    before it: read once for every name below that a member's key leads to."""
    lo = max(0, start - 48)
    sign = sign_before(text, lo, start)
    return sign, key_at(text, lo, sign) if sign >= 0 else None


def _parent_keyed(text: str, start: int, member: str | None) -> bool:
    """The value is a generic member (``_GENERIC_MEMBERS``) of an object whose key is an id (``member``: its key)."""
    if member is None or member.lower() not in _GENERIC_MEMBERS:
        return False  # the common case: one key read
    m = _PARENT_BEFORE.search(text, max(0, start - 400), start)
    return (
        m is not None
        and id_key(m.group(1))
        and _CONTAINER.search(m.group(1)) is None
        and not _card_members(text, text.index("{", m.end(1)), start)
    )


# A card's members beside a generic ``number`` (``"request": {"number": "<n>", "expMonth": "09", "CVV": "123"}``, a
# gateway request logged whole): the object is a card, its number the card's, whatever its parent's name says.
_CARD_MEMBER = lazy_compile(
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
_DIGITS = lazy_compile(r"[0-9]+")
_TRANSCRIPT_REACH = 2000
_SLOT_VALUE = (
    r"""\\*["']?([A-Za-z][A-Za-z0-9_]{{0,63}})\\*["']?\s*:\s*\{{(?:\s*\\*["']?shape\\*["']?\s*:\s*\\*["'][A-Za-z]*\\*["']\s*,)?"""
    r"""\s*\\*["']?value\\*["']?\s*:\s*\{{[^{{}}]{{0,400}}?\\*["']?(?:originalValue|interpretedValue)\\*["']?\s*:\s*\\*["']{}"""
    r"""(?![0-9])"""
)


def _transcript_of_id_slot(text: str, start: int, key: str | None) -> bool:
    """The value is a Lex transcript and a slot of the same event holds the same digits under an id's name (``key``:
    its key)."""
    if key is None or key.lower() not in _TRANSCRIPT_KEYS or (run := _DIGITS.match(text, start)) is None:
        return False  # the common case: one key read
    digits = run.group()
    pattern = re.compile(_SLOT_VALUE.format(digits))
    for m in pattern.finditer(text, max(0, start - _TRANSCRIPT_REACH), start + _TRANSCRIPT_REACH):
        slot = m.group(1)
        if id_key(slot) or (len(digits) == 12 and "account" in slot.lower() and not CARD_KEY.search(slot.lower())):
            return True
    return False


def _slot_keyed(text: str, start: int, sign: int, member: str | None) -> bool:
    """The value is a member of a Lex slot's value object (or its resolved list) and the slot's name is an id
    (``sign``, ``member``: ``_member``)."""
    if sign < 0:
        m = _LIST_VALUE.search(text, max(0, start - 400), start)
        member = m.group(1) if m else None
    if member is None or member.lower() not in _VALUE_MEMBERS:
        return False
    lo = max(0, start - 600)
    m = _SLOT_BEFORE.search(text, lo, start) or _V1_SLOT_BEFORE.search(text, lo, start)
    return m is not None and id_key(m.group(1))


# A Redis key's id segment: keys are named ``object-type:id`` (``stock:<gtin>``, ``user:1000``), so the number a key
# ends in is its record's id, the record's data is in the value. Read where a key is sure to be a whole key: a RESP
# argument (an AOF file, a replica's stream: ``$19\r\nstock:<n>\r\n``). A card word among the key's segments keeps
# the number a card's (``card:<n>``, ``pan:<n>``).
_RESP_KEY = lazy_compile(r"(?:^|\n)\$[0-9]{1,3}\r?\n(?P<key>[A-Za-z][\w.\-]{0,40}(?::[\w.\-]{1,40}){0,3}):$")
_KEY_END = lazy_compile(r"[0-9]+\r?\n")


def _cell_start(text: str, start: int) -> bool:
    """The value at ``start`` opens its text table cell: only blanks between the cell's ``|`` (or the row's start:
    psql writes no outer bars) and it."""
    lo = max(0, start - 64)
    bar = max(text.rfind("|", lo, start), text.rfind("\n", lo, start))
    return bar >= 0 and not text[bar + 1 : start].strip(" \t")


def _redis_key_id(text: str, start: int) -> bool:
    """The number at ``start`` ends a RESP argument that is a Redis key whose segments name no card (``_RESP_KEY``)."""
    m = _RESP_KEY.search(text, max(0, start - 180), start)
    return (
        m is not None
        and _KEY_END.match(text, start) is not None
        and not any(CARD_KEY.search(flat_key(part)) for part in m["key"].split(":"))
    )
