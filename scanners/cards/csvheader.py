"""The header name of the CSV column a value is a cell of, when the header is in the same text.

A CSV export names its columns once, in its header: ``order_id,gtin,qty`` then ``1204,4006381333931,2``. The cell
``4006381333931`` is a GTIN because of that header, exactly as ``"gtin": "4006381333931"`` is because of its key.
``column_name(text, start)`` finds the header of the value starting at ``start``:

- the value is a whole cell: a delimiter (``,``, ``;``, ``|``, tab) or the line start on each side, the cell maybe
  quoted (``"…"`` or, in a CSV body written inside a JSON string, ``\\"…\\"``);
- its line and the lines above it, up to the header, have the same number of fields (a block of rows); a row whose
  quoted cell holds line breaks (RFC 4180 allows them: a helpdesk export's description) is read whole, its lines
  found by counting quotes; a line of text without the delimiter (a log line or a comment written among the
  rows) is passed over, a blank line ends the block;
- the header is the first line above the block whose fields are all names (letters first: ``order_id``,
  ``Tracking Number``, ``How can we help?``), with as many fields as the row. Lines are read upwards for at most
  ``REACH_LINES`` lines and ``REACH_CHARS`` characters; past that the text's first line counts as the header when
  it is one (a file read in chunks gives each chunk its header first: ``scanners.formats.delimited``), or its second
  after PowerShell ``Export-Csv``'s ``#TYPE`` line.

Lines end with a line break or, inside a JSON string, its escape ``\\n`` (``\\r\\n``). None when any of this does
not hold: a headerless row, a value glued to other text, a delimiter-free line.
"""

from __future__ import annotations

import csv
import re

from scanners.lazy_re import lazy_compile

DELIMITERS = ",;|\t"
REACH_LINES = 16
REACH_CHARS = 4096
# a field's name, or a report's object and field (``Payment Method: ID``, ``Field / Event``) or a form's question
# (``How can we help?``: Google Forms heads each column with its question), a name with its kind or unit in
# parentheses (``Cuenta Beneficiaria (CLABE)``, ``Amount (EUR)``)
_NAME = lazy_compile(r"""\s*(\\?")?[A-Za-z_][\w .#\-/:?()]{0,63}(?(1)\\?")\s*""", re.ASCII)
_BREAKS = ("\r\n", "\n")  # a line's end, as ``_line_end`` leaves it, in a file (a cell's breaks, see ``_record``)
_CELL_END = re.compile(r"""[0-9][0-9 \-]*(\\?")?""")


def _break_before(text: str, pos: int, lo: int) -> int:
    """Where the line holding ``text[pos]`` starts (after a line break or its ``\\n`` escape); -1 when no break lies
    between ``lo`` and ``pos`` and ``lo`` is not the text start."""
    real = text.rfind("\n", lo, pos)
    escaped = text.rfind("\\n", lo, pos)
    at = max(real + 1, escaped + 2 if escaped >= 0 else 0)
    return at if at > 0 or lo == 0 else -1


def _line_end(text: str, pos: int) -> int:
    """Where the line holding ``text[pos]`` ends (before its break, escaped or not, and a ``\\r`` before it)."""
    real = text.find("\n", pos, pos + REACH_CHARS)
    escaped = text.find("\\n", pos, pos + REACH_CHARS)
    ends = [e for e in (real, escaped) if e >= 0]
    end = min(ends) if ends else min(len(text), pos + REACH_CHARS)
    if text.endswith("\r", pos, end):
        end -= 1
    elif text.endswith("\\r", pos, end):
        end -= 2
    return end


def _line_above(text: str, ls: int) -> int:
    """Where the line before the one starting at ``ls`` (> 0) starts, or -1 (see ``_break_before``)."""
    end = ls - 1 if text[ls - 1] == "\n" else ls - 2
    return _break_before(text, end, max(0, end - REACH_CHARS))


def _record_start(text: str, ls: int) -> int:
    """Where the row holding the line at ``ls`` starts when that line begins inside a quoted cell: the nearest line
    above with an odd number of quotes from it to ``ls`` (the cell's opening one), within ``REACH_LINES``; -1 for
    none, or for a break that is no file's own (a JSON string's ``\\n``)."""
    at = ls
    for _ in range(REACH_LINES):
        if at == 0 or text[at - 1] != "\n":
            return -1
        at = _line_above(text, at)
        if at < 0:
            return -1
        if text.count('"', at, ls) % 2:
            return at
    return -1


