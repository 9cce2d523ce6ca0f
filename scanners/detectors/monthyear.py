"""Expiry month and year under separate keys: ``exp_month: 12, exp_year: 2030`` on one line, in either order
(one span from the first value to the second), or on separate lines of pretty-printed JSON or XML
(``<expirationMonth>09</expirationMonth>`` then ``<expirationYear>2029</expirationYear>``, values maybe in CDATA: the
span is the first value, so the pair is reported once, on the line where it starts). ``rx`` is the expiry keyword
pattern; results are ``(start, end, "MM/YY")``.
Also what makes an expiry keyword's value no card date: a verb keyword away from any card word, a duration. Month and
year held apart by an object, an element or a table row are read in ``dateparts``; ``date_after`` and
``structured_dates`` are the expiry detectors' entry points to both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Pattern

from scanners.cards.brands import is_pan
from scanners.cards.card_members import TRIGGER as CARD_MEMBER_TRIGGER
from scanners.cards.card_members import card_member_dates
from scanners.cards.keyparse import PAIR_TRIGGER, pair_dates, unprefixed
from scanners.detectors.card_dates import DATE_END, date_at
from scanners.detectors.card_summary import holds_card_number, truncated_card
from scanners.detectors.chatlog import answered
from scanners.detectors.context import GAP, gap_ok, keyed_pair
from scanners.detectors.dateparts import (
    DATE_ELEMENT_TRIGGER,
    HELD_DOTTED,
    MEMBER_TRIGGER,
    QUOTED_VALUE,
    SLOT_TEXT_TRIGGER,
    Hit,
    boxed_date,
    date_elements,
    iso_day,
    member_dates,
    next_cell_date,
    object_date,
    sibling_dates,
    slot_dates,
    table_dates,
    xml_date,
)
from scanners.detectors.digit_words import NUMBER_WORD, spelled_digits
from scanners.detectors.form_dates import TRIGGER as FORM_TRIGGER
from scanners.detectors.form_dates import form_dates
from scanners.detectors.prose_dates import prose_yymm
from scanners.detectors.spoken import spoken_date
from scanners.detectors.structure import held_values
from scanners.detectors.vocabulary import Cvv, Expiry

_KIND = re.compile(
    r"(?i)(?:(?:cc)?exp(?:iry|iration|ire)?|ablauf)[ _.\-]?(?:(month|mon|mm|m|monat)|year|yr|yyyy|yy|y|jahr)")
MONTH = re.compile(GAP + r"(?:<!\[CDATA\[)?(?P<v>0?[1-9]|1[0-2])" + DATE_END)
YEAR = re.compile(GAP + r"(?:<!\[CDATA\[)?(?P<v>(?:20)?[0-9]{2})" + DATE_END)
# Month to year across lines: same object, no other value between; the year's key may be a form key's member (a
# shell continuation: ``-d "card[exp_month]"=6 \`` then ``-d "card[exp_year]"=2031 \``).
_BETWEEN = re.compile(r"[^0-9{}\[\]]{1,120}(?:[A-Za-z_]{1,30}\[)?")
_CDATA = re.compile(r"\]\]>|<!\[CDATA\[")  # a CDATA section's markers: its text is the element's
# "expires", "valid until" (gültig bis, caduca, vence, expire en, scade, verloopt) name a card's date only after a card
# word (Karte, tarjeta...) or number in the same sentence ("Visa ending 4242 expires 12/30"); a token expires too.
_VERB = re.compile(r"(?i)expir(?:es|ing|ed|e.(?:le|en|fin))|valid[ _\-]?until|g.ltig.bis|caduca|vence|scade|verloopt")
_CARD_WORDS = "card|visa|master ?card|amex|discover|maestro|debit|credit|tarjeta|carte|karte|cart.o|carta|kaart"
_CARD_BEFORE = re.compile(rf"(?<![a-z])(?i:{_CARD_WORDS})(?![a-z])[^.;!?\n]*$")
_PAN_CELL = re.compile(r"(?<=>)[0-9]{12,19}(?=<)")  # a table cell holding a card number
# a card number in the verb's sentence, or ending the one before it ("card 4111 ...; expires 06/27"); its groups
# may be dotted ("card number 2204.1499.8153.8122, expires 06/31"), and a dot after it ends no sentence then
_NUMBER_BEFORE = re.compile(
    r"(?<![0-9])[0-9](?:(?:[ \-]?|\.(?=[0-9]{3,6}(?![0-9])))[0-9]){11,18}(?=[^.;!?\n0-9]*$|[.;][ \t]{1,2}$)")
# a card number in words ending right before it ("it's four one one one ... one, expires June 2030": speech-to-text;
# its groups may be cut by commas, "four one one one, one one ..."),
# or before "and it" ("... eight six and it expires 05 31": a Contact Lens segment)
_SPELLED_BEFORE = re.compile(
    rf"(?<![A-Za-z]){NUMBER_WORD}(?:(?:,? |-){NUMBER_WORD}){{11,18}}"
    r"(?=[^.;!?\n0-9A-Za-z]*(?:(?:and|it|it's|that|which)[^.;!?\n0-9A-Za-z]+){0,2}$)"
)
_SPELLED_REACH = 200
# the end of the verb's clause: a card number before it names the card too (a dot between digits ends none: a dotted
# card number, "tokenize failed for expires 07/26, card 5486.3627.8950.6926")
_CLAUSE_END = re.compile(r"[;!?\n]|\.(?![0-9])")
_DOTTED = re.compile(r"(?<![0-9.])[0-9]{4}(?:\.[0-9]{4,6}){2,3}(?:\.[0-9]{1,5})?(?![0-9]|\.[0-9])")
# A number followed by a unit of time is a duration (``expires 1200 seconds``), never a card date; a unit word that
# starts a card-data label is none (``exp 03/27 sec code 123``: an agent's "sec code" is the security code).
_DURATION = re.compile(r"[ \t]*((?i:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?))(?![A-Za-z0-9_])")


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
            if not _BETWEEN.fullmatch(unprefixed(_CDATA.sub("", text[lo:start]))):  # ``<ns1:`` prefixes hold digits
                return None
            month, year = (this, other) if kind == "month" else (other, this)
            return this.start("v"), this.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"
    return None


def about_a_card(text: str, s: int, e: int) -> bool:
    """The keyword ``text[s:e]`` may name a card's date: not a verb (``expires``), or a verb that is no key
    (``expires_in``) after a card word in its sentence, after a card number in it or ending the one before it, or
    before a card number in its clause."""
    if not _VERB.fullmatch(text, s, e):
        return True
    if text[e : e + 1] == "_":
        return False
    lo = max(0, s - 64)
    if _CARD_BEFORE.search(text, lo, s) is not None or any(
        is_pan(re.sub("[ .-]", "", m.group())) for m in _NUMBER_BEFORE.finditer(text, lo, s)
    ) or any(is_pan(spelled_digits(m.group()) or "")
             for m in _SPELLED_BEFORE.finditer(text, max(0, s - _SPELLED_REACH), s)):
        return True
    hi = min(len(text), e + 64)  # "expires 06/27 card 4111 ...": a card number after the date, no id
    hi = m.start() if (m := _CLAUSE_END.search(text, e, hi)) else hi
    if holds_card_number(text, e, hi) or any(is_pan(d.group().replace(".", "")) for d in _DOTTED.finditer(text, e, hi)):
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


# The clause right before a date: from the last comma, semicolon, sentence end or line break within 40 characters.
_CLAUSE = re.compile(r"(?:[,;!?\n]|\.\s|\\n)?((?:(?![,;!?\n]|\.\s|\\n).){0,40})\Z", re.DOTALL)


def _clause_subject(text: str, at: int) -> bool:
    """The clause that leads to the date names something else that expires and no card, by word or number ("customer
    prefers voucher valid until 12/27"): that date is the voucher's, whatever card the record holds elsewhere."""
    m = _CLAUSE.search(text, max(0, at - 41), at)
    lo = m.start(1) if m else at
    return _names_subject(text, lo, at) and _CARD_WORD.search(text, lo, at) is None and not holds_card_number(
        text, lo, at)


def other_subject(text: str, at: int) -> bool:
    """The date at ``at`` belongs to something else that expires (see ``_SUBJECT``): named in the clause before it, or
    on its line when the line names no card."""
    lo = text.rfind("\n", max(0, at - SUBJECT_REACH), at) + 1 or max(0, at - SUBJECT_REACH)
    hi = text.find("\n", at, at + SUBJECT_REACH)
    hi = min(len(text), at + SUBJECT_REACH) if hi < 0 else hi
    if not _names_subject(text, lo, hi):
        return False
    if _clause_subject(text, at):
        return True
    line_lo = text.rfind("\n", max(0, at - 400), at) + 1
    line_hi = text.find("\n", at, at + 400)
    line_hi = min(len(text), at + 400) if line_hi < 0 else line_hi
    return _CARD_WORD.search(text, line_lo, line_hi) is None and not holds_card_number(text, line_lo, line_hi)


def no_card_date(text: str, start: int, end: int) -> bool:
    """The date ``text[start:end]`` is no card data: a duration (a unit of time follows), the expiry of a record
    that names its card truncated and holds no full card number (``card_summary.truncated_card``), or the expiry of
    something else named on its line (``other_subject``)."""
    unit = _DURATION.match(text, end)
    if unit is not None and not Cvv.LOWER.match(text[unit.start(1) : unit.start(1) + 16].lower()):
        return True
    return truncated_card(text, start) or other_subject(text, start)


_TAG = re.compile(r"(?i:de0?14|5f24)")  # ISO 8583's data element and EMV's tag: keys only with a ":" or "="
_KEYED_AFTER = re.compile(r"[^0-9\n]{0,24}?[:=]")


def date_after(rx: Pattern[str], text: str, keyword: tuple[int, int], fillers: frozenset[str],
               lower: Pattern[str] | None = None, *, dotted: bool = False) -> Hit | None:
    """The card date the expiry keyword ``text[s:e]`` names: its own object's month and year members, right after
    it (MM/YY and the shapes of ``card_dates.date_at``, YYMM too for a key naming a whole date, words as ``spoken``
    reads them, Worldpay's ``<date>``), or month and year under separate keys on its line or on the next lines.
    ``dotted``: MM.YY too (``card_dates.date_at``), for a label in another language (``exp 12.25`` is a decimal)."""
    s, e = keyword
    if _TAG.fullmatch(text, s, e) and not _KEYED_AFTER.match(text, e):
        return None  # DE14 or 5F24 not as a field's key: an IBAN's country and check digits, a hex word
    kind = kind_of(text[s:e])
    if kind is None and (whole := object_date(text, e)) is not None:
        return whole
    if kind is None and text[max(0, s - 5) : s].lower().rstrip("_-. ").endswith("card"):  # cardExpiryDate, card_exp
        quoted = QUOTED_VALUE.match(text, e)
        if quoted is not None and (day := iso_day(text, quoted.end())) is not None:
            return day
    dotted = dotted or HELD_DOTTED.match(text, e) is not None  # the whole value of its key or element
    return (date_at(text, e, fillers, yymm=kind is None, dotted=dotted and kind is None)
            or spoken_date(text, e, fillers)
            or xml_date(text, e)
            or boxed_date(text, e)
            or same_line(rx, text, kind, e, fillers, lower=lower)
            or across_lines(rx, text, kind, keyword, fillers, lower=lower)
            or (next_cell_date(text, s, e) if kind is None else None)
            or (prose_yymm(text, e, fillers) if kind is None else None))


# the expiry detector's triggers for these routes
DATE_TRIGGERS = (
    MEMBER_TRIGGER, DATE_ELEMENT_TRIGGER, PAIR_TRIGGER, SLOT_TEXT_TRIGGER, FORM_TRIGGER, CARD_MEMBER_TRIGGER)


def structured_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Dates found through structure, in or just before ``text[pos:endpos]``: the value of a generic holder key or a
    table cell that a key naming a whole date owns (YYMM too), a caller's answer to a question that asks for the
    date (written or in words), month and year members of a date key's object on lines of their own or of a card's
    object (``cards.card_members``), a ``<date>``
    element on a line of its own below its expiry element."""
    for at in held_values(text, pos, endpos, Expiry.KEY):
        if (hit := date_at(text, at, Expiry.FILLERS, yymm=True) or iso_day(text, at)) is not None:
            yield hit
    yield from answered(text, pos, endpos, Expiry.ASKED, _answered)
    yield from member_dates(text, pos, endpos)
    yield from sibling_dates(text, pos, endpos)
    yield from slot_dates(text, pos, endpos)
    yield from pair_dates(text, pos, endpos)
    yield from card_member_dates(text, pos, endpos)
    yield from form_dates(text, pos, endpos)
    if "|" in text[max(0, pos - 40) : endpos]:
        yield from table_dates(text, pos, endpos)
    if "<date" in text[max(0, pos - 40) : endpos]:
        yield from date_elements(text, pos, endpos)


def _answered(text: str, at: int) -> Hit | None:
    return date_at(text, at, Expiry.FILLERS) or spoken_date(text, at, Expiry.FILLERS)
