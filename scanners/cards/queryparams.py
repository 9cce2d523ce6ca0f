"""A URL query string's parameter: ``cid`` there is a campaign or client id, never a card's code; ``variant`` there
is a shop's product variant, never a card's number.

A query string is written after ``?`` in a URL and its parameters after ``&``; a log also writes it alone, without
its ``?``: API Gateway's ``querystring`` field, an HTTP API event's ``rawQueryString``, CloudFront's
``cs-uri-query`` column, a Lambda proxy event's ``queryStringParameters`` object (``{"cid": "123"}``, and the
``multiValue`` one). ``query_parameter`` reads a name as a parameter after ``?`` or ``&``, as the first name of a
field a query string's key labels, as a key of such an object, and as the first of ``name=value&name=value`` pairs
(the URL encoding a query string and a form body share). ``"cid": "1234"`` in a card object and ``CID: 1234`` in
prose stay the card's code.

``catalogue_parameter`` reads the value after ``name=`` where the name is such a parameter and names a shop's
catalogue record: Shopify's product pages select a product variant by ``?variant=<id>`` (a 14-digit id, the length
of a Visa 14 and Luhn-valid one time in ten), as the storefront links and themes write them. A card keyed under
its own name in the same query (``?cc_number=…``) stays a card; ``variant`` outside a query string is not read.
"""

from __future__ import annotations

import re

from scanners.lazy_re import lazy_compile

# The key of a field holding a query string, then its separator and quote, right before the parameter's name.
_QUERY_FIELD = lazy_compile(
    r"(?:query_?string|raw_?query(?:_?string)?|query|qs|cs-uri-query|search)[\"']?\s*[:=]\s*[\"']?\Z", re.I)
# The object of a Lambda proxy event's parameters, open (no closing brace) before the name.
_QUERY_OBJECT = lazy_compile(r"query_?string_?parameters[\"']?\s*:\s*\{[^{}]*\Z", re.I)
# ``name=value&`` then another parameter's name and ``=``: a URL-encoded list of pairs.
_PAIRS = lazy_compile(r"=[^\s&=\"'<>]*&[\w.\-\[\]]+=")
_REACH = 200  # how far back a Lambda event's parameter object is looked for
_CATALOGUE_NAMES = ("variant",)  # a query parameter that names a product variant (Shopify's product URLs)


def query_parameter(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` is a name in a URL query string (see the module's docstring)."""
    if text[s - 1 : s] in ("?", "&"):
        return True
    lo = max(0, s - 40)
    if text[e : e + 1] == "=" and (_QUERY_FIELD.search(text[lo:s]) or _PAIRS.match(text, e)):
        return True
    before = text[max(0, s - _REACH) : s]
    return before.endswith(('"', "'")) and _QUERY_OBJECT.search(before[:-1]) is not None


# The query string or form body around a parameter: no space, quote or angle bracket in it (a log's field ends there).
_QUERY_CHARS = re.compile(r"[^\s\"'<>?#]*")
_QUERY_REACH = 1024


def query_pairs(text: str, s: int) -> list[tuple[str, str]]:
    """The ``name=value`` pairs of the query string or form body whose parameter's name starts at ``s``: a card's
    ``cid`` comes with its number and its expiry in one (``card=4…&ccexp=0229&cid=313``)."""
    lo = max(0, s - _QUERY_REACH)
    start = s
    while start > lo and text[start - 1] not in " \t\r\n\"'<>?#":
        start -= 1
    end = _QUERY_CHARS.match(text, s, s + _QUERY_REACH)
    pairs = []
    for pair in text[start : end.end() if end else s].split("&"):
        name, sign, value = pair.partition("=")
        if sign:
            pairs.append((name, value))
    return pairs


def catalogue_parameter(text: str, start: int) -> bool:
    """The value at ``start`` is the whole value of a query parameter that names a catalogue record (``variant=``,
    see the module's docstring)."""
    if text[start - 1 : start] != "=":
        return False
    for name in _CATALOGUE_NAMES:
        s = start - 1 - len(name)
        if s > 0 and text[s : start - 1].lower() == name and query_parameter(text, s, start - 1):
            return True
    return False
