"""Expiry date and security code written right after a card number with no keyword, as card dumps, test-card files
and batch exports write them: ``4111111111111111 12/30 123``, ``4111 1111 1111 1111|12/2030|123``,
``4111111111111111,1230,123`` (``PAN MMYY CVV``, the line format of ``spc simulate --cards``).

The PAN detector asks, for each card number it finds, what follows it (no trigger of their own: a date after digits
is everywhere in logs, a date after a card number is not). The date follows the PAN's last digit after 1-3 spaces,
tabs, commas, semicolons or pipes, as MM/YY, MM/YYYY or MM-YY; a bare MMYY counts only with a code after it. The
code (3 or 4 digits) follows the date the same way and is a whole token. An agent's note may put an ``x`` before
the date (``4111... x 10/30``), which names it an expiry in any form: ``x 1030`` and ``x 2030-10`` too. A sentence
may join them with words (``its 4111 ... and oct 31, back code 612``, ``4111 ..., expires Dec 2029, code 4777``):
"and" or an expiry word before the date, a word naming the code before it; a bare "code" counts only here, after a
card number and its date. An agent's note puts the date alone in parentheses (``4111... (May 2029)``); a transcript
gives it after a verb, as an unpadded month and the year (``expiring 9 2029``, after a number spelled out in words
too: ``unpadded_after``). A card record packed in one delimited value may put the code first (Paytm's ``cardInfo``,
``saveCardId|cardNo|cvv|expDate`` with the date as MMYYYY: ``|4111...|123|122030``) or the date as MMYYYY before
the code: ``_packed``. A headerless export's row (AWS DMS CDC CSV, Redshift ``UNLOAD``) holds the card number as a
whole field and its expiry in the fields right after it: the month and the four-digit year as two fields
(``,4111...,07,2031,840``), or MMYY as a field alone (``|4111...|1032||N``): ``_fields``.

An expiry beside a truncated card number is the other way round: ``card_summary``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from string import ascii_letters

from scanners.cards.rowfields import CODE, DATE_SEP, END, MMYY, MONTH, SEP, YEAR
from scanners.detectors.date_subject import no_card_date
from scanners.detectors.vocabulary import Cvv
from scanners.detectors.weak_labels import verb_names_card
from scanners.engine.finding import Span
from scanners.lazy_re import lazy_compile

# "#": the key that ends each entry of a DTMF buffer (4111...#0327#123#); or the next cell of an HTML table row
# on the same line (a DataFrame's ``to_html`` kept in a notebook's JSON string, its line breaks as ``\n``; a
# mail's one-line row): ``<td>4111111111111111</td>\n      <td>12/30</td>``; or a LaTeX tabular's next cell, an
# ampersand between blanks: ``Jane Doe & 4111 1111 1111 1111 & 08/29 & 123 \\``
_SEP = rf"(?:{SEP}|#|</t[dh]>(?:[ \t]|\\[nrt]){{0,12}}<t[dh]>|[ \t]&[ \t])"
# A note may set the date off the card number with a slash between spaces, as a list of a card's fields is typed:
# ``card on file 4111... / 05/28`` (only there, right after the card number: a slash between numbers is no field
# break elsewhere)
_FIRST_SEP = rf"(?:{_SEP}|[ \t]{{1,2}}/[ \t]{{1,2}})"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A sentence may join them with words: "its 4111 ... and oct 31, back code 612", "3429 ..., expires Dec 2029, code
# 4777". Before the date "and" or an expiry word; before the code a word naming it, where a bare "code" is the code
# of the card number and date just written (alone it is a promo, error or status code: never a keyword).
_LEAD = (
    r"(?:(?:and|&)[ \t]{1,2})?"
    r"(?:(?P<kw>(?i:exp(?:iry|ires|iring|iration)?|valid (?:thru|through|until)))[:.]?[ \t]{1,2}"
    r"|[xX][ \t]{1,2}(?=[0-9]))?"  # an agent's shorthand: "4111... x 10/30" (no keyword: this detector reports it)
)
_WORD = (
    r"(?:and[ \t])?(?i:cvv2?|cvc2?|cid|csc|(?:security |back )?code(?: on (?:the )?back)?"
    r"|(?:3|4|three|four)[ -]digits?(?: on (?:the )?back)?)[:=]?[ \t]{1,2}"
)
_AFTER = re.compile(
    # after an expiry word the month and year may be apart by a space, as a prompt writes them ("expiry 06 27")
    # an aside in parentheses holds the date alone ("4111... (05/29)", "(May 2029)"; "(May 2029 statement)" is not)
    rf"{_FIRST_SEP}(?P<paren>\()?{_LEAD}(?:(?P<date>{MONTH}(?:{DATE_SEP}|(?(kw) |(?!))){YEAR}){END}"
    rf"(?(paren)\)|(?:{_SEP}(?P<word>{_WORD})?(?P<code>{CODE}){END})?)"
    rf"|(?(paren)(?!))(?P<mmyy>{MMYY}){_SEP}(?P<word2>{_WORD})?(?P<code2>{CODE}){END}"
    # a chat's "card: 4111 ..., Mar 30, 824": the month by name, then the year
    rf"|(?P<named>(?P<month>(?i:{'|'.join(_MONTHS)})[a-z]{{0,6}}\.?)[ \t](?P<year>{YEAR})){END}"
    rf"(?(paren)\)|(?:{_SEP}(?P<word3>{_WORD})?(?P<code3>{CODE}){END})?))",
    re.ASCII,
)
_DECIMAL = lazy_compile(r",[0-9]{1,2}(?![0-9])")
_CALENDAR_YEAR = lazy_compile(r"(?:19|20)[0-9]{2}")  # "Mar 30, 2026": a day and a year, no expiry and code
REACH = 48  # how far past the card number the date and code can end (", expires September 2030, code 1234")
PAN_REACH = 80  # how far before a date or code its card number can start (19 digits and separators, then REACH)
_RUN_CHARS = frozenset("0123456789 \t,;|/-.:&#*<>\\" + ascii_letters)  # words ("and oct 31"), cells, keys


def after_pan(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry (as MM/YY) and code written right after the card number ending at ``end`` (judged on the whole
    text), those that end by ``endpos``."""
    m = _AFTER.match(text, end)
    if m is None:
        yield from _x_date(text, end, endpos, detector, test)
        yield from _keyed_or_joined(text, end, endpos, detector, test)
        yield from _packed(text, end, endpos, detector, test)
        yield from _fields(text, end, endpos, detector, test)
        return
    if m["named"]:
        date, code, word = "named", "code3", "word3"
        if (m[code] and not m[word] and _CALENDAR_YEAR.fullmatch(m[code])) or m["month"][:3].lower() not in _MONTHS:
            return
        month, year = str(_MONTHS.index(m["month"][:3].lower()) + 1), m["year"]
    else:
        date, code, word = ("date", "code", "word") if m["date"] else ("mmyy", "code2", "word2")
        value = m[date].replace("-", "/").replace(" ", "/")
        month, year = value.split("/") if "/" in value else (value[:2], value[2:])
    # a date after an expiry word, or a code after a CVV keyword, is the expiry or CVV detector's (it reports them),
    # but for the dates it does not read there (``_verb_date``)
    if m.end(date) <= endpos and (not m["kw"] or _verb_date(text, m, date)):
        yield Span(m.start(date), m.end(date), "expiry", detector, f"{int(month):02d}/{year[-2:]}", test_card=test)
    if m[code] is not None and m.end(code) <= endpos and not (m[word] and Cvv.LOWER.search(m[word].lower())) \
            and not _decimal_amount(text, m.end(date), m.start(word) if m[word] else m.start(code), m.end(code)):
        yield Span(m.start(code), m.end(code), "cvv", detector, m[code], test_card=test)


