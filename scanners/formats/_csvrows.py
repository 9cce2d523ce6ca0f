"""Rows of a CSV batch for ``delimited``: lists of cells as ``csv.reader`` gives them (``Table``), or, for lines all of
one width, one flat list of cells (``Grid``), so that a batch is split by one ``str.split`` and each column picked by
one slice instead of one list per row."""

from __future__ import annotations

from operator import itemgetter


class Grid:
    """Rows ``[start, stop)`` of one width held as one flat list of cells (cell ``c`` of row ``r`` at
    ``r * width + c``): a batch of lines split at once, and each column picked from it by one slice."""

    __slots__ = ("cells", "start", "stop", "width")

    def __init__(self, cells: list[str], width: int, start: int, stop: int) -> None:
        self.cells, self.width, self.start, self.stop = cells, width, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, rows: slice) -> Grid:
        start, stop, _ = rows.indices(len(self))
        return Grid(self.cells, self.width, self.start + start, self.start + max(start, stop))

    def column(self, c: int) -> list[str]:
        """The cells of column ``c`` (0-based), ``""`` for each row when the rows are narrower."""
        if c >= self.width:
            return [""] * len(self)
        return self.cells[self.start * self.width + c : self.stop * self.width : self.width]

    def rows(self) -> list[list[str]]:
        w = self.width
        return [self.cells[i : i + w] for i in range(self.start * w, self.stop * w, w)]


Rows = list[list[str]] | Grid


def as_rows(rows: Rows) -> list[list[str]]:
    """``rows`` as lists of cells."""
    return rows.rows() if isinstance(rows, Grid) else rows


class Table:
    """Rows as lists of cells, some maybe shorter than ``width``."""

    def __init__(self, rows: list[list[str]], width: int) -> None:
        self.rows, self.full = rows, all(len(r) == width for r in rows)

    def column(self, c: int) -> list[str]:
        """The cells of column ``c``, ``""`` where a row is shorter."""
        if self.full:  # every row has every column: cells picked in C
            return list(map(itemgetter(c), self.rows))
        return [r[c] if c < len(r) else "" for r in self.rows]
