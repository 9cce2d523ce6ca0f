"""Expiry date and security code written right after a card number with no keyword, as card dumps, test-card files
and batch exports write them: ``4111111111111111 12/30 123``, ``4111 1111 1111 1111|12/2030|123``,
``4111111111111111,1230,123`` (``PAN MMYY CVV``, the line format of ``spc simulate --cards``).

The PAN detector asks, for each card number it finds, what follows it (no trigger of their own: a date after digits
is everywhere in logs, a date after a card number is not). The date follows the PAN's last digit after 1-3 spaces,
tabs, commas, semicolons or pipes, as MM/YY, MM/YYYY or MM-YY; a bare MMYY counts only with a code after it. The
code (3 or 4 digits) follows the date the same way and is a whole token. A sentence may join them with words
(``its 4111 ... and oct 31, back code 612``, ``4111 ..., expires Dec 2029, code 4777``): "and" or an expiry word
before the date, a word naming the code before it; a bare "code" counts only here, after a card number and its date.

The other way round, ``truncated_card``: an expiry in a payment processor's card object, which names its card by
brand and last four digits (Stripe's ``payment_method_details.card``: ``brand``, ``last4``, ``exp_month``,
``exp_year``; Braintree's ``cardType``, ``last4``, ``expirationMonth``) and holds no full card number (a number
under an id or hash key, such as a ``fingerprint`` that came out all digits, is none), is card metadata, not
cardholder data (PCI DSS: the expiry counts with the full PAN). The same object as a constructor's repr (a Python
dataclass or NamedTuple ``CardDetails(last4='4242', brand='visa', exp_month=12, ...)``, Kotlin's or Lombok's
``Card(brand=visa, last4=4242, expMonth=12)``) is read alike: its members are ``name=value`` inside ``Name(...)``;
so is a flat key=value record on one line (structlog's or logfmt's ``last4=4242 brand=visa exp_month=7 ...``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from string import ascii_letters

from scanners.cards.brands import is_pan
from scanners.cards.pangroups import id_keyed
from scanners.detectors.vocabulary import Cvv
from scanners.engine.finding import Span

_SEP = r"[ \t,;|]{1,3}"
_END = r"(?![0-9A-Za-z_]|[./:\-][0-9])"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A sentence may join them with words: "its 4111 ... and oct 31, back code 612", "3429 ..., expires Dec 2029, code
# 4777". Before the date "and" or an expiry word; before the code a word naming it, where a bare "code" is the code
# of the card number and date just written (alone it is a promo, error or status code: never a keyword).
_LEAD = (
    r"(?:(?:and|&)[ \t]{1,2})?"
    r"(?:(?P<kw>(?i:exp(?:iry|ires|iring|iration)?|valid (?:thru|through|until)))[:.]?[ \t]{1,2})?"
)
_WORD = (
    r"(?:and[ \t])?(?i:cvv2?|cvc2?|cid|csc|(?:security |back )?code(?: on (?:the )?back)?"
    r"|(?:3|4|three|four)[ -]digits?(?: on (?:the )?back)?)[:=]?[ \t]{1,2}"
)
_AFTER = re.compile(
    # after an expiry word the month and year may be apart by a space, as a prompt writes them ("expiry 06 27")
    rf"{_SEP}{_LEAD}(?:(?P<date>(?:0?[1-9]|1[0-2])(?:[/\-]|(?(kw) |(?!)))(?:20)?[0-9]{{2}}){_END}"
    rf"(?:{_SEP}(?P<word>{_WORD})?(?P<code>[0-9]{{3,4}}){_END})?"
    rf"|(?P<mmyy>(?:0[1-9]|1[0-2])[0-9]{{2}}){_SEP}(?P<word2>{_WORD})?(?P<code2>[0-9]{{3,4}}){_END}"
    # a chat's "card: 4111 ..., Mar 30, 824": the month by name, then the year
    rf"|(?P<named>(?P<month>(?i:{'|'.join(_MONTHS)})[a-z]{{0,6}}\.?)[ \t](?P<year>(?:20)?[0-9]{{2}})){_END}"
    rf"(?:{_SEP}(?P<word3>{_WORD})?(?P<code3>[0-9]{{3,4}}){_END})?)",
    re.ASCII,
)
_CALENDAR_YEAR = re.compile(r"(?:19|20)[0-9]{2}")  # "Mar 30, 2026": a day and a year, no expiry and code
REACH = 48  # how far past the card number the date and code can end (", expires September 2030, code 1234")
PAN_REACH = 80  # how far before a date or code its card number can start (19 digits and separators, then REACH)
_RUN_CHARS = frozenset("0123456789 \t,;|/-.:&" + ascii_letters)  # the words of "and oct 31, back code 612" too


def after_pan(text: str, end: int, endpos: int, detector: str, test: bool) -> Iterator[Span]:
    """The expiry (as MM/YY) and code written right after the card number ending at ``end`` (judged on the whole
    text), those that end by ``endpos``."""
    m = _AFTER.match(text, end)
    if m is None:
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
    # a date after an expiry word, or a code after a CVV keyword, is the expiry or CVV detector's (it reports them)
    if m.end(date) <= endpos and not m["kw"]:
        yield Span(m.start(date), m.end(date), "expiry", detector, f"{int(month):02d}/{year[-2:]}", test_card=test)
    if m[code] is not None and m.end(code) <= endpos and not (m[word] and Cvv.LOWER.search(m[word].lower())):
        yield Span(m.start(code), m.end(code), "cvv", detector, m[code], test_card=test)


def run_start(text: str, pos: int) -> int:
    """Where the stretch of digits, separators, date characters and words that ``pos`` cuts begins (at most
    ``PAN_REACH`` back): a card number in it may own a date or code at or after ``pos``."""
    lo, i = max(0, pos - PAN_REACH), pos
    while i > lo and text[i - 1] in _RUN_CHARS:
        i -= 1
    while 0 < i < pos and text[i - 1].isalnum() and text[i].isalnum():
        i += 1  # stopped by the reach inside a word or number: start after it, never on a piece of a number
    return i


# A member's key as JSON, a Python or Ruby repr ('last4': ...) or Node's util.inspect (last4: ...) writes it: quoted,
# or bare and not right after a quote (a match inside a quoted key would be a second, overlapping one).
_KEY = r"""(?:["'](?i:{0})\\?["']|(?<![A-Za-z0-9_"'])(?i:{0}))\s*:"""  # \" : JSON inside a JSON string
_LAST4_NAMES = "last_?4|last_?four|last4_?digits|dynamic_last4|pan_?last_?4|masked_?(?:pan|number)"
_BRAND_NAMES = "brand|card_?type|scheme|network|funding|fingerprint|bin"
_LAST4, _BRAND = re.compile(_KEY.format(_LAST4_NAMES)), re.compile(_KEY.format(_BRAND_NAMES))
# The same members as a constructor's repr writes them: last4='4242', brand=visa (bare, then "=", not "==").
_ARG = r"(?<![A-Za-z0-9_.])(?i:{0})[ ]?=(?!=)"
_ARG_LAST4, _ARG_BRAND = re.compile(_ARG.format(_LAST4_NAMES)), re.compile(_ARG.format(_BRAND_NAMES))
# The same members as a flat key=value record (structlog, logfmt) writes them: a pair after a space or the line start.
_PAIR = r"(?:(?<=[ \t])|^)(?i:{0})=(?!=)"
_PAIR_LAST4, _PAIR_BRAND = (re.compile(_PAIR.format(n), re.MULTILINE) for n in (_LAST4_NAMES, _BRAND_NAMES))
_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[ \-]?[0-9]){11,18}(?![0-9A-Za-z])")  # a whole token
OBJECT_REACH = 1000
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


_BRACE = re.compile(r"[{}]")


def enclosing_object(text: str, at: int, pair: str = "{}") -> tuple[int, int] | None:
    """The JSON object enclosing ``at`` (braces counted, at most ``OBJECT_REACH`` either side), or None; with
    ``pair="()"`` the parenthesized arguments enclosing it."""
    left, right = pair[0], pair[1]
    depth, i, lo = 0, at, max(0, at - OBJECT_REACH)
    while depth >= 0:  # back to the unmatched "{", one brace at a time (the nearest is usually close)
        i = max(text.rfind(left, lo, i), text.rfind(right, lo, i))
        if i < 0:
            return None
        depth += 1 if text[i] == right else -1
    depth, j, hi = 0, at - 1, min(len(text), at + OBJECT_REACH)
    while depth >= 0:
        opens, closes = text.find(left, j + 1, hi), text.find(right, j + 1, hi)
        if closes < 0:
            return None
        j = closes if opens < 0 else min(opens, closes)
        depth += 1 if text[j] == left else -1
    return i, j + 1


def repr_object(text: str, at: int) -> tuple[int, int] | None:
    """The constructor repr ``Name(...)`` around ``at`` when it has brand and last-four arguments and no full card
    number."""
    bounds = enclosing_object(text, at, "()")
    if bounds is None or not (bounds[0] and (text[bounds[0] - 1].isalnum() or text[bounds[0] - 1] == "_")):
        return None
    ok = _ARG_LAST4.search(text, *bounds) and _ARG_BRAND.search(text, *bounds) and not holds_card_number(text, *bounds)
    return bounds if ok else None


def flat_record(text: str, at: int) -> tuple[int, int] | None:
    """The line around ``at`` (at most ``OBJECT_REACH`` either side) when it is a key=value record with brand and
    last-four pairs and no full card number."""
    lo = text.rfind("\n", max(0, at - OBJECT_REACH), at) + 1 or max(0, at - OBJECT_REACH)
    hi = text.find("\n", at, at + OBJECT_REACH)
    hi = min(len(text), at + OBJECT_REACH) if hi < 0 else hi
    ok = _PAIR_LAST4.search(text, lo, hi) and _PAIR_BRAND.search(text, lo, hi) and not holds_card_number(text, lo, hi)
    return (lo, hi) if ok else None


def _other_forms(text: str, at: int) -> tuple[int, int] | None:
    return repr_object(text, at) or flat_record(text, at)


# What the last text asked about holds: (text, its last-four members by stretch, the answer for each position
# asked, the verdict on each object judged). The expiry screen and find ask about the same hits, close together:
# one search serves many. Replaced as one tuple, so threads never mix two texts.
_Spans = tuple[tuple[int, ...], tuple[int, ...]]
_Memo = tuple[str, dict[int, _Spans], dict[int, "tuple[int, int] | None"], dict[tuple[int, int], bool]]
_memo: list[_Memo] = [("", {}, {}, {})]
_STRETCH = 4096  # stretch k: text[k * _STRETCH : (k + 1) * _STRETCH + 2 * OBJECT_REACH], a query from its part


def _memo_of(text: str) -> _Memo:
    memo = _memo[0]
    if memo[0] is not text:
        memo = _memo[0] = (text, {}, {}, {})
    return memo


def _members(text: str, a: int, b: int, lowered: str) -> list[re.Match[str]]:
    """``_LAST4``'s matches in ``text[a:b]`` (ASCII, ``lowered`` its lower case), found from the words every member
    holds ("last" or "masked", at most 9 characters after the start of its key) instead of a case-insensitive scan:
    matches never overlap, so the ones starting from there are the ones a full scan finds."""
    out: dict[int, re.Match[str]] = {}
    for word in ("last", "masked"):
        at = lowered.find(word)
        while at >= 0:
            key, stop = at, max(0, at - 9)
            while key > stop and (lowered[key - 1].isalnum() or lowered[key - 1] == "_"):
                key -= 1  # the start of the key holding this word (dynamic_last4), its quote before it if any
            key -= key > 0 and lowered[key - 1] in "\"'"
            if key not in out and (m := _LAST4.match(text, a + key, b)) is not None:
                out[key] = m
            at = lowered.find(word, at + 1)
    return [out[k] for k in sorted(out)]


def _has_last4(text: str, lo: int, hi: int, memo: _Memo) -> bool:
    """A last-four member lies in ``text[lo:hi]`` (``hi - lo <= 2 * OBJECT_REACH``). Members never overlap, so a
    stretch's matches are all of them and, sorted by start, by end too: the first one from ``lo`` ends first."""
    k = lo // _STRETCH
    spans = memo[1].get(k)
    if spans is None:
        a, b = k * _STRETCH, (k + 1) * _STRETCH + 2 * OBJECT_REACH
        stretch = text[a:b]
        # A non-ASCII stretch reads alike when its lower case keeps its length and it holds none of the four letters
        # a case-insensitive ``re`` matches to ASCII ones (İ ı ſ and the Kelvin sign): almost every stretch.
        lowered = stretch.lower()
        alike = stretch.isascii() or (len(lowered) == len(stretch) and not _FOLDS_TO_ASCII.search(stretch))
        found = _members(text, a, b, lowered) if alike else _LAST4.finditer(text, a, b)
        starts, ends = [], []
        for m in found:
            starts.append(m.start())
            ends.append(m.end())
        spans = memo[1][k] = (tuple(starts), tuple(ends))
    i = bisect_left(spans[0], lo)
    return i < len(spans[0]) and spans[1][i] <= hi