# The agent's "x" before the date names it the card's expiry (reservation and PMS notes, PNR remarks: "4111... x
# 1129", "... x 2031-03"), so the date may take the forms a bare date after a card number cannot: MMYY without a code
# after it (a card's year, 10-49: "x 1200" is a count), and a database's year-month (YYYY-MM, a year 20xx; a day
# after it makes another date)
_X_DATE = re.compile(
    rf"{_SEP}[xX][ \t]{{1,2}}(?:(?P<mmyy>(?:0[1-9]|1[0-2])[1-4][0-9])|(?P<year>20[0-9]{{2}})-(?P<month>0[1-9]|1[0-2]))"
    rf"{END}", re.ASCII)


def _x_date(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry after the agent's "x" right after the card number ending at ``end`` in the forms ``_AFTER`` does
    not read there (``_X_DATE``), if it ends by ``endpos``."""
    m = _X_DATE.match(text, end)
    if m is not None and m.end() <= endpos:
        value = f"{m['mmyy'][:2]}/{m['mmyy'][2:]}" if m["mmyy"] else f"{m['month']}/{m['year'][2:]}"
        yield Span(m.start("mmyy") if m["mmyy"] else m.start("year"), m.end(), "expiry", detector, value,
                   test_card=test)


# A keypad entry (Amazon Connect's GetUserInput or StoreUserInput "Results"): the card number, the expiry (MMYY) and
# the code keyed as one entry, a star between the fields as the prompt asks ("then star, then the expiry"), or "#"
# between them: ``4111...*1230*123#``. The entry ends there (a quote, a space, the line's end).
_KEYED = re.compile(
    rf"(?:\*(?P<mmyy>{MMYY})(?:[*#](?P<code>{CODE}))?"
    rf"|#(?P<mmyy2>{MMYY})\*(?P<code2>{CODE}))#?(?![0-9A-Za-z_*#/.\-])",
    re.ASCII,
)
# A prompt or transcript gives the date keyed right after the card number with a joining word: "Caller (DTMF):
# 4111... then 1230", "... followed by 0927". A valid month, a plausible year (20-49); then perhaps the code.
_JOINED = re.compile(
    r"[ \t]{1,2}(?:then|and(?: then)?|followed by|next)[ \t]{1,2}(?P<mmyy>(?:0[1-9]|1[0-2])[2-4][0-9])"
    rf"{END}(?:,?[ \t]{{1,2}}(?:then|and(?: then)?|followed by|next)[ \t]{{1,2}}(?P<word>{_WORD})?"
    rf"(?P<code>{CODE}){END})?",
    re.ASCII,
)


def _keyed_or_joined(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry and code keyed with the card number as one entry (``_KEYED``), or given after it with a joining
    word (``_JOINED``), those that end by ``endpos``."""
    m = _KEYED.match(text, end) or _JOINED.match(text, end)
    if m is None:
        return
    date, code = ("mmyy2", "code2") if m.re is _KEYED and m["mmyy2"] else ("mmyy", "code")
    if m.re is _JOINED and no_card_date(text, m.start(date), m.end(date)):
        return
    if m.end(date) <= endpos:
        yield Span(m.start(date), m.end(date), "expiry", detector, f"{m[date][:2]}/{m[date][2:]}", test_card=test)
    word = m["word"] if m.re is _JOINED else None
    if m[code] is not None and m.end(code) <= endpos and not (word and Cvv.LOWER.search(word.lower())):
        yield Span(m.start(code), m.end(code), "cvv", detector, m[code], test_card=test)


# A card record packed in one value, one delimiter between its fields (Paytm's ``cardInfo``: ``saveCardId|cardNo|cvv|
# expDate``, the date MMYYYY): the code, then the date (MM/YY, MM/YYYY, MMYY or MMYYYY; a card's year, 20-49, when
# the month and year are glued); or the date as MMYYYY, then the code (``_AFTER`` reads the other dates there).
_GLUED_DATE = r"(?:0[1-9]|1[0-2])(?:20)?[2-4][0-9]"
_PACKED = re.compile(
    rf"(?P<sep>[|;,:])(?:(?P<code>{CODE})(?P=sep)(?P<date>{_GLUED_DATE}|{MONTH}{DATE_SEP}{YEAR})"
    rf"|(?P<date2>(?:0[1-9]|1[0-2])20[2-4][0-9])(?P=sep)(?P<code2>{CODE})){END}",
    re.ASCII,
)


def _packed(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The code and expiry packed with the card number ending at ``end`` in one delimited value (``_PACKED``), those
    that end by ``endpos``."""
    m = _PACKED.match(text, end)
    if m is None:
        return
    date, code = ("date", "code") if m["date"] else ("date2", "code2")
    value = m[date].replace("-", "/")
    month, year = value.split("/") if "/" in value else (value[:2], value[2:])
    if m.end(date) <= endpos:
        yield Span(m.start(date), m.end(date), "expiry", detector, f"{int(month):02d}/{year[-2:]}", test_card=test)
    if m.end(code) <= endpos:
        yield Span(m.start(code), m.end(code), "cvv", detector, m[code], test_card=test)


# A headerless export's row: a table's expiry columns right after its card number column, one delimiter between every
# field (AWS DMS CDC CSV writes ``exp_month, exp_year`` as ``,07,2031,``; Redshift UNLOAD a char(4) expiry as
# ``|1032|``), each field whole (the delimiter or the line's end after it); the code the next field, if digits. The
# year is a card's: 20xx in four digits, 20-49 in MMYY.
_FIELDS = re.compile(
    r"(?P<sep>[,|\t;])(?:(?P<month>0?[1-9]|1[0-2])(?P=sep)(?P<year>20[0-9]{2})|(?P<mmyy>(?:0[1-9]|1[0-2])[2-4][0-9]))"
    rf"(?=(?P=sep)|\r?$)(?:(?P=sep)(?P<code>{CODE})(?=(?P=sep)|\r?$))?",
    re.ASCII | re.MULTILINE,
)


def _fields(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry (and code) in the fields of a headerless row right after the card number ending at ``end``, when
    the card number is a whole field of that row (``_FIELDS``), those that end by ``endpos``."""
    m = _FIELDS.match(text, end)
    if m is None:
        return
    start = end
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    if end - start < 12 or text[start - 1 : start] != m["sep"]:
        return  # the card number is no whole field of the row: grouped, or led by a letter
    date = "mmyy" if m["mmyy"] else "month"
    month, year = (m["mmyy"][:2], m["mmyy"][2:]) if m["mmyy"] else (m["month"], m["year"][2:])
    if m.end(date if m["mmyy"] else "year") <= endpos:
        yield Span(m.start(date), m.end(date if m["mmyy"] else "year"), "expiry", detector,
                   f"{int(month):02d}/{year}", test_card=test)
    if m["code"] is not None and m.end("code") <= endpos:
        yield Span(m.start("code"), m.end("code"), "cvv", detector, m["code"], test_card=test)


def _decimal_amount(text: str, gap: int, start: int, end: int) -> bool:
    """The number at ``start:end`` goes on with a decimal comma (``813,00``, a German or French export's amount
    beside the date: ``4111...;02/30;813,00``), unless bare commas separate the fields (``...,1230,123,45``)."""
    return _DECIMAL.match(text, end) is not None and text[gap:start] != ","


def unpadded_after(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry a verb gives as an unpadded month, a space and the year right after a card number spelled out
    in words ("four two nine three ... expiring 3 2029"): the expiry detector reads the other forms there."""
    m = _AFTER.match(text, end)
    if m is not None and m["kw"] and m["date"] and m["date"][1] == " " and m.end("date") <= endpos \
            and not no_card_date(text, m.start("date"), m.end("date")):
        month, year = m["date"].split(" ")
        yield Span(m.start("date"), m.end("date"), "expiry", detector, f"{int(month):02d}/{year[-2:]}", test_card=test)


def _verb_date(text: str, m: re.Match[str], date: str) -> bool:
    """The date after an expiry verb right after the card number that the expiry detector does not read: a month
    unpadded, a space, then the year (a transcript's "4111 ... expiring 9 2029"), or one after a verb that names no
    card to it (after a number grouped by commas, as speech recognition writes it: "4111, 1111, ... expiring 05/29");
    never a duration ("expires 9 2029 minutes")."""
    unread = m[date][1] == " " or not verb_names_card(text, m.start("kw"), m.end("kw"))
    return unread and not no_card_date(text, m.start(date), m.end(date))


def run_start(text: str, pos: int) -> int:
    """Where the stretch of digits, separators, date characters and words that ``pos`` cuts begins (at most
    ``PAN_REACH`` back): a card number in it may own a date or code at or after ``pos``."""
    lo, i = max(0, pos - PAN_REACH), pos
    while i > lo and text[i - 1] in _RUN_CHARS:
        i -= 1
    while 0 < i < pos and text[i - 1].isalnum() and text[i].isalnum():
        i += 1  # stopped by the reach inside a word or number: start after it, never on a piece of a number
    return i
