"""Expiry month and year as two fields of one URL-encoded form body, any other fields between them and in either
order: a Stripe API request as stripe-python's debug log or a request dump writes it (``post_data=card[exp_year]=2029
&card[number]=...&amount=1000&card[exp_month]=5``, the brackets also percent-encoded: ``card%5Bexp_month%5D=5``,
``payment_method_data[card][exp_month]``). The two fields belong together when they name the same object (the part
before ``[exp_month]``) on one line; the later one's value reports the pair, once. Two adjacent fields are left to the
keys' own reading on the line (``monthyear.same_line``), which reports them already.

A JSON object whose member names are such fields (a request log that prints the parsed form, as Flask's
``request.form.to_dict()`` or a web framework's ``params`` gives it: ``"payment_method_data[card][exp_month]": "12",``
and ``"payment_method_data[card][exp_year]": "2027"`` on the next line, quoted or bare numbers, pretty-printed or on
one line) pairs them the same way, anywhere in the same object (no brace between them); there the earlier member's
value reports the pair, on the line a reader looks at first (the month's, in the order Stripe's libraries write).

Terse ``MM`` and ``YYYY`` (or ``YY``) fields of a form body that also holds the card number's own field, as a card
processing page posts them (BPC/Sberbank ``processform.do``: ``$PAN=…&$CVC=…&MM=05&YYYY=2031&TEXT=…``): a bare ``mm``
is as often minutes, so the pair counts only there, one month and one year field in the body, no field naming another
part of a date or a time (``dd``, ``hh``...), as ``keyparse.pair_dates`` asks of a JSON object. The month's value
reports the pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import luhn_valid
from scanners.cards.keyparse import MONTH_VALUE, OTHER_DATE_PARTS, YEAR_VALUE
from scanners.lazy_re import lazy_compile

_OPEN, _CLOSE = r"(?:\[|%5[Bb])", r"(?:\]|%5[Dd])"
_OWNER = rf"(?P<owner>[A-Za-z_][A-Za-z0-9_]*(?:{_OPEN}[A-Za-z0-9_]+{_CLOSE})*){_OPEN}exp_(?P<part>month|year){_CLOSE}"
_TERSE_TRIGGER = r"[&?](?:MM|mm)=[0-9]"
_TERSE_MONTH = re.compile(r"(?<=[&?])(?:MM|mm)=(?P<v>[0-9]{1,2})(?=[&\s]|$)")
TRIGGER = (rf"{_OPEN}exp_(?:month|year){_CLOSE}(?:=|\\?\"[ \t]*:[ \t]*(?:\\?\")?)[0-9]"  # a form field, a JSON name
           rf"|{_TERSE_TRIGGER}")
_BODY_FIELD = re.compile(r"(?:(?<=[&?\s])|^)\$?(?P<k>[A-Za-z_][A-Za-z0-9_]{0,40})=(?P<v>[^&\s]*)")
_TERSE_YEARS = frozenset({"yy", "yyyy"})
# the card number's own field: ``$PAN``, ``pan``, ``card_number``, ``cardNo``, ``ccnum``
_PAN_FIELD = re.compile(r"(?i)pan|(?:card|cc)[_.\-]?(?:number|num|no|nr)|ccnum")
_FIELD = re.compile(rf"(?:(?<=[&?=\s])|^){_OWNER}=(?P<v>[0-9]{{1,4}})(?=[&\s\"']|$)", re.MULTILINE)
_MEMBER = re.compile(rf"(?<=\"){_OWNER}\\?\"[ \t]*:[ \t]*(?:\\?\")?(?P<v>[0-9]{{1,4}})(?=\\?\"|[\s,}}])")
_NEXT_MEMBER = lazy_compile(r'\\?"?[ \t]*,[ \t]*\\?"')  # between two adjacent members on one line
_ESCAPED = re.compile(r"%5[Bb]|%5[Dd]")
_REACH = 2000  # characters of one form body either side of a field


def _owner(m: re.Match[str]) -> str:
    return _ESCAPED.sub(lambda e: "[" if e.group()[2] in "Bb" else "]", m["owner"])


def form_dates(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, "MM/YY") of each form body's expiry whose later field's value lies in ``text[pos:endpos]``."""
    yield from _terse_pairs(text, pos, endpos)
    window = text[max(0, pos - 40) : endpos]  # every field's name holds its bracket, raw or escaped, then exp_
    if "[exp_" not in window and "%5Bexp_" not in window and "%5bexp_" not in window:
        return
    for rx, ends, later in ((_FIELD, "\n", True), (_MEMBER, "{}", False)):
        yield from _pairs(text, pos, endpos, rx, ends, later=later)


