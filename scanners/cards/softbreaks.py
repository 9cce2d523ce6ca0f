"""A quoted-printable body's logical line, read as its reader sees it: RFC 2045 ends an encoded line at 76 characters
with a soft line break (``=`` then CRLF) that decoding removes, so a mail's "card on file 4242 **** **** 42=" and
"42 exp 12/27" are one line, "card on file 4242 **** **** 4242 exp 12/27". ``detectors.card_summary`` judges an
expiry in a raw mail (an mbox, an .eml read as text) on that line: the masked card before the break names its card.

``soft_line`` joins the physical lines around a position while the one before ends in a single ``=`` and is no longer
than an encoded line may be (76 characters and the ``=``; a base64 line's ``==`` padding is no soft break), at most
``_LINES`` lines each way.
"""

from __future__ import annotations

import re

_LINES = 4
_LONGEST = 77  # 76 encoded characters, then the ``=``
_SOFT = re.compile(r"=\r?\n")
_ASK = _LONGEST + 2  # past the feed that ends a soft-broken line holding a position: its 77 characters, a CR, the feed
_MARK = ("=", "=\r")  # what a line feed ending a soft line break follows


def _soft_end(text: str, lo: int, hi: int) -> bool:
    """The physical line ``text[lo:hi]`` (its break excluded, a CR kept) ends in a soft line break's ``=``."""
    end = hi - 1 if hi > lo and text[hi - 1] == "\r" else hi
    return end - lo <= _LONGEST and end > lo and text[end - 1] == "=" and (end - lo < 2 or text[end - 2] != "=")


def soft_line(text: str, at: int) -> tuple[str, int, int, int] | None:
    """(the logical line decoded of its soft breaks, ``at``'s offset in it, its first and last physical line's
    bounds) when the line at ``at`` is joined to another by a soft line break, else None."""
    lo = text.rfind("\n", 0, at) + 1
    # asked about its own lines only: joined, either the line before ends in a soft break or this one does, and then
    # this one is an encoded line, its feed close after ``at`` (a whole-text search per hit cost more than the rest)
    feed = text.find("\n", at, at + _ASK)
    if not ((lo and text.endswith(_MARK, 0, lo - 1)) or (feed > 0 and text.endswith(_MARK, 0, feed))):
        return None
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    start, stop = lo, hi
    for _ in range(_LINES):  # the lines before, while each ends in a soft break
        if start == 0:
            break
        before = text.rfind("\n", 0, start - 1) + 1
        if not _soft_end(text, before, start - 1):
            break
        start = before
    for _ in range(_LINES):  # the lines after, while the last ends in one
        if stop >= len(text) or not _soft_end(text, text.rfind("\n", 0, stop) + 1, stop):
            break
        nxt = text.find("\n", stop + 1)
        stop = len(text) if nxt < 0 else nxt
    if start == lo and stop == hi:
        return None
    if at > start and (brk := _SOFT.match(text, at - 1)) is not None:
        at = min(brk.end(), stop)  # on a soft break's line end: the line goes on after it
    head = _SOFT.sub("", text[start:at])
    return head + _SOFT.sub("", text[at:stop]), len(head), start, stop
