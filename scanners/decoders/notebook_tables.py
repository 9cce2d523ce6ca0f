"""A pandas table printed in a Jupyter notebook's output, read with its header: nbformat 4 stores an output's
``data["text/plain"]`` (and a stream's ``text``) as a JSON array of strings, one line each, so ``df.head()`` is

    "text/plain": [
     "   card_number  exp  cvv\\n",
     "0  4111111111111111  2028-06  123\\n",

and a row's values are named only by the header string above it. pandas writes a column per header name, columns
joined by (at least) two blanks, the row label first (the header's first column is blank over it, or holds the
index's or the columns' name: ``id``, ``index``); a value may hold single blanks (``**** **** **** 5115``). A row
split at two or more blanks into as many values as the header has names (after its row label, when the row has one
value more, or the header is blank over that column) reads ``card_number: 4111…, exp: 2028-06, cvv: 123``; the PAN,
expiry and CVV detectors then judge each value by its column's name, as they would a record's keys.

The trigger is a string of an array that opens with a digit (the row label, or a first value) and holds two
columns; the lines above it are walked up, each an array element, and the nearest string that is no row and holds
two names is the header (``header_of``). Each row read so is one segment, its string's line
(a row alone: a masked row above it names no other row's values). A header of fewer than two names, or a row of
another width, is left to the plain scan.

Limits: a line longer than ``max_segment`` characters is skipped; decoded text is cut at ``max_output``; the header
is looked for at most ``MAX_ROWS`` strings up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded

# a string of an output array that opens with a number (pandas' row label, or a first value) and holds two columns
TRIGGERS = (r'^[ \t]*"[ \t]*[0-9][^"\r\n]*[ \t]{2}[^"\r\n]*[0-9]',)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
_ELEMENT = re.compile(r'[ \t]*(?P<s>"(?:[^"\\\r\n]|\\.)*")[ \t]*,?[ \t]*\r?')
_OPENER = re.compile(r'[ \t]*"text(?:/plain)?"[ \t]*:[ \t]*\[[ \t]*\r?')
_ROW = re.compile(r'[ \t]*"[ \t]*(?:[0-9]|\.\.)')  # an element that opens with a row label or ``..``
_COLUMNS = re.compile(r"[ \t]{2,}")
MAX_ROWS = 200  # how many strings above a row its header may be
# A header's first name that may stand over the row labels (the index's or the columns' name: ``df.columns.name``)
_LABEL_NAME = re.compile(r"(?i)id|index|idx|row|#|no\.?|n")


def _cells(line: str) -> list[str]:
    return [c for c in _COLUMNS.split(line.strip()) if c]


def keyed_row(header: str, line: str) -> str | None:
    """``line`` read as ``name: value, …`` under ``header``'s column names, or None when it is no row of them."""
    names, cells = _cells(header.rstrip(" \\")), _cells(line)
    if len(names) < 2:
        return None
    if len(cells) == len(names) + 1 or (header[:1] in (" ", "\t") and not _LABEL_NAME.fullmatch(names[0])):
        cells = cells[1:]  # the row label, under a blank
    return ", ".join(f"{n}: {v}" for n, v in zip(names, cells, strict=True)) if len(cells) == len(names) else None


def _string(text: str, s: int, e: int) -> str | None:
    """The JSON string that is the array element on the line ``text[s:e]``, or None."""
    m = _ELEMENT.fullmatch(text, s, e)
    if m is None:
        return None
    try:
        return str(json.loads(m["s"])).rstrip("\r\n")
    except ValueError:
        return None


def header_of(text: str, line_start: int) -> str | None:
    """The header of the row on the line starting at ``line_start``: the nearest string above it, in the same output
    array, that is no row (a row opens with its label or pandas' ``..`` of rows left out) and holds two names. The
    lines above are walked up to the array's opening (``"text/plain": [``), each an array element; so a wide frame
    printed in blocks (``to_string`` wraps its columns, each block under its own header), a header below other
    printed lines, and an index's name on its own line under the header are read."""
    first = line_start
    for _ in range(MAX_ROWS):
        if first == 0:
            return None
        start = text.rfind("\n", 0, first - 1) + 1
        if _OPENER.fullmatch(text, start, first - 1):
            return None
        if _ROW.match(text, start, first - 1) is None:
            if (string := _string(text, start, first - 1)) is None:
                return None
            if len(_cells(string.rstrip(" \\"))) >= 2:
                return string
        elif _ELEMENT.fullmatch(text, start, first - 1) is None:
            return None
        first = start
    return None


class NotebookTablesDecoder(BoundedDecoder):
    id = "notebook_table"
    priority = 35
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            row = _string(text, s, e)
            header = header_of(text, s) if row is not None else None
            keyed = keyed_row(header, row) if header is not None and row is not None else None
            if keyed is not None:
                yield Decoded(s, e, capped(keyed, self.max_output), ("notebook_table",))


DECODER = NotebookTablesDecoder
