"""The XML elements enclosing a position, innermost first, as ``card_summary`` reads a record from them: a gateway's
pretty-printed request without indentation (CyberSource's ``<card>`` with ``<accountNumber>``, ``<expirationMonth>``
and ``<expirationYear>`` on lines of their own) keeps its card's members together only in the element, not in a line
or an indented block. Tags are counted back from the position to the unmatched opening tags and forward to their
closing tags, within ``reach`` either side; a self-closing tag, a comment or a declaration counts for nothing, and a
closing tag that matches no opening one ends the walk (no XML, or not all of it in reach).

``closing_bracket`` is the same walk for JSON: where an object or array closes, its strings read whole in the
caller's string dialect (plain JSON, or the escaped quotes of JSON inside a JSON string); ``opening_brace`` finds the
object around a position, braces counted back; ``enclosing_object`` the object (or parenthesized arguments) around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

OBJECT_REACH = 1000  # how far an enclosing object is looked for either side
# a plain JSON string read whole, or one bracket
JSON_TOKENS = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|[{}\[\]]')
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:\-]*)(?:\s[^<>]*)?(/?)>")

# A tag as the walks read it: (start, end, closing, name, self-closing).
_Tag = tuple[int, int, bool, str, bool]
_BLOCK = 4096  # the tags of a text are read a block at a time, as the walks reach it
# The tags of the last text walked, by block: a gateway's log asks about many positions a few tags apart, and each
# walk matched the same tags again (the record-shapes corpus's 576 walks took 13 ms so, 6.6 ms read from blocks).
# Replaced as one tuple, so threads never mix two texts.
_memo: list[tuple[str, dict[int, tuple[list[int], list[_Tag]]]]] = [("", {})]


def _block(text: str, k: int) -> tuple[list[int], list[_Tag]]:
    """The starts and tags of the ``_TAG`` matches that start in block ``k``. A match holds no ``<`` but its first
    character and ends at the first ``>`` after it, so the match at a ``<`` is the same wherever a search begins or
    ends (if it ends by then): a search from the block's start finds those ending in it, and the last ``<`` with no
    ``>`` after it in the block is matched on past its end."""
    memo_text, blocks = _memo[0]
    if memo_text is not text:
        blocks = {}
        _memo[0] = (text, blocks)
    elif (found := blocks.get(k)) is not None:
        return found
    lo, hi = k * _BLOCK, min(len(text), (k + 1) * _BLOCK)
    tags = [(m.start(), m.end(), m[1] == "/", m[2], m[3] == "/") for m in _TAG.finditer(text, lo, hi)]
    last = text.rfind("<", tags[-1][1] if tags else lo, hi)
    if last >= 0 and text.find(">", last, hi) < 0 and (m := _TAG.match(text, last)) is not None:
        tags.append((m.start(), m.end(), m[1] == "/", m[2], m[3] == "/"))
    found = blocks[k] = ([t[0] for t in tags], tags)
    return found


def _tags_back(text: str, lo: int, at: int) -> Iterator[_Tag]:
    """The tags (``_TAG``'s matches) in ``text[lo:at]``, last first: those starting at ``lo`` or after and ending
    by ``at``."""
    k = at // _BLOCK
    while k >= 0 and (k + 1) * _BLOCK > lo:
        starts, tags = _block(text, k)
        for i in range(bisect_left(starts, at) - 1, bisect_left(starts, lo) - 1, -1):
            if tags[i][1] <= at:
                yield tags[i]
        k -= 1


def _tags_on(text: str, at: int, hi: int) -> Iterator[_Tag]:
    """The tags in ``text[at:hi]``, first first."""
    k = at // _BLOCK
    while k * _BLOCK < hi:
        starts, tags = _block(text, k)
        for i in range(bisect_left(starts, at), len(tags)):
            if tags[i][1] > hi:
                return
            yield tags[i]
        k += 1


def enclosing_elements(text: str, at: int, reach: int, levels: int = 3) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of up to ``levels`` elements enclosing ``at``, innermost first."""
    lo, hi = max(0, at - reach), min(len(text), at + reach)
    inside = text.rfind("<", lo, at)
    if inside >= 0 and text.rfind(">", inside, at) < 0:
        at = inside  # in a tag's name or attributes: the tag opens after the position
    opened: list[_Tag] = []
    closed: list[str] = []
    for tag in _tags_back(text, lo, at):
        if tag[4]:
            continue
        if tag[2]:
            closed.append(tag[3])
        elif closed:
            if closed.pop() != tag[3]:
                return
        else:
            opened.append(tag)
            if len(opened) == levels:
                break
    if not opened:
        return
    depth, names = 0, [tag[3] for tag in opened]
    for tag in _tags_on(text, at, hi):
        if tag[4]:
            continue
        if not tag[2]:
            depth += 1
        elif depth:
            depth -= 1
        elif tag[3] == names[0]:
            yield opened[len(opened) - len(names)][0], tag[1]
            del names[0]
            if not names:
                return
        else:
            return


def closing_bracket(text: str, at: int, tokens: re.Pattern[str], reach: int | None = None) -> int | None:
    """The offset after the bracket closing the object or array that opens at ``at``, or None when it does not close
    (within ``reach`` characters, if given). ``tokens`` matches a whole string or one bracket."""
    depth = 0
    end = len(text) if reach is None else min(len(text), at + reach)
    for m in tokens.finditer(text, at, end):
        c = m.group()
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def opening_brace(text: str, at: int, reach: int, pair: str = "{}") -> int:
    """The unmatched ``{`` (``pair``'s opening) before ``at``, braces counted back ``reach`` characters (strings not
    read), -1 when none."""
    left, right = pair[0], pair[1]
    depth, i, lo = 0, at, max(0, at - reach)
    while depth >= 0:  # back one brace at a time (the nearest is usually close)
        i = max(text.rfind(left, lo, i), text.rfind(right, lo, i))
        if i < 0:
            return -1
        depth += 1 if text[i] == right else -1
    return i


def enclosing_object(text: str, at: int, pair: str = "{}", reach: int = OBJECT_REACH) -> tuple[int, int] | None:
    """The JSON object enclosing ``at`` (braces counted, strings not read, at most ``reach`` either side), or None;
    with ``pair="()"`` the parenthesized arguments enclosing it."""
    i = opening_brace(text, at, reach, pair)
    if i < 0:
        return None
    left, right = pair[0], pair[1]
    depth, j, hi = 0, at - 1, min(len(text), at + reach)
    while depth >= 0:
        opens, closes = text.find(left, j + 1, hi), text.find(right, j + 1, hi)
        if closes < 0:
            return None
        j = closes if opens < 0 else min(opens, closes)
        depth += 1 if text[j] == left else -1
    return i, j + 1
