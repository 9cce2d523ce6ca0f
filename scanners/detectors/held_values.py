"""Values held under a generic key or in a cell, named by something other than the key right before them, for the
CVV and expiry detectors (``held_values``, and the triggers that lead to it): a generic holder's value
(``"originalValue": "``, an element's ``value`` attribute, a PHP ``var_dump`` value, a gateway's ``<number>``
element, a Java or .NET dump's member, a PII entity's ``match``) named by its owners; a text, HTML or SpreadsheetML
table cell by its column's header (``cards.tables``); a multipart/form-data part by its name; a SQL INSERT's quoted
value by its column (``cards.sqlinserts``); an environment variable's value by its name in the call that sets it.
``structure`` reads the key chains (``owned_by``, ``sibling_name``) that these build on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.cards.keyparse import attribute_owner as _attribute_owner
from scanners.cards.keyparse import dump_key as _dump_key
from scanners.cards.keyparse import norm, xml_parent
from scanners.cards.sqlinserts import insert_column, metadata_row
from scanners.cards.summarynames import LAST4_NAMES
from scanners.cards.tables import (
    HTML_CELL_VALUE,
    SHEET_CELL_VALUE,
    TABLE_CELL,
    html_header,
    sheet_header,
    table_header,
)
from scanners.detectors.context import line_end
from scanners.detectors.dump_owners import error_field, object_keys
from scanners.detectors.structure import GENERIC, owned_by, sibling_name
from scanners.lazy_re import lazy_compile

# A generic holder key and the opening of its value: ``"originalValue": "``, ``"resolvedValues": [\"``; an element's
# ``value`` attribute (``<field id="14" value="``, ``<input name="cvv" value="``), named by a sibling attribute; a
# PHP ``var_dump`` value (``string(3) "``, ``int(``), named by the ``["key"]=>`` on the line before it; a gateway
# XML ``<number>`` element, named by its parent element (Realex / Global Payments: ``<card><number>`` is the card
# number, ``<cvn><number>`` the security code, on the line below ``<cvn>`` when pretty-printed).
# A Java or .NET object dump's ``originalValue=``, ``resolvedValues=[``, ``OriginalValue = ``, named by its enclosing
# objects (``dump_owners``). Triggers take the kinds apart (HOLDERS: the same union of matches, in the same order):
# the ``<number>`` and ``"match"`` keys in one alternation with the value keys cost hyperscan 0.10 s more on the 56 MB
# first corpus (0.53 -> 0.43 s split); ``string(3) "`` and ``int(`` in one with the value keys made hyperscan track
# the start of every value key through its variable separator (5 % of the trigger pass on c60, same hits split).
HOLDERS = (
    r"""(?i:value)(?:s|String|Integer|PositiveInt|Date|Code)?"""  # FHIR's value[x] too (``structure.FHIR_VALUES``)
    r"""(?:\\?["'][ \t]*:[ \t]*(?:\[[ \t\r\n]*)?\\?["']?|=\\?["']|[ \t]*:[ \t]*\[?[ \t]*["']|=\[?|[ \t]=[ \t])""",
    r"""(?:string\([0-9]{1,3}\) \\?"|int\()""",  # (escaped in a JSON string: ``string(3) \"``)
    r"<(?i:number)>",
    r"""["']match\\?["'][ \t]*:[ \t]*\\?["']""",  # a PII entity's ``"match": "``, named by its type (sibling_name)
    r"""["']answer\\?["'][ \t]*:[ \t]*\\?["']""",  # a form question's ``"answer": "``, named by its label (below)
)
HOLDER = "(?:" + "|".join(HOLDERS) + ")"  # the same keys as one pattern, for Python
_HOLDER = re.compile(HOLDER, re.ASCII)
_HOLDER_NEEDLES = ("value", "string(", "int(", "<number>", "match", "answer")
# A form question's label names its answer: a Jotform submission's ``answers`` object holds one object per question,
# ``{"name": "expirationDate", "order": "8", "text": "Expiration Date", "type": "control_textbox", "answer":
# "09/26"}`` (pretty-printed, the answer on a line of its own); ``text`` is the label the customer read, ``name`` the
# field's identifier (read when the label is no name). A label holds a hint too (``Expiration Date (MM/YY)``).
_QUESTION_LABEL = lazy_compile(
    r"""\\?["']text\\?["'][ \t]*:[ \t\r\n]*\\?["'](?P<name>[A-Za-z][^"\\\r\n]{0,63})\\?["']""")


# A multipart/form-data part (a form body logged whole): its value on the line after its blank line, named by the
# part's Content-Disposition header (a trigger spans the three lines, so the window does).
PART = r'form-data; ?name="[^"\r\n]{1,64}"\r?\n\r?\n'
_PART = lazy_compile(r'form-data; ?name="(?P<name>[^"\r\n]{1,64})"\r?\n\r?\n')


# An environment variable or a system property set by a call, as ltrace shows it (``setenv("CARD_CVV", "184", 1) =
# 0``) or as code writes it (Go's ``os.Setenv``, Python's ``os.putenv`` and ``os.environ.setdefault``, Rust's
# ``env::set_var``, .NET's ``Environment.SetEnvironmentVariable``, Java's ``System.setProperty("card.cvv", "184")``):
# the value, the call's second argument (a string: every one of these takes strings), named by its first.
SETTER = (r"""(?:[Ss]etenv|putenv|set_var|SetEnvironmentVariable|setProperty|setdefault)\([ \t]*["']"""
          r"""[A-Za-z_][\w.\-]{0,63}["'],[ \t]*["']""")
_SETTER = lazy_compile(
    r"""(?:[Ss]etenv|putenv|set_var|SetEnvironmentVariable|setProperty|setdefault)\([ \t]*(?P<q>["'])"""
    r"""(?P<name>[A-Za-z_][\w.\-]{0,63})(?P=q),[ \t]*["']""")
_SETTER_NEEDLES = ("env(", "Env(", "set_var(", "Variable(", "Property(", "setdefault(")


# A pair's second item, named by its first (a string or an atom): a list of (name, value) tuples as Python prints it
# (Werkzeug's ``ImmutableMultiDict([('cvv', '970')])``, ``parse_qsl``), a two-item array (Rails' SQL binds
# ``["cvv", "970"]``, escaped in a JSON string too), an Erlang proplist's tuple (``{cvv,<<"970">>}``). Only a pair:
# its closing bracket right after the quoted value.
PAIR = r"""[(\[{][ \t]*\\?["']?[A-Za-z_][\w.\-]{0,63}\\?["']?,[ \t]*(?:<<)?\\?["']"""
_PAIR = lazy_compile(
    r"""[(\[{][ \t]*(?:(?P<q>\\?["'])(?P<name>[A-Za-z_][\w.\-]{0,63})(?P=q)|(?P<atom>[a-z]\w{0,63})),[ \t]*"""
    r"""(?:<<)?\\?["'](?=[^"'\\\r\n]{1,32}\\?["'](?:>>)?[ \t]*[)\]}])""")
# a pair naming the card by its last four digits: the list's date is card metadata (as a last-four INSERT row's)
_LAST4_PAIR = lazy_compile(rf"""(?i)[(\[{{][ \t]*\\?["']?(?:{LAST4_NAMES})\\?["']?,""")
# the opening of a value named by the item before it (a setter's second argument, a pair's second item), as one
# trigger for a code (the expiry detector keeps the two apart: with its date's pattern hyperscan finds one too large)
PAIRED = f"(?:{SETTER}|{PAIR})"


# A SQL INSERT's quoted value (a database or ORM log): named by its column in the column list. The trigger is the
# quoted value (a bare number after a comma is every CSV cell; a leading comma or parenthesis costs hyperscan 20 %).
SQL_VALUE = "'"
_SQL_VALUE = re.compile(r"[(,][ \t]*'(?=[0-9])")


def sql_column(text: str, at: int) -> str | None:
    """The column (normalised) of the INSERT value starting at ``at`` (``sqlinserts.insert_column``: a value of the
    INSERT's first tuple on its line, or of a row on a line of its own below it), or None."""
    column = insert_column(text, at)
    return None if column is None else norm(column)


def _named(key: str | None) -> str | None:
    return None if key is None else norm(key)


def held_values(text: str, pos: int, endpos: int, wanted: Pattern[str]) -> Iterator[int]:
    """Offsets where the value of a generic holder key, of a text or HTML table cell, of a multipart part or of a
    SQL INSERT starts, in or just before ``text[pos:endpos]``, when the holder's first non-generic owner (the cell's
    column header, the part's name, the value's column) fully matches ``wanted``."""
    lo = max(0, pos - 40)
    window = text[lo:endpos]  # sliced once for the fast pre-checks below
    if "|" in window:
        for m in TABLE_CELL.finditer(text, lo, endpos):
            if m.end() >= pos and (header := table_header(text, m.end())) and wanted.fullmatch(norm(header)):
                yield m.end()
    if "<td" in window or "<TD" in window:
        for m in HTML_CELL_VALUE.finditer(text, lo, endpos):
            if m.end() >= pos and (header := html_header(text, m.end())) and wanted.fullmatch(norm(header)):
                yield m.end()
    if "Data" in window:
        for m in SHEET_CELL_VALUE.finditer(text, lo, endpos):
            if m.end() >= pos and (header := sheet_header(text, m.end())) and wanted.fullmatch(norm(header)):
                yield m.end()
    if "form-data" in window:
        for m in _PART.finditer(text, lo, endpos):
            if m.end() >= pos and wanted.fullmatch(norm(m["name"])):
                yield m.end()
    if "(" in window and any(needle in window for needle in _SETTER_NEEDLES):  # (each needle ends with one)
        for m in _SETTER.finditer(text, lo, endpos):
            if m.end() >= pos and wanted.fullmatch(norm(m["name"])):
                yield m.end()
    if "," in window:
        for m in _PAIR.finditer(text, lo, endpos):
            if m.end() >= pos and wanted.fullmatch(norm(m["name"] or m["atom"])) and (wanted.fullmatch("cvv") or not (
                    _LAST4_PAIR.search(text, text.rfind("\n", 0, m.start()) + 1, line_end(text, m.end())))):
                yield m.end()
    if "(" in window:
        for m in _SQL_VALUE.finditer(text, lo, endpos):
            if m.end() >= pos and (column := sql_column(text, m.end())) and wanted.fullmatch(column) and not (
                    metadata_row(text, m.end(), column)):  # an expiry beside a last-four column: card metadata
                yield m.end()
    lowered = window.lower()
    if not any(needle in lowered for needle in _HOLDER_NEEDLES):
        return  # a fast pre-check: every holder holds one (``re`` with IGNORECASE is slow)
    for m in _HOLDER.finditer(text, lo, endpos):
        if m.end() < pos:
            continue
        c = text[m.start()]
        if c in "si":  # PHP var_dump
            named = _named(_dump_key(text, m.start()))
        elif c == "<":  # an XML ``<number>`` element
            named = _named(xml_parent(text, m.start()))
        elif "=" in (g := m.group()) and (field := error_field(text, m.start())) is not None:
            named = norm(field)  # a pydantic error's ``input_value=``, named by the field on the line before
        elif "=" in g and g[-1] not in "\"'":  # a member of a Java or .NET object dump
            named = next((k for k in map(norm, object_keys(text, m.end())) if k not in GENERIC), None)
        elif "=" in m.group():  # an attribute
            named = _named(_attribute_owner(text, m.start()))
        elif c in "\"'" and g[1] == "a":  # a form question's answer: named by its label or by its field's name
            names = (sibling_name(text, m.start(), m.end(), _QUESTION_LABEL), sibling_name(text, m.start(), m.end()))
            named = next((k for n in names if (k := _named(n)) is not None and wanted.fullmatch(k)), None)
        elif c in "\"'":  # a PII entity's match
            named = _named(sibling_name(text, m.start(), m.end()))
        else:
            named = None
            if owned_by(text, m.end(), wanted):
                yield m.end()
        if named is not None and wanted.fullmatch(named):
            yield m.end()


# A security code held whole, or its digits one by one as a speech bot writes what the caller said (a Lex slot's
# ``"originalValue": "7 4 2"``, named by its slot as the whole value is): the whole quoted value, then.
_HELD_CODE = re.compile(
    r"""(?:(?P<v>[0-9]{3,4})(?![A-Za-z0-9_]|[.,/:\-][0-9])|(?P<s>[0-9](?: [0-9]){2,3})(?=\\?["']))""", re.ASCII)


def held_code(text: str, at: int) -> tuple[int, int, str] | None:
    """The security code held at ``at`` (start, end, digits), or None."""
    m = _HELD_CODE.match(text, at)
    return None if m is None else (at, m.end(), m["v"] or m["s"].replace(" ", ""))
