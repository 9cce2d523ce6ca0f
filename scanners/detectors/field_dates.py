"""Expiry month and year as two fields of one request whose names are written apart from their values:
- a HAR 1.2 request's ``postData.params`` (``{"name": "card[exp_month]", "value": "12"}``, the year in the next
  object; Chrome DevTools pretty-prints a name and its value on lines of their own), and any such array of
  name/value (or key/value) attribute objects (``summarynames.is_pair``: HAR's ``queryString``, a Postman body);
- a raw multipart/form-data body (``Content-Disposition: form-data; name="card[exp_month]"``, a blank line, then
  ``12``; the year in another part), as an API Gateway execution log prints a request body.
A field's name is read as a form key is: its innermost bracket (``card[exp_month]`` -> ``exp_month``) names the month
or the year (``vocabulary.Expiry``), the part before it (``card``) the object both belong to; one month field and one
year field of that object make the pair.

A month and a year so named are a card's expiry only beside a full card number in the same request (the record
around the attribute objects, a HAR entry's ``postData``; the multipart body, from its first boundary to its last):
alone they are as often a report's period or a subscription's. The pair is reported once, on the month's value (the
date's first part, where a reader looks first); adjacent key/value objects that ``owned_dates.sibling_dates``
reports already (from the year) are left to it. Results are ``(start, end, "MM/YY")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.elements import enclosing_object
from scanners.cards.keyparse import MONTH_VALUE, YEAR_VALUE, norm
from scanners.cards.summarynames import collection, is_pair
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.owned_dates import sibling_dates
from scanners.detectors.speech_turns import turn_keys
from scanners.detectors.vocabulary import Expiry
from scanners.lazy_re import lazy_compile

Hit = tuple[int, int, str]
_Field = tuple[str, str, int, int]  # (object, "month" or "year", value start, value end)

# The expiry detector's trigger for attribute objects: a month or year field's name member, then its value member (a
# trigger spanning the two lines makes the window span them, as ``held_values.PART`` does for a multipart part).
TRIGGER = (r'"(?:[Nn]ame|[Kk]ey|NAME|KEY)\\?"[ \t]*:[ \t\r\n]*\\?"[\w\[\].%-]{0,40}(?i:exp|ablauf)[\w\[\].%-]{0,30}\\?"'
           r'[ \t]*,[ \t\r\n]*\\?"(?:[Vv]alue|VALUE)\\?"[ \t]*:[ \t\r\n]*\\?"?[0-9]')
_NAME = lazy_compile(r'\\?"(?:[Nn]ame|[Kk]ey|NAME|KEY)\\?"[ \t]*:[ \t\r\n]*\\?"(?P<name>[^"\\\r\n]{1,64})\\?"')
# The same from its quote (``speech_turns.turn_keys`` adds the backslash), so that ``re`` skips ahead to the quotes
_NAME_CORE = re.compile(r'"(?=[NnKk])(?:[Nn]ame|[Kk]ey|NAME|KEY)\\?"[ \t]*:[ \t\r\n]*\\?"'
                        r'(?P<name>[^"\\\r\n]{1,64})\\?"')
_VALUE = lazy_compile(r'\\?"(?:[Vv]alue|VALUE)\\?"[ \t]*:[ \t\r\n]*\\?"?(?P<v>[0-9]{1,4})(?![0-9])')
_PART = lazy_compile(r'form-data; ?name="(?P<name>[^"\r\n]{1,64})"\r?\n\r?\n(?P<v>[0-9]{1,4})(?=\r?\n)')
_DELIMITER = lazy_compile(r"(?:^|[ \t])(?P<d>--[!-~]{6,70})\r?$", re.MULTILINE)  # a boundary line, or a log line's end
_LEAF = lazy_compile(r"(?P<owner>.*?)\[(?P<leaf>[^\[\]]+)\]$")
_REACH = 4000  # how far the other parts of one multipart body are looked for either side
_BEFORE = 120  # a field's name may sit this far before the window that holds its value


def _kind(name: str) -> tuple[str, str] | None:
    """(the object, "month" or "year") for a field name naming a card date's part, else None."""
    m = _LEAF.fullmatch(name)
    owner, leaf = (m["owner"], m["leaf"]) if m else ("", name)
    key = norm(leaf)
    if Expiry.MONTH_KEY.fullmatch(key):
        return owner, "month"
    return (owner, "year") if Expiry.YEAR_KEY.fullmatch(key) else None


