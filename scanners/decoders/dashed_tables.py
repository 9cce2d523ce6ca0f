"""A fixed-width result table whose header names card data: sqlcmd, osql and SQL*Plus output (``ExpDate`` over
``-------``) and PowerShell's ``Format-Table`` (``Exp`` over ``---``) name a row's values only in the header above
the rule (``cards.dashedtables``: which column a value is in). Each row is read as its card-data cells named by their
columns, ``ExpDate: 11/27`` or ``ExpMonth: 5, ExpYear: 2027``, one decoded line a row, so the expiry and CVV
detectors judge each cell as they judge a keyed value, on the row's own line.

A table is read only when its header names a card-number column (``_csvcards.number_columns``) as well as an expiry
or security-code one: an ``Exp`` column beside no card is a job's, a licence's or an export's date. A row is judged as
a CSV export's row is (``_tablerows.row_cells``, one copy): when it names its card truncated (``6492 **** **** 8462``)
and holds no full number of it, its expiry is card metadata and not read. A card number needs no such help: the PAN
detector reads it where it stands, and ``idfar`` keeps an id column's number (``OrderNumber``) quiet.

The trigger is the rule line itself: two runs of dashes, blanks between; the rows are read from it down to the first
blank line. Limits: at most ``MAX_ROWS`` rows and ``max_segment`` characters of a table are read; decoded text is cut
at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.dashedtables import row_cells, rule_columns
from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.formats._csvcards import number_columns
from scanners.formats._csvroles import card_column, field_name
from scanners.formats._tablerows import row_cells as named_cells

TRIGGERS = (r"^[ \t]*-{2,}[ \t]+-{2,}",)
_TRIGGER = re.compile(TRIGGERS[0], re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\r?(?:\n|$)")
MAX_ROWS = 10_000


class DashedTablesDecoder(BoundedDecoder):
    id = "dashed_table"
    priority = 36
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            if s == 0:
                continue  # no header above the rule
            header = text[text.rfind("\n", 0, s - 1) + 1 : s - 1]
            found = rule_columns(header, text[s:e])
            if found is None:
                continue
            names = tuple(map(field_name, found[0]))
            cards = number_columns(names)
            wanted = [c for c, n in enumerate(names) if c not in cards and card_column(n)]
            if not cards or not wanted or e >= len(text):
                continue
            yield from self._rows(text, e + 1, names, found[1], wanted)

    def _rows(self, text: str, first: int, names: tuple[str, ...], runs: list[tuple[int, int]],
              wanted: list[int]) -> Iterator[Decoded]:
        blank = _BLANK.search(text, first - 1, first + self.max_segment)
        end = blank.start() if blank is not None else min(len(text), first + self.max_segment)
        rows = text[first:end].split("\n")[:MAX_ROWS]
        lines = []
        for row in rows:
            cells = named_cells(names, row_cells(row.rstrip("\r"), runs))
            lines.append(", ".join(cells[c] for c in wanted if cells[c]))
        if any(lines):
            last = first + sum(map(len, rows)) + len(rows) - 1
            yield Decoded(first, last, capped("\n".join(lines), self.max_output), ("dashed_table",), lines=True)


DECODER = DashedTablesDecoder
