"""Apache Parquet (``pyarrow`` from the ``parquet`` extra): every row group an item, read one column at a time in
batches, so memory stays near one column chunk whatever the file size. Each cell is scanned as
``column: value`` (the column name as context); findings name ``row_group``, ``column`` and ``row`` (1-based in
the file). Nested values are scanned as their JSON-like text. A table with an expiry column is read a batch of
whole rows at a time, each row judged as a spreadsheet row is (``_tablerows``: a masked card's expiry is empty).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from scanners.errors import FormatError
from scanners.formats._csvsummary import header_roles
from scanners.formats._tablerows import judged_columns
from scanners.formats.base import Context, Format, Part, Stream, Text

BATCH = 4096  # rows per batch
BUFFER = 1 << 20  # column chunks are read through a buffer of this size, never whole


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    pq = importlib.import_module("pyarrow.parquet")
    try:
        pf = pq.ParquetFile(stream, pre_buffer=False, buffer_size=BUFFER)
        meta = pf.metadata
        columns = list(pf.schema_arrow.names)
    except Exception as exc:  # pyarrow.ArrowInvalid / OSError on a broken footer
        raise FormatError(f"corrupt or truncated Parquet footer ({type(exc).__name__})") from exc
    first_row = 0
    for rg in range(meta.num_row_groups):
        rows = meta.row_group(rg).num_rows
        yield Part({"row_group": rg}, texts=_cells(pf, rg, columns, first_row))
        first_row += rows


def _cells(pf: Any, rg: int, columns: list[str], first_row: int) -> Iterator[Text]:
    if header_roles(tuple(columns))[2]:  # an expiry column: rows judged whole (``_tablerows``)
        yield from _rows(pf, rg, columns, first_row)
        return
    for column in columns:
        row = first_row
        for batch in pf.iter_batches(batch_size=BATCH, row_groups=[rg], columns=[column], use_threads=False):
            values = [_text(v) for v in batch.column(0).to_pylist()]
            yield Text("\n".join(f"{column}: {v}" for v in values), {"column": column}, first_line=row + 1,
                       line_key="row")
            row += len(values)


def _rows(pf: Any, rg: int, columns: list[str], first_row: int) -> Iterator[Text]:
    """A batch of whole rows at a time, each column's cells then scanned as one text: a row whose card column is
    masked keeps its expiry quiet, as in a spreadsheet."""
    row = first_row
    for batch in pf.iter_batches(batch_size=BATCH, row_groups=[rg], columns=columns, use_threads=False):
        cells = judged_columns(tuple(columns), [[_text(v) for v in col.to_pylist()] for col in batch.columns])
        for column, values in zip(columns, cells, strict=True):
            yield Text("\n".join(f"{column}: {v}" for v in values), {"column": column}, first_line=row + 1,
                       line_key="row")
        row += batch.num_rows


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\n", " ")


def canary(text: str) -> bytes | None:
    try:
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        return None
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"contact_id": ["c-1", "c-2"], "note": ["no card here", text]}), sink)
    return bytes(sink.getvalue().to_pybytes())


FORMAT = Format("parquet", lambda head: head[:4] == b"PAR1", read, seekable=True, requires=("pyarrow",),
                extra="parquet", canary=canary, order=30)
