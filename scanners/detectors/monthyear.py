"""Expiry month and year under separate keys: ``exp_month: 12, exp_year: 2030`` on one line, in either order
(one span from the first value to the second), or on separate lines of pretty-printed JSON or XML
(``<expirationMonth>09</expirationMonth>`` then ``<expirationYear>2029</expirationYear>``: the span is the later
value, so the pair is reported once). ``rx`` is the expiry keyword pattern; results are ``(start, end, "MM/YY")``.
Also what makes an expiry keyword's value no card date: a verb keyword away from any card word, a duration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match, Pattern

from scanners.cards.brands import is_pan
from scanners.cards.keyparse import PAIR_TRIGGER, pair_dates
from scanners.detectors.chatlog import answered
from scanners.detectors.companions import holds_card_number, truncated_card
from scanners.detectors.context import DATE_END, GAP, date_at, gap_ok, keyed_pair
from scanners.detectors.spoken import spoken_date
from scanners.detectors.structure import held_values, norm, owner_keys
from scanners.detectors.tables import TABLE_CELL, table_cell, table_columns
from scanners.detectors.vocabulary import Expiry

_KIND = re.compile(
    r"(?i)(?:(?:cc)?exp(?:iry|iration|ire)?|ablauf)[ _.\-]?(?:(month|mon|mm|m|monat)|year|yr|yyyy|yy|y|jahr)")
MONTH = re.compile(GAP + r"(?P<v>0?[1-9]|1[0-2])" + DATE_END)
YEAR = re.compile(GAP + r"(?P<v>(?:20)?[0-9]{2})" + DATE_END)
# Month to year across lines: same object, no other value between; the year's key may be a form key's member (a
# shell continuation: ``-d "card[exp_month]"=6 \`` then ``-d "card[exp_year]"=2031 \``).
_BETWEEN = re.compile(r"[^0-9{}\[\]]{1,120}(?:[A-Za-z_]{1,30}\[)?")
Hit = tuple[int, int, str]
# "expires", "valid until" (gültig bis, caduca, vence, expire en, scade, verloopt) name a card's date only after a card
# word (Karte, tarjeta...) or number in the same sentence ("Visa ending 4242 expires 12/30"); a token expires too.
_VERB = re.compile(r"(?i)expir(?:es|ing|ed|e.(?:le|en|fin))|valid[ _\-]?until|g.ltig.bis|caduca|vence|scade|verloopt")
_CARD_WORDS = "card|visa|master ?card|amex|discover|maestro|debit|credit|tarjeta|carte|karte|cart.o|carta|kaart"
_CARD_BEFORE = re.compile(rf"(?<![a-z])(?i:{_CARD_WORDS})(?![a-z])[^.;!?\n]*$")
_PAN_CELL = re.compile(r"(?<=>)[0-9]{12,19}(?=<)")  # a table cell holding a card number
_NUMBER_BEFORE = re.compile(r"(?<![0-9])[0-9](?:[ \-]?[0-9]){11,18}(?=[^.;!?\n0-9]*$)")
# A number followed by a unit of time is a duration (``expires 1200 seconds``), never a card date.
_DURATION = re.compile(r"[ \t]*(?i:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?)(?![A-Za-z0-9_])")


def kind_of(keyword: str) -> str | None:
    """``month`` or ``year`` for ``exp_month``/``expirationYear``...; None for a keyword naming a whole date."""
    m = _KIND.fullmatch(keyword)
    return None if m is None else "month" if m.group(1) else "year"


def same_line(
    rx: Pattern[str],
    text: str,
    kind: str | None,
    at: int,
    fillers: frozenset[str],
    *,
    lower: Pattern[str] | None = None,
) -> Hit | None:
    """The value after the keyword ending at ``at`` and the other part's keyed value right after it."""
    first, second = (MONTH, YEAR) if kind == "month" else (YEAR, MONTH)
    pair = keyed_pair(rx, text, at, first, second, fillers=fillers, lower=lower) if kind else None
    if pair is None or kind_of(pair[2]) in (kind, None):
        return None
    month, year = pair[:2] if kind == "month" else pair[1::-1]
    return pair[0].start("v"), pair[1].end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"


