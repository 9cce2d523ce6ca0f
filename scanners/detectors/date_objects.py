"""A card's expiry held as a language's date object and printed by its repr or string form, after an expiry key:
Python's ``datetime.date(2027, 5, 31)`` and ``datetime.datetime(2027, 5, 31, 0, 0)`` (what a dataclass, attrs or
pydantic repr and a traceback's locals print), pendulum's ``Date(2027, 5, 31)``, Go's ``%#v`` ``time.Date(2027,
time.May, 31, 0, 0, 0, 0, time.UTC)``; an ISO day as Java's ``LocalDate`` (``2027-05-31``, ``2027-05-31T00:00``), Go's
``time.Time`` (``2027-05-31 00:00:00 +0000 UTC``), JavaScript's ``Date`` (``2027-05-31T00:00:00.000Z``) and Ruby's
``#<Date: 2027-05-31 ((2461557j,0s,0n),+0s,2299161j)>`` print it; .NET's ``DateTime`` and ``DateOnly`` in a record's
``ToString`` (``5/31/2027 12:00:00 AM``, invariant ``05/31/2027 00:00:00``, day first when the first number can't be
a month: ``31/05/2027``; dotted, day first: ``31.05.2027``), and ``java.util.Date``'s ``Mon May 31 00:00:00 UTC 2027``.

A date with its day is a card's only when something says so: the key names a card (``cardExpiry``, ``card_exp``) or
the line holds a full card number near the key (``PaymentDetails(pan=..., expiry=datetime.date(...))``); a time of
day other than midnight or the day's last second makes it a timestamp (a token's or a session's expiry), never a
card date. Results are ``(start, end, "MM/YY")``, the span from the first number of the date to its last.
"""

from __future__ import annotations

import re

from scanners.detectors.card_summary import holds_card_number

Hit = tuple[int, int, str]

_MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec"
_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_YEAR = r"20[0-9]{2}"
_MONTH = r"0?[1-9]|1[0-2]"
_DAY = r"0?[1-9]|[12][0-9]|3[01]"
# a key's value right after it: ``=``, ``: ``, `` = `` (C#), ``=>`` (Ruby), a JSON string's quote
_HELD = r"""\\?["']?[ \t]*(?:=>|[:=])[ \t]*\\?["']?"""
# midnight or the day's last second, as each form writes a time (``0, 0``; ``00:00:00.000``; ``12:00:00 AM``)
_CLOCK = r"(?:00:00(?::00(?:\.0{1,9})?)?|23:59(?::59(?:\.9{1,9})?)?)"
_ZONE = r"(?:Z|[ ]?[+\-][0-9]{2}:?[0-9]{2}(?: [A-Z]{2,5})?|[ ][A-Z]{2,5})?"
_END = r"(?![0-9A-Za-z_:.\-/])"
_OBJECT = re.compile(
    _HELD
    + r"(?:"
    # Python's datetime.date / datetime.datetime (pendulum's Date / DateTime): year, month, day, midnight
    rf"(?:datetime\.)?(?i:date(?:time)?)\((?P<v1>(?P<y1>{_YEAR}), (?P<m1>{_MONTH}), (?:{_DAY}))"
    r"(?:, (?:0, 0(?:, 0){0,2}|23, 59(?:, 59(?:, 999999)?)?))?(?:, tzinfo=[^()\n]{0,60}(?:\([^()\n]{0,40}\))?)?\)"
    # Go's GoString of a time.Time
    rf"|time\.Date\((?P<v2>(?P<y2>{_YEAR}), time\.(?P<n2>{_NAME})[a-z]{{0,6}}, (?:{_DAY}))"
    r", 0, 0, 0, 0, [^()\n]{0,40}\)"
    # an ISO day (Ruby's Date inspect around it), maybe with a midnight and a zone
    rf"|(?:#<Date(?:Time)?: )?(?P<v3>(?P<y3>{_YEAR})-(?P<m3>0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))"
    rf"(?:[T ]{_CLOCK}{_ZONE})?{_END}"
    # .NET: month first (invariant, en-US) unless the first number is no month; dotted: day first
    rf"|(?P<v4>(?P<a4>[0-9]{{1,2}})/(?P<b4>[0-9]{{1,2}})/(?P<y4>{_YEAR}))"
    rf"(?: (?:{_CLOCK}|12:00:00 AM|11:59:59 PM))?{_END}"
    rf"|(?P<v5>(?:{_DAY})\.(?P<m5>0?[1-9]|1[0-2])\.(?P<y5>{_YEAR}))(?: {_CLOCK})?{_END}"
    # java.util.Date's toString
    rf"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?P<v6>(?P<n6>{_NAME}) (?:{_DAY}) {_CLOCK} [A-Z]{{2,5}} (?P<y6>{_YEAR})){_END}"
    r")",
    re.ASCII,
)
_REACH = 240  # how far along the line a card number may stand from the key


def _month_first(first: str, second: str) -> int | None:
    """The month of a slashed .NET date: the first number, or the second when the first can't be one."""
    a, b = int(first), int(second)
    if 1 <= a <= 12 and 1 <= b <= 31:
        return a
    return b if 13 <= a <= 31 and 1 <= b <= 12 else None


def date_object(text: str, s: int, e: int) -> Hit | None:
    """The date object held by the expiry key ``text[s:e]`` (see the module docstring), if the key names a card or a
    card number stands on its line near it."""
    m = _OBJECT.match(text, e)
    if m is None:
        return None
    if m["v4"]:
        month = _month_first(m["a4"], m["b4"])
        if month is None:
            return None
    else:
        name = m["n2"] or m["n6"]
        month = _MONTHS.index(name.lower()) // 3 + 1 if name else int(m["m1"] or m["m3"] or m["m5"])
    year = m["y1"] or m["y2"] or m["y3"] or m["y4"] or m["y5"] or m["y6"]
    v = next(g for g in ("v1", "v2", "v3", "v4", "v5", "v6") if m[g])
    if not _names_card(text, s, e):
        return None
    return m.start(v), m.end(v), f"{month:02d}/{year[-2:]}"


def _names_card(text: str, s: int, e: int) -> bool:
    """The key names a card (``card_expiry``, ``cardExpiryDate``) or its line holds a card number near it."""
    if text[max(0, s - 5) : s].lower().rstrip("_-. ").endswith("card"):
        return True
    lo = text.rfind("\n", max(0, s - _REACH), s) + 1 or max(0, s - _REACH)
    hi = text.find("\n", e, e + _REACH)
    hi = min(len(text), e + _REACH) if hi < 0 else hi
    return holds_card_number(text, lo, hi)
