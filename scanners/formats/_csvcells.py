"""Cells of a CSV row that spans lines, for ``delimited``: an Excel export's quoted notes cell holds line breaks
(``"Cliente ligou.⏎Informou número do cartão: …⏎Retornar amanhã"``), so its second sentence, and every cell after
it, lies on a later file line than the row's first. An auditor opens the file at a finding's line: a finding in
such a cell is located on the file line its value is on, not the line the row starts on.

A batch of rows holds at most one row that spans lines, its last (``delimited._texts``: the row number and file
line of a batch's rows differ by one constant). ``row_lines`` gives, for that row, the line each cell starts on;
``cell_texts`` scans a cell apart from its column, still as ``column: value`` on one line (its breaks read as
spaces, so a sentence that wraps is read whole, with its keywords), once per file line of the cell, each time
reporting only the findings that start on that line, at that line.

``slashed_dates``: an expiry column's ``MM.YY`` dates, read as ``MM/YY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.engine.textio import count_breaks
from scanners.formats.base import Text

_BREAK = re.compile(r"\r\n|\r|\n")
_DOTTED = re.compile(r"\s*(?:0[1-9]|1[0-2])\.(?:[0-9]{2}|20[0-9]{2})\s*")  # a month, a dot, a year: ``05.28``


def row_lines(row: list[str]) -> list[int] | None:
    """The line (0 for the row's first) each cell of ``row`` starts on, or None when no cell holds a line break."""
    if not any("\n" in v or "\r" in v for v in row):
        return None
    lines, at = [], 0
    for value in row:
        lines.append(at)
        at += count_breaks(value)
    return lines


def spans(value: str) -> bool:
    """``value`` holds a line break."""
    return "\n" in value or "\r" in value


def cell_texts(label: str, name: str, value: str, row: int, line: int) -> Iterator[Text]:
    """``label: value`` for the cell of column ``name`` in ``row`` starting on file ``line``: one text per file line
    of the cell, each reporting the findings that start on that line (see the module doc)."""
    flat = f"{label}: {one_line(value)}"
    lead = len(label) + 2
    starts = [0] + [lead + m.end() for m in _BREAK.finditer(value)]
    for k, start in enumerate(starts):
        until = starts[k + 1] if k + 1 < len(starts) else None
        yield Text(flat, {"column": name}, first_line=row, line_key="row", row_to_line=line + k - row,
                   report_from=start, report_until=until)


def slashed_dates(cells: list[str]) -> list[str]:
    """The cells of an expiry column, a date written with a dot (``05.28``, ``05.2028``: as German, Dutch and Polish
    exports write it, beside decimal commas) written with a slash at the same length, so that the expiry detector
    reads it as it reads ``05/28``: under an expiry header, a month and year with a dot is no decimal."""
    if "." not in "".join(cells):
        return cells
    return [v.replace(".", "/") if _DOTTED.fullmatch(v) else v for v in cells]


def column_text(name: str, cells: list[str]) -> str:
    """``name: value`` lines, one per cell, built by joins: line breaks inside a cell become spaces."""
    body = "\x00".join(cells)
    if "\n" in body or "\r" in body:
        body = body.replace("\r", " ").replace("\n", " ")
    if "\x00" in name or body.count("\x00") != len(cells) - 1:
        return "\n".join(f"{name}: {one_line(v)}" for v in cells)  # a NUL in the data: the slow, plain way
    return f"{name}: " + body.replace("\x00", f"\n{name}: ")


def one_line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")
