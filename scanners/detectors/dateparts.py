"""Expiry month and year written apart by structure, read into one ``MM/YY`` date (``monthyear`` asks): the members
of a date key's own object (``"expiry": {"month": "12", "year": "2030"}`` and every runtime's dump of it, on one
line or pretty-printed across lines), Worldpay's ``<date month=".." year=".."/>`` element below its expiry element, a
text table row's month and year cells, a calendar day (``2027-09-30``) a card's date key or an expiry element in a
card's element owns. Results are ``(start, end, "MM/YY")``: the span runs from the first value to the second (or is
the first value, so a pair across lines is reported once, on the line where it starts). Month and year as values
their keys name apart (sibling name/value objects, Lex slots): ``owned_dates``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match

from scanners.cards.elements import enclosing_elements
from scanners.cards.keyparse import MONTH_VALUE, YEAR_VALUE, norm
from scanners.cards.tables import TABLE_CELL, table_cell, table_columns
from scanners.detectors.card_dates import date_at
from scanners.detectors.structure import owner_keys
from scanners.detectors.vocabulary import Expiry
from scanners.lazy_re import lazy_compile

Hit = tuple[int, int, str]


# Worldpay's XML: ``<expiryDate><date month="12" year="2030"/></expiryDate>``, the attributes in either order. Worldpay
# writes a 4-digit year; a 2-digit one (``year="27"``) under the same expiry element is the same date to any reader.
_XML_DATE = re.compile(
    r"""[ \t]*>?\s*<date\s+(?:month=["'](?P<m1>0?[1-9]|1[0-2])["']\s+year=["'](?P<y1>(?:20)?[0-9]{2})["']"""
    r"""|year=["'](?P<y2>(?:20)?[0-9]{2})["']\s+month=["'](?P<m2>0?[1-9]|1[0-2])["'])"""
)


# A printed form's boxes (``pdftotext -layout``): the expiry label with its format hint, then the month's and the year's
# box: ``Expiry (MM/YY) | 09 | 32 |``. The hint says the two boxes are the card's month and year.
_BOXES = re.compile(
    r"""[ 	]*\((?i:mm)[ 	]*[/ -]?[ 	]*(?i:yy|yyyy)\)[ 	]*:?[ 	]*\|[ 	]*(?P<m>0[1-9]|1[0-2])[ 	]*\|"""
    r"""[ 	]*(?P<y>(?:20)?[0-9]{2})[ 	]*\|"""
)


def boxed_date(text: str, at: int) -> Hit | None:
    """The month's and year's boxes after the expiry label (and its format hint) that ends at ``at``; the span runs
    from the month to the year."""
    m = _BOXES.match(text, at)
    return None if m is None else (m.start("m"), m.end("y"), f"{m['m']}/{m['y'][-2:]}")


# The same element on a line of its own (pretty-printed XML): found from the ``<date`` element, whose parent element
# (opened just before it, a line break between) names the expiry.
DATE_ELEMENT_TRIGGER = r"<date[ \t]+(?:month|year)=[\"'][0-9]"
_DATE_ELEMENT = lazy_compile(r"<date\s+(?:month|year)=")
_PARENT_ELEMENT = lazy_compile(r"<(?:[A-Za-z][\w.-]*:)?(?P<name>[A-Za-z][\w.-]{0,40})[^<>/]{0,80}>(?P<gap>\s*)$")


def date_elements(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """``<date month=".." year=".."/>`` elements in or just before ``text[pos:endpos]`` whose parent element, opened
    on an earlier line, is an expiry element (Worldpay's pretty-printed ``<expiryDate>``)."""
    for m in _DATE_ELEMENT.finditer(text, max(0, pos - 40), endpos):
        parent = _PARENT_ELEMENT.search(text, max(0, m.start() - 160), m.start())
        if parent is None or "\n" not in parent["gap"] or not Expiry.KEY.fullmatch(norm(parent["name"])):
            continue
        if (hit := xml_date(text, m.start())) is not None:
            yield hit


def xml_date(text: str, at: int) -> Hit | None:
    """A ``<date month=".." year=".."/>`` element right after the expiry element whose name ends at ``at``; the
    span runs from the first attribute value to the second."""
    m = _XML_DATE.match(text, at)
    if m is None:
        return None
    first, second = ("m1", "y1") if m["m1"] else ("y2", "m2")
    month, year = m["m1"] or m["m2"], m["y1"] or m["y2"]
    return m.start(first), m.end(second), f"{int(month):02d}/{year[-2:]}"


# Month and year as members of the date key's own object, on its line: ``"expiry": {"month": "12", "year": "2030"}``
# (JSON, escaped quotes too, and the dumps below) or ``<expiry><month>12</month><year>2030</year></expiry>``, in
# either order.
def _part(n: int, xml: bool) -> str:
    key, value = rf"(?P<k{n}>[A-Za-z]{{1,5}})", rf"(?P<v{n}>[0-9]{{1,4}})"
    if xml:
        return rf"<(?:[A-Za-z][\w.-]*:)?{key}>{value}</[^<>\n]{{1,40}}>"
    return rf"""(?::|\\?["'])?{key}(?:\\?["'])?[ \t]*(?::|=>|=)[ \t]*\\?["']?{value}\\?["']?"""


# (the members in every runtime's dump: JSON and Python's repr, Node's util.inspect ``exp: { month: 12, year: 2027 }``,
# Go's ``Exp:{Month:12 Year:2027}``, Java's ``exp=Expiry{month=12, year=2027}`` and Lombok's ``(...)``, Ruby's
# ``:exp=>{:month=>12, :year=>2027}``, .NET's ``Exp = { Month = 12, Year = 2027 }``)
_OBJECT_DATES = (
    re.compile(
        rf"""(?:\\?["'])?[ \t]*(?::|=>|=)[ \t]*(?:[A-Z][\w.]{{0,40}})?[ \t]*[{{(][ \t]*{_part(1, False)}"""
        + rf"[ \t]*,?[ \t]*{_part(2, False)}"
    ),
    re.compile(rf"[^<>\n]{{0,40}}>[ \t]*{_part(1, True)}[ \t]*{_part(2, True)}"),
)
_MONTH_KEYS = frozenset({"month", "mon", "mm", "m"})
_YEAR_KEYS = frozenset({"year", "yr", "yyyy", "yy", "y"})


def object_date(text: str, at: int) -> Hit | None:
    """The month and year members of the object (or element) that the date key ending at ``at`` opens on its
    line; the span runs from the first value to the second."""
    m = _OBJECT_DATES[0].match(text, at) or _OBJECT_DATES[1].match(text, at)
    if m is None:
        return None
    k1, k2 = m["k1"].lower(), m["k2"].lower()
    if k1 in _MONTH_KEYS and k2 in _YEAR_KEYS:
        month, year = m["v1"], m["v2"]
    elif k1 in _YEAR_KEYS and k2 in _MONTH_KEYS:
        year, month = m["v1"], m["v2"]
    else:
        return None
    if not (MONTH_VALUE.fullmatch(month) and YEAR_VALUE.fullmatch(year)):
        return None
    return m.start("v1"), m.end("v2"), f"{int(month):02d}/{year[-2:]}"


# The same members pretty-printed across lines (``"expiry": {\n  "month": "12",\n  "year": "2030"\n}``): found from
# the members, whose owner chain names the date; the first member's value is the span (the pair once, on the line
# where it starts: the month's in ``"month": "12",`` then ``"year": "2030"``).
MEMBER_TRIGGER = r'(?i:month|year|mm|yy|yyyy)\\?"[ \t]*:[ \t]*\\?"?[0-9]{1,4}'
_MEMBER = re.compile(r'\\?"(?P<k>[A-Za-z]{1,5})\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
OBJECT_REACH = 300  # how far from a member its object's braces are looked for (``owned_dates`` too)


def member_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Dates whose month and year are members of a date key's object on lines of their own, the first member's
    value in or just before ``text[pos:endpos]``."""
    lo = max(0, pos - 40)
    if text.find("\n", max(0, lo - OBJECT_REACH), endpos) < 0:
        return  # a fast pre-check: such a member's object opens on an earlier line, within OBJECT_REACH before it
    window = text[lo:endpos]  # a month or year key starts with m or y right after its quote
    if '"m' not in window and '"y' not in window and '"M' not in window and '"Y' not in window:
        return
    for m in _MEMBER.finditer(text, lo, endpos):
        key = m["k"].lower()
        whole = _MEMBER.match(text, m.start())  # read past the window's end: a value cut there is no value
        if (key in _MONTH_KEYS or key in _YEAR_KEYS) and whole and (hit := _member_date(text, whole)) is not None:
            yield hit


def _member_date(text: str, member: Match[str]) -> Hit | None:
    keys = owner_keys(text, member.start("v"), depth=2)
    if len(keys) < 2 or not Expiry.KEY.fullmatch(keys[1]):
        return None
    opened = text.rfind("{", max(0, member.start() - OBJECT_REACH), member.start())
    closed = text.find("}", member.end(), member.end() + OBJECT_REACH)
    if opened < 0 or closed < 0 or "\n" not in text[opened:closed]:
        return None  # no object around it, or one on a single line (``object_date`` reads those)
    found = {m["k"].lower(): m for m in _MEMBER.finditer(text, opened, closed)}
    month = next((found[k] for k in _MONTH_KEYS if k in found), None)
    year = next((found[k] for k in _YEAR_KEYS if k in found), None)
    if month is None or year is None or min(month.start("v"), year.start("v")) != member.start("v"):
        return None  # the first member reports the pair
    if not (MONTH_VALUE.fullmatch(month["v"]) and YEAR_VALUE.fullmatch(year["v"])):
        return None
    return member.start("v"), member.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"


# A Lex slot's date as the caller said it (``"interpretedValue": "November 2032"``, ``"04 / 29"``): the expiry
# detector's trigger for it (other held dates trigger through ``held_values.HOLDERS``), as a pretty-printed event puts
# the slot's name lines above it, out of a keyword's window; ``structured_dates`` reads it as a held value.
SLOT_TEXT_TRIGGER = (
    r"""(?:interpreted|original)Value\\?"[ \t]*:[ \t]*\\?"(?:[A-Za-z]{3,9}\.?,?[ \t]{1,2}[0-9]{2}"""
    r"""|[0-9]{1,2}[ \t]{1,2}[/\-.][ \t]{1,2}[0-9]{2})"""
)


# A CSV row may name a value in the cell before it (a Lex V2 test-workbench export: ``...,ProvideExpiry,ExpiryDate,
# 2029-12,...``, a slot's name, then its value): a whole cell naming a whole date, the date the whole next cell.
_NEXT_CELL = lazy_compile(r'"?,"?(?P<v>[^",\r\n]{3,10})"?(?:,|\r?$)', re.MULTILINE)


def next_cell_date(text: str, s: int, e: int) -> Hit | None:
    """The date in the CSV cell after the cell that the expiry key ``text[s:e]`` fills whole."""
    if text[max(0, s - 2) : s].rstrip('"')[-1:] not in (",", "\n", "") or (m := _NEXT_CELL.match(text, e)) is None:
        return None
    hit = date_at(text, m.start("v"), frozenset(), yymm=True)
    return hit if hit is not None and hit[1] == m.end("v") else None


def table_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """A text table's year cell (``cc_exp_year``) in or just before ``text[pos:endpos]`` and its row's cell in the
    month column (``cc_exp_month``): the span runs from the first of the two values to the second."""
    for m in TABLE_CELL.finditer(text, max(0, pos - 40), endpos):
        found = table_columns(text, m.end())
        if found is None:
            continue
        start, header = found[0], [norm(h) for h in found[1]]
        column = text.count("|", start, m.end())
        if column >= len(header) or not Expiry.YEAR_KEY.fullmatch(header[column]):
            continue
        month = next((i for i, h in enumerate(header) if Expiry.MONTH_KEY.fullmatch(h)), None)
        month_cell = None if month is None else table_cell(text, start, month)
        year_cell = table_cell(text, start, column)
        if month_cell is None or year_cell is None:
            continue
        (ms, me), (ys, ye) = month_cell, year_cell
        if MONTH_VALUE.fullmatch(text, ms, me) and YEAR_VALUE.fullmatch(text, ys, ye):
            yield min(ms, ys), max(me, ye), f"{int(text[ms:me]):02d}/{text[ys:ye][-2:]}"


# A whole value that is a calendar day (Lex's AMAZON.Date resolves "September twenty seven" to ``2027-09-01``;
# some processors write the last day of the month): a card date only where a date key of a card owns it.
QUOTED_VALUE = re.compile(r"""(?:[A-Za-z]{0,4})\\?["'][ \t]*[:=][ \t]*\\?["']""")  # "Date": "
# MM.YY or MM.YYYY as the whole value an expiry key holds (``"expiry": "12.27"``, ``<card_expiry>12.27<``): a date;
# after an English keyword in prose (``exp 12.25``) the same digits are a decimal
HELD_DOTTED = re.compile(
    r"""(?:\\?["'][ \t]*[:=][ \t]*\\?["']|>)(?:0[1-9]|1[0-2])\.(?:20[0-9]{2}|[0-9]{2})(?:\\?["']|<)""")
_ISO_DAY = re.compile(r"""(?P<y>20[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?=\\?["'])""")


def iso_day(text: str, at: int) -> Hit | None:
    """The ``YYYY-MM-DD`` value starting at ``at`` that ends its quoted value, as MM/YY."""
    m = _ISO_DAY.match(text, at)
    return None if m is None else (m.start(), m.end(), f"{m['m']}/{m['y'][-2:]}")


# The same day as the whole text of an expiry element in a card's element: OPERA's ``<CreditCard>`` writes its
# ``<expirationDate>`` as an ``xs:date``, the month's last day (``2031-06-30``); an element named for the card's date
# (``<cardExpiryDate>``) anywhere. A gift, loyalty or member card's element names another date.
_ELEMENT_DAY = re.compile(r">(?P<y>20[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])</")
_OPEN_TAG = re.compile(r"<(?:[A-Za-z][\w.-]*:)?(?P<name>[A-Za-z][\w.-]{0,40})")
# the keyword's element starts right before it, its name maybe led by a card's word (``<cardExpiryDate>``)
_NAME_START = re.compile(r"<(?:[A-Za-z][\w.-]*:)?(?P<lead>(?i:(?:credit|debit|payment)?[_-]?card[_-]?)?)$")
_CARD_ELEMENT = re.compile(r"(?i)(?:credit|debit|payment|bank)?[_-]?card(?:[_-]?(?:info|details?|data))?|cc")
_ELEMENT_REACH = 600


def element_day(text: str, s: int, e: int) -> Hit | None:
    """The ``YYYY-MM-DD`` text of the element whose name is ``text[s:e]`` (an expiry keyword), as MM/YY, when the
    element around it is a card's (``<CreditCard>``, ``<PaymentCard>``, ``<card>``)."""
    m = _ELEMENT_DAY.match(text, e)
    lead = None if m is None else _NAME_START.search(text, max(0, s - 56), s)
    if m is None or lead is None:
        return None
    if not lead["lead"]:
        parent = next(enclosing_elements(text, s, _ELEMENT_REACH, levels=1), None)
        tag = None if parent is None else _OPEN_TAG.match(text, parent[0])
        if tag is None or not _CARD_ELEMENT.fullmatch(tag["name"]):
            return None
    return m.start("y"), m.end() - 2, f"{m['m']}/{m['y'][-2:]}"
