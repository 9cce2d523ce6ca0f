"""Which column of a table a value is in, and what the table's header calls that column: the tables systems print
as text (a Markdown or Jira table, Spark's ``DataFrame.show()``, the MySQL and psql clients) and as HTML (a
notebook's DataFrame output, a report mailed as HTML). ``held_values.held_values`` asks them for the owner of a
cell's value, ``dateparts.table_dates`` for a row's month and year cells. Headers are returned as written (the
caller normalises them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scanners.lazy_re import lazy_compile

# A text table's cell: its column's header names it. The tables are a Markdown or Jira table (a model's answer in a
# Bedrock log, a runbook pasted into a ticket; the header above a ``|---|---|`` rule), Spark's ``DataFrame.show()``
# and the MySQL client (``+----+----+`` borders, the header between the top two), psql (``----+----`` under the
# header, no outer bars). Rows end at a line break or at a JSON-escaped one (a backslash and ``n`` inside a string).
CELL = r"\|[ \t]*"
TABLE_CELL = re.compile(CELL + "(?=[0-9])")
_RULE = re.compile(r"[ \t]*[|+]?[ \t]*:?-{3,}:?[ \t]*(?:[|+][ \t]*:?-{3,}:?[ \t]*)*[|+]?[ \t]*")
_TABLE_REACH = 1 << 16  # a psql or cqlsh result of some 500 rows under its header


def _row_start(text: str, end: int, lo: int) -> int:
    """Where the row holding ``text[end - 1]`` starts: after the last line break or JSON-escaped ``\\n`` before
    ``end``, or at the text's start; -1 when there is none after ``lo`` > 0: a row cut by the reach is no row)."""
    nl, esc = text.rfind("\n", lo, end), text.rfind("\\n", lo, end)
    start = max(nl + 1 if nl >= 0 else -1, esc + 2 if esc >= 0 else -1)
    return 0 if start < 0 and lo == 0 else start


def _row_end_before(text: str, start: int) -> int:
    """Where the row before the one starting at ``start`` ends (its line break, ``\\r`` and all, excluded)."""
    end = start - 1 if text[start - 1 : start] == "\n" else start - 2
    return end - 1 if text[end - 1 : end] == "\r" else end - 2 if text[end - 2 : end] == "\\r" else end


def table_header(text: str, at: int) -> str | None:
    """The header of the text table column whose cell value starts at ``at``, or None."""
    found = table_columns(text, at)
    if found is None:
        return None
    column = text.count("|", found[0], at)
    return found[1][column] if column < len(found[1]) else None


def table_columns(text: str, at: int) -> tuple[int, list[str]] | None:
    """(where the row holding ``at`` starts, its table's header cells), or None: the rows above it are
    walked up to the rule under the header (``|---|``, ``+---+``, ``---+---``), and the header is the row above
    that. A cell is the n-th piece of its row split at ``|`` in both rows (a row may start inside a JSON string,
    after its key). A walk stops at the row the last walk started from (``_rows``): its answer holds for every row
    below it, so a long table's rows are walked once, not once for each row, up to ``_TABLE_REACH`` from its header."""
    lo = max(0, at - _TABLE_REACH)
    start = first = _row_start(text, at, lo)
    if start < 0:
        return None
    cached, since, found = _rows[0]
    answer: tuple[int, list[str]] | None = None
    while start > lo and (end := _row_end_before(text, start)) >= lo and (row := _row_start(text, end, lo)) >= 0:
        if cached is text and start == since:
            answer = found if found is None or found[0] >= lo else None
            break
        if _RULE.fullmatch(text, row, end):
            head = _row_start(text, _row_end_before(text, row), lo)
            if head >= 0:
                answer = (head, text[head : _row_end_before(text, row)].split("|"))
            break
        if text.find("|", row, end) < 0:
            break  # a line that is no table row: the cell is no table's
        start = row
    _rows[0] = (text, first, answer)
    return None if answer is None else (first, answer[1])


# (text, a row's start, (where its table's header starts, the header's cells) or None) of the last row walked up
# from: rows are asked about top down. Replaced as one tuple (safe across threads).
_rows: list[tuple[str, int, tuple[int, list[str]] | None]] = [("", -1, None)]


_CELL_VALUE = lazy_compile(r"[ \t]*(?P<v>[^|\r\n\\]*?)[ \t]*(?:\||\\[rn]|\r|\n|$)")


def table_cell(text: str, start: int, column: int) -> tuple[int, int] | None:
    """The bounds of the value (blanks around it excluded) of the ``column``-th cell of the row starting at
    ``start`` (split at ``|`` as ``table_columns`` splits it), or None when the row has no such cell."""
    ends = [e for e in (text.find("\n", start), text.find("\\n", start)) if e >= 0]
    end, i = min(ends, default=len(text)), start
    for _ in range(column):
        i = text.find("|", i, end) + 1
        if i == 0:
            return None
    m = _CELL_VALUE.match(text, i)
    return None if m is None else (m.start("v"), m.end("v"))


# An HTML table's data cell (a notebook's DataFrame output, a report mailed as HTML): named by the ``<th>`` at its
# index in the table's first row (pandas' ``to_html`` heads every column so, the row labels' column too).
HTML_CELL = r"<(?:td|TD)(?:[ \t][^<>]{0,80})?>[ \t]*"
HTML_CELL_VALUE = re.compile(HTML_CELL + "(?=[0-9])")
_CELL_OPEN = lazy_compile(r"<(?:t[dh]|T[DH])[\s>]")
_HEAD_CELL = lazy_compile(r"<(?:th|TH)(?:\s[^<>]{0,200})?>(?P<name>[^<>]{0,64})</(?:th|TH)>")
_HTML_REACH = 16384


