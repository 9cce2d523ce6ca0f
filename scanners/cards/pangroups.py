"""PAN candidate analysis shared by the PAN detectors: digit groups, plausible grouping, id-like key context.

A candidate region is a run of digit groups joined by separators (space, several spaces, dash, dot, slash, tab,
Unicode spaces and dashes). Zero-width characters are transparent. PANs are picked greedily left to right from
contiguous group windows, longest first, so a card next to another number (``99 4111 1111 1111 1111``) is found.
An ASCII window takes a fast path: a bare number (no separator joining it to other digits) is decided directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from scanners.cards.brands import brand_of, is_pan, is_test_pan, luhn_valid

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
SEPARATORS = (
    " \t\\-./\u00a0\u1680\u2000-\u200a\u2010-\u2015\u2028\u2029\u202f\u205f\u2212\u3000\ufe58\ufe63\uff0d"
)
ASCII_REGION = re.compile(r"(?<![0-9A-Za-z_])[0-9](?:[ \t\-./]{0,4}[0-9]){12,}", re.ASCII)
UNICODE_REGION = re.compile(
    rf"(?<![0-9A-Za-z_])(?<!\d)[\d{ZERO_WIDTH}]*\d(?:[{SEPARATORS}{ZERO_WIDTH}]{{0,4}}\d){{12,}}[{ZERO_WIDTH}]*"
)
# ASCII fast path: digit runs joined by 1-4 separators, when there are several runs or one of 13+ digits.
_CANDIDATE = re.compile(r"[0-9](?:[0-9]{12,}(?:[ \t\-./]{1,4}[0-9]+)*|[0-9]*(?:[ \t\-./]{1,4}[0-9]+)+)")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_GROUP = re.compile(rf"[\d{ZERO_WIDTH}]*\d[\d{ZERO_WIDTH}]*")
_KEY_BEFORE = re.compile(r"""["']?([A-Za-z][A-Za-z0-9_.\-]{0,40})["']?\s*[:=]\s*["']?$""")
_ID_KEY = re.compile(
    r"(?:id|ids|uuid|guid|ts|time|timestamp|epoch|millis|ms|seq|offset|nonce|no|num)$"
    r"|order|invoice|trace|span|request|correlation|session|imei|iccid|msisdn|imsi|phone|mobile|tracking|serial"
)
_CARD_KEY = re.compile(r"card|pan|cc|credit|debit|payment|acct|account")


def canonical_digits(group: str) -> str:
    """ASCII digits of a group: Unicode digits translated, zero-width characters dropped."""
    if group.isascii():
        return group
    return "".join(str(unicodedata.decimal(c)) for c in group if c not in ZERO_WIDTH)


def plausible_grouping(sizes: list[int]) -> bool:
    """One group, one digit per group, fours with a shorter tail, or the Amex/Diners 4-6-5 / 4-6-4 layout."""
    if len(sizes) == 1 or all(s == 1 for s in sizes):
        return True
    if sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4


def id_keyed(text: str, start: int) -> bool:
    """True when the value starting at ``start`` is the whole value of an id-, time- or phone-like key."""
    m = _KEY_BEFORE.search(text, max(0, start - 48), start)
    if not m:
        return False
    key = re.sub(r"[^a-z0-9]", "", m.group(1).lower())
    return bool(_ID_KEY.search(key)) and not _CARD_KEY.search(key)


def _glued(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] == "_")


def pans_in_region(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each PAN in the candidate region ``text[start:end]``."""
    region = text[start:end]
    if region.isdigit() and region.isascii():  # the common case: one bare number
        if 13 <= len(region) <= 19 and not _glued(text, end) and brand_of(region) and luhn_valid(region):
            yield start, end, region
        return
    groups = [(m.start(), m.end(), canonical_digits(m.group())) for m in _GROUP.finditer(text, start, end)]
    if groups and _glued(text, end):
        groups.pop()  # the last group is part of a following token
    i, n = 0, len(groups)
    while i < n:
        for j in range(min(n - 1, i + 18), i - 1, -1):
            digits = "".join(g[2] for g in groups[i : j + 1])
            if not 13 <= len(digits) <= 19 or not plausible_grouping([len(g[2]) for g in groups[i : j + 1]]):
                continue
            if brand_of(digits) and luhn_valid(digits):
                yield groups[i][0], groups[j][1], digits
                i = j
                break
        i += 1


def region_pans(text: str, start: int, end: int) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, digits, test_card) of each PAN in a candidate region; an id-keyed bare value only if a test card."""
    digits = text[start:end]
    if digits.isascii() and digits.isdigit() and (len(digits) > 19 or not is_pan(digits)):
        return  # the common case: one bare number that is no card
    for s, e, digits in pans_in_region(text, start, end):
        test = is_test_pan(digits)
        if test or s != start or e != end or not id_keyed(text, s):
            yield s, e, digits, test


def window_pans(text: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, digits, test_card) of each PAN in each window ``text[pos:endpos]``."""
    ascii_text = text.isascii()
    for window_start, endpos in windows:
        pos = window_start
        if not ascii_text and not text[max(0, pos - 1) : endpos].isascii():
            while endpos - pos >= 13 and (region := UNICODE_REGION.search(text, pos, endpos)) is not None:
                pos = region.end()
                yield from region_pans(text, region.start(), pos)
            continue
        # ASCII window and look-behind character: an ASCII_REGION match lies at the end of a _CANDIDATE match (a
        # stretch of digit runs joined by separators); a bare run of digits is decided here as region_pans would.
        while endpos - pos >= 13 and (m := _CANDIDATE.search(text, pos, endpos)) is not None:
            start, pos = m.span()
            digits = m.group()
            if not digits.isdigit():
                if pos - start >= 13 and (region := ASCII_REGION.search(text, start, pos)) is not None:
                    yield from region_pans(text, region.start(), region.end())
            elif (
                len(digits) <= 19
                and not (start and text[start - 1] in _WORD)
                and not _glued(text, pos)
                and is_pan(digits)
                and ((test := is_test_pan(digits)) or not id_keyed(text, start))
            ):
                yield start, pos, digits, test
