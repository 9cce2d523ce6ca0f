"""S3 checkpoint store against moto server: round trip, conditional writes, storage failures as CheckpointError."""

from __future__ import annotations

from typing import Any

import pytest

from scanners.errors import CheckpointError
from scanners.jobs.checkpoint import Mark, S3CheckpointStore

BUCKET = "scan-state"
MARKS = {"s3://audit-logs/": Mark(123, "r1", "2026-03-05T02:00:00+00:00")}


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def test_round_trip_and_repeated_saves_by_the_same_run(s3: Any) -> None:
    store = S3CheckpointStore(s3, BUCKET, "checkpoints/nightly.json")
    assert store.load() == {}
    store.save(MARKS)
    store.save(MARKS)  # the store keeps the new ETag, so its own second write is not a conflict
    assert S3CheckpointStore(s3, BUCKET, "checkpoints/nightly.json").load() == MARKS


def test_checkpoint_written_by_another_run_is_not_overwritten(s3: Any) -> None:
    store = S3CheckpointStore(s3, BUCKET, "cp.json")
    assert store.load() == {}
    other = S3CheckpointStore(s3, BUCKET, "cp.json")
    other.load()
    other.save(MARKS)
    with pytest.raises(CheckpointError, match=r"^checkpoint s3://scan-state/cp\.json: changed by another run"):
        store.save({})
    assert S3CheckpointStore(s3, BUCKET, "cp.json").load() == MARKS


def test_missing_bucket_is_a_checkpoint_error_naming_the_location(s3: Any) -> None:
    store = S3CheckpointStore(s3, "no-such-bucket", "cp.json")
    with pytest.raises(CheckpointError, match=r"^checkpoint s3://no-such-bucket/cp\.json: cannot be read \(NoSuch"):
        store.load()
    with pytest.raises(CheckpointError, match=r"cannot be written \(NoSuchBucket\)"):
        store.save(MARKS)
