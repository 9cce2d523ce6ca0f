"""A result table drawn with box-drawing characters, read as the same table drawn in ASCII: sqlite3's ``.mode box``
and psql's ``\\pset linestyle unicode`` draw ``│ id │ card_number │ exp_month │`` over a ``├────┼────┤`` rule where
the MySQL client draws ``| id | card_number |`` over ``+----+----+``. One character stands for one (``│`` for ``|``,
``─`` for ``-``, a corner or junction for ``+``), so the header names its columns' cells as in the MySQL client's
table (``cards.tables``) and a value is reported where it stands.

A segment is the table's block of lines around a row with a digit in a cell (``│ 4``): every line next to it that
holds a vertical bar or starts with a rule's or border's character, blanks before it allowed. Limits: a block longer
than ``max_segment`` characters is not read; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded

_ASCII = str.maketrans({**dict.fromkeys("│┃║", "|"), **dict.fromkeys("─━═", "-"),
                        **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╯╰┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫", "+")})
_DIGIT_CELL = re.compile(r"[│┃║][ \t]*[0-9]")  # a row with a digit in a cell
# a line of the table: a rule or border from its start, or a line with a vertical bar (psql draws no outer border)
_ROW = re.compile(r"[ \t]*[─━═┌├└╭╰┏┣┗╔╠╚╒╞╘╓╟╙]|[^\n│┃║]*[│┃║]")


# (text, start, stop) of the last block read: its other rows' lines are windows of their own (replaced as one tuple)
_last: list[tuple[str, int, int]] = [("", 0, -1)]


def block(text: str, at: int) -> tuple[int, int] | None:
    """``(start, stop)`` of the block of table lines around the line holding ``text[at]`` (``_ROW``), or None."""
    cached, start, stop = _last[0]
    if cached is text and start <= at <= stop:
        return start, stop
    start = stop = text.rfind("\n", 0, at) + 1
    if _ROW.match(text, start) is None:
        return None
    while start > 0 and _ROW.match(text, above := text.rfind("\n", 0, start - 1) + 1):
        start = above
    while (nl := text.find("\n", stop)) >= 0 and _ROW.match(text, nl + 1):
        stop = nl + 1
    stop = len(text) if (nl := text.find("\n", stop)) < 0 else nl
    _last[0] = (text, start, stop)
    return start, stop


class BoxTablesDecoder(BoundedDecoder):
    id = "box_tables"
    priority = 40
    triggers = ()
    margin = None
    ascii_only: ClassVar[bool] = False
    unicode_chars = _DIGIT_CELL  # the engine gives such a line whole

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        done = -1
        for start, stop in window_lines(text, pos, endpos):
            if start <= done or _DIGIT_CELL.search(text, start, stop) is None:
                continue  # a line of the block read already, or no row with a digit in a cell
            if (found := block(text, start)) is None:
                continue
            done = found[1]
            if not over_limit(found[1] - found[0], self.max_segment):
                yield Decoded(found[0], found[1], capped(text[found[0] : found[1]].translate(_ASCII), self.max_output),
                              ("box_tables",), same_places=True)


DECODER = BoxTablesDecoder
