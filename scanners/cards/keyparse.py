"""The key a value is written under, read backwards from the value: ``"orderId": "``, ``order_id=``, ``\\"seq\\":``.

``key_before(text, lo, end)`` gives what ``group(1)`` of

    \\\\?["']?([A-Za-z][A-Za-z0-9_.\\-]{0,40})\\\\?["']?\\s*(?:[:=]|=>)\\s*\\\\?["']?$

searched in ``text[lo:end]`` gives (None where it finds nothing), 10-20x faster: the search tries every start in
the 48 characters before a value, each reading up to 41 key characters before failing; read backwards, every part
of the pattern is fixed by the characters themselves. The colon or equals sign is the only ``[:=]`` that only
spaces, a backslash and a quote follow (``$`` also matches before a final newline); the key ends where the spaces, an
optional quote and an optional backslash before it end (none of those is a key character); the leftmost match starts
the key at the first letter of the run of key characters before that, at most 41 long. A key may hold letters of any
script (``Référence``, a French CSV export's header; ``Straße``): where such a letter comes right before the ASCII
key characters, the key is read as ``[^\\W\\d_][\\w.\\-]{0,40}`` (a letter, then letters, digits and ``_.-``).
A key in PHP's brackets (``print_r``'s ``[order_id] => 4…``) and an Erlang binary's key and value
(``<<"order_id">> => <<"4…">>``) are read the same way, past the bracket or the binary's ``<<``/``>>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.lazy_re import lazy_compile

_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_NOT_LETTERS = "0123456789_.-"  # the key characters that are no letter
_QUOTES = "\"'"
_AFTER_SIGN = "=: \t"  # what may come right before T-SQL's ``N'`` prefix of a keyed value
_KEY_MAX = 41
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
# a key that holds letters of any script (``Référence``); an Indic vowel sign or an Arabic vowel mark is no ``\w`` but
# part of its word (``आधार``)
_WORD_KEY = lazy_compile(r"[^\W\d_][\w.\-\u0900-\u0dff\u064b-\u065f]*$")


def _unquoted(text: str, lo: int, j: int) -> int:
    """``j`` moved back over the quote that ends at it: ``"``, ``'``, an escaped ``\\"``, or a doubled ``""`` (a CSV
    field holding JSON doubles its quotes: Athena's and Logs Insights' CSV exports)."""
    if j > lo and text[j - 1] in _QUOTES:
        j -= 1
        if j > lo and text[j - 1] == '"' == text[j]:
            j -= 1
        elif j > lo + 1 and text[j] == "'" and text[j - 1] in "Nn" and text[j - 2] in _AFTER_SIGN:
            j -= 1  # T-SQL's Unicode string literal: ``exec dbo.usp_GetOrder @OrderNumber=N'6…'``
    if j > lo and text[j - 1] == "\\":
        j -= 1
    return j


def _sign(text: str, lo: int, end: int) -> int:
    """The offset of the ``[:=]`` the suffix ``[:=]\\s*\\\\?["']?`` ending at ``end`` starts with, or -1. A hash
    rocket counts as the sign, at its ``=``: Ruby's ``Hash#inspect`` (``{:order_id=>"4…"}``, ``{"order_id"=>"4…"}``;
    Ruby 3.4 writes ``{order_id: "4…"}`` and ``{"order_id" => "4…"}``), PHP's and Perl's arrays (``'cvv' => '1…'``)."""
    j = _unquoted(text, lo, end)
    if j < end and j > lo + 1 and text[j - 2 : j] == "<<":
        j -= 2  # an Erlang binary's opening: ``<<"order_id">> => <<"4…">>``
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j > lo + 1 and text[j - 1] == ">" and text[j - 2] == "=":
        return j - 2
    return j - 1 if j > lo and text[j - 1] in ":=" else -1


def sign_before(text: str, lo: int, end: int) -> int:
    """Where the ``[:=]`` of a pair whose value starts at ``end`` is (at or after ``lo``), or -1 when ``text[lo:end]``
    does not end as the pattern needs (``$`` also matches before a final newline)."""
    c = _sign(text, lo, end)
    if c < 0 and end > lo and text[end - 1] == "\n":
        c = _sign(text, lo, end - 1)
    return c


def key_at(text: str, lo: int, c: int) -> str | None:
    """The key before the ``[:=]`` at ``c`` (``sign_before``), or None."""
    j = c
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j > lo + 1 and text[j - 2 : j] == ">>":
        j -= 2  # an Erlang binary's closing: ``<<"order_id">> =>``
    elif j > lo and text[j - 1] == "]":
        j -= 1  # PHP's print_r and var_dump: ``[order_id] =>``, ``["order_id"]=>``
    k = _unquoted(text, lo, j)  # the key ends here
    run = text[max(lo, k - _KEY_MAX) : k]
    # the run of key characters that ends it (str.rstrip finds its start in C), from its first letter on
    cut = len(run.rstrip(_KEY_CHARS))
    if cut and not run[cut - 1].isascii() and (m := _WORD_KEY.search(run)):
        cut = m.start()  # a key in letters of any script: Référence, Straße, Nº (a CSV export's header as its key)
    return run[cut:].lstrip(_NOT_LETTERS) or None


def key_before(text: str, lo: int, end: int) -> str | None:
    """The key of a ``key: value`` / ``key=value`` pair whose value starts at ``end`` (see the module doc)."""
    c = sign_before(text, lo, end)
    return None if c < 0 else key_at(text, lo, c)


# A form field's name that nests its key in brackets, as Rails, PHP and Stripe's API write them, form-encoded or
# not: ``metadata[order_id]=``, ``metadata%5Border%5D=`` (``key_at`` reads only the letters after the last bracket).
# an index numbering a key among its like (``TEST_CARD_CVV_0:``, ``cvv-2=``, ``cardExpiry_1 = "09/29"``), then the
# key's end and a value that starts with a digit
_KEY_INDEX = re.compile(r"[_\-][0-9]{1,2}(?=[\"']?[ \t]*[=:][ \t]*[\"']?[0-9])", re.ASCII)


# A custom field's suffix ends its API name: Salesforce's ``Card_Expiry__c`` (``__pc`` on a person account), as
# Apex debug logs, platform events and Data Loader headers (``CARD_EXPIRY__C``) write it.
_CUSTOM_SUFFIX = re.compile(r"__(?:[cC]|pc|PC)(?![A-Za-z0-9_])")


def past_index(text: str, e: int) -> int:
    """Where the key whose name ends at ``e`` ends past its index and a custom field's suffix (``e`` when it has
    neither); a name's trailing ``_`` (a keyword pattern may take it) belongs to the index or the suffix."""
    at = e - 1 if e > 0 and text[e - 1] == "_" else e
    if (index := _KEY_INDEX.match(text, at)) is not None:
        at = e = index.end()
    suffix = _CUSTOM_SUFFIX.match(text, at) or (_CUSTOM_SUFFIX.match(text, at - 1) if at > 0 else None)
    return e if suffix is None else suffix.end()


