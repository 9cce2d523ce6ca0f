"""Irregular digit groups as people type a card number (``loose_pan``): where the groups end, and what names them.

The groups (two or more, joined by one to three spaces or a dash with spaces around it) end before an expiry written
after them (``... 229 07/30 cvc``); one written with their own separator (``... 65 01-28``, ``... 05 0829``) is read
as more groups and taken off (``cuts``). The value is a card when a card key or label names it (``loose_pan``) or
when its companions follow it: an expiry, then a security code named as one (``... 229 07/30 cvc 987``, ``(exp
10-32, CVC 490)``, ``, expires March 2032, security code 928``). A phone number or an id is never followed by both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan
from scanners.cards.idnames import CARD_KEY
from scanners.cards.keyparse import key_before
from scanners.cards.panchain import plausible_grouping

SEP = r"(?: {1,3}|[ \t]*-[ \t]*)"
OPEN = r"""\\?["']?[ \t]*[:=]?[ \t]*\\?["']?"""
# a card label ending the text before the value: card, PAN, cc, card number, "card is", "card on file", "card
# instead:", a table's ``|Card|`` cell
_LABEL = re.compile(
    rf"(?i)(?<![a-z])(?:card|pan|cc)(?:[ _-]?(?:number|num|no))?(?: (?:is|was|on file|instead))?(?:[ \t]*\|)?{OPEN}$"
)
_DATE = r"(?:(?:0?[1-9]|1[0-2])[/-](?:20)?[0-9]{2}|(?:0[1-9]|1[0-2])[0-9]{2})(?![0-9A-Za-z_]|[./-][0-9])"
# (the look-behind after the first digit: led by a digit, ``re`` skips ahead to one instead of trying it everywhere)
CHAIN = re.compile(
    rf"[0-9](?<![0-9A-Za-z_.\-/][0-9])[0-9]{{0,5}}(?:{SEP}[0-9]{{1,6}})+(?![0-9A-Za-z_]|{SEP}(?!{_DATE})[0-9]|[./][0-9])"
)
_MMYY = re.compile(r"(?:0[1-9]|1[0-2])(?:[0-9]{2}|20[0-9]{2})")
_DATE_PAIR = re.compile(rf"(?:0[1-9]|1[0-2]){SEP}(?:20)?[0-9]{{2}}")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?"
_CODE_WORD = (
    r"(?:cvv2?|cvc2?|cid|csc|(?:security|back) code|(?:3|4|three|four)[ -]digits?(?: on (?:the )?back)?(?: are)?)"
)
# the expiry (a word before it or not; MM/YY, MM-YY, MMYY, MM/YYYY or the month's name), then the named code
_COMPANIONS_PARTS = (
    r"(?i:[ \t]{0,3}[,(]?[ \t]{0,2}(?:exp(?:iry|ires|iring|iration)?[:.]?[ \t]{1,2})?"
    rf"(?:(?:0?[1-9]|1[0-2])[/-]?(?:20)?[0-9]{{2}}|{_MONTH} (?:20)?[0-9]{{2}})",
    rf"[ \t]{{0,2}}[,;)]?[ \t]{{1,3}}(?:the )?{_CODE_WORD}[:=]?[ \t]{{1,2}}[0-9]{{3,4}}",
    ")",
)
# the prefilter's trigger: the year's last digits, then the named code (a trigger led by digit groups and an optional
# expiry word cost the 60 MB corpus 12 %); the engine's margin reaches the groups before it
COMPANIONS = rf"[0-9]{{2}}(?i:[ \t]{{0,2}}[,;)]?[ \t]{{1,3}}(?:the )?{_CODE_WORD}[:=]?[ \t]{{1,2}}[0-9]{{3,4}})"
_COMPANIONS = re.compile("(?![0-9])".join(_COMPANIONS_PARTS))
_GROUP = re.compile("[0-9]+")
_JOINED_BEFORE = re.compile(rf"[0-9]{SEP}$")
_PAST = 160  # 19 digits in groups, three-character separators, an expiry after them: well inside


def loose_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each card number in irregular groups in ``text[pos:endpos]`` that a card key or label
    names or its expiry and code follow; a grouping ``pan`` reads itself (``plausible_grouping``) is left to it. The
    groups and what follows them are read past ``endpos`` (a window's end may cut their expiry), as far as groups of a
    card's length and their separators reach (``_PAST``)."""
    for m in CHAIN.finditer(text, pos, min(len(text), endpos + _PAST)):
        if m.start() >= endpos:
            return
        if _JOINED_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # a window's start cut the groups: the whole run is judged from its start
        spans = [g.span() for g in _GROUP.finditer(text, m.start(), m.end())]
        for n in cuts(text, spans):
            sizes = [e - s for s, e in spans[:n]]
            digits = "".join(text[s:e] for s, e in spans[:n])
            if not MIN_LENGTH <= len(digits) <= MAX_LENGTH or plausible_grouping(sizes) or not is_pan(digits):
                continue  # no card's length, or a grouping ``pan`` reads itself
            if spans[n - 1][1] <= endpos and (card_named(text, m.start()) or companions_follow(text, spans[n - 1][1])):
                yield m.start(), spans[n - 1][1], digits
            break


def cuts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """How many of the groups ``spans`` to read as the card: all of them, or all but a trailing expiry written with
    their separator (two groups MM and YY or YYYY; one group MMYY or MMYYYY)."""
    n, out = len(spans), [len(spans)]
    if n > 3 and _DATE_PAIR.fullmatch(text, spans[-2][0], spans[-1][1]):
        out.append(n - 2)
    if n > 2 and _MMYY.fullmatch(text, *spans[-1]):
        out.append(n - 1)
    return out


def companions_follow(text: str, end: int) -> bool:
    """An expiry and a named security code right after the groups ending at ``end``."""
    return _COMPANIONS.match(text, end) is not None


def card_named(text: str, start: int) -> bool:
    """A card key or a card label (``_LABEL``) right before ``start``."""
    lo = max(0, start - 48)
    key = key_before(text, lo, start)
    if key is not None and CARD_KEY.search(key.lower().replace("_", "").replace("-", "")) is not None:
        return True
    return _LABEL.search(text, lo, start) is not None  # prose ends in a label: "charge my card instead: 4…"
