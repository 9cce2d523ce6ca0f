"""S3Source's concurrent fetching against moto server: paging, early stop, and a queue that bounds memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from typing import Any, cast

import pytest

from scanners.engine.finding import Record
from scanners.sources.s3 import S3Source

BUCKET = "audit-logs"


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


class Counting:
    """The real client, counting ``get_object`` calls."""

    def __init__(self, real: Any) -> None:
        self.real, self.calls = real, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def get_object(self, **kw: Any) -> Any:
        self.calls += 1
        return self.real.get_object(**kw)


def s3source_threads() -> list[threading.Thread]:
    # only the source's own workers: the moto server runs a thread per request of its own
    return [t for t in threading.enumerate() if t.name.startswith("s3source")]


def test_more_than_one_page_of_objects_fetched_concurrently(s3: Any) -> None:
    for i in range(31):
        s3.put_object(Bucket=BUCKET, Key=f"p/{i:05d}.log", Body=f"obj {i}\n".encode())
    source = S3Source(s3, BUCKET, "p/", max_workers=8, page_size=7)
    records = list(source.records())
    assert len(source.coverage) == 31
    assert sorted(r.text for r in records) == sorted(f"obj {i}\n" for i in range(31))


def test_consumer_stopping_early_releases_the_workers(s3: Any) -> None:
    for i in range(40):
        s3.put_object(Bucket=BUCKET, Key=f"k{i}.log", Body=b"x\n" * 1000)
    gen = cast(Generator[Record, None, None], S3Source(s3, BUCKET, max_workers=4).records())
    next(gen)
    assert s3source_threads()
    gen.close()
    assert not s3source_threads()


def test_queue_is_bounded(s3: Any) -> None:
    """A stalled consumer stalls the workers: objects are not all fetched ahead into memory."""
    big = b"".join(b"%d filler text for a long line\n" % i for i in range(100_000))  # ~3 records each
    for i in range(8):
        s3.put_object(Bucket=BUCKET, Key=f"big{i}.log", Body=big)
    client = Counting(s3)
    source = S3Source(client, BUCKET, max_workers=2)
    gen = source.records()
    next(gen)
    time.sleep(0.5)  # give the workers time to run ahead as far as they can
    fetched_while_stalled = client.calls
    rest = list(gen)
    assert fetched_while_stalled <= 4
    assert client.calls == 8
    assert len(rest) >= 16
    assert len(source.coverage) == 8
