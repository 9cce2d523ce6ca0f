"""The INSERT statement around a SQL value, for the detectors that name a value by its column (``structure``) and
the id-number filters (``idfar``): the INSERT whose tuple holds a position (on the INSERT's line, far along a dump's
extended INSERT line, or a row on a line of its own below a multi-line ``VALUES``), the column that value fills, and
whether its row is card metadata. ``sqlrows`` parses the statements (value tuples, CREATE TABLE columns, COPY
blocks) for every reader; these position queries, asked value by value, build on it.

- ``insert_row(text, at)``: the columns of the INSERT whose tuple holds ``text[at]`` and where that tuple opens;
- ``insert_column(text, at)``: the column the INSERT value starting at ``text[at]`` fills;
- ``metadata_row(text, at, column)``: the value's row names its card by a last-four column and holds no full card
  number (``sqlrows.last_four_only``): card metadata.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from scanners.cards.sqlrows import CODE_COLUMN, INSERT, column_list, last_four_only, name_of, table_columns, tuples

# The same INSERT with its rows on the lines below (``VALUES`` ends the line): a seed file, pg_dump --rows-per-insert.
_INSERT_ABOVE = re.compile(
    r"(?i:insert[ \t]+into)[ \t]+[\w.\"`\[\]]{1,128}[ \t]*\((?P<cols>[^()]{1,800})\)[ \t]*(?i:values)\s*(?=\()")
_NEXT_TUPLE = re.compile(r"[ \t]*,[ \t]*\(")  # ``), (``: one row ends, the next opens
_ROW_LINE = re.compile(r"[ \t]*\(")  # a line of a multi-line VALUES list: one row (or more)
_SQL_REACH = 2000  # how far back the INSERT of a value on its own line is looked for
MAX_ROW_LINES = 10000  # how many row lines above a row its INSERT may be
# (text, a row line's start, the INSERT's match) of the last row walked up from: rows are asked about top down, so a
# walk stops at the row line above it that was asked about last. Replaced as one tuple.
_walked: list[tuple[str, int, re.Match[str] | None]] = [("", -1, None)]


def _insert_above(text: str, ls: int) -> re.Match[str] | None:
    """The INSERT whose multi-line VALUES list holds the row line starting at ``text[ls]``: the lines above are walked
    up while each is a row line ending in a comma, to the line that opens the list (``INSERT INTO t (a, b) VALUES``)."""
    cached, seen, found = _walked[0]
    start, m = ls, None
    for _ in range(MAX_ROW_LINES):
        if start == 0:
            break
        if cached is text and start == seen:
            m = found
            break
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above : start - 1].rstrip()
        if line.lower().endswith(("values", ",")) and (k := line.lower().find("insert")) >= 0:
            m = _INSERT_ABOVE.match(text, above + k)
            break
        if not line.endswith(",") or _ROW_LINE.match(line) is None:
            break
        start = above
    _walked[0] = (text, ls, m)
    return m


# (text, where an INSERT's first row opens, where each of its rows opens) of the last long INSERT line asked about:
# a dump's extended INSERT holds thousands of rows on its line, and a card number may be in any of them.
_opened: list[tuple[str, int, list[int]]] = [("", -1, [])]


def _row_opening(text: str, first: int, at: int) -> int:
    """Where the row of the VALUES list opening at ``text[first]`` that holds ``text[at]`` opens: the list is parsed
    once (``tuples``) for all the values asked about on its line."""
    cached, opened, starts = _opened[0]
    if cached is not text or opened != first:
        starts = []
        tuples(text, first, starts=starts)
        _opened[0] = (text, first, starts)
    i = bisect_right(starts, at) - 1
    return starts[i] if i >= 0 else first


def _columns_of(text: str, m: re.Match[str]) -> list[str] | None:
    """The columns an INSERT fills: its column list, or the CREATE TABLE's above it."""
    return column_list(m["cols"]) if m["cols"] else table_columns(text, m.start(), name_of(m["table"]))


def insert_row(text: str, at: int) -> tuple[list[str], int] | None:
    """The columns of the INSERT whose value tuple holds ``text[at]`` (a tuple on the INSERT's line, or a row on a
    line of its own below it) and where that tuple opens (its ``(``; on the INSERT's line within ``_SQL_REACH``, its
    first tuple)."""
    ls = text.rfind("\n", 0, at) + 1
    if text.find("(", ls, at) < 0:
        return None  # what most values fail: no tuple opens on their line
    lo = max(0, at - _SQL_REACH)
    k = text[lo:at].lower().rfind("insert")
    if k >= 0 and (m := INSERT.match(text, lo + k)) is not None and m.end() >= ls:
        cols = _columns_of(text, m)
        return (cols, m.end()) if cols else None
    if text.startswith(("INSERT", "insert"), ls) and (m := INSERT.match(text, ls)) is not None:
        cols = _columns_of(text, m)  # a dump's extended INSERT: the row may be far along its line
        return (cols, _row_opening(text, m.end(), at)) if cols else None
    if (row := _ROW_LINE.match(text, ls, at)) is not None and (m := _insert_above(text, ls)) is not None:
        return column_list(m["cols"]), row.end() - 1
    return None


def insert_column(text: str, at: int) -> str | None:
    """The column of the INSERT value starting at ``text[at]``: the one at its index in the column list, the index
    counted from the commas outside quotes since its tuple's ``(`` (``insert_row``; on the INSERT's line, the rows
    after the first too); None when a nested call's parentheses or a line break come first."""
    found = insert_row(text, at)
    if found is None:
        return None
    cols, opening = found
    quoted, index, i = False, 0, opening + 1
    while i < at:
        c = text[i]
        if c == "'":
            quoted = not quoted  # a doubled quote toggles twice
        elif not quoted and c == ")" and (after := _NEXT_TUPLE.match(text, i + 1, at)) is not None:
            index, i = 0, after.end()  # the next row of an extended INSERT
            continue
        elif not quoted and c in "()\n":
            return None  # a nested call, the end of the list, another line: not this tuple's
        elif not quoted and c == ",":
            index += 1
        i += 1
    return cols[index] if index < len(cols) else None


def metadata_row(text: str, at: int, column: str) -> bool:
    """The INSERT value at ``text[at]`` (in its column ``column``: no security code's) is in a row that names its
    card by a last-four column and holds no full card number (``last_four_only``): card metadata."""
    found = None if CODE_COLUMN.fullmatch(column) else insert_row(text, at)
    if found is None:
        return False
    rows = tuples(text, found[1], limit=1)
    return bool(rows) and last_four_only(found[0], rows[0])
