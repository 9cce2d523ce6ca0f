"""S3 source: every object (or version) under a prefix, streamed, gunzipped by magic bytes, line-numbered.

Objects are fetched by ``max_workers`` threads into a bounded queue, so memory stays near
``2 * max_workers`` records whatever the object sizes. One coverage entry per object: ``bytes_scanned`` counts
decompressed bytes and ``items_scanned`` lines. Reasons for incomplete items come from ``retry.classify``;
invalid UTF-8 and JSON that stops mid-value are ``error`` too (the readable text is still scanned).
``start_ms``/``end_ms`` (inclusive) select by LastModified; ``keys`` scans exactly those keys (no listing).
"""

from __future__ import annotations

import gzip
import io
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from scanners.errors import BinaryContentError, ConfigError
from scanners.finding import Coverage, Record
from scanners.sources.retry import classify, with_backoff
from scanners.textio import TextReader

JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


class _Stopped(BaseException):
    """The consumer went away; unwind the worker."""


class _Guarded(io.RawIOBase):
    """Ends the stream at the first read error (kept in ``error``) so the text read so far is still scanned."""

    def __init__(self, inner: BinaryIO) -> None:
        self._inner = inner
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self._inner.read(len(buf))
        except Exception as exc:  # corrupt/truncated gzip, dropped connection...
            self.error = exc
            return 0
        buf[: len(data)] = data
        return len(data)


class _Raw(io.RawIOBase):
    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self._body.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def open_stream(body: Any) -> BinaryIO:
    """A binary stream over ``body`` (an S3 StreamingBody), gunzipped when it starts with gzip magic."""
    buffered = io.BufferedReader(_Raw(body), 1 << 16)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    return buffered


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
        """Listed objects (or versions, delete markers excluded) within the LastModified window."""
        if self.keys is not None:
            yield from ({"Key": key} for key in self.keys)
            return
        op, entries = ("list_objects_v2", "Contents")
        if self.versions:
            op, entries = ("list_object_versions", "Versions")
        args: dict[str, Any] = {"Bucket": self.bucket, "Prefix": self.prefix}
        if self.page_size is not None:
            args["MaxKeys"] = self.page_size
        while True:
            page = with_backoff(lambda: getattr(self.client, op)(**args), what=f"{op} {self.bucket}")
            for obj in page.get(entries, []):
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
        q: queue.Queue[Record | Coverage | None] = queue.Queue(maxsize=2 * self.max_workers)
        stop = threading.Event()

        def put(item: Record | Coverage | None) -> None:
            while not stop.is_set():
                try:
                    q.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue
            raise _Stopped

        thread = threading.Thread(target=self._produce, args=(put, stop), daemon=True)
        thread.start()
        try:
            while (item := q.get()) is not None:
                if isinstance(item, Coverage):
                    self.coverage.append(item)
                else:
                    yield item
        finally:
            stop.set()
            thread.join()

    def _produce(self, put: Callable[[Record | Coverage | None], None], stop: threading.Event) -> None:
        """List and fan out; always ends the stream with ``None`` unless the consumer has gone."""
        scope = {"bucket": self.bucket, "prefix": self.prefix}
        try:
            try:
                listed = self._feed(put, stop)
                if not listed:
                    put(Coverage(self.kind, scope, "scanned", "no objects under the prefix in the window"))
            except Exception as exc:  # listing failed: what is left of the scope is unknown
                put(Coverage(self.kind, scope, "error", classify(exc)))
            put(None)
        except _Stopped:
            return

    def _feed(self, put: Callable[[Record | Coverage | None], None], stop: threading.Event) -> int:
        slots = threading.BoundedSemaphore(self.max_workers)
        listed = 0
        with ThreadPoolExecutor(self.max_workers, thread_name_prefix="s3source") as pool:
            for obj in self.objects():
                listed += 1
                while not slots.acquire(timeout=0.1):
                    if stop.is_set():
                        raise _Stopped
                pool.submit(self._scan_object, obj, put).add_done_callback(lambda _: slots.release())
        return listed

    def _scan_object(self, obj: dict[str, Any], put: Callable[[Record | Coverage | None], None]) -> None:
        key = obj["Key"]
        location: dict[str, Any] = {"bucket": self.bucket, "key": key}
        args: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if self.versions and obj.get("VersionId"):
            location["version_id"] = args["VersionId"] = obj["VersionId"]
        cov = Coverage(self.kind, location, "scanned")
        reader: TextReader | None = None
        body: Any = None
        try:
            resp = with_backoff(lambda: self.client.get_object(**args), what=f"GetObject {self.bucket}")
            body = resp["Body"]
            stream = _Guarded(open_stream(body))
            reader = TextReader(stream, source=self.kind, location=location)
            first = last = ""
            for rec in reader.records():
                first = first or rec.text[:4096].lstrip()[:1]
                last = rec.text[-4096:].rstrip()[-1:] or last
                put(rec)
            if stream.error is not None:
                raise stream.error
            if reader.decode_errors:
                cov.status = "error"
                cov.reason = f"invalid UTF-8 ({reader.decode_errors} characters replaced)"
            elif _looks_json(key, resp.get("ContentType", ""), first) and last not in ("}", "]"):
                cov.status, cov.reason = "error", "truncated JSON"
        except BinaryContentError as exc:
            cov.status, cov.reason = "skipped", classify(exc)
        except Exception as exc:
            cov.status, cov.reason = "error", classify(exc)
        finally:
            if reader is not None:
                cov.bytes_scanned, cov.items_scanned = reader.bytes_read, reader.lines
            if body is not None:
                body.close()
        put(cov)


def _looks_json(key: str, content_type: str, first: str) -> bool:
    """JSON or JSON lines: starts with ``{``, or starts with ``[`` and is named or typed as JSON."""
    if first == "{":
        return True
    declared = key.removesuffix(".gz").endswith(JSON_SUFFIXES) or "json" in content_type
    return first == "[" and declared
