"""S3 source: every object (with ``versions``: every version and delete marker) under a prefix, streamed,
gunzipped by magic bytes, line-numbered; archives, documents and columnar objects read by ``scanners.formats``.
Objects in archive storage classes are reported not examined with the restore needed (``s3_archive``).

Objects are fetched by ``max_workers`` threads into a bounded queue (``_parallel.fan_out``), so memory stays
near ``2 * max_workers`` records whatever the object sizes. One coverage entry per object: ``bytes_scanned``
counts decompressed bytes and ``items_scanned`` lines. Reasons for incomplete items come from ``retry.classify``;
invalid UTF-8 and JSON that stops mid-value are ``error`` too (the readable text is still scanned).
``start_ms``/``end_ms`` (inclusive) select by LastModified; ``keys`` scans exactly those keys (no listing).
A prefix that matches no object is ``skipped`` ("no object matches"), so a mistyped prefix never passes as clean
(objects that exist but are all outside the time window are "nothing new", which is complete);
keys matching an ``exclude`` glob are listed as ``excluded`` with the justification.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scanners.engine.finding import Coverage, Record
from scanners.errors import ConfigError
from scanners.sources._parallel import Emit, fan_out, open_stream, read_object
from scanners.sources.base import TargetContext, excluded, excluded_entry, split_s3
from scanners.sources.s3_archive import archive_reason

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass
class S3Source:
    TARGET_PREFIX: ClassVar[str] = "s3://"
    TARGET_HELP: ClassVar[str] = "s3://BUCKET[/PREFIX]"

    client: S3Client = field(repr=False)
    bucket: str
    prefix: str = ""
    versions: bool = field(default=False, kw_only=True)
    max_workers: int = field(default=4, kw_only=True)
    kind: str = field(default="s3", kw_only=True)
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    keys: Sequence[str] | None = field(default=None, kw_only=True)
    page_size: int | None = field(default=None, kw_only=True)  # keys per listing call; None = API default
    exclude: dict[str, str] = field(default_factory=dict, kw_only=True)  # glob -> justification
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)
    _listed: int = field(default=0, init=False, repr=False)  # objects listed, in the window or not

    def __post_init__(self) -> None:
        if self.max_workers < 1:
            raise ConfigError("max_workers: expected an integer >= 1")

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> S3Source:
        bucket, prefix = split_s3(target, "target")
        return cls(ctx.clients("s3"), bucket, prefix, start_ms=ctx.since_ms, end_ms=ctx.until_ms,
                   exclude=dict(ctx.exclude), versions=ctx.versions)

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
            page = getattr(self.client, op)(**args)
            for obj in (dict(o, DeleteMarker=e == "DeleteMarkers") for e in entries for o in page.get(e, [])):
                self._listed += 1
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
        self._listed = 0
        scope = {"bucket": self.bucket, "prefix": self.prefix}
        yield from fan_out(
            self.objects(), self._scan_object, workers=self.max_workers, coverage=self.coverage, kind=self.kind,
            scope=scope, empty_reason=self.empty_reason(), thread_prefix="s3source",
        )
        last = self.coverage[-1] if self.coverage else None
        if last is not None and last.location == scope and last.status == "skipped" and self._listed:
            # objects exist under the prefix, none in the window: nothing new, which is complete
            last.status, last.reason = "scanned", "no object in the time window (nothing new)"

    def empty_reason(self) -> str:
        glob = " (S3 prefixes are literal, not globs)" if any(c in self.prefix for c in "*?[") else ""
        return f"no object matches the prefix{glob}"

    def _scan_object(self, obj: dict[str, Any], emit: Emit) -> None:
        key = obj["Key"]
        location: dict[str, Any] = {"bucket": self.bucket, "key": key}
        why = excluded(key, self.exclude)
        if why is not None:
            emit(excluded_entry(self.kind, location, why))
            return
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
            resp = self.client.get_object(**args)
            declared = key.removesuffix(".gz").endswith(JSON_SUFFIXES) or "json" in resp.get("ContentType", "")
            return resp["Body"], declared

        read_object(Coverage(self.kind, location, "scanned"), fetch, emit)


__all__ = ("JSON_SUFFIXES", "S3Source", "open_stream")
