"""Concurrent object fetching for object-store sources, with memory bounded whatever the object sizes.

``fan_out`` lists items on a producer thread and hands each to one of ``workers`` threads; they ``emit`` records
and coverage into a queue of ``2 * workers`` entries, so a stalled consumer stalls the workers. Closing the
returned generator stops and joins every thread. ``read_object`` streams one object body (gunzipped by magic
bytes, see ``open_stream``) through ``TextReader`` and emits its records, then those of its binary mail attachments
(a raw MIME object, as an Amazon SES receipt rule stores mail: ``scanners.formats._mailparts``, each an item of its
own located by bucket/key, ``attachment`` and the mail's ``line``), then one coverage entry: a read error
ends the stream but keeps the text read so far (a truncated or corrupt gzip too); invalid UTF-8 and JSON that stops
mid-value are ``error``; binary content is read by its text runs.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO, TypeVar

from scanners.engine.finding import Coverage, Record
from scanners.engine.runtime import tune_allocator
from scanners.engine.textio import TextReader
from scanners.errors import BinaryContentError
from scanners.formats.examine import detect, examine, with_attachments
from scanners.formats.gz import MAGIC, gunzipped, gzip_error
from scanners.formats.streams import Guarded, peek
from scanners.sources.retry import classify

T = TypeVar("T")
Emit = Callable[[Record | Coverage], None]
_Put = Callable[[Record | Coverage | None], None]


class _Stopped(BaseException):
    """The consumer went away; unwind the worker."""


def fan_out(
    items: Iterable[T], fetch: Callable[[T, Emit], None], *, workers: int, coverage: list[Coverage],
    kind: str, scope: Mapping[str, Any], empty_reason: str, thread_prefix: str,
) -> Iterator[Record]:
    """Records from ``fetch(item, emit)`` run on ``workers`` threads; coverage goes to ``coverage``.

    A listing that yields nothing adds a ``skipped`` entry for ``scope`` with ``empty_reason`` (a scope that
    matches nothing is never clean); a listing that fails adds an ``error`` entry for ``scope``.
    """
    tune_allocator()  # records are built on fetch threads and freed on the scanning one
    q: queue.Queue[Record | Coverage | None] = queue.Queue(maxsize=2 * workers)
    stop = threading.Event()

    def put(item: Record | Coverage | None) -> None:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stopped

    def produce() -> None:  # always ends the stream with None unless the consumer has gone
        try:
            try:
                if not _feed(items, fetch, put, stop, workers=workers, thread_prefix=thread_prefix):
                    put(Coverage(kind, scope, "skipped", empty_reason))
            except Exception as exc:
                put(Coverage(kind, scope, "error", classify(exc)))
            put(None)
        except _Stopped:
            return

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, Coverage):
                coverage.append(item)
            else:
                yield item
    finally:
        stop.set()
        thread.join()


def _feed(
    items: Iterable[T], fetch: Callable[[T, Emit], None], put: _Put, stop: threading.Event, *,
    workers: int, thread_prefix: str,
) -> int:
    """Submit every item to the pool, at most ``workers`` in flight; returns how many were listed."""
    slots = threading.BoundedSemaphore(workers)
    listed = 0
    with ThreadPoolExecutor(workers, thread_name_prefix=thread_prefix) as pool:
        for item in items:
            listed += 1
            while not slots.acquire(timeout=0.1):
                if stop.is_set():
                    raise _Stopped
            pool.submit(fetch, item, put).add_done_callback(lambda _: slots.release())
    return listed


def read_object(cov: Coverage, fetch: Callable[[], tuple[Any, bool]], emit: Emit) -> None:
    """Emit the records of the body ``fetch()`` returns (with whether it is declared JSON), then ``cov``."""
    reader: TextReader | None = None
    body: Any = None
    try:
        body, declared_json = fetch()
        opened = open_stream(body)
        if detect(peek(opened)) is not None:  # an archive, document or columnar object: read by its format
            for rec in examine(opened, cov, emit):
                emit(rec)
            if (damage := gzip_error(opened)) is not None:
                raise damage
            emit(cov)
            return
        stream = Guarded(opened)
        reader = TextReader(stream, source=cov.source, location=cov.location, coverage=cov, binary_runs=True)
        ends = ["", ""]  # the first and last non-blank characters of the object's own text (JSON cut short?)
        for rec in with_attachments(_ends(reader.records(), ends), cov, emit):
            emit(rec)
        first, last = ends
        if stream.error is not None:
            raise stream.error
        if (damage := gzip_error(opened)) is not None:
            raise damage
        if reader.note is not None:  # binary, read by its text runs: no JSON to be cut short
            cov.reason = reader.note if cov.status == "scanned" else cov.reason
        elif reader.decode_errors:
            cov.status = "error"
            cov.reason = f"invalid UTF-8 ({reader.decode_errors} characters replaced)"
        elif _looks_json(first, declared_json) and last not in ("}", "]"):
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
    emit(cov)


def _ends(records: Iterable[Record], ends: list[str]) -> Iterator[Record]:
    """``records``, noting in ``ends`` the first and last non-blank characters of their text."""
    for rec in records:
        ends[0] = ends[0] or rec.text[:4096].lstrip()[:1]
        ends[1] = rec.text[-4096:].rstrip()[-1:] or ends[1]
        yield rec


def _looks_json(first: str, declared: bool) -> bool:
    """JSON or JSON lines: starts with ``{``, or starts with ``[`` and is named or typed as JSON."""
    return first == "{" or (first == "[" and declared)


def open_stream(body: Any) -> BinaryIO:
    """A binary stream over ``body`` (an S3 StreamingBody), gunzipped when it starts with gzip magic (a truncated or
    corrupt gzip ends early: ``scanners.formats.gz.gzip_error`` tells)."""
    buffered = io.BufferedReader(_Raw(body), 1 << 16)
    if buffered.peek(2)[:2] == MAGIC:  # damage ends the stream; ``gzip_error`` tells after reading
        return gunzipped(buffered)
    return buffered


class _Raw(io.RawIOBase):
    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self._body.read(len(buf))
        buf[: len(data)] = data
        return len(data)


