"""A YAML block mapping read around one of its lines, without a YAML parser (a scanned file may be a fragment, a
template with ERB or Helm tags, or YAML quoted in a log): a Rails fixture's ``card_3:`` and the members indented
under it, a Kubernetes container's ``env:`` item (``- name: CANARY_CARD_0_CVV`` then ``value: "685"``).

The mapping's members are the lines whose key starts at the same column as the given line's (a list item's ``- ``
marks before it on the item's first line), up to the item's first line or the first line indented less above, and
to the next item or the first line indented less below; lines indented further belong to a member's nested value
and are passed over, as are blank and comment lines. At most ``LINES`` lines are read either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A block mapping's line: its indent, a list item's ``- `` marks, and a bare or quoted key with ``:`` and a blank
LINE = re.compile(
    r"""(?P<indent>[ ]*)(?P<item>(?:-[ ]+)*)(?P<key>["']?[A-Za-z_][\w-]{0,40}["']?):(?=[ \t\r\n]|$)""")
LINES = 24  # how many lines up and down a mapping's members are looked for


def mapping(text: str, key_at: int) -> tuple[re.Match[str] | None, list[re.Match[str]]] | None:
    """The parent key's ``LINE`` match (the mapping's name, ``key`` its group; None when not found) and the ``LINE``
    matches of the members of the block mapping whose member's key starts a line at ``key_at`` (after its indent and
    ``- `` marks); None when no such key starts there."""
    start = text.rfind("\n", 0, key_at) + 1
    line = LINE.match(text, start)
    if line is None or line.start("key") != key_at:
        return None
    column = key_at - start
    lines = [line] if line["item"] else [*_siblings(text, start, column, -1)[::-1], line]
    parent = _parent(text, lines[0].start(), column)
    return parent, lines + _siblings(text, start, column, 1)


def walk_lines(text: str, start: int, step: int, limit: int) -> Iterator[tuple[int, str]]:
    """The lines above (``step`` -1, nearest first) or below (1) the line starting at ``start``, at most ``limit``, as
    (where the line starts, the line without its break)."""
    at = start
    for _ in range(limit):
        if step < 0:
            if at == 0:
                return
            at = text.rfind("\n", 0, at - 1) + 1
        else:
            nl = text.find("\n", at)
            if nl < 0:
                return
            at = nl + 1
        end = text.find("\n", at)
        yield at, text[at : len(text) if end < 0 else end]


def _siblings(text: str, start: int, column: int, step: int) -> list[re.Match[str]]:
    """The member lines above (``step`` -1, nearest first) or below (1) the line at ``start``."""
    found: list[re.Match[str]] = []
    for at, row in walk_lines(text, start, step, LINES):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        m = LINE.match(text, at)
        key_column = -1 if m is None else m.start("key") - at
        if m is not None and key_column == column and not (step > 0 and m["item"]):
            found.append(m)
            if m["item"]:
                break  # the item's first line
        elif len(row) - len(row.lstrip(" ")) <= column or (m is not None and key_column <= column):
            break  # the parent's line, or the next item
    return found


def _parent(text: str, start: int, column: int) -> re.Match[str] | None:
    """The line above ``start`` whose key starts left of ``column`` (the mapping's own key), or None."""
    at = start
    for _ in range(LINES):
        if at == 0:
            return None
        at = text.rfind("\n", 0, at - 1) + 1
        m = LINE.match(text, at)
        if m is not None and m.start("key") - at < column:
            return m
    return None