_FORM_PATH = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,40}(?:(?:\[|%5[Bb])[A-Za-z0-9_.-]{1,40}(?:\]|%5[Dd])){1,4}$")
_BRACKETS = re.compile(r"\[|\]|%5[BbDd]")


def form_path(text: str, lo: int, c: int) -> str | None:
    """The bracketed field name before the ``=`` at ``c``, its brackets as underscores (``metadata_order``), or None."""
    # The pattern's last character is a bracket or its escape's: a plain key ending in "d" (``order_id=``) would
    # otherwise run the search, about 24 us a call on the record shapes.
    if c <= lo or (text[c - 1] != "]" and text[c - 3 : c] not in ("%5D", "%5d")):
        return None
    m = _FORM_PATH.search(text, lo, c)
    return None if m is None else _BRACKETS.sub("_", m.group()).rstrip("_")


# PHP's var_dump writes a member's key on a line of its own and its value on the next: ``["cvc"]=>`` then
# ``string(3) "123"`` or ``int(12)`` (objects: ``["cvc":protected]=>``, ``["cvc":"Card":private]=>``); a dump shipped
# in a JSON string (a log pipeline's ``message``) has its line breaks and quotes escaped: ``[\"cvc\"]=>\n``.
_DUMP_KEY = lazy_compile(
    r"""\[\\?"?(?P<key>[A-Za-z_][\w.-]{0,63})\\?"?(?::[^\]\n]{0,64})?\]=>[ \t]*(?:\r?\n|(?:\\r)?\\n)[ \t]*$""")


