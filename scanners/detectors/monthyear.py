"""Expiry month and year under separate keys: ``exp_month: 12, exp_year: 2030`` on one line, in either order
(one span from the first value to the second), or on separate lines of pretty-printed JSON or XML
(``<expirationMonth>09</expirationMonth>`` then ``<expirationYear>2029</expirationYear>``, values maybe in CDATA: the
span is the first value, so the pair is reported once, on the line where it starts). ``rx`` is the expiry keyword
pattern; results are ``(start, end, "MM/YY")``.
Month and year held apart by an object, an element or a table row are read in ``dateparts``; ``date_after`` and
``structured_dates`` are the expiry detectors' entry points to both. What makes a value no card date: ``date_subject``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.cards.card_members import TRIGGER as CARD_MEMBER_TRIGGER
from scanners.cards.card_members import card_member_dates
from scanners.cards.keyparse import PAIR_TRIGGER, pair_dates, past_index, unprefixed
from scanners.cards.logprefix import without_line_prefixes
from scanners.cards.textmemo import per_text
from scanners.detectors.card_dates import DATE_END, date_at
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.chatlog import answered
from scanners.detectors.context import GAP, gap_ok, keyed_pair
from scanners.detectors.date_objects import date_object
from scanners.detectors.dateparts import (
    DATE_ELEMENT_TRIGGER,
    HELD_DOTTED,
    MEMBER_TRIGGER,
    QUOTED_VALUE,
    SLOT_TEXT_TRIGGER,
    Hit,
    boxed_date,
    date_elements,
    element_day,
    iso_day,
    member_dates,
    next_cell_date,
    object_date,
    table_dates,
    xml_date,
)
from scanners.detectors.emv_padded_pan import padded_pan_in
from scanners.detectors.field_dates import TRIGGER as FIELD_TRIGGER
from scanners.detectors.field_dates import field_dates
from scanners.detectors.form_dates import TRIGGER as FORM_TRIGGER
from scanners.detectors.form_dates import form_dates
from scanners.detectors.held_values import held_values
from scanners.detectors.intl_words import EXPIRY_ASKED
from scanners.detectors.owned_dates import sibling_dates, slot_dates
from scanners.detectors.prose_dates import prose_yymm
from scanners.detectors.spoken import spoken_date
from scanners.detectors.vocabulary import Expiry

_KIND = re.compile(
    r"(?i)(?:(?:cc)?exp(?:iry|iration|ire)?(?:[ _.\-]?date)?|ablauf)[ _.\-]?"
    r"(?:(month|mon|mo|mm|m|monat)|year|yr|yyyy|yy|y|jahr)")
MONTH = re.compile(GAP + r"(?:<!\[CDATA\[)?(?P<v>0?[1-9]|1[0-2])" + DATE_END)
YEAR = re.compile(GAP + r"(?:<!\[CDATA\[)?(?P<v>(?:20)?[0-9]{2})" + DATE_END)
# Month to year across lines: same object, no other value between; the year's key may be a form key's member (a
# shell continuation: ``-d "card[exp_month]"=6 \`` then ``-d "card[exp_year]"=2031 \``).
_BETWEEN = re.compile(r"[^0-9{}\[\]]{1,120}(?:[A-Za-z_]{1,30}\[)?")
_CDATA = re.compile(r"\]\]>|<!\[CDATA\[")  # a CDATA section's markers: its text is the element's
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
    """This keyword's value and the other part's keyed value on a later line: the span is this value (the pair
    once, on the line where it starts). ``lower``: ``rx`` for lower-cased ASCII text, as for ``context.keywords``."""
    _, e = keyword
    this = (MONTH if kind == "month" else YEAR).match(text, e) if kind else None
    if this is None or not gap_ok(this["gap"], fillers):
        return None
    other_rx = YEAR if kind == "month" else MONTH
    lo, hi = this.end(), min(len(text), this.end() + 240)
    base = lo - 1  # the character before lo goes along: \b sees it
    if lower is not None and (piece := text[base:hi]).isascii():
        found = [(m.start() + base, m.end() + base, m.group()) for m in lower.finditer(piece.lower(), 1)]
    else:
        found = [(m.start(), m.end(), m.group()) for m in rx.finditer(text, lo, hi)]
    for start, end, word in found:  # kind_of ignores case
        other = other_rx.match(text, end) if kind_of(word) not in (kind, None) else None
        if other and gap_ok(other["gap"], fillers) and "\n" in text[lo:start]:
            between = without_line_prefixes(text, lo, text[lo:start])  # a log's time before every line
            if not _BETWEEN.fullmatch(unprefixed(_CDATA.sub("", between))):  # ``<ns1:`` prefixes hold digits
                return None
            month, year = (this, other) if kind == "month" else (other, this)
            return this.start("v"), this.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"
    return None


_TAG = re.compile(r"(?i:de0?14|5f24)")  # ISO 8583's data element and EMV's tag: keys only with a ":" or "="
_KEYED_AFTER = re.compile(r"[^0-9\n]{0,24}?[:=]")
# A field list's line (an IPM or ISO 8583 parser's report, a terminal's EMV tag dump) that opens with the element's
# or tag's key and then prints its name: ``DE14  Expiration Date ...... 3209``, ``5F24 Application Expiration Date
# 270328``; the key, element 14 or tag 5F24, makes the digits after the name its value (YYMM, YYMMDD), read when a
# full card number stands on the record's lines just above (the element 2 or tag 5A before it): a masked card's
# expiry stays quiet, as everywhere.
_TAGGED_NAME = re.compile(r"(?<![0-9A-Za-z_])(?i:de0?14|5f24)[ \t]+(?:[A-Za-z]+[ \t]+){0,3}$")
_RECORD_LINES = 5


def _tagged_line(text: str, s: int) -> bool:
    """The keyword at ``s`` is the printed name on a field list's element 14 or tag 5F24 line (``_TAGGED_NAME``) and
    a full card number stands within the ``_RECORD_LINES`` lines above it."""
    ls = text.rfind("\n", 0, s) + 1
    if _TAGGED_NAME.search(text, ls, s) is None:
        return False
    lo = ls
    for _ in range(_RECORD_LINES):
        lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
    return holds_card_number(text, lo, ls) or padded_pan_in(text, lo, ls)  # tag 5A's odd-length number, F-padded


def date_after(rx: Pattern[str], text: str, keyword: tuple[int, int], fillers: frozenset[str],
               lower: Pattern[str] | None = None, *, dotted: bool = False) -> Hit | None:
    """The card date the expiry keyword ``text[s:e]`` names: its own object's month and year members, right after
    it (MM/YY and the shapes of ``card_dates.date_at``, YYMM too for a key naming a whole date, a language's date
    object beside a card number as ``date_objects`` reads it, words as ``spoken`` reads them, Worldpay's ``<date>``),
    or month and year under separate keys on its line or on the next lines.
    ``dotted``: MM.YY too (``card_dates.date_at``), for a label in another language (``exp 12.25`` is a decimal)."""
    s, e = keyword
    if _TAG.fullmatch(text, s, e) and not _KEYED_AFTER.match(text, e):
        return None  # DE14 or 5F24 not as a field's key: an IBAN's country and check digits, a hex word
    kind = kind_of(text[s:e])
    e = past_index(text, e)  # ``cardExpiry_1 = "09/29"``: the second card's expiry of a numbered set
    if kind is None and (whole := object_date(text, e)) is not None:
        return whole
    if kind is None and text[max(0, s - 5) : s].lower().rstrip("_-. ").endswith("card"):  # cardExpiryDate, card_exp
        quoted = QUOTED_VALUE.match(text, e)
        if quoted is not None and (day := iso_day(text, quoted.end())) is not None:
            return day
    if kind is None and text[e : e + 1] == ">" and (day := element_day(text, s, e)) is not None:
        return day  # <CreditCard>...<expirationDate>2031-06-30</expirationDate>
    dotted = dotted or HELD_DOTTED.match(text, e) is not None  # the whole value of its key or element
    tagged = kind is None and _tagged_line(text, s)
    return (date_at(text, e, fillers, yymm=kind is None, prose=tagged, dotted=dotted and kind is None)
            or (date_object(text, s, e) if kind is None else None)
            or spoken_date(text, e, fillers)
            or xml_date(text, e)
            or boxed_date(text, e)
            or same_line(rx, text, kind, e, fillers, lower=lower)
            or across_lines(rx, text, kind, keyword, fillers, lower=lower)
            or (next_cell_date(text, s, e) if kind is None else None)
            or (prose_yymm(text, e, fillers) if kind is None else None))


# the date asked for in another language, its answer right after the question's mark in a run of speech ("¿y la fecha
# de vencimiento? 06/27", "und das Ablaufdatum? 02/26": ``chatlog.run_answers``)
_ASKED_INTL = Expiry.INTL + r"[ \t]?\?[ \t]{1,2}[0-9]"
# the expiry detector's triggers for these routes
DATE_TRIGGERS = (
    MEMBER_TRIGGER, DATE_ELEMENT_TRIGGER, PAIR_TRIGGER, SLOT_TEXT_TRIGGER, FORM_TRIGGER, CARD_MEMBER_TRIGGER,
    FIELD_TRIGGER, _ASKED_INTL)


def structured_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Dates found through structure, in or just before ``text[pos:endpos]``: the value of a generic holder key or a
    table cell that a key naming a whole date owns (YYMM too), a caller's answer to a question that asks for the
    date (written or in words), month and year members of a date key's object on lines of their own or of a card's
    object (``cards.card_members``), a ``<date>``
    element on a line of its own below its expiry element."""
    for at in held_values(text, pos, endpos, Expiry.KEY):
        if (hit := date_at(text, at, Expiry.FILLERS, yymm=True) or iso_day(text, at)) is not None:
            yield hit
    yield from answered(text, pos, endpos, EXPIRY_ASKED, _answered)
    yield from member_dates(text, pos, endpos)
    yield from sibling_dates(text, pos, endpos)
    yield from slot_dates(text, pos, endpos)
    yield from pair_dates(text, pos, endpos)
    yield from card_member_dates(text, pos, endpos)
    yield from form_dates(text, pos, endpos)
    yield from field_dates(text, pos, endpos)
    if "|" in text[max(0, pos - 40) : endpos]:
        yield from table_dates(text, pos, endpos)
    if "<date" in text[max(0, pos - 40) : endpos]:
        yield from date_elements(text, pos, endpos)


@per_text  # one value is read by several answer routes and by the overlapping windows of one record
def _answered(text: str, at: int) -> Hit | None:
    return date_at(text, at, Expiry.FILLERS) or spoken_date(text, at, Expiry.FILLERS)
