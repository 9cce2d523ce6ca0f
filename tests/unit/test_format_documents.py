"""PDF, Parquet and Avro: pages, row groups, columns and rows located; scans without text, encryption, damage."""

from __future__ import annotations

import io
from pathlib import Path

import fastavro
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pypdf import PdfReader, PdfWriter

from scanners.formats.pdf import canary as pdf_canary
from tests.unit.format_contract import CANARIES, TEXT, Bad, check_bad, flipped, scan_bytes, truncated


def pdf_pages(*texts: str | None) -> bytes:
    """A PDF whose pages hold ``texts`` (None: a page with no text layer, as a scanned image has)."""
    writer = PdfWriter()
    for text in texts:
        if text is None:
            writer.add_blank_page(595, 842)
        else:
            writer.add_page(PdfReader(io.BytesIO(pdf_canary(text))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(CANARIES["pdf"].data))
    writer.encrypt("s3cret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_pages_located_and_image_pages_not_clean(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, pdf_pages("cover letter", None, TEXT))
    (finding,) = out["findings"]
    assert finding["location"]["page"] == 3
    pages = {c["location"].get("page"): (c["status"], c.get("reason")) for c in out["coverage"]}
    assert pages[2] == ("skipped", "page has no text layer (a scanned image?): not examined")
    assert pages[1][0] == pages[3][0] == "scanned"


def parquet(rows: int, row_group_size: int) -> bytes:
    notes = ["fine"] * rows
    notes[rows - 2] = TEXT
    sink = io.BytesIO()
    pq.write_table(pa.table({"id": list(range(rows)), "note": notes}), sink, row_group_size=row_group_size)
    return sink.getvalue()


def test_parquet_row_group_column_and_row(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, parquet(10_000, 3_000))
    (finding,) = out["findings"]
    assert {k: finding["location"][k] for k in ("row_group", "column", "row")} == {
        "row_group": 3, "column": "note", "row": 9_999}
    assert [c["location"].get("row_group") for c in out["coverage"]] == [None, 0, 1, 2, 3]


def test_avro_column_and_row(tmp_path: Path) -> None:
    schema = {"type": "record", "name": "CTR", "fields": [
        {"name": "contact", "type": "string"}, {"name": "attributes", "type": {"type": "map", "values": "string"}}]}
    records = [{"contact": f"c{i}", "attributes": {"note": TEXT if i == 700 else "ok"}} for i in range(1000)]
    data = io.BytesIO()
    fastavro.writer(data, schema, records, sync_interval=2000, codec="deflate")
    out = scan_bytes(tmp_path, data.getvalue())
    (finding,) = out["findings"]
    assert (finding["location"]["column"], finding["location"]["row"]) == ("attributes", 701)


BAD = [
    Bad("pdf-truncated", lambda: truncated(pdf_pages(TEXT, TEXT), 0.3), "pdf"),
    Bad("pdf-encrypted", encrypted_pdf, "encrypted PDF (password required): not examined"),
    Bad("pdf-garbage", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4, "pdf"),
    Bad("parquet-truncated", lambda: truncated(parquet(5000, 1000)), "corrupt or truncated Parquet footer"),
    Bad("parquet-corrupt-pages", lambda: flipped(parquet(5000, 1000), 0.3, 64), "parquet"),
    Bad("avro-truncated", lambda: truncated(CANARIES["avro"].data, 0.8), "avro"),
    Bad("avro-bad-header", lambda: b"Obj\x01" + b"\xff" * 40, "avro"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)