def dump_key(text: str, at: int) -> str | None:
    """The key of the ``var_dump`` value whose type (``string(3) "``, ``int(``) starts at ``at``, or None."""
    m = _DUMP_KEY.search(text, max(0, at - 120), at)
    return None if m is None else m["key"]


# An element's ``value`` attribute is named by a sibling attribute of the same element: ``<input name="cvv"
# value="123">``, ``<param key="expiry" value="12/27"/>``; jPOS writes an ISO 8583 message's fields as
# ``<isomsg><field id="14" value="2712"/>``, each named by its data element's number (DE14: the expiry, YYMM).
_ELEMENT = lazy_compile(r"<(?P<tag>[A-Za-z_][\w:.-]{0,63})\s")
_NAMING = lazy_compile(
    r"""\s(?P<attr>name|key|id|field|param|attribute)=\\?["'](?P<name>[A-Za-z0-9_][\w.-]{0,63})\\?["']"""
)
_ISOMSG_REACH = 8192


def attribute_owner(text: str, at: int) -> str | None:
    """The name a sibling attribute gives the ``value`` attribute starting at ``at`` (``de14`` for a jPOS field)."""
    lo = text.rfind("<", max(0, at - 300), at)
    if lo < 0 or text.find(">", lo, at) >= 0:
        return None
    element = _ELEMENT.match(text, lo)
    hi = text.find(">", at, at + 300)
    if element is None or hi < 0:
        return None
    for m in _NAMING.finditer(text, element.end() - 1, hi):
        name = m["name"]
        if m["attr"] == "id" and name.isdigit():
            jpos = element["tag"].lower() == "field" and text.rfind("<isomsg", max(0, lo - _ISOMSG_REACH), lo) >= 0
            return f"de{int(name)}" if jpos else None
        if not name[0].isdigit():
            return name
    return None


# An XML element's or attribute's namespace prefix (``<ns1:expiryMonth>``, ``</ns1:expiryMonth>``, ``ns1:exp="``):
# SOAP stacks number their prefixes (Apache CXF's and JAX-WS's ``ns1``, ``ns2``), so a prefix may hold digits, which
# no reading of what lies between two elements (no value between them) may take for a value.
_NS_PREFIX = re.compile(
    r"(?<=<)/?[A-Za-z_][\w.-]{0,30}:(?=[A-Za-z_]|\Z)|(?<=\s)[A-Za-z_][\w.-]{0,30}:(?=[A-Za-z_][\w.-]{0,63}=|\Z)"
)


def unprefixed(piece: str) -> str:
    """``piece`` with its elements' and attributes' namespace prefixes dropped (``</ns1:a><ns1:`` reads ``</a><``)."""
    return _NS_PREFIX.sub(lambda m: "/" if m.group()[0] == "/" else "", piece) if ":" in piece else piece


# A generic ``<number>`` element is named by the element around it (``<cvn>\n  <number>123</number>``).
_XML_TAG = re.compile(r"<(?P<close>/?)(?P<tag>[A-Za-z_][\w:.-]{0,63})(?:\s[^<>]{0,200}?)?(?P<empty>/?)>")
_XML_REACH = 400


def xml_parent(text: str, at: int) -> str | None:
    """The name of the element enclosing the element whose opening tag starts at ``at``: the last opening tag before
    it that no closing tag after it closes (siblings before it, ``<expdate>...</expdate>``, are passed over)."""
    unclosed = 0
    for m in reversed(list(_XML_TAG.finditer(text, max(0, at - _XML_REACH), at))):
        if m["empty"]:
            continue
        if m["close"]:
            unclosed += 1
        elif unclosed:
            unclosed -= 1
        else:
            return m["tag"]
    return None


