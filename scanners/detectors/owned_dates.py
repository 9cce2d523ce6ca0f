"""Expiry month and year as two values that keys above them name, each found from its value and its owner key
(``structure.owned_by``): a form's month and year fields as sibling name/value objects side by side (Postman's
urlencoded body, ``sibling_dates``) and a Lex V2 event's month and year slots (``slot_dates``). ``dateparts`` reads
the parts a date key's own object, element or table row holds; these start from a value and ask which key owns it.
Results are ``dateparts.Hit``: ``(start, end, "MM/YY")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match

from scanners.cards.keyparse import MONTH_VALUE, YEAR_VALUE
from scanners.detectors.dateparts import OBJECT_REACH, Hit
from scanners.detectors.speech_turns import turn_keys
from scanners.detectors.structure import owned_by
from scanners.detectors.vocabulary import Expiry
from scanners.lazy_re import lazy_compile

# A form's month and year fields as name/value objects side by side, on one line or pretty-printed (Postman's
# urlencoded body: ``{"key": "card[exp_month]", "value": "1"}, {"key": "card[exp_year]", "value": "2029"}``; a
# sibling member names each value, ``structure``): found from the year's value, the month's object just before it.
_NAMED_VALUE = lazy_compile(r'\\?"(?i:value)\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
# The same from its quote (``speech_turns.turn_keys`` adds the backslash): a leading optional backslash leaves ``re`` no
# literal to skip ahead to, and this pattern's search was most of ``sibling_dates``' cost, window after window.
_NAMED_CORE = re.compile(r'"(?=[Vv])(?i:value)\\?"[ \t]*:[ \t]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
_OBJECTS_APART = lazy_compile(r"\}[ \t\r\n]*,[ \t\r\n]*\{")
_SIBLING_AHEAD = 240  # how far after a window its month's year object is looked for (pretty-printed, indented)


def sibling_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Year values in or just before ``text[pos:endpos]`` (or up to ``_SIBLING_AHEAD`` past its end) named by a year
    field whose object follows one whose value a month field names; the month's value is the span (the date's first
    part, where a reader looks first and where a month and year written as members of one object are reported: a
    Postman body's ``card[exp_month]`` and ``card[exp_year]`` key/value objects pretty-printed on lines of their
    own)."""
    for start, _ in turn_keys(_NAMED_CORE, text, max(0, pos - 40), min(len(text), endpos + _SIBLING_AHEAD)):
        y = _NAMED_VALUE.match(text, start)  # read past the window's end: a value cut there is no value
        if y is None or not YEAR_VALUE.fullmatch(y["v"]) or not owned_by(text, y.start("v"), Expiry.YEAR_KEY):
            continue
        opened = text.rfind("{", max(0, y.start() - OBJECT_REACH), y.start())
        closed = text.rfind("}", max(0, opened - 16), opened)
        if opened < 0 or closed < 0 or not _OBJECTS_APART.fullmatch(text, closed, opened + 1):
            continue
        before = text.rfind("{", max(0, closed - OBJECT_REACH), closed)
        m = _NAMED_VALUE.search(text, before, closed) if before >= 0 else None
        if m and MONTH_VALUE.fullmatch(m["v"]) and owned_by(text, m.start("v"), Expiry.MONTH_KEY):
            yield m.start("v"), m.end("v"), f"{int(m['v']):02d}/{y['v'][-2:]}"


# Month and year as slots of their own, each value in its slot's value object (a Lex V2 event's slots as a Lambda
# logs them: ``"exp_month": {"value": {"interpretedValue": "8"}}, "expiryYear": {"value": {"interpretedValue": 2027}}``,
# pretty-printed too, ``originalValue`` and ``resolvedValues`` beside): found from the year's value, owned through that
# nesting by a year key (``structure``), and paired with the nearest value a month key owns at the same depth.
_SLOT_VALUE = re.compile(
    r'\\?"(?:interpretedValue|originalValue|resolvedValues)\\?"[ \t]*:[ \t]*(?:\[[ \t\r\n]*)?\\?"?'
    r"(?P<v>[0-9]{1,4})(?![0-9])"
)


def slot_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Year values of a year slot in or just before ``text[pos:endpos]`` beside a month slot (a sibling: as many
    braces open as close between the two values); the year's value is the span."""
    lo = max(0, pos - 40)
    if "Value" not in text[lo:endpos]:
        return  # a fast pre-check: every slot value's key holds it
    for cut in _SLOT_VALUE.finditer(text, lo, endpos):
        y = _SLOT_VALUE.match(text, cut.start())  # read past the window's end: a value cut there is no value
        if y is None or not YEAR_VALUE.fullmatch(y["v"]) or not owned_by(text, y.start("v"), Expiry.YEAR_KEY):
            continue
        a, b = max(0, y.start() - OBJECT_REACH), min(len(text), y.end() + OBJECT_REACH)
        months = [m for m in _SLOT_VALUE.finditer(text, a, b) if MONTH_VALUE.fullmatch(m["v"])
                  and _sibling(text, m, y) and owned_by(text, m.start("v"), Expiry.MONTH_KEY)]
        month = min(months, key=lambda m: abs(m.start() - y.start()), default=None)
        if month is not None:
            yield y.start("v"), y.end("v"), f"{int(month['v']):02d}/{y['v'][-2:]}"


def _sibling(text: str, m: Match[str], y: Match[str]) -> bool:
    """The two values sit at the same depth of one object: between them, braces close and open as many times."""
    lo, hi = (m.end(), y.start()) if m.start() < y.start() else (y.end(), m.start())
    between = text[lo:hi]
    return between.count("{") == between.count("}") > 0
