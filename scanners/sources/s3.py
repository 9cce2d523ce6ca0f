"""S3 source: every object (with ``versions``: every version and delete marker) under a prefix, streamed,
gunzipped by magic bytes, line-numbered; archives, documents and columnar objects read by ``scanners.formats``.
Objects in archive storage classes are reported not examined with the restore needed (``s3_archive``).

Objects are fetched by ``max_workers`` threads into a bounded queue (``_parallel.fan_out``), so memory stays
near ``2 * max_workers`` records whatever the object sizes. One coverage entry per object: ``bytes_scanned``
counts decompressed bytes and ``items_scanned`` lines. Reasons for incomplete items come from ``retry.classify``;
invalid UTF-8 and JSON that stops mid-value are ``error`` too (the readable text is still scanned).
``start_ms``/``end_ms`` (inclusive) select by LastModified; ``keys`` scans exactly those keys (no listing).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanners.engine.finding import Coverage, Record
from scanners.errors import ConfigError
from scanners.sources._parallel import Emit, fan_out, open_stream, read_object
from scanners.sources.retry import with_backoff
from scanners.sources.s3_archive import archive_reason

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass
class S3Source:
    client: Any = field(repr=False)
    bucket: str
    prefix: str = ""
    versions: bool = field(default=False, kw_only=True)
    max_workers: int = field(default=4, kw_only=True)
    kind: str = field(default="s3", kw_only=True)
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    keys: Sequence[str] | None = field(default=None, kw_only=True)
    page_size: int | None = field(default=None, kw_only=True)  # keys per listing call; None = API default
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_workers < 1:
            raise ConfigError("max_workers: expected an integer >= 1")

    def objects(self) -> Iterator[dict[str, Any]]:
        """Listed objects (or every version and delete marker) within the LastModified window."""
        if self.keys is not None:
            yield from ({"Key": key} for key in self.keys)
            return
        op, entries = "list_objects_v2", ("Contents",)
        if self.versions:
            op, entries = "list_object_versions", ("Versions", "DeleteMarkers")  # type: ignore[assignment]
        args: dict[str, Any] = {"Bucket": self.bucket, "Prefix": self.prefix}
        if self.page_size is not None:
            args["MaxKeys"] = self.page_size
        while True:
            page = with_backoff(lambda: getattr(self.client, op)(**args), what=f"{op} {self.bucket}")
            for obj in (dict(o, DeleteMarker=e == "DeleteMarkers") for e in entries for o in page.get(e, [])):
                modified = int(obj["LastModified"].timestamp() * 1000)
                if (self.start_ms is None or modified >= self.start_ms) and (
                    self.end_ms is None or modified <= self.end_ms
                ):
                    yield obj
            if not page.get("IsTruncated"):
                return
            for marker in ("NextContinuationToken", "NextKeyMarker", "NextVersionIdMarker"):
                if page.get(marker):
                    args[marker.removeprefix("Next")] = page[marker]

    def records(self) -> Iterator[Record]:
        return fan_out(
            self.objects(), self._scan_object, workers=self.max_workers, coverage=self.coverage, kind=self.kind,
            scope={"bucket": self.bucket, "prefix": self.prefix},
            empty_reason="no objects under the prefix in the window", thread_prefix="s3source",
        )

    def _scan_object(self, obj: dict[str, Any], emit: Emit) -> None:
        key = obj["Key"]
        location: dict[str, Any] = {"bucket": self.bucket, "key": key}
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if self.versions and obj.get("VersionId"):
            location["version_id"] = args["VersionId"] = obj["VersionId"]
        if obj.get("DeleteMarker"):  # no content: the history is in the key's other versions, scanned on their own
            emit(Coverage(self.kind, {**location, "delete_marker": True}, "scanned",
                          "delete marker (no content; the key's earlier versions are listed on their own)"))
            return
        if (archived := archive_reason(self.client, self.bucket, obj, args)) is not None:
            emit(Coverage(self.kind, location, "skipped", archived))
            return

        def fetch() -> tuple[Any, bool]:
            resp = with_backoff(lambda: self.client.get_object(**args), what=f"GetObject {self.bucket}")
            declared = key.removesuffix(".gz").endswith(JSON_SUFFIXES) or "json" in resp.get("ContentType", "")
            return resp["Body"], declared

        read_object(Coverage(self.kind, location, "scanned"), fetch, emit)


__all__ = ("JSON_SUFFIXES", "S3Source", "open_stream")
