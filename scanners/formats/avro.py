"""Apache Avro object container files (``fastavro`` from the ``formats`` extra): streamed block by block.

Each record's top-level fields are scanned as ``field: value`` lines (nested values as their JSON-like text), so
findings name the ``column`` (field) and the ``row`` (record number, 1-based). A record is judged as a spreadsheet
row is (``_tablerows``): a masked card's expiry is read as empty. One item per file.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from typing import Any

from scanners.errors import FormatError
from scanners.formats._tablerows import judged_columns
from scanners.formats.base import Context, Format, Part, Stream, Text

MAGIC = b"Obj\x01"


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    fastavro = importlib.import_module("fastavro")
    try:
        blocks = fastavro.block_reader(stream)
    except Exception as exc:
        raise FormatError(f"corrupt or truncated Avro header ({type(exc).__name__})") from exc
    yield Part({}, texts=_records(blocks))


def _records(blocks: Any) -> Iterator[Text]:
    row = 0
    try:
        for block in blocks:
            records = [r if isinstance(r, dict) else {"value": r} for r in block]
            names = tuple(dict.fromkeys(name for r in records for name in r))
            columns = judged_columns(names, [[_text(r.get(name)) for r in records] for name in names])
            for name, values in zip(names, columns, strict=True):
                lines = (f"{name}: {value}" for value in values)
                yield Text("\n".join(lines), {"column": name}, first_line=row + 1, line_key="row")
            row += len(records)
    except Exception as exc:  # fastavro raises ValueError/EOFError/its own errors mid-file
        raise FormatError(f"corrupt or truncated Avro block after {row} records ({type(exc).__name__})") from exc


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\n", " ")


def canary(text: str) -> bytes | None:
    try:
        fastavro = importlib.import_module("fastavro")
    except ImportError:
        return None
    schema = {"type": "record", "name": "ContactTrace",
              "fields": [{"name": "contact_id", "type": "string"}, {"name": "note", "type": "string"}]}
    out = io.BytesIO()
    fastavro.writer(out, schema, [{"contact_id": "c-1", "note": "no card"}, {"contact_id": "c-2", "note": text}])
    return out.getvalue()


FORMAT = Format("avro", lambda head: head[:4] == MAGIC, read, seekable=True, requires=("fastavro",), extra="formats",
                canary=canary, order=30)
