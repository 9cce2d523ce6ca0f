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
from collections.abc import Iterator

OBJECT_REACH = 1000  # how far an enclosing object is looked for either side
# a plain JSON string read whole, or one bracket
JSON_TOKENS = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|[{}\[\]]')
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:\-]*)(?:\s[^<>]*)?(/?)>")


def _tags_back(text: str, lo: int, at: int) -> Iterator[re.Match[str]]:
    """``_TAG``'s matches in ``text[lo:at]``, last first, read back in chunks that double in size (the walk back
    usually stops after a few tags). A match holds no ``<`` but its first character, so the matches that start in a
    chunk are those of the whole stretch that start there, wherever the search began."""
    stop, size = at, 256
    while stop > lo:
        start = max(lo, stop - size)
        found = []
        for m in _TAG.finditer(text, start, at):
            if m.start() >= stop:
                break
            found.append(m)
        yield from reversed(found)
        stop, size = start, size * 2


def enclosing_elements(text: str, at: int, reach: int, levels: int = 3) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of up to ``levels`` elements enclosing ``at``, innermost first."""
    lo, hi = max(0, at - reach), min(len(text), at + reach)
    inside = text.rfind("<", lo, at)
    if inside >= 0 and text.rfind(">", inside, at) < 0:
        at = inside  # in a tag's name or attributes: the tag opens after the position
    opened: list[re.Match[str]] = []
    closed: list[str] = []
    for m in _tags_back(text, lo, at):
        if m[3]:
            continue
        if m[1]:
            closed.append(m[2])
        elif closed:
            if closed.pop() != m[2]:
                return
        else:
            opened.append(m)
            if len(opened) == levels:
                break
    if not opened:
        return
    depth, names = 0, [m[2] for m in opened]
    for m in _TAG.finditer(text, at, hi):
        if m[3]:
            continue
        if not m[1]:
            depth += 1
        elif depth:
            depth -= 1
        elif m[2] == names[0]:
            yield opened[len(opened) - len(names)].start(), m.end()
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