def _pairs(text: str, pos: int, endpos: int, rx: re.Pattern[str], ends: str,
           *, later: bool) -> Iterator[tuple[int, int, str]]:
    """The pairs of ``rx``'s fields whose partner lies between the nearest ``ends`` (a form's line, an object's
    braces) either side of the one that reports the pair (the ``later`` one or the earlier)."""
    for m in rx.finditer(text, max(0, pos - 40), endpos):
        ls = max(text.rfind(c, max(0, m.start() - _REACH), m.start()) for c in ends) + 1
        le = min((i for c in ends if (i := text.find(c, m.end(), m.end() + _REACH)) >= 0), default=-1)
        le = min(len(text), m.end() + _REACH) if le < 0 else le
        owner = _owner(m)
        fields = [p for p in rx.finditer(text, max(ls, m.start() - _REACH), le) if _owner(p) == owner]
        partners = [p for p in fields if p["part"] != m["part"]]
        if len(fields) != 2 or len(partners) != 1 or (partners[0].start() > m.start()) is later:
            continue  # no partner, a third field, or this field is not the one that reports the pair
        first, second = (partners[0], m) if later else (m, partners[0])
        between = text[first.end() : second.start()]
        if between in ("&", "&amp;") or _NEXT_MEMBER.fullmatch(between):
            continue  # adjacent fields: the month-and-year keys on one line read them (``monthyear.same_line``)
        month, year = (m, partners[0]) if m["part"] == "month" else (partners[0], m)
        if MONTH_VALUE.fullmatch(month["v"]) and YEAR_VALUE.fullmatch(year["v"]):
            yield m.start("v"), m.end("v"), f"{int(month['v']):02d}/{year['v'][-2:]}"


def _terse_pairs(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """The ``MM``/``YYYY`` pairs of form bodies beside their card number field, the month's value in the window."""
    window = text[max(0, pos - 8) : endpos]
    if "MM=" not in window and "mm=" not in window:
        return
    for m in _TERSE_MONTH.finditer(text, max(0, pos - 3), endpos):
        if MONTH_VALUE.fullmatch(m["v"]) and (year := _body_year(text, m)) is not None:
            yield m.start("v"), m.end("v"), f"{int(m['v']):02d}/{year[-2:]}"


def _body_year(text: str, month: re.Match[str]) -> str | None:
    """The year of the form body holding ``month``: its one year field, the body one month field and a card number
    field, no other date or time part."""
    ls = text.rfind("\n", max(0, month.start() - _REACH), month.start()) + 1
    le = text.find("\n", month.end(), month.end() + _REACH)
    le = min(len(text), month.end() + _REACH) if le < 0 else le
    months, years, pan = 0, [], False
    for f in _BODY_FIELD.finditer(text, ls, le):
        key = f["k"].lower()
        if key in OTHER_DATE_PARTS:
            return None  # a calendar date or a clock time
        months += key == "mm"
        if key in _TERSE_YEARS:
            years.append(f["v"])
        elif not pan and _PAN_FIELD.fullmatch(key) and 12 <= len(f["v"]) <= 19 and f["v"].isdigit():
            pan = luhn_valid(f["v"])
    return years[0] if pan and months == 1 and len(years) == 1 and YEAR_VALUE.fullmatch(years[0]) else None
