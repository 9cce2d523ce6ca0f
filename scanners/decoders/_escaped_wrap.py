"""A wrapped base64 block inside a JSON string: MIME base64 (RFC 2045's 76-character lines, as Java's
``Base64.getMimeEncoder()`` and mail libraries write an attachment) stored in a JSON field, so its line breaks are the
escapes ``\\r\\n`` or ``\\n`` (escaped once more in JSON-in-JSON) and a run of base64 characters stops at each.

A block is two or more pieces joined by one kind of escaped break: every piece but the last a full line of one width
(a multiple of four, at least ``min_width``, no padding), the last no longer. Text whose escaped line breaks fall
elsewhere (a message, a stack trace, lines of unequal length) is no block, so it is never glued. A whole mail in a
JSON string (a ``Content-Transfer-Encoding: base64`` header before the block) is left to ``json_escape``, which
restores its lines and names every level of escaping.
"""

from __future__ import annotations

import re

from scanners.decoders.json_escape import MIME_BASE64

_STD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_BREAK = re.compile(r"(?:\\+r)?\\+n")  # an escaped LF or CRLF, escaped once or more
_PIECE = re.compile(r"[A-Za-z0-9+/]+={0,2}")
ESCAPED_BREAKS = re.compile(r"(?:\\+r)?\\+n(?=[A-Za-z0-9+/])")  # what joining a block's pieces drops
_MIME_PART = re.compile(MIME_BASE64)
_HEADERS = 4096  # how far before a block its part's headers are looked for


def _break_before(text: str, i: int) -> int | None:
    """Where the escaped break that ends at ``text[i]`` begins, or None."""
    if i < 2 or text[i - 1] != "n" or text[i - 2] != "\\":
        return None
    j = i - 2
    while j and text[j - 1] == "\\":
        j -= 1
    if j >= 2 and text[j - 1] == "r" and text[j - 2] == "\\":
        j -= 2
        while j and text[j - 1] == "\\":
            j -= 1
    return j


def escaped_block(text: str, s: int, e: int, min_width: int) -> tuple[int, int] | None:
    """(start, end) of the block with escaped line breaks one of whose pieces the run ``text[s:e]`` is (it may begin
    with the letter of the escape before it: ``\\nQUJD…``), or None."""
    if s and text[s - 1] == "\\":
        s += 1
    pieces, breaks = [(s, e)], set()
    while (j := _break_before(text, pieces[0][0])) is not None:  # the lines before it
        k = j
        while k and text[k - 1] in _STD:
            k -= 1
        k += k > 0 and text[k - 1] == "\\"  # the letter of an escape before the line is no part of it
        if k == j:
            break
        breaks.add(text[j : pieces[0][0]])
        pieces.insert(0, (k, j))
    width = pieces[0][1] - pieces[0][0]
    while pieces[-1][1] - pieces[-1][0] == width and (brk := _BREAK.match(text, pieces[-1][1])):  # and after it
        if not (nxt := _PIECE.match(text, brk.end())):
            break
        breaks.add(brk.group())
        pieces.append(nxt.span())
    full = pieces[:-1]
    if len(pieces) < 2 or len(breaks) != 1 or width < min_width or width % 4:
        return None
    if any(b - a != width or "=" in text[a:b] for a, b in full) or pieces[-1][1] - pieces[-1][0] > width:
        return None
    if (brk := _BREAK.match(text, pieces[-1][1])) and _PIECE.match(text, brk.end()):
        return None  # a short line with more after it: lines of unequal width
    first = pieces[0][0]
    if _MIME_PART.search(text, max(text.rfind("\n", 0, first) + 1, first - _HEADERS), first):
        return None  # a mail's part (SES in SNS): ``json_escape`` restores the message, headers and all
    return first, pieces[-1][1]
