"""Which keys own a value, read from the structure real systems write, not from a character gap.

``owner_keys(text, at)`` lists the keys that own the value starting at ``text[at]``, innermost first:
- the immediate key: a JSON member (``"cvc": "123"``, escaped quotes too, an array opening), a form key and its
  innermost bracket (``card[cvc]=123``), an XML element (``<CardCode>123``) or attribute (``cvv="123"``);
- then, for JSON, the keys of the enclosing objects and arrays, across lines (pretty-printed JSON, Lex slots such
  as ``"cvv": {"value": {"originalValue": "123"}}``), up to ``depth`` keys and ``REACH`` characters back.

A generic ``Value`` member whose object names it in a sibling (``{"Key": "cvv", "Value": "123"}``, as Connect flow
logs write Set contact attributes, ``Name``/``Value`` pairs of tags, headers and parameters, ``Label``/``Value`` of
form fields) is owned by that name first; so is a FHIR extension's ``value[x]`` member (``valueString``,
``valueInteger``, ``valueDate``...) by its sibling ``url`` (``{"url": "cvv", "valueString": "123"}``, or a canonical
URL whose last segment names it: ``.../StructureDefinition/card-expiry``); and a typed value (``stringValue``,
``intValue``...: ``cards.typedvalues``) by its attribute's name, the key above it or, under an OTLP attribute's
``value``, the sibling ``key`` (``{"key": "payment.card.cvv", "value": {"stringValue": "123"}}``).

``owned_by(text, at, wanted)`` is True when the first key of that chain that is not a generic value holder
(``value``, ``originalValue``, ``interpretedValue``, ``resolvedValues``...) matches ``wanted``. The values such a
holder, a table cell, a multipart part or a SQL INSERT holds are found in ``held_values``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.cards.elements import enclosing_object
from scanners.cards.keyparse import norm
from scanners.cards.summarynames import PAIR_NAME, PREFIXED_NAME, PREFIXED_VALUE
from scanners.cards.textmemo import per_text
from scanners.cards.typedvalues import TYPE_NAMES, typed_owner
from scanners.detectors.dump_owners import parents
from scanners.lazy_re import LazyPattern, lazy_compile

REACH = 600
# A member's key, quoted (JSON, a Python repr) or bare and followed by a quoted value (Node's util.inspect:
# ``originalValue: '040'``; a browser console's object preview: ``Object { field: "expiry", value: "12-30" }``).
_MEMBER = (
    r"""(?:\\?["'](?P<json>[A-Za-z_$@#][\w.$@#-]{0,63})\\?["'][ \t]*:[ \t\r\n]*(?:\[[ \t\r\n]*)?\\?["']?"""
    r"""|(?<![\w$@#.\-"'])(?P<bare>[A-Za-z_$][\w$]{0,63})[ \t]*:[ \t]*(?:\[[ \t]*)?["'])$"""
)
_JSON_MEMBER = re.compile(_MEMBER)
_IMMEDIATE = lazy_compile(
    _MEMBER + r"|(?:^|[?&;\s\"'])[\w.-]*?(?:\[(?P<outer>[\w.-]{1,64})\])*?\[?(?P<form>[\w.-]{1,64})\]?=$"
    r"|<(?P<tag>[A-Za-z_][\w:.-]{0,63})(?:\s[^<>]{0,200})?>$"
    r"""|\s(?P<attr>[A-Za-z_][\w:.-]{0,63})=["']$"""
)
_PARENT = re.compile(
    r"""(?:\\?["'](?P<key>[A-Za-z_$@#][\w.$@#-]{0,63})\\?["']|(?<![\w$@#.\-"'])(?P<bare>[A-Za-z_$][\w$]{0,63}))"""
    r"""[ \t]*:[ \t\r\n]*$"""
)
# FHIR's ``value[x]`` of the primitive types a card's data may be written in (an extension's value, named by its url)
FHIR_VALUES = frozenset(
    {"valuestring", "valueinteger", "valuepositiveint", "valuedate", "valuecode"})
GENERIC = frozenset(
    {"value", "values", "originalvalue", "interpretedvalue", "resolvedvalues", "slotvalue", "rawvalue", "text",
     "digits", "answer", "input", "data", "val", "v", "content", "plaintext", "raw", *FHIR_VALUES, *TYPE_NAMES}
)  # fmt: skip


_BRACKET = re.compile(r"[{}\[\]]")
_BRACE = lazy_compile(r"[{}]")
_SIBLING = lazy_compile(  # quoted or bare (a console's preview): ``{ field: "expiry", value: "12-30" }``
    r"""(?:\\?["']|(?<![\w$]))(?:[Kk]ey|[Nn]ame|[Aa]ttribute[Nn]ame|[Ff]ield(?:[Nn]ame)?|[Ii]d|[Pp]arameter"""
    r"""|[Ll]abel|""" + PREFIXED_NAME + r""")\\?["']?[ \t]*:[ \t\r\n]*"""
    # a form key's innermost bracket names it (Postman's urlencoded body: ``"key": "payment_method_data[card][cvc]"``)
    r"""\\?["'](?P<form>[A-Za-z_][\w.-]{0,63}\[(?:[\w.-]{1,32}\]\[)*)?(?P<name>""" + PAIR_NAME + r""")(?(form)\])"""
    r"""\\?["']"""
)
# A PII detector's entity names its value by its type (Bedrock Guardrails' ``piiEntities[]``: ``{"match": "123",
# "type": "CREDIT_DEBIT_CARD_CVV"}``; Comprehend's ``CREDIT_DEBIT_EXPIRY``, Macie's ``CREDIT_CARD_SECURITY_CODE``):
# the name is what follows the card words (``cvv``, ``expiry``, ``securitycode``), so only a card type names it.
_TYPE_SIBLING = lazy_compile(
    r"""\\?["'](?:[Tt]ype|[Ee]ntity_?[Tt]ype)\\?["'][ \t]*:[ \t\r\n]*\\?["']"""
    r"""(?i:credit_?(?:debit_?)?(?:card_?)?)(?P<name>[A-Za-z_]{2,24})\\?["']"""
)
# A FHIR extension's ``url``: a plain name (a complex extension's part) or a canonical URL, its last segment the name
_URL_SIBLING = lazy_compile(
    r'\\?"url\\?"[ \t]*:[ \t\r\n]*\\?"(?:[^"\\\s]{0,200}[/#:])?(?P<name>[A-Za-z_][\w.-]{0,63})\\?"'
)
_SIBLING_REACH = 300
_TYPED_REACH = 2400  # an OTLP attribute's value object: an array of values runs longer than a scalar's
# a dotted name's namespace (``global_custom.card_cvv``) is none of its meaning
# A variable's index after its name (Postman's ``cardCvc_1``, a second card's ``cardNumber-2``): no part of its meaning.
# Only after a separator: ``cvv2`` and ``last4`` are names.
_INDEX = re.compile(r"(?<=[A-Za-z])[_.\-][0-9]{1,2}$")
_JSON_TAIL = frozenset(":[ \t\r\\")  # a last character only the JSON member form can end with
_JSON_HEAD = 68  # the most a JSON member match holds before its ``[ \t]*:``: ``\"``, a 64-character key, ``\"``


def _immediate(text: str, at: int, lo: int) -> tuple[int, str, str | None, bool] | None:
    """``_IMMEDIATE`` searched in ``text[lo:at]``: (start, key, outer key, whether a JSON member) or None.

    When the last character rules out every form but a JSON member (``_JSON_TAIL``, or a quote not after ``=``),
    only that form is searched for (the others backtrack at every blank and quote), from where such a match can
    start at the earliest: it holds the last ``:`` before ``at`` (only blanks, ``[``, ``\\`` and ``"`` may follow
    it) and starts at most ``_JSON_HEAD`` characters before the blanks that precede that colon. A line break last
    lets ``$`` match before it, so that case searches the whole range with every form."""
    c = text[at - 1] if at > lo else ""
    if c in _JSON_TAIL or (c in "\"'" and text[at - 2 : at - 1] != "="):
        colon = text.rfind(":", lo, at)
        if colon < 0:
            return None
        r = colon
        while r > lo and text[r - 1] in " \t":
            r -= 1
        member = _JSON_MEMBER.search(text, max(lo, r - _JSON_HEAD), at)
        return None if member is None else (member.start(), member["json"] or member["bare"], None, True)
    m = _IMMEDIATE.search(text, lo, at)
    if m is None:
        return None
    key: str | None = m["json"] or m["bare"]
    return m.start(), key or m["form"] or m["tag"] or m["attr"], m["outer"], key is not None


def _keys(text: str, at: int, depth: int) -> Iterator[str]:
    """The keys owning the value at ``at``, innermost first (normalised), found as they are asked for.

    The enclosing objects and arrays are found by walking back over the brackets of ``text[at - REACH:]`` (read in
    reverse): the first opening bracket not closed after it opens the parent, whose key must end just before it."""
    lo = max(0, at - REACH)
    immediate = _immediate(text, at, max(lo, at - 260))
    if immediate is None:
        return
    start, key, outer, member = immediate
    plain = norm(key)
    # a prefixed value member named by its sibling holds the value as a ``Value`` does (``PREFIXED_VALUE``)
    named = (member and plain not in ("value", "match") and PREFIXED_VALUE.fullmatch(key)
             and sibling_name(text, start, at)) or None
    yield plain if named is None else "value"
    if outer:
        yield norm(outer)
    if not member:
        return
    url = _URL_SIBLING if plain in FHIR_VALUES else None  # a FHIR extension's value: its url names it
    if named is None and (url is not None or plain in ("value", "match")):
        named = sibling_name(text, start, at, url)
    elif named is None and plain in TYPE_NAMES:
        named = _typed_name(text, at)
    if named is not None:
        yield norm(named)
    for parent in parents(text, lo, start, brackets=_BRACKET, closers="}]", parent=_PARENT, back=80, depth=depth - 1,
                      elements=True):
        yield norm(parent["key"] or parent["bare"])


def _typed_name(text: str, at: int) -> str | None:
    """The name an OTLP attribute's ``key`` gives the typed value at ``at`` under its ``value`` (``{"key": "card.cvv",
    "value": {"stringValue": "123"}}``: ``typedvalues``); an attribute's value object is its only nested one."""
    typed = typed_owner(text, at)
    if typed is None or typed[0] != "value" or (held := enclosing_object(text, text.find("{", typed[1]) + 1,
                                                                         reach=_TYPED_REACH)) is None:
        return None
    return sibling_name(text, typed[1], held[1])


def sibling_name(text: str, start: int, at: int, sibling: LazyPattern | None = None) -> str | None:
    """The name a sibling member gives the ``Value`` member starting at ``start`` (its object's ``Key``/``Name``, or
    a card entity's ``type``; ``sibling``'s name instead when given: a FHIR extension's ``url``)."""
    depth, lo = 0, -1
    for b in _BRACE.finditer(text[max(0, start - _SIBLING_REACH) : start][::-1]):
        depth += 1 if b.group() == "}" else -1
        if depth < 0:
            lo = start - 1 - b.start()
            break
    if lo < 0:
        return None
    depth, hi = 0, -1
    for b in _BRACE.finditer(text, at, min(len(text), at + _SIBLING_REACH)):
        depth += 1 if b.group() == "{" else -1
        if depth < 0:
            hi = b.start()
            break
    if hi < 0 or "{" in text[lo + 1 : start] or "{" in text[at:hi]:
        return None  # only a flat object (but for the value member's): a name in a nested one names something else
    if sibling is not None:
        m = sibling.search(text, lo, hi)
        return None if m is None else m["name"]
    m = _SIBLING.search(text, lo, hi) or _TYPE_SIBLING.search(text, lo, hi)
    return None if m is None else _INDEX.sub("", m["name"].rsplit(".", 1)[-1])


def owner_keys(text: str, at: int, depth: int = 4) -> list[str]:
    """The keys owning the value at ``at``, innermost first (normalised)."""
    return list(_keys(text, at, depth))


@per_text  # the CVV and expiry detectors ask the same of one text
def owner(text: str, at: int) -> str | None:
    """The first key owning the value at ``at`` that is not a generic value holder (None if there is none)."""
    return next((k for k in _keys(text, at, 4) if k not in GENERIC), None)


def owned_by(text: str, at: int, wanted: Pattern[str]) -> bool:
    """The first non-generic key owning the value at ``at`` fully matches ``wanted``."""
    key = owner(text, at)
    return key is not None and wanted.fullmatch(key) is not None