# An expiry written as two terse members of one flat object: ``{"acct": "...", "mm": "04", "yy": 2028}`` (also
# ``mon``/``yr``), as card-entry forms and IVR session attributes name the two halves of a card date.
#
# A bare ``mm`` is as often minutes and a bare ``yy`` a year, so neither counts alone: the object (no nested object
# in it, one line or several) must hold exactly one month member and one year member, with a month and a year as
# their values, and no member naming another part of a date or a time (``dd``, ``hh``, ``ss``, ``day``...), which
# would make the pair a calendar date or a clock time. The span runs from the first value to the second on one
# line, or is the first value (the pair once, on the line where it starts).

# the expiry detector's trigger for this route (``monthyear.MEMBER_TRIGGER`` covers mm/yy/yyyy; mon/yr here)
PAIR_TRIGGER = r'"(?i:mon|yr)\\?"[ \t]*:[ \t]*\\?"?[0-9]{1,4}'
# (started by the quote, a literal ``re`` skips ahead to; an escaped key's backslash before it needs no reading)
_TERSE = re.compile(r'"(?P<k>(?i:mm|yy|yyyy|mon|yr))\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
_FLAT_MEMBER = lazy_compile(r'\\?"(?P<k>[A-Za-z_][\w-]{0,40})\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4}(?![0-9]))?')
_TERSE_MONTHS = frozenset({"mm", "mon"})
_TERSE_YEARS = frozenset({"yy", "yyyy", "yr"})
OTHER_DATE_PARTS = frozenset(
    {"dd", "d", "day", "hh", "h", "hr", "hour", "ss", "s", "sec", "min", "minute", "second", "ms", "month", "year",
     "date", "week", "wk", "tz", "qtr", "quarter"}
)  # fmt: skip
# A card date's month and year as values of their own (``exp_month: 9``, ``exp_year: 2029``): fullmatch them
MONTH_VALUE = lazy_compile(r"0?[1-9]|1[0-2]")
YEAR_VALUE = re.compile(r"(?:20)?[0-9]{2}")
_PAIR_REACH = 400


def pair_dates(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """Expiries whose month and year are terse members of one flat object, the first value in or just before
    ``text[pos:endpos]``: (start, end, "MM/YY")."""
    lo = max(0, pos - 40)
    lowered = text[lo:endpos].lower()
    if "mm" not in lowered and "yy" not in lowered and "mon" not in lowered and "yr" not in lowered:
        return  # a fast pre-check: every terse key holds one
    for m in _TERSE.finditer(text, lo, endpos):
        if (hit := _pair(text, m)) is not None:
            yield hit


def _pair(text: str, member: re.Match[str]) -> tuple[int, int, str] | None:
    opened = text.rfind("{", max(0, member.start() - _PAIR_REACH), member.start())
    closed = text.find("}", member.end(), member.end() + _PAIR_REACH)
    if opened < 0 or closed < 0 or "{" in text[opened + 1 : closed] or "}" in text[opened + 1 : member.start()]:
        return None  # no flat object around it
    months, years = [], []
    for m in _FLAT_MEMBER.finditer(text, opened, closed):
        key = m["k"].lower()
        if key in OTHER_DATE_PARTS:
            return None
        if key in _TERSE_MONTHS:
            months.append(m)
        elif key in _TERSE_YEARS:
            years.append(m)
    if len(months) != 1 or len(years) != 1 or months[0]["v"] is None or years[0]["v"] is None:
        return None
    month, year = months[0], years[0]
    first, later = sorted((month, year), key=lambda x: x.start())
    if first.start("v") != member.start("v") or not MONTH_VALUE.fullmatch(month["v"]):
        return None  # the first member reports the pair
    if not YEAR_VALUE.fullmatch(year["v"]):
        return None
    end = first.end("v") if "\n" in text[first.end("v") : later.start("v")] else later.end("v")
    return first.start("v"), end, f"{int(month['v']):02d}/{year['v'][-2:]}"


def norm(key: str) -> str:
    """A key as the vocabulary compares it: ``card_cvc``, ``cardCvc``, ``Card-CVC`` -> ``cardcvc``; a custom field's
    suffix is no part of its name (``Card_Expiry__c`` -> ``cardexpiry``)."""
    key = key.lower()
    if key.endswith(("__c", "__pc")):
        key = key[: key.rindex("__")]
    return _NOT_ALNUM.sub("", key)
