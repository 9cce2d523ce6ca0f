"""A card object's plain ``month`` and ``year`` members read as its expiry: the dumps a runtime writes of a card
object, Ruby's ``inspect`` (``#<ActiveMerchant::Billing::CreditCard:0x… @number="…", @month=5, @year=2029>``, its
instance variables ``@name=value``, values quoted or bare), a Python ``repr`` (``CreditCard(number='…', month=5,
year=2029)``), a Ruby hash (``{:number=>"…", :month=>5, :year=>2029}``), JSON, an element's attributes.

A YAML block mapping (read as ``yamlmaps`` does) is such an object too: a Rails fixture's ``credit_cards.yml``
(``card_3:`` then ``number:``, ``verification_value:``, ``month: 7``, ``year: 2029`` on lines of their own,
ActiveMerchant's names), a list item's members; lines indented further belong to a nested member's value.

A bare ``month`` and ``year`` are as often a report's period, so the pair counts only in an object that is a card's:
its class, element or key names a card (``CreditCard``, ``"card": {``, ``card_3:``), or a member of it holds a card
number. The object (no nested one in it; a YAML mapping's nested values passed over) must hold exactly one month
and one year member, a month and a year as their values, and no member naming another part of a date or a time
(``day``, ``hour``...). Results are ``(start, end,
"MM/YY")``: the span runs from the first value to the second on one line, or is the first value (the pair once, on
the line where it starts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.cards.keyparse import MONTH_VALUE, YEAR_VALUE
from scanners.cards.yamlmaps import mapping
from scanners.lazy_re import lazy_compile

Hit = tuple[int, int, str]

# the expiry detector's trigger for this route (a JSON member ``"month": 5`` triggers through ``MEMBER_TRIGGER``)
# (``: `` with its one space, as ActiveRecord writes it: a class of blanks there costs hyperscan 3 % of the c60 scan)
TRIGGER = r"""(?i:month|year)(?:=>|=|: )[ \t]*["']?[0-9]"""
# any member of the object: ``@k=v``, ``k=v``, ``:k=>v``, ``"k": v``, ``k="v"`` (the value's first run, quoted or bare)
_MEMBER = re.compile(
    r"""(?<![\w.-])[@:]?\\?["']?(?P<k>[A-Za-z_][\w-]{0,40})\\?["']?[ \t]*(?:=>|=|:)[ \t]*\\?["']?"""
    r"""(?P<v>[0-9][0-9 -]{0,22}[0-9]|[0-9])?"""
)
_PARTS = {"month": "m", "mon": "m", "year": "y", "yr": "y"}
_OTHER_PARTS = frozenset({"day", "dd", "hour", "hh", "minute", "min", "second", "sec", "week", "quarter", "qtr"})
_NUMBER_KEYS = lazy_compile(r"(?i)(?:card|cc|credit)?_?(?:number|num|no|pan)")
_CARD_NAME = lazy_compile(r"(?i)card")
# where the object opens: Ruby's ``#<Class:0x…``, an element ``<card ``, a call ``Class(``, a key's ``{``
_OPENERS = "{(<"
_CLOSERS = "})>"
_REACH = 400
_NAME_AFTER = lazy_compile(r"#?<(?:[\w.-]*:)?(?P<n>[A-Za-z_][\w:.-]{0,80})")
_NAME_BEFORE = lazy_compile(r"""(?P<n>[A-Za-z_][\w.]{0,80})\\?["']?[ \t]*(?:=>|[:=])?[ \t]*$""")


def card_member_dates(text: str, pos: int, endpos: int) -> Iterator[Hit]:
    """Expiries whose month and year are plain members of a card's object, the first value in or just before
    ``text[pos:endpos]``."""
    lo = max(0, pos - 40)
    window = text[lo:endpos].lower()
    if "month" not in window and "year" not in window:
        return  # a fast pre-check: one of the two members is in the window
    for m in _MEMBER.finditer(text, lo, endpos):
        if m["v"] and m["k"].lower() in ("month", "year") and (hit := _pair(text, m)) is not None:
            yield hit


def _pair(text: str, member: re.Match[str]) -> Hit | None:
    found = _object(text, member) or _yaml_mapping(text, member)
    if found is None:
        return None
    name, members = found
    parts: dict[str, list[re.Match[str]]] = {"m": [], "y": []}
    card = _CARD_NAME.search(name or "") is not None
    for m in members:
        key = m["k"].lower()
        if key in _OTHER_PARTS:
            return None
        if key in _PARTS:
            parts[_PARTS[key]].append(m)
        elif m["v"] and _NUMBER_KEYS.fullmatch(key) and is_pan(re.sub("[ -]", "", m["v"])):
            card = True
    if not card or len(parts["m"]) != 1 or len(parts["y"]) != 1:
        return None
    month, year = parts["m"][0], parts["y"][0]
    if month["v"] is None or year["v"] is None or member.start("v") != min(month.start("v"), year.start("v")):
        return None  # the first member reports the pair
    if not (MONTH_VALUE.fullmatch(month["v"]) and YEAR_VALUE.fullmatch(year["v"])):
        return None
    first, later = sorted((month, year), key=lambda x: x.start())
    date = f"{int(month['v']):02d}/{year['v'][-2:]}"
    if "\n" in text[first.end("v") : later.start("v")]:
        return first.start("v"), first.end("v"), date
    return first.start("v"), later.end("v"), date


def _object(text: str, member: re.Match[str]) -> tuple[str | None, list[re.Match[str]]] | None:
    """The name and members of the flat bracketed object around ``member`` (a dump, a repr, a hash, JSON)."""
    a = max(0, member.start() - _REACH)
    opened = max(text.rfind(c, a, member.start()) for c in _OPENERS)
    if opened < 0:
        return None
    closer = _CLOSERS[_OPENERS.index(text[opened])]  # (only its own: a Ruby hash's ``=>`` closes no ``{``)
    if closer in text[opened + 1 : member.start()]:
        return None
    closed = text.find(closer, member.end(), member.end() + _REACH)
    if closed < 0 or any(c in text[member.end() : closed] for c in _OPENERS):
        return None  # no flat object around it
    return _object_name(text, opened), list(_MEMBER.finditer(text, opened + 1, closed))


def _yaml_mapping(text: str, member: re.Match[str]) -> tuple[str | None, list[re.Match[str]]] | None:
    """The name (the parent key's) and the members of the YAML block mapping whose member ``member`` starts a line."""
    found = mapping(text, member.start())
    if found is None:
        return None
    parent, lines = found
    name = None if parent is None else parent["key"].strip("\"'")
    return name, [m for ln in lines if (m := _MEMBER.match(text, ln.start("key"))) is not None]


def _object_name(text: str, opened: int) -> str | None:
    """The name of the object that opens at ``opened``: Ruby's class or an element's name after a ``<``, a call's
    or a key's name before a ``(`` or a ``{``."""
    if text[opened] == "<":
        m = _NAME_AFTER.match(text, opened - 1 if text[opened - 1 : opened] == "#" else opened)
        return None if m is None else m["n"]
    m = _NAME_BEFORE.search(text, max(0, opened - 100), opened)
    return None if m is None else m["n"]
