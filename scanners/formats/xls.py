"""Legacy Excel workbooks (xls, BIFF in an OLE2 compound file; ``xlrd`` from the ``formats`` extra): every sheet an
item, cells located as ``A1`` references, read a row at a time as ``xlsx.py`` reads them (``_tablerows``).

Other OLE2 files (Word .doc, Outlook .msg) are named and reported not examined.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from typing import Any

from scanners.errors import FormatError
from scanners.formats._tablerows import row_cells
from scanners.formats.base import Context, Format, Part, Stream, Text

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_BYTES = 256 << 20  # xlrd reads the whole file into memory; BIFF files are far smaller in practice


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    xlrd = importlib.import_module("xlrd")
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FormatError(f"OLE2 file over {MAX_BYTES} bytes: not examined")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd.XLRDError, CompoundDocError, struct errors on broken files
        if "workbook" in str(exc).lower() and "find" in str(exc).lower():
            raise FormatError("OLE2 compound file without a workbook (Word .doc or Outlook .msg?): "
                              "not examined") from exc
        raise FormatError(f"corrupt or truncated xls ({type(exc).__name__})") from exc
    for index, name in enumerate(book.sheet_names()):
        yield Part({"sheet": name}, texts=_cells(book, index, xlrd))


def _cells(book: Any, index: int, xlrd: Any) -> Iterator[Text]:
    """Row 1 as it is (the headers); every other row as ``xlsx`` reads one (``_tablerows``: each cell with its
    column's header in front, a masked card's expiry read as empty)."""
    sheet = book.sheet_by_index(index)
    names: tuple[str, ...] = ()
    for r in range(sheet.nrows):
        row = [_shown(sheet.cell_value(r, c)) for c in range(sheet.ncols)]
        if r == 0:
            names = tuple(row)
        texts = row_cells(names, row) if r and any(names) else row
        for c, text in enumerate(texts):
            if text:
                yield Text(text, {"cell": xlrd.cellname(r, c)})
    book.unload_sheet(index)


def _shown(value: Any) -> str:
    if value in ("", None):
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def canary(text: str) -> bytes | None:
    """A workbook written with ``xlwt`` when it is installed (xlrd cannot write); None otherwise."""
    try:
        xlwt = importlib.import_module("xlwt")
    except ImportError:
        return None
    book = xlwt.Workbook()
    sheet = book.add_sheet("Chargebacks")
    sheet.write(0, 0, "id")
    sheet.write(0, 1, "note")
    sheet.write(1, 0, 1)
    sheet.write(1, 1, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMAT = Format("xls", lambda head: head[:8] == MAGIC, read, requires=("xlrd",), extra="formats",
                canary=canary, order=30)