def html_header(text: str, at: int) -> str | None:
    """The header of the HTML table column whose data cell's value starts at ``at``: the ``<th>`` cell
    at the same index in the table's first row, when every cell of that row is a ``<th>``; None for a table that
    spans columns (``colspan``) or starts more than ``_HTML_REACH`` characters before the value."""
    lo = max(0, at - _HTML_REACH)
    row = _tag(text, "<tr", lo, at, last=True)
    table = _tag(text, "<table", lo, row, last=True) if row >= 0 else -1
    first = _tag(text, "<tr", table, row + 1) if table >= 0 else -1
    end = _tag(text, "</tr", first, row) if 0 <= first < row else -1
    if end < 0 or "colspan" in text[first:at].lower():
        return None
    index = len(_CELL_OPEN.findall(text, row, at)) - 1
    heads = _HEAD_CELL.findall(text, first, end)
    if len(heads) != len(_CELL_OPEN.findall(text, first, end)) or not 0 <= index < len(heads):
        return None
    return str(heads[index]).strip()


def _tag(text: str, tag: str, lo: int, hi: int, *, last: bool = False) -> int:
    """Where ``tag`` (lowercase) or its uppercase form occurs first (``last``: last) in ``text[lo:hi]``; -1 if not."""
    if last:
        return max(text.rfind(tag, lo, hi), text.rfind(tag.upper(), lo, hi))
    found = [i for i in (text.find(tag, lo, hi), text.find(tag.upper(), lo, hi)) if i >= 0]
    return min(found, default=-1)


# An Excel 2003 XML (SpreadsheetML) cell: ``<Cell><Data ss:Type="Number">764</Data></Cell>``, named by the cell at
# its column in the table's first row (an export's header row). A cell's column is one after the cell before it,
# unless it says where it is (``ss:Index``, 1-based: empty cells skipped) or the one before it spans columns
# (``ss:MergeAcross``).
SHEET_CELL = r"<(?:ss:)?Data[ \t][^<>]{0,80}>[ \t]*"
SHEET_CELL_VALUE = lazy_compile(SHEET_CELL + "(?=[0-9])")
_SHEET_CELL = lazy_compile(r"<(?:ss:)?Cell(?P<attrs>[\s/>][^<>]{0,300}?)?/?>")
_INDEX = lazy_compile(r"""(?:ss:)?Index=["'](?P<n>[0-9]{1,5})["']""")
_MERGE = lazy_compile(r"""(?:ss:)?MergeAcross=["'](?P<n>[0-9]{1,5})["']""")
_SHEET_DATA = lazy_compile(r"<(?:ss:)?Data(?:\s[^<>]{0,200})?>(?P<name>[^<>]{0,64})</(?:ss:)?Data>")
_SHEET_REACH = 1 << 20  # a header row once at the top of a long export


def cell_triggers(value: str) -> tuple[str, ...]:
    """Triggers for ``value`` (a regex) as the whole value of a text-table, HTML-table or SpreadsheetML cell."""
    return (CELL + value + r"[ \t]*(?:\||\r?$)", HTML_CELL + value + r"[ \t]*</", SHEET_CELL + value + "</")


def sheet_header(text: str, at: int) -> str | None:
    """The header of the SpreadsheetML column whose ``<Data>`` value starts at ``at``: the first row's cell in the
    same column (the first row of the value's ``<Table>``), or None."""
    lo = max(0, at - _SHEET_REACH)
    row = max(text.rfind("<Row", lo, at), text.rfind("<ss:Row", lo, at))
    table = _sheet_table(text, lo, row) if row >= 0 else -1
    first = _first_row(text, table, row) if table >= 0 else -1
    if first < 0 or first == row:
        return None
    cells = list(_SHEET_CELL.finditer(text, row, at))
    if not cells:
        return None
    column = _columns(cells)[-1]
    end = text.find("Row>", first + 4, row)  # the first row's closing tag
    heads = list(_SHEET_CELL.finditer(text, first, end))
    for cell, index in zip(heads, _columns(heads), strict=True):
        if index == column:
            data = _SHEET_DATA.match(text, cell.end())
            return None if data is None else data["name"].strip()
    return None


# The last ``<Table`` found before a row, and how far the text was searched: a later row of the same text searches
# only past that (a sheet's value cells are asked about in order; one tuple swapped at a time, safe across threads).
_memo: list[tuple[str, int, int, int]] = [("", 0, 0, -1)]


def _sheet_table(text: str, lo: int, row: int) -> int:
    """The last ``<Table`` in ``text[lo:row]``, or -1."""
    cached, since, until, table = _memo[0]
    if cached is not text or not since <= lo <= until <= row or (table < lo and table >= 0):
        since, until, table = lo, lo, -1
    table = max(table, text.rfind("<Table", until, row), text.rfind("<ss:Table", until, row))
    _memo[0] = (text, since, row, table)
    return table


def _first_row(text: str, table: int, row: int) -> int:
    found = [i for i in (text.find("<Row", table, row + 1), text.find("<ss:Row", table, row + 1)) if i >= 0]
    return min(found, default=-1)


def _columns(cells: Iterable[re.Match[str]]) -> list[int]:
    """The 0-based column of each of a row's cells, in order."""
    out, column = [], -1
    for cell in cells:
        attrs = cell["attrs"] or ""
        index = _INDEX.search(attrs) if "Index" in attrs else None
        column = int(index["n"]) - 1 if index else column + 1
        out.append(column)
        merge = _MERGE.search(attrs) if "Merge" in attrs else None
        column += int(merge["n"]) if merge else 0
    return out
