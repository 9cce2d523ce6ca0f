"""The record around a position, as the card-summary rule reads it: the JSON object enclosing it (braces counted), a
constructor's parenthesized arguments (``CardDetails(...)``), or its line with its indented siblings (a YAML block,
pretty-printed XML); and whether a top-level object shares its line with another (records written one after another,
as Firehose delivers them). Everything stays within ``OBJECT_REACH`` of the position."""

from __future__ import annotations

from scanners.cards.elements import OBJECT_REACH, enclosing_object

# (the object walk itself is ``cards.elements``, shared with the card checks; named here for the card-summary rule)
__all__ = ["OBJECT_REACH", "beside", "constructor", "enclosing_object", "indented_block"]


def constructor(text: str, at: int) -> tuple[int, int] | None:
    """The arguments of the constructor repr ``Name(...)`` around ``at``."""
    bounds = enclosing_object(text, at, "()")
    if bounds is None or not bounds[0] or not (text[bounds[0] - 1].isalnum() or text[bounds[0] - 1] == "_"):
        return None
    return bounds


def _indent(text: str, lo: int, hi: int) -> int:
    """How many spaces and tabs open ``text[lo:hi]``."""
    i = lo
    while i < hi and text[i] in " \t":
        i += 1
    return i - lo


def indented_block(text: str, at: int) -> tuple[int, int]:
    """The line around ``at``; an indented one with the lines around it indented as far or further."""
    floor, ceil = max(0, at - OBJECT_REACH), min(len(text), at + OBJECT_REACH)
    lo = text.rfind("\n", floor, at) + 1 or floor
    hi = text.find("\n", at, ceil)
    hi = ceil if hi < 0 else hi
    indent = _indent(text, lo, hi)
    if indent == 0 or lo + indent == hi:
        return lo, hi
    while lo > floor:
        start = text.rfind("\n", floor, lo - 1) + 1 or floor
        width = _indent(text, start, lo - 1)
        if width < indent or start + width == lo - 1:
            break
        lo = start
    while hi < ceil:
        stop = text.find("\n", hi + 1, ceil)
        stop = ceil if stop < 0 else stop
        width = _indent(text, hi + 1, stop)
        if width < indent or hi + 1 + width == stop:
            break
        hi = stop
    return lo, hi


def beside(text: str, lo: int, hi: int) -> bool:
    """Another JSON object shares the line of the top-level object ``text[lo:hi]``."""
    start = text.rfind("\n", max(0, lo - OBJECT_REACH), lo) + 1
    stop = text.find("\n", hi, hi + OBJECT_REACH)
    return "}" in text[start:lo] or "{" in text[hi : stop if stop >= 0 else hi + OBJECT_REACH]
