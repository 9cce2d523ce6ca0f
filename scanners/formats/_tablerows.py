"""A document's table read as rows under its header row, for ``xlsx`` (a sheet) and ``docx`` (a ``<w:tbl>``): each
cell is scanned with its column's name in front (``Expiry: 07/31``, ``CVV: 450``; a header in another language as
its role's word, ``_csvroles.cell_label``), and a row is judged as a CSV export's row is (``delimited``, one
copy): when it names its card truncated (a masked number ``5020 **** **** 2055``, ``ending 4242``, or digits in a
card-number or last-four column, ``_csvcards``) and holds no full number of that card, its expiry cells are card
metadata and read as empty, as PCI DSS counts an expiry only when it is stored with the PAN.
"""

from __future__ import annotations

from scanners.detectors.card_summary import masked_number
from scanners.formats._csvcards import names_card, number_columns
from scanners.formats._csvroles import card_column, cell_label
from scanners.formats._csvsummary import header_roles, metadata_row

_HEADER_CHARS = 64  # a column name; a longer first-row cell is a sentence, and the table a layout grid


def names_columns(names: tuple[str, ...]) -> bool:
    """The first row of a table is a header naming card data (``Card Number``, ``Expiry``, ``CVV``): a layout table
    or one listing people and amounts is read as paragraphs, as before."""
    return len(names) > 1 and all(len(n) <= _HEADER_CHARS for n in names) and any(map(card_column, names))


def row_cells(names: tuple[str, ...], row: list[str]) -> list[str]:
    """``row``'s cells (as wide as ``names``), each as ``name: value`` to scan, or "" for an empty cell and for the
    expiry cells of a row that names its card truncated and holds no number of it."""
    keys = header_roles(names)[0]
    return [f"{cell_label(name, key)}: {value}" if value and name else value
            for name, key, value in zip(names, keys, judged_row(names, row), strict=True)]


def judged_row(names: tuple[str, ...], row: list[str]) -> list[str]:
    """``row`` with its expiry cells emptied when it names its card truncated and holds no number of it."""
    _, _, dates, every, ids = header_roles(names)
    if dates:
        cards = number_columns(names)
        if every or any(map(masked_number, row)) or names_card(row, cards):
            return metadata_row(row, dates, ids, cards)
    return row


def judged_columns(names: tuple[str, ...], columns: list[list[str]]) -> list[list[str]]:
    """Cells read a column at a time (Parquet, Avro: ``columns[c][r]``), their rows judged as ``judged_row`` judges
    one; the columns as they are when no column names an expiry date."""
    if not header_roles(names)[2] or not columns:
        return columns
    rows = [judged_row(names, list(row)) for row in zip(*columns, strict=True)]
    return [list(col) for col in zip(*rows, strict=True)]
