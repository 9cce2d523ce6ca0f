"""Run files in, items out: every bad input named with what was expected, never a value."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reports.errors import RemediationError
from reports.remediate.items import load_run, select, store_of

CW = {"log_group": "/aws/lambda/f", "log_stream": "2026/01/01/[3]abc", "timestamp": 1, "event_id": "7"}


def finding(source: str, location: dict[str, Any], fp: str = "hmac-sha256:aa") -> dict[str, Any]:
    return {"type": "pan", "source": source, "location": location, "masked": "424242******4242", "fingerprint": fp}


@pytest.mark.parametrize(
    ("source", "location", "expected"),
    [
        ("s3", {"bucket": "b", "key": "k", "line": 2}, ("s3", ("b", "k"))),
        ("cloudwatch", CW, ("cloudwatch", ("/aws/lambda/f", "2026/01/01/[3]abc"))),
        ("bedrock", {**CW, "request_id": "r"}, ("cloudwatch", ("/aws/lambda/f", "2026/01/01/[3]abc"))),
        ("bedrock", {"bucket": "b", "key": "logs/x.json.gz", "line": 1}, ("s3", ("b", "logs/x.json.gz"))),
        ("bedrock", {"request_id": "r", "body": "s3://big/bodies/r.json"}, ("s3", ("big", "bodies/r.json"))),
        ("recordings", {"bucket": "b", "key": "c.wav", "offset_seconds": 1.5}, ("recordings", ("b", "c.wav"))),
        ("file", {"path": "x.log", "line": 1}, None),
    ],
)
def test_store_of(source: str, location: dict[str, Any], expected: Any) -> None:
    assert store_of(finding(source, location)) == expected


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "run.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json {", "expected run JSON"),
        ([1, 2], "expected a run JSON object with a findings list"),
        ({"verdict": "leaks"}, "expected a run JSON object with a findings list"),
        ({"findings": [{"location": {"bucket": "b"}}]},
         "findings[0]: expected an object with location and fingerprint"),
    ],
)
def test_bad_run_files(tmp_path: Path, content: Any, expected: str) -> None:
    with pytest.raises(RemediationError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        load_run(write(tmp_path, content))


def test_missing_run_file(tmp_path: Path) -> None:
    with pytest.raises(RemediationError, match="cannot be read"):
        load_run(tmp_path / "absent.json")


def test_select_groups_by_item_and_names_the_unsupported(tmp_path: Path) -> None:
    run = load_run(write(tmp_path, {"findings": [
        finding("s3", {"bucket": "b", "key": "k", "line": 1}, "hmac-sha256:aa"),
        finding("s3", {"bucket": "b", "key": "k", "line": 9}, "hmac-sha256:bb"),
        finding("cloudwatch", CW, "hmac-sha256:aa"),
        finding("file", {"path": "x.log"}, "hmac-sha256:cc"),
    ]}))
    items, unsupported = select(run, [], everything=True)
    assert sorted((i.store, len(i.findings)) for i in items) == [("cloudwatch", 1), ("s3", 2)]
    assert len(unsupported) == 1 and "hmac-sha256:cc" in unsupported[0]
    only, _ = select(run, ["hmac-sha256:bb"], everything=False)
    assert [i.fingerprints for i in only] == [frozenset({"hmac-sha256:bb"})]
    narrowed, _ = select(run, [], everything=True, keep=lambda f: f["source"] == "cloudwatch")
    assert [i.name for i in narrowed] == ["cloudwatch:/aws/lambda/f > 2026/01/01/[3]abc"]


@pytest.mark.parametrize(
    ("fingerprints", "everything", "expected"),
    [([], False, "--finding FINGERPRINT or --all"), (["hmac-sha256:zz"], False, "--finding hmac-sha256:zz: expected")],
)
def test_select_bad_choices(tmp_path: Path, fingerprints: list[str], everything: bool, expected: str) -> None:
    run = load_run(write(tmp_path, {"findings": [finding("s3", {"bucket": "b", "key": "k"})]}))
    with pytest.raises(RemediationError, match=expected):
        select(run, fingerprints, everything)


def test_scan_time_and_account(tmp_path: Path) -> None:
    run = load_run(write(tmp_path, {"findings": [], "summary": {"finished": 1_700_000_000.5},
                                    "scope": {"account": "123456789012 (local stack)"}}))
    assert run.scanned_at == datetime.fromtimestamp(1_700_000_000.5, UTC)
    assert run.account == "123456789012"
    nightly = load_run(write(tmp_path, {"findings": [], "timings": {"finished": "2026-01-01T02:00:00+00:00"}}))
    assert nightly.scanned_at == datetime(2026, 1, 1, 2, 0, 0, tzinfo=UTC) + timedelta(seconds=1)
    assert nightly.account is None
    with pytest.raises(RemediationError, match="expected the scan's finish time"):
        _ = load_run(write(tmp_path, {"findings": []})).scanned_at
