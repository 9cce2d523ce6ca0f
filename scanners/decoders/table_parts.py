"""A card number typed over adjacent cells of a text or HTML table whose header names the cells as its parts
(``| Card (1) | Card (2) | Card (3) | Card (4) |`` above ``|---|``, or ``<th>Karte 1</th>…`` in the table's first
row): the row's cells are read as one grouped number, ``card number: 4111 1111 1111 1111``
(``scanners.cards.cardparts``: which headers, which cells). A CSV export so laid out is read by ``formats.delimited``.

Without such a header the cells stay apart: a row of years, amounts or codes, an order number typed over cells
(``pangroups`` keeps the bars of a table row from joining digit groups). The trigger is three adjacent cells of
digits (4 to 6, then 1 to 7 each), bars or ``</td><td>`` between them, so prose and logs never fire it.

Limits: a text table's header is looked for ``tables.table_columns``' reach up (65536 characters), an HTML table's
``tables.html_header``'s (16384); a row longer than ``max_segment`` characters is not read; decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.cardparts import joined, part_run
from scanners.cards.tables import html_header, table_cell, table_columns
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_BAR = r"[ \t]*\|[ \t]*"
_TD = r"[ \t]*</t[dD]>[ \t\r\n]{0,40}<t[dD](?:[ \t][^<>]{0,80})?>[ \t]*"
TRIGGERS = (
    rf"\|[ \t]*[0-9]{{4,6}}{_BAR}[0-9]{{1,7}}{_BAR}[0-9]{{1,7}}[ \t]*\|",
    rf"[0-9]{{4,6}}{_TD}[0-9]{{1,7}}{_TD}[0-9]{{1,7}}[ \t]*</t[dD]>",
)
_HTML_ROW = lazy_compile(r"<tr[\s>].*?</tr>", flags=re.DOTALL | re.IGNORECASE)
_HTML_CELL = lazy_compile(r"<td(?:\s[^<>]{0,80})?>[ \t]*([^<>]*?)[ \t]*</td>", flags=re.IGNORECASE)
REACH = 2000  # characters either side of the window's line searched for an HTML row over several lines


class TablePartsDecoder(BoundedDecoder):
    id = "table_parts"
    priority = 32
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("|", line_start, line_end) >= 0:
            yield from self._text_rows(text, start, end)
        if text.find("</", max(0, line_start - REACH), min(len(text), line_end + REACH)) >= 0:
            yield from self._html_rows(text, start, end, line_start, line_end)

    def _text_rows(self, text: str, start: int, end: int) -> Iterator[Decoded]:
        for s, e in window_lines(text, start, end):
            if over_limit(e - s, self.max_segment) or (found := table_columns(text, e)) is None:
                continue
            row, names = found
            run = part_run([n.strip() for n in names])
            if run is None or row < s:
                continue
            cells = [table_cell(text, row, c) for c in range(*run)]
            if None in cells:
                continue
            bounds = [c for c in cells if c is not None]
            if not start <= bounds[0][0] <= bounds[-1][1] <= end:
                continue  # a row is read by a window holding its cells
            number = joined([text[a:b] for a, b in bounds])
            if number is not None:
                yield Decoded(bounds[0][0], bounds[-1][1], capped(f"card number: {number}", self.max_output),
                              ("table_parts",))

    def _html_rows(self, text: str, start: int, end: int, line_start: int, line_end: int) -> Iterator[Decoded]:
        lo, hi = max(0, line_start - REACH), min(len(text), line_end + REACH)
        for m in _HTML_ROW.finditer(text, lo, hi):
            if not (m.start() < end and start < m.end()) or over_limit(m.end() - m.start(), self.max_segment):
                continue
            cells = list(_HTML_CELL.finditer(text, m.start(), m.end()))
            names = [html_header(text, c.start(1)) or "" for c in cells]
            run = part_run(names)
            if run is None:
                continue
            parts = cells[run[0] : run[1]]
            s, e = parts[0].start(1), parts[-1].end(1)
            if "\n" not in text[s:e] and not start <= s <= e <= end:
                continue  # a row on one line is read by a window holding it; one over lines by any touching it
            number = joined([c.group(1) for c in parts])
            if number is not None:
                yield Decoded(s, e, capped(f"card number: {number}", self.max_output), ("table_parts",))


DECODER = TablePartsDecoder
