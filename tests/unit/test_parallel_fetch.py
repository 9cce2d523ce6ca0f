"""The bounded-queue fan-out and per-object reading behind object-store sources, with in-memory bodies."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from scanners.engine.finding import Coverage, Record
from scanners.engine.textruns import NOTE
from scanners.sources._parallel import Emit, fan_out, open_stream, read_object

SCOPE = {"bucket": "b", "prefix": "p/"}


class Body(io.BytesIO):
    """An in-memory object body that remembers being closed."""

    closed_by_reader = False

    def close(self) -> None:
        self.closed_by_reader = True
        super().close()


def run(items: Any, fetch: Any, workers: int = 3) -> tuple[list[Record], list[Coverage]]:
    coverage: list[Coverage] = []
    records = list(fan_out(items, fetch, workers=workers, coverage=coverage, kind="s3", scope=SCOPE,
                           empty_reason="nothing listed", thread_prefix="test-fan-out"))
    return records, coverage


def text_fetch(key: str, emit: Emit) -> None:
    read_object(Coverage("s3", {"key": key}, "scanned"), lambda: (Body(f"{key} line\n".encode()), False), emit)


def test_every_item_is_read_once_and_covered() -> None:
    keys = [f"k{i}" for i in range(25)]
    records, coverage = run(keys, text_fetch)
    assert sorted(r.text for r in records) == sorted(f"{k} line\n" for k in keys)
    assert sorted(c.location["key"] for c in coverage) == sorted(keys)
    assert {(c.status, c.items_scanned) for c in coverage} == {("scanned", 1)}


def test_empty_listing_is_one_skipped_scope_entry() -> None:
    records, coverage = run([], text_fetch)
    assert records == []
    assert [(c.location, c.status, c.reason) for c in coverage] == [(SCOPE, "skipped", "nothing listed")]


def test_listing_failing_midway_keeps_what_was_listed_and_marks_the_scope() -> None:
    def listing() -> Iterator[str]:
        yield "a"
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "m"}}, "ListObjectsV2")

    records, coverage = run(listing(), text_fetch)
    assert [r.text for r in records] == ["a line\n"]
    assert sorted((c.status, c.reason) for c in coverage) == [
        ("error", "access denied (AccessDenied)"), ("scanned", None)]


@pytest.mark.parametrize(
    ("body", "declared", "status", "reason", "lines"),
    [
        (b"one\ntwo\n", False, "scanned", None, 2),
        (gzip.compress(b"one\ntwo\nthree\n", mtime=0), False, "scanned", None, 3),
        (b"\x1f\x8b\x08\x00" + b"garbage" * 20, False, "error",
         "gzip: corrupt: invalid compressed data (the text before it was scanned)", 0),
        (b"caf\xe9\n", False, "scanned", None, 1),  # Windows-1252 text reads whole (scanners/engine/textio.py)
        (b'{"a": 1}\n{"b": ', False, "error", "truncated JSON", 2),
        (b'[{"a": 1}, {"b"', True, "error", "truncated JSON", 1),
        (b'[{"a": 1}, {"b"', False, "scanned", None, 1),
        (b"\x00\x01\x02\x03" * 512, False, "scanned", f"binary content (NUL bytes): {NOTE}", 0),
        (b'\x00\x01{"dump": "x"\x00\x02\x03', True, "scanned", f"binary content (NUL bytes): {NOTE}", 1),
    ],
    ids=["text", "gzip", "corrupt-gzip", "latin1", "cut-jsonl", "cut-array-declared", "array-undeclared", "binary",
         "binary-no-json-check"],
)
def test_read_object_status_and_counts(body: bytes, declared: bool, status: str, reason: str | None,
                                       lines: int) -> None:
    out: list[Record | Coverage] = []
    obj = Body(body)
    read_object(Coverage("s3", {"key": "k"}, "scanned"), lambda: (obj, declared), out.append)
    cov = out[-1]
    assert isinstance(cov, Coverage)
    assert (cov.status, cov.reason, cov.items_scanned) == (status, reason, lines)
    assert all(isinstance(r, Record) and r.location == {"key": "k"} for r in out[:-1])
    assert obj.closed_by_reader


def test_read_object_fetch_failure_is_the_only_emission() -> None:
    def fetch() -> tuple[Any, bool]:
        raise ClientError({"Error": {"Code": "NoSuchKey", "Message": "m"}}, "GetObject")

    out: list[Record | Coverage] = []
    read_object(Coverage("s3", {"key": "k"}, "scanned"), fetch, out.append)
    assert [(c.status, c.reason) for c in out if isinstance(c, Coverage)] == [
        ("error", "deleted during scan (NoSuchKey)")]
    assert len(out) == 1


@pytest.mark.parametrize(
    "data", [b"", b"plain text", gzip.compress(b"plain text", mtime=0)], ids=["empty", "plain", "gzip"]
)
def test_open_stream_gunzips_by_magic_bytes(data: bytes) -> None:
    assert open_stream(io.BytesIO(data)).read() == (b"" if not data else b"plain text")