def _record(text: str, ls: int, q: int, le: int) -> tuple[int, int]:
    """The row (start, end) of the cell at ``q`` on the line ``text[ls:le]``: RFC 4180 lets a quoted cell hold line
    breaks (a ticket's description), so the row may start lines above (an odd number of quotes before the cell) or
    end lines below (an odd number of quotes in the row). The line alone when no such row closes within
    ``REACH_LINES`` (a stray quote: ``5" screen``), and in a CSV body inside a JSON string (whose quotes it holds)."""
    if ls == 0 or text[ls - 1] != "\n":
        return ls, le
    if text.count('"', ls, q) % 2 and (start := _record_start(text, ls)) >= 0:
        ls = start
    end = le
    for _ in range(REACH_LINES):
        if text.count('"', ls, end) % 2 == 0:
            return ls, end
        brk = next((b for b in _BREAKS if text.startswith(b, end)), None)
        if brk is None:
            break
        end = _line_end(text, end + len(brk))
    return ls, le


def _fields(line: str, delim: str) -> list[str]:
    if '"' not in line:
        return line.split(delim)
    try:
        return next(csv.reader([line.replace('\\"', '"')], delimiter=delim), [])
    except csv.Error:  # a line break outside a quoted cell: lines that make no row (a stray quote)
        return []


def _header(line: str, delim: str, width: int) -> list[str] | None:
    line = line.lstrip("\ufeff")
    fields = _fields(line, delim)
    if len(fields) != width or not all(_NAME.fullmatch(f) for f in line.split(delim)):
        return None
    return [f.strip() for f in fields]


def column_name(text: str, start: int) -> str | None:
    """The header name of the column whose cell starts at ``text[start]`` (see the module doc), or None."""
    q = start - 1 if start and text[start - 1] == '"' else start
    if q and text[q - 1] == "\\" and q < start:
        q -= 1  # an escaped quote: a CSV body inside a JSON string
    first = q == 0 or text[q - 1] == "\n" or text.endswith("\\n", 0, q)  # the row's first cell
    if not first and text[q - 1] not in DELIMITERS:
        return None  # what most values fail: no delimiter before them
    cell = _CELL_END.match(text, start)
    if cell is None:
        return None
    after = cell.end()
    delim = text[after : after + 1] if first else text[q - 1]
    if not delim or delim not in DELIMITERS:
        return None
    le = _line_end(text, after)
    if after < le and text[after] != delim:
        return None  # glued to more text in its cell
    ls = _break_before(text, q, max(0, q - REACH_CHARS))
    if ls < 0:
        return None
    ls, le = _record(text, ls, q, le)
    row = text[ls:le]
    width = len(_fields(row, delim))
    column = len(_fields(text[ls:q], delim)) - 1 if q > ls else 0
    if width < 2 or column >= width:
        return None
    for _ in range(REACH_LINES):  # the lines above, nearest first: rows of the block, then its header
        if ls == 0:
            return None  # the row is the text's first line: no header above it
        end = ls - 1 if text[ls - 1] == "\n" else ls - 2
        top = _break_before(text, end, max(0, end - REACH_CHARS))
        if top < 0:
            return None
        if text[end] == "\n" and text.count('"', top, end) % 2 and (start := _record_start(text, top)) >= 0:
            top = start  # the row above ends a quoted cell that spans lines
            line = text[top:end].rstrip("\r")
        else:
            line = text[top:_line_end(text, top)] if top < end else ""
        header = _header(line, delim, width)
        if header is not None:
            return header[column]
        if line.strip() and delim not in line:
            ls = top  # a line of text written among the rows (a log line, a comment): no row, passed over
            continue
        if len(_fields(line, delim)) != width:
            return None  # the block of rows ends without a header
        ls = top
    opening = text[: _line_end(text, 0)]
    if opening.startswith("#TYPE "):  # ``Export-Csv``'s type line: its header is the next line
        opening = text[len(opening) : _line_end(text, len(opening) + 2)].lstrip("\r\n")
    header = _header(opening, delim, width)
    return header[column] if header is not None else None
