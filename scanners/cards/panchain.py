"""Whether a chain of digit groups can hold a card number at all: the PAN screen's test for grouped trigger hits.

A chain is a run of ASCII digit groups joined as a card's groups may be (1-4 spaces, tabs, dashes, dots or slashes,
or a comma and one or two spaces). A PAN is only ever read from consecutive groups of one chain, plausibly grouped,
of a card's length, in an issued IIN range and Luhn-valid; a chain with no such stretch of groups yields no PAN,
whatever window it is seen through, so no trigger hit on it needs its window. A chain with a ``?`` near it (in the
bytes every non-ASCII character is one: a Unicode digit, separator or zero-width character may join more groups to
it) or too long to judge here counts as one that may hold a card.
"""

from __future__ import annotations

import re

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan_ascii

_CHAIN = re.compile(rb"[0-9]+(?:(?:[ \t\-./]{1,4}|, {1,2})[0-9]+)*")
_RUN = re.compile(rb"[0-9]+")
_SEPS = frozenset(b" \t-./")
_FOUR_FOURS = [4, 4, 4, 4]  # 4-4-4-4: only the first three groups, all four and the last three are long enough
assert MIN_LENGTH > 8  # (two groups of four never are)
REACH = 160  # how far back from a run's first digit its chain is followed (and four times that forward)
# How 13-digit Visa cards were embossed and are still printed and typed (``4986 751 234 567``); DLP tools read the
# same layout (Microsoft Presidio's credit card pattern: a 4-digit lead, then groups of 3 to 5 digits).
VISA_13 = [4, 3, 3, 3]
# Fours whose leftover digit or two join the last group instead of standing alone: a 13-digit card typed 4-4-5
# (``4462 8158 21028``), a 17- or 18-digit one 4-4-4-5 or 4-4-4-6 (``6304 9097 1550 94797``), as people copy a number
# grouped like a 16-digit card and as checkout fields that space only the first three gaps (positions 4, 8, 12)
# print a longer one. ``pangroups`` reads them only as a whole number typed with one separator.
MERGED_TAILS = ([4, 4, 5], [4, 4, 4, 5], [4, 4, 4, 6])
# How UnionPay embosses a 19-digit card: its 6-digit IIN, then the other 13 digits (``621227 1540929892067``).
UNIONPAY_19 = [6, 13]


def embossed_19(sizes: list[int], digits: str) -> bool:
    """``sizes`` is UnionPay's 6+13 layout (``UNIONPAY_19``) and ``digits`` (the groups' digits, or at least their
    first two) open with its IIN 62: the layout is read only where that brand prints it."""
    return sizes == UNIONPAY_19 and digits.startswith("62")


def plausible_grouping(sizes: list[int]) -> bool:
    """One group, one digit per group, fours with a shorter tail, the Amex/Diners 4-6-5 / 4-6-4 layout, the 4-3-3-3
    a 13-digit card is printed in (``VISA_13``), or fours with a longer last group (``MERGED_TAILS``)."""
    n = len(sizes)  # list.count runs in C: several times faster than all() over a generator
    if n == 1 or sizes.count(1) == n or (sizes[:-1].count(4) == n - 1 and 1 <= sizes[-1] <= 4):
        return True
    if n == 3:
        return sizes in ([4, 6, 5], [4, 6, 4], MERGED_TAILS[0])
    return n == 4 and (sizes == VISA_13 or sizes in MERGED_TAILS)


def _chain_start(data: bytes, first: int) -> int:
    """Where the chain holding the digit run that starts at ``first`` starts (-1 when further back than ``REACH``)."""
    start = first
    while start > 0:
        j, k = start - 1, 0
        while j >= 0 and k < 5 and data[j] in _SEPS:
            j, k = j - 1, k + 1
        if not (1 <= k <= 4 and j >= 0 and 48 <= data[j] <= 57):  # no separators and a digit before: a comma?
            if not (k in (1, 2) and data[start - k : start] == b"  "[:k] and j >= 1 and data[j] == 44):
                return start
            j -= 1
            if not 48 <= data[j] <= 57:
                return start
        while j > 0 and 48 <= data[j - 1] <= 57:
            j -= 1
        start = j
        if first - start > REACH:
            return -1
    return start


def chain_may_hold_pan(data: bytes, first: int) -> bool:
    """False when the chain holding the digit run that starts at ``data[first]`` (ASCII bytes, ``?`` for anything
    else) has no stretch of consecutive groups that could be read as a PAN; True otherwise, and whenever unsure."""
    start = _chain_start(data, first)
    m = _CHAIN.match(data, start, first + 4 * REACH) if start >= 0 else None
    if m is None or m.end() > first + 4 * REACH - 6:
        return True  # the chain may reach past what is read
    end = m.end()
    if b"?" in data[max(0, start - 6) : end + 6]:  # the chain itself is digits and ASCII separators
        return True
    runs = _RUN.findall(data, start, end)
    sizes = [len(r) for r in runs]
    digits = b"".join(runs).decode("ascii")
    if sizes == _FOUR_FOURS:  # the commonest chain: its only stretches of a card's length and grouping (below)
        return is_pan_ascii(digits[:12]) or is_pan_ascii(digits) or is_pan_ascii(digits[4:])
    n, at = len(runs), 0
    for i in range(n):
        total = 0
        for j in range(i, n):
            total += sizes[j]
            if total >= MIN_LENGTH:
                if total > MAX_LENGTH:
                    break
                if (
                    plausible_grouping(sizes[i : j + 1])
                    or (total == 19 and embossed_19(sizes[i : j + 1], digits[at : at + 2]))
                ) and is_pan_ascii(digits[at : at + total]):
                    return True
        at += sizes[i]
    return False