def across_lines(
    rx: Pattern[str],
    text: str,
    kind: str | None,
    keyword: tuple[int, int],
    fillers: frozenset[str],
    *,
    lower: Pattern[str] | None = None,
) -> Hit | None:
    """This keyword's value and the other part's keyed value on an earlier line: the span is this value.

    ``lower``: ``rx`` for lower-cased ASCII text, as for ``context.keywords``."""
    s, e = keyword
    this = (MONTH if kind == "month" else YEAR).match(text, e) if kind else None
    if this is None or not gap_ok(this["gap"], fillers):
        return None
    other_rx = YEAR if kind == "month" else MONTH
    lo = max(0, s - 240)
    base = lo - 1 if lo > 0 else 0  # the character before lo goes along: \b sees it
    if lower is not None and (piece := text[base:s]).isascii():
        found = [(m.end() + base, m.group()) for m in lower.finditer(piece.lower(), lo - base)]
    else:
        found = [(m.end(), m.group()) for m in rx.finditer(text, lo, s)]
    for end, word in reversed(found):  # kind_of ignores case
        other = other_rx.match(text, end) if kind_of(word) not in (kind, None) else None
        if other and gap_ok(other["gap"], fillers) and "\n" in text[other.end() : s]:
            if not _BETWEEN.fullmatch(text, other.end(), s):
                return None
            month, year = (this, other) if kind == "month" else (other, this)
            return this.start("v"), this.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"
    return None


def about_a_card(text: str, s: int, e: int) -> bool:
    """The keyword ``text[s:e]`` may name a card's date: not a verb (``expires``), or a verb after a card word in
    its sentence that is no key (``expires_in``)."""
    if not _VERB.fullmatch(text, s, e):
        return True
    if text[e : e + 1] == "_":
        return False
    lo = max(0, s - 64)
    if _CARD_BEFORE.search(text, lo, s) is not None or any(
        is_pan(re.sub("[ -]", "", m.group())) for m in _NUMBER_BEFORE.finditer(text, lo, s)
    ):
        return True
    return text[s - 1 : s] == ">" and _table_names_a_card(text, s)


_TABLE_REACH = 400


def _table_names_a_card(text: str, s: int) -> bool:
    """An HTML cell's verb (``<td>Expires</td>``): a card word or a card number in the table's rows before it (a
    receipt's "Card number" row), not past the table's start."""
    lo = max(0, s - _TABLE_REACH)
    lo = max(lo, text.rfind("<table", lo, s), text.rfind("</table", lo, s))
    return _CARD_WORD.search(text, lo, s) is not None or any(
        is_pan(m.group()) for m in _PAN_CELL.finditer(text, lo, s))


# What else expires (a licence, a passport, a domain, a token, a warranty...): named on the date's line before it or
# just after it, with no card word or card number on that line, the date is that thing's, not a card's.
_SUBJECT = re.compile(
    r"(?i)(?<![a-z])(?:licen[cs]e|passport|domain|token|cookie|session|subscription|warranty|guarantee|insurance"
    r"|policy|offer|promo(?:tion)?|coupon|voucher|certificate|cert|document|permit|registration|lease"
    r"|contract|membership|trial|password|secret|api[ _-]?key|food|product|batch)(?![a-z])"
)
_CARD_WORD = re.compile(rf"(?i)(?<![a-z])(?:{_CARD_WORDS}|cc|pan|cvv|cvc)(?![a-z])")
SUBJECT_REACH = 64
# ``_SUBJECT``'s one-word names: on ASCII text it matches one of them exactly where a whole run of letters (lower
# cased) is one; "api" may start a two-word name, so a run of it leaves the answer to the regex.
_SUBJECT_WORDS = frozenset(
    {"licence", "license", "passport", "domain", "token", "cookie", "session", "subscription", "warranty",
     "guarantee", "insurance", "policy", "offer", "promo", "promotion", "coupon", "voucher", "certificate", "cert",
     "document", "permit", "registration", "lease", "contract", "membership", "trial", "password", "secret",
     "apikey", "food", "product", "batch"}
)  # fmt: skip
_LETTERS = re.compile("[a-z]+")


def _names_subject(text: str, lo: int, hi: int) -> bool:
    """``_SUBJECT`` matches in ``text[lo:hi]``: on ASCII text, read from its runs of letters (a regex of 30
    case-insensitive words tried at every letter costs about ten times more)."""
    base = lo - 1 if lo > 0 else 0  # the character before lo goes along: the look-behind sees it
    piece = text[base:hi]
    if not piece.isascii():
        return _SUBJECT.search(text, lo, hi) is not None
    runs = _LETTERS.findall(piece.lower())
    if base < lo and runs and piece[0].isalpha():
        del runs[0]  # a run through the character before lo: no match starts inside it
    if "api" in runs:
        return _SUBJECT.search(text, lo, hi) is not None
    return not _SUBJECT_WORDS.isdisjoint(runs)


