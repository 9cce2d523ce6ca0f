"""The record of a value in a ``.properties`` or ``.env`` file: the keys that share its key's prefix. Such a file
writes one flat ``key=value`` a line, and a card's members are the keys named under one prefix, in any order and with
other keys between them (``test.card.last4=4242``, ``app.version=...``, ``test.card.exp=12/27``; ``TEST_CARD_LAST4``,
``TEST_CARD_EXP``), as Spring's ``@ConfigurationProperties(prefix = "test.card")`` and dotenv's upper-case names
group them. ``detectors.card_summary`` judges an expiry there in that group (``key_group``): a last-four or masked
member names the card truncated, a full card number under the prefix keeps it cardholder data.

The prefix is the key without its last segment (split at ``.``, ``_`` or ``-``), and without a month or year segment
before it too (``TEST_CARD_EXP_MONTH`` -> ``TEST_CARD_``); it keeps at least one segment, so ``EXP=`` has no group.
Only the lines within ``OBJECT_REACH`` of the value are read, and only a file of such lines (comments and blank lines
aside) is one: a line of anything else ends the search that way.
"""

from __future__ import annotations

import re

from scanners.cards.elements import OBJECT_REACH
from scanners.lazy_re import lazy_compile

_PAIR = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z][A-Za-z0-9]*(?:[._\-][A-Za-z0-9]+)+)[ \t]*=")
# a key, comment, blank
_OTHER = lazy_compile(r"[ \t]*(?:[#!].*|(?:export[ \t]+)?[A-Za-z][A-Za-z0-9_.\-]*[ \t]*=.*)?\r?")
_DATE_PART = lazy_compile(r"(?i)month|year|mm|yy|yyyy|mon|yr")


def _prefix(key: str) -> str | None:
    parts = re.split(r"([._\-])", key)  # segments and their separators
    cut = len(parts) - 2  # the last separator's index
    if cut >= 3 and _DATE_PART.fullmatch(parts[-1]):
        cut -= 2
    return "".join(parts[: cut + 1]) if cut >= 1 else None


def key_group(text: str, at: int) -> list[tuple[int, int]] | None:
    """The lines (start, end) of the keys that share the prefix of the key on ``at``'s line, that line first, when it
    is a ``key=value`` line and at least one other line shares its prefix (see the module doc)."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    if (m := _PAIR.match(text, lo, hi)) is None or (prefix := _prefix(m["key"])) is None:
        return None
    group = [(lo, hi)]
    floor, ceil = max(0, lo - OBJECT_REACH), min(len(text), hi + OBJECT_REACH)
    start = lo
    while start > floor:  # the lines before
        start, end = text.rfind("\n", floor, start - 1) + 1 or floor, start - 1
        if _OTHER.fullmatch(text, start, end) is None:
            break
        if (other := _PAIR.match(text, start, end)) is not None and other["key"].startswith(prefix):
            group.append((start, end))
    end = hi
    while end < ceil:  # the lines after
        start, end = end + 1, text.find("\n", end + 1, ceil)
        end = ceil if end < 0 else end
        if _OTHER.fullmatch(text, start, end) is None:
            break
        if (other := _PAIR.match(text, start, end)) is not None and other["key"].startswith(prefix):
            group.append((start, end))
    return group if len(group) > 1 else None