def holds_card_number(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` holds a whole-token card number that is no id-keyed value (a hash or an order id is none)."""
    return any(is_pan(re.sub("[ -]", "", m.group())) and not id_keyed(text, m.start())
               for m in _NUMBER.finditer(text, lo, hi))


def truncated_object(text: str, at: int) -> tuple[int, int] | None:
    """The JSON card object around ``at`` when it has brand and last-four members and no full card number."""
    memo = _memo[0]
    if memo[0] is not text:
        memo = _memo[0] = (text, {}, {}, {})
    if not _has_last4(text, max(0, at - OBJECT_REACH), min(len(text), at + OBJECT_REACH), memo):
        # the common case, decided by a look-up in the stretch's members; a repr's members read "last4="
        return _other_forms(text, at) if "last" in text[max(0, at - OBJECT_REACH) : at + OBJECT_REACH] else None
    if at in memo[2]:
        return memo[2][at]
    bounds, verdicts = enclosing_object(text, at), memo[3]
    if bounds is not None and bounds not in verdicts:
        verdicts[bounds] = bool(_has_last4(text, *bounds, memo) and _BRAND.search(text, *bounds)) and not (
            holds_card_number(text, *bounds))
    memo[2][at] = result = bounds if bounds is not None and verdicts[bounds] else _other_forms(text, at)
    return result


def truncated_card(text: str, at: int) -> bool:
    """The value at ``at`` sits in a JSON card object with brand and last-four members and no full card number."""
    return truncated_object(text, at) is not None


class CardObjects:
    """The last card-metadata object found in a text (``truncated_object``), so every hit inside it is judged once.
    One tuple is swapped at a time, so threads sharing a detector never pair one text with another's bounds."""

    def __init__(self) -> None:
        self._last: tuple[str, int, int] = ("", -1, -1)

    def holds(self, text: str, at: int) -> bool:
        last_text, lo, hi = self._last
        if last_text is text and lo <= at < hi:
            return True
        bounds = truncated_object(text, at)
        if bounds is None:
            return False
        self._last = (text, *bounds)
        return True