def other_subject(text: str, at: int) -> bool:
    """The date at ``at`` belongs to something else that expires (see ``_SUBJECT``), and its line names no card."""
    lo = text.rfind("\n", max(0, at - SUBJECT_REACH), at) + 1 or max(0, at - SUBJECT_REACH)
    hi = text.find("\n", at, at + SUBJECT_REACH)
    hi = min(len(text), at + SUBJECT_REACH) if hi < 0 else hi
    if not _names_subject(text, lo, hi):
        return False
    line_lo = text.rfind("\n", max(0, at - 400), at) + 1
    line_hi = text.find("\n", at, at + 400)
    line_hi = min(len(text), at + 400) if line_hi < 0 else line_hi
    return _CARD_WORD.search(text, line_lo, line_hi) is None and not holds_card_number(text, line_lo, line_hi)


def no_card_date(text: str, start: int, end: int) -> bool:
    """The date ``text[start:end]`` is no card data: a duration (a unit of time follows), the expiry of a card
    object that names its card by the last four digits only (``companions.truncated_card``), or the expiry of
    something else named on its line (``other_subject``)."""
    return _DURATION.match(text, end) is not None or truncated_card(text, start) or other_subject(text, start)


# Worldpay's XML: ``<expiryDate><date month="12" year="2030"/></expiryDate>``, the attributes in either order.
_XML_DATE = re.compile(
    r"""[ \t]*>?\s*<date\s+(?:month=["'](?P<m1>0?[1-9]|1[0-2])["']\s+year=["'](?P<y1>20[0-9]{2})["']"""
    r"""|year=["'](?P<y2>20[0-9]{2})["']\s+month=["'](?P<m2>0?[1-9]|1[0-2])["'])"""
)


# The same element on a line of its own (pretty-printed XML): found from the ``<date`` element, whose parent element
# (opened just before it, a line break between) names the expiry.
DATE_ELEMENT_TRIGGER = r"<date[ \t]+(?:month|year)=[\"'][0-9]"
_DATE_ELEMENT = re.compile(r"<date\s+(?:month|year)=")
_PARENT_ELEMENT = re.compile(r"<(?:[A-Za-z][\w.-]*:)?(?P<name>[A-Za-z][\w.-]{0,40})[^<>/]{0,80}>(?P<gap>\s*)$")


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
_MONTH_VALUE = re.compile(r"0?[1-9]|1[0-2]")
_YEAR_VALUE = re.compile(r"(?:20)?[0-9]{2}")


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
    if not (_MONTH_VALUE.fullmatch(month) and _YEAR_VALUE.fullmatch(year)):
        return None
    return m.start("v1"), m.end("v2"), f"{int(month):02d}/{year[-2:]}"


