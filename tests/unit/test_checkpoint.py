"""Checkpoint windows: consecutive complete runs tile time; incomplete runs never move the mark."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from scanners.errors import CheckpointError, ConfigError, ScanError
from scanners.jobs.checkpoint import (
    FileCheckpointStore,
    Mark,
    S3CheckpointStore,
    Window,
    advance,
    decode,
    encode,
    plan,
    store_from_uri,
)

T = "cloudwatch:/aws/lambda/payment"
U = "s3://audit-logs/"
HOUR = 3_600_000


def test_first_run_has_no_start_and_ends_at_now_minus_settle() -> None:
    windows = plan({}, [T], now_ms=10 * HOUR, settle_ms=HOUR)
    assert windows == {T: Window(None, 9 * HOUR)}


def test_consecutive_complete_runs_tile_time_without_gap_or_overlap() -> None:
    marks: dict[str, Mark] = {}
    covered: list[tuple[int | None, int]] = []
    for night in range(1, 5):
        windows = plan(marks, [T], now_ms=night * 24 * HOUR, settle_ms=HOUR)
        covered.append((windows[T].start_ms, windows[T].end_ms))
        marks = advance(marks, windows, {T: True}, run_id=f"run-{night}")
    for (_, prev_end), (start, _) in itertools.pairwise(covered):
        assert start == prev_end + 1
    assert marks[T].high_water_ms == 4 * 24 * HOUR - HOUR
    assert marks[T].run_id == "run-4"


@pytest.mark.parametrize(
    ("complete", "expected_start_next"),
    [
        ({T: True, U: False}, {T: 9 * HOUR + 1, U: 5 * HOUR + 1}),
        ({T: False, U: True}, {T: None, U: 9 * HOUR + 1}),
        ({}, {T: None, U: 5 * HOUR + 1}),
    ],
)
def test_only_complete_targets_advance(
    complete: dict[str, bool], expected_start_next: dict[str, int | None]
) -> None:
    marks = {U: Mark(5 * HOUR, "old", "2026-01-01T00:00:00+00:00")}
    windows = plan(marks, [T, U], now_ms=10 * HOUR, settle_ms=HOUR)
    assert windows[U] == Window(5 * HOUR + 1, 9 * HOUR)
    new = advance(marks, windows, complete, run_id="r")
    nxt = plan(new, [T, U], now_ms=20 * HOUR, settle_ms=HOUR)
    assert {t: w.start_ms for t, w in nxt.items()} == expected_start_next


def test_full_ignores_marks_and_still_advances_when_complete() -> None:
    marks = {T: Mark(5 * HOUR, "old", "x")}
    windows = plan(marks, [T], now_ms=10 * HOUR, settle_ms=0, full=True)
    assert windows[T] == Window(None, 10 * HOUR)
    assert advance(marks, windows, {T: True}, run_id="full")[T].high_water_ms == 10 * HOUR


def test_empty_window_when_run_again_within_settle_time_does_not_move_mark() -> None:
    marks = {T: Mark(10 * HOUR, "old", "x")}
    windows = plan(marks, [T], now_ms=10 * HOUR + 60_000, settle_ms=HOUR)
    assert windows[T].empty
    assert advance(marks, windows, {T: True}, run_id="r")[T] == marks[T]


def test_negative_settle_is_rejected_naming_the_field() -> None:
    with pytest.raises(ConfigError, match="settle_ms"):
        plan({}, [T], now_ms=0, settle_ms=-1)


def test_encode_decode_round_trip() -> None:
    marks = {T: Mark(123, "r1", "2026-01-01T00:00:00+00:00"), U: Mark(456, "r2", "2026-01-02T00:00:00+00:00")}
    assert decode(encode(marks), "x") == marks


@pytest.mark.parametrize(
    "raw",
    [b"", b"not json", b"[]", b'{"version": 2, "targets": {}}', b'{"version": 1, "targets": []}',
     b'{"version": 1, "targets": {"t": {"high_water_ms": "soon"}}}', b'{"version": 1}'],
)
def test_malformed_checkpoint_is_a_config_error_naming_where(raw: bytes) -> None:
    with pytest.raises(ConfigError, match=r"checkpoint /x/cp\.json: expected JSON"):
        decode(raw, "/x/cp.json")


def test_file_store_missing_file_is_empty_then_round_trips(tmp_path: Path) -> None:
    store = FileCheckpointStore(tmp_path / "sub" / "cp.json")
    assert store.load() == {}
    marks = {T: Mark(1, "r", "u")}
    store.save(marks)
    assert store.load() == marks
    assert json.loads((tmp_path / "sub" / "cp.json").read_text())["targets"][T]["high_water_ms"] == 1


@pytest.mark.parametrize("uri", ["", "s3://", "s3://bucket-only", "s3://bucket/"])
def test_bad_store_uri_is_rejected(uri: str) -> None:
    with pytest.raises(ConfigError, match="checkpoint location"):
        store_from_uri(uri, s3_client=object())


def test_store_from_uri_picks_the_backend(tmp_path: Path) -> None:
    assert isinstance(store_from_uri(str(tmp_path / "c.json")), FileCheckpointStore)
    s3 = store_from_uri("s3://bkt/checkpoints/nightly.json", s3_client=object())
    assert isinstance(s3, S3CheckpointStore)
    assert s3.where == "s3://bkt/checkpoints/nightly.json"


def test_file_store_that_cannot_be_written_is_a_checkpoint_error_leaving_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "cp.json").mkdir()  # os.replace onto a directory fails after the temp file is written
    with pytest.raises(CheckpointError, match=r"^checkpoint file .*cp\.json: cannot be written \(") as info:
        FileCheckpointStore(tmp_path / "cp.json").save({T: Mark(1, "r", "u")})
    assert isinstance(info.value, ScanError)
    assert [p.name for p in tmp_path.iterdir()] == ["cp.json"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(CheckpointError, match="cannot be written"):
        FileCheckpointStore(tmp_path / "file" / "cp.json").save({})


def test_unreadable_file_store_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^checkpoint file .*: cannot be read"):
        FileCheckpointStore(tmp_path).load()


class Failing:
    """An S3 client whose calls raise a ClientError with ``code``."""

    def __init__(self, code: str) -> None:
        self.code = code

    def _raise(self, **_: object) -> None:
        raise ClientError({"Error": {"Code": self.code, "Message": "m"}}, "Op")

    get_object = put_object = _raise


@pytest.mark.parametrize(
    ("code", "load", "save"),
    [
        ("AccessDenied", "cannot be read (AccessDenied)", "cannot be written (AccessDenied)"),
        ("NoSuchKey", None, "cannot be written (NoSuchKey)"),
        ("PreconditionFailed", "cannot be read (PreconditionFailed)", "changed by another run since it was read"),
        ("ConditionalRequestConflict", "cannot be read (ConditionalRequestConflict)", "changed by another run"),
    ],
)
def test_s3_store_failures_are_checkpoint_errors_naming_the_location(
    code: str, load: str | None, save: str
) -> None:
    store = S3CheckpointStore(Failing(code), "bkt", "cp.json")
    if load is None:
        assert store.load() == {}
    else:
        with pytest.raises(CheckpointError, match="^checkpoint s3://bkt/cp.json: " + re.escape(load)):
            store.load()
    with pytest.raises(CheckpointError, match="^checkpoint s3://bkt/cp.json: " + re.escape(save)):
        store.save({})