def _pair(fields: list[_Field], owner: str, text: str) -> Hit | None:
    """The month's value span and "MM/YY" when ``fields`` hold exactly one month and one year of ``owner``."""
    months = [f for f in fields if f[0] == owner and f[1] == "month"]
    years = [f for f in fields if f[0] == owner and f[1] == "year"]
    if len(months) != 1 or len(years) != 1:
        return None
    (_, _, ms, me), (_, _, ys, ye) = months[0], years[0]
    month, year = text[ms:me], text[ys:ye]
    if not MONTH_VALUE.fullmatch(month) or not YEAR_VALUE.fullmatch(year):
        return None
    return ms, me, f"{int(month):02d}/{year[-2:]}"


def _attribute(text: str, name: re.Match[str]) -> tuple[tuple[int, int], re.Match[str]] | None:
    """The attribute object whose name member ``name`` is, and its digits' value member."""
    obj = enclosing_object(text, name.start(), reach=400)
    if obj is None or not is_pair(text, *obj, pretty=True):
        return None
    value = _VALUE.search(text, *obj)
    return None if value is None else (obj, value)


def attribute_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Month fields of attribute objects named in or just before ``text[pos:endpos]``, paired in their record."""
    for start, _ in turn_keys(_NAME_CORE, text, max(0, pos - _BEFORE), endpos):
        name = _NAME.match(text, start, endpos)  # the match ``_NAME.finditer`` gives there (``turn_keys``)
        if name is None or (kind := _kind(name["name"])) is None or kind[1] != "month" or (
                got := _attribute(text, name)) is None:
            continue
        (lo, hi), _ = got
        if (around := collection(text, lo, hi, pretty=True)) is None:
            continue
        wide = around[0]
        fields = []
        for other in _NAME.finditer(text, *wide):
            if (k := _kind(other["name"])) is not None and (attr := _attribute(text, other)) is not None:
                fields.append((*k, attr[1].start("v"), attr[1].end("v")))
        hit = _pair(fields, kind[0], text)
        if hit is None or not holds_card_number(text, *wide):
            continue
        year = next(f for f in fields if f[0] == kind[0] and f[1] == "year")
        if any(h[0] == hit[0] for h in sibling_dates(text, year[2], year[3])):
            continue  # reported already (on the month's value)
        yield hit


def _body(text: str, part: int) -> tuple[int, int] | None:
    """The multipart body holding the part whose ``form-data`` is at ``part``: from the first of its boundary lines
    (the line before the part's header, ``--`` first) to the end of the last, up to ``_REACH`` either side."""
    line = text.rfind("\n", max(0, part - 200), part)
    found = _DELIMITER.search(text, max(0, line - 200), line) if line > 0 else None
    if found is None:
        return None
    delimiter = found["d"]
    lo = text.find(delimiter, max(0, part - _REACH), part)
    hi = text.rfind(delimiter, part, part + _REACH)
    return lo, hi + len(delimiter) if hi >= 0 else min(len(text), part + _REACH)


def part_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Month parts of raw multipart bodies named in or just before ``text[pos:endpos]``, paired in their body."""
    for part in _PART.finditer(text, max(0, pos - _BEFORE), endpos + 2):  # the line break after a value at endpos
        if (kind := _kind(part["name"])) is None or kind[1] != "month" or (body := _body(text, part.start())) is None:
            continue
        fields = [(*k, p.start("v"), p.end("v")) for p in _PART.finditer(text, *body)
                  if (k := _kind(p["name"])) is not None]
        if (hit := _pair(fields, kind[0], text)) is not None and holds_card_number(text, *body):
            yield hit


def field_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Both routes, behind a pre-check: every month field's name holds an expiry word."""
    lowered = text[max(0, pos - _BEFORE) : endpos].lower()
    if "exp" not in lowered and "ablauf" not in lowered:
        return
    if "form-data" in lowered:
        yield from part_dates(text, pos, endpos)
    yield from attribute_dates(text, pos, endpos)