# The same members pretty-printed across lines (``"expiry": {\n  "month": "12",\n  "year": "2030"\n}``): found from
# the members, whose owner chain names the date; the later member's value is the span (the pair once, on its line).
MEMBER_TRIGGER = r'(?i:month|year|mm|yy|yyyy)\\?"[ \t]*:[ \t]*\\?"?[0-9]{1,4}'
_MEMBER = re.compile(r'\\?"(?P<k>[A-Za-z]{1,5})\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
_OBJECT_REACH = 300


def member_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Dates whose month and year are members of a date key's object on lines of their own, the later member's
    value in or just before ``text[pos:endpos]``."""
    lo = max(0, pos - 40)
    if text.find("\n", max(0, lo - _OBJECT_REACH), endpos) < 0:
        return  # a fast pre-check: such a member's object opens on an earlier line, within _OBJECT_REACH before it
    for m in _MEMBER.finditer(text, lo, endpos):
        key = m["k"].lower()
        whole = _MEMBER.match(text, m.start())  # read past the window's end: a value cut there is no value
        if (key in _MONTH_KEYS or key in _YEAR_KEYS) and whole and (hit := _member_date(text, whole)) is not None:
            yield hit


def _member_date(text: str, member: Match[str]) -> Hit | None:
    keys = owner_keys(text, member.start("v"), depth=2)
    if len(keys) < 2 or not Expiry.KEY.fullmatch(keys[1]):
        return None
    opened = text.rfind("{", max(0, member.start() - _OBJECT_REACH), member.start())
    closed = text.find("}", member.end(), member.end() + _OBJECT_REACH)
    if opened < 0 or closed < 0 or "\n" not in text[opened : member.start()]:
        return None  # no object around it, or one on a single line (``object_date`` reads those)
    found = {m["k"].lower(): m for m in _MEMBER.finditer(text, opened, closed)}
    month = next((found[k] for k in _MONTH_KEYS if k in found), None)
    year = next((found[k] for k in _YEAR_KEYS if k in found), None)
    if month is None or year is None or max(month.start("v"), year.start("v")) != member.start("v"):
        return None  # the later member reports the pair
    if not (_MONTH_VALUE.fullmatch(month["v"]) and _YEAR_VALUE.fullmatch(year["v"])):
        return None
    return member.start("v"), member.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"


_TAG = re.compile(r"(?i:de0?14|5f24)")  # ISO 8583's data element and EMV's tag: keys only with a ":" or "="
_KEYED_AFTER = re.compile(r"[^0-9\n]{0,24}?[:=]")


def date_after(rx: Pattern[str], text: str, keyword: tuple[int, int], fillers: frozenset[str],
               lower: Pattern[str] | None = None) -> Hit | None:
    """The card date the expiry keyword ``text[s:e]`` names: its own object's month and year members, right after
    it (MM/YY and the shapes of ``context.date_at``, YYMM too for a key naming a whole date, words as ``spoken``
    reads them, Worldpay's ``<date>``), or month and year under separate keys on its line or on the next lines."""
    s, e = keyword
    if _TAG.fullmatch(text, s, e) and not _KEYED_AFTER.match(text, e):
        return None  # DE14 or 5F24 not as a field's key: an IBAN's country and check digits, a hex word
    kind = kind_of(text[s:e])
    if kind is None and (whole := object_date(text, e)) is not None:
        return whole
    if kind is None and text[max(0, s - 5) : s].lower().rstrip("_-. ").endswith("card"):  # cardExpiryDate, card_exp
        quoted = _QUOTED_VALUE.match(text, e)
        if quoted is not None and (day := iso_day(text, quoted.end())) is not None:
            return day
    return (date_at(text, e, fillers, yymm=kind is None) or spoken_date(text, e, fillers) or xml_date(text, e)
            or same_line(rx, text, kind, e, fillers, lower=lower)
            or across_lines(rx, text, kind, keyword, fillers, lower=lower))


DATE_TRIGGERS = (MEMBER_TRIGGER, DATE_ELEMENT_TRIGGER, PAIR_TRIGGER)  # the expiry detector's triggers for these routes


def structured_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Dates found through structure, in or just before ``text[pos:endpos]``: the value of a generic holder key or a
    table cell that a key naming a whole date owns (YYMM too), a caller's answer to a question that asks for the
    date (written or in words), month and year members of a date key's object on lines of their own, a ``<date>``
    element on a line of its own below its expiry element."""
    for at in held_values(text, pos, endpos, Expiry.KEY):
        if (hit := date_at(text, at, Expiry.FILLERS, yymm=True) or iso_day(text, at)) is not None:
            yield hit
    yield from answered(text, pos, endpos, Expiry.ASKED, _answered)
    yield from member_dates(text, pos, endpos)
    yield from pair_dates(text, pos, endpos)
    if "|" in text[max(0, pos - 40) : endpos]:
        yield from table_dates(text, pos, endpos)
    if "<date" in text[max(0, pos - 40) : endpos]:
        yield from date_elements(text, pos, endpos)


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
        if _MONTH_VALUE.fullmatch(text, ms, me) and _YEAR_VALUE.fullmatch(text, ys, ye):
            yield min(ms, ys), max(me, ye), f"{int(text[ms:me]):02d}/{text[ys:ye][-2:]}"


# A whole value that is a calendar day (Lex's AMAZON.Date resolves "September twenty seven" to ``2027-09-01``;
# some processors write the last day of the month): a card date only where a date key of a card owns it.
_QUOTED_VALUE = re.compile(r"""(?:[A-Za-z]{0,4})\\?["'][ \t]*[:=][ \t]*\\?["']""")  # "Date": "
_ISO_DAY = re.compile(r"""(?P<y>20[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?=\\?["'])""")


def iso_day(text: str, at: int) -> Hit | None:
    """The ``YYYY-MM-DD`` value starting at ``at`` that ends its quoted value, as MM/YY."""
    m = _ISO_DAY.match(text, at)
    return None if m is None else (m.start(), m.end(), f"{m['m']}/{m['y'][-2:]}")


def _answered(text: str, at: int) -> Hit | None:
    return date_at(text, at, Expiry.FILLERS) or spoken_date(text, at, Expiry.FILLERS)
