"""``spc scan`` against real S3 and CloudWatch Logs (opt-in: SPC_E2E_AWS=1 and AWS credentials).

Card data is planted in a temporary bucket (a plain and a gzipped object) and a temporary log group; the scan
must locate each finding exactly, exit 1, and exit 0 on a clean bucket. KMS fingerprints come from a temporary
HMAC_256 key and must equal ``GenerateMac`` under that key.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from scanners.cards.fingerprint import KmsFingerprinter

if TYPE_CHECKING:
    from .conftest import Aws

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
VISA, MASTERCARD, AMEX = "4111111111111111", "5555555555554444", "378282246310005"
PLAIN_KEY, GZIP_KEY, CLEAN_KEY = "app/orders.log", "archive/calls.log.gz", "app/notes.txt"
PLAIN_TEXT = f"start of shift\nINFO order 1001 paid card={VISA} amount=50.00\nend of shift\n"
GZIP_TEXT = f"line one\nline two\ncaller read out {MASTERCARD} twice\nline four\n"
CLEAN_TEXT = "nothing to see here\norder 1001 total 50.00\n"
LOG_MESSAGES = ("service started", f"payment retry for card {AMEX} failed", "service stopped")
VISIBLE_WITHIN_S = 120  # CloudWatch Logs makes new events searchable within seconds, sometimes longer


@dataclass(frozen=True)
class Planted:
    bucket: str
    group: str
    stream: str
    card_event: dict[str, Any]  # the FilterLogEvents entry that holds the Amex number


def _safe(text: str) -> str:
    """Text for an assertion message with every long digit run hidden (hygiene: no PAN in test output)."""
    return re.sub(r"\d{12,}", "<digits>", text)[-2000:]


def _visible_events(logs: Any, group: str, start_ms: int, want: int) -> list[dict[str, Any]]:
    """Every event of ``group`` once FilterLogEvents returns ``want`` of them (new events are not instant)."""
    deadline = time.monotonic() + VISIBLE_WITHIN_S
    while True:
        events: list[dict[str, Any]] = []
        args: dict[str, Any] = {"logGroupName": group, "startTime": start_ms}
        while True:
            page = logs.filter_log_events(**args)
            events.extend(page.get("events", []))
            if not page.get("nextToken"):
                break
            args["nextToken"] = page["nextToken"]
        if len(events) >= want:
            return events
        if time.monotonic() > deadline:
            pytest.fail(f"only {len(events)} of {want} log events searchable after {VISIBLE_WITHIN_S} s")
        time.sleep(3)


@pytest.fixture(scope="module")
def planted(aws: Aws, make_bucket: Callable[[str], str], make_log_group: Callable[[str], str]) -> Planted:
    s3, logs = aws.client("s3"), aws.client("logs")
    bucket = make_bucket("leaky")
    s3.put_object(Bucket=bucket, Key=PLAIN_KEY, Body=PLAIN_TEXT.encode(), ContentType="text/plain")
    s3.put_object(Bucket=bucket, Key=GZIP_KEY, Body=gzip.compress(GZIP_TEXT.encode()), ContentType="application/gzip")
    s3.put_object(Bucket=bucket, Key=CLEAN_KEY, Body=CLEAN_TEXT.encode(), ContentType="text/plain")

    group = make_log_group("app")
    stream = "payments-1"
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    now_ms = int(time.time() * 1000)
    start_ms = now_ms - 10 * 60 * 1000
    batch = [{"timestamp": now_ms - (3 - i) * 30_000, "message": msg} for i, msg in enumerate(LOG_MESSAGES)]
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=batch)
    events = _visible_events(logs, group, start_ms, len(batch))
    card_event = next(e for e in events if AMEX in e["message"])
    return Planted(bucket, group, stream, card_event)


def spc(aws: Aws, tmp: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run ``spc scan ... --format json`` as a user would; returns the process and the parsed JSON."""
    out = subprocess.run(
        [sys.executable, "-m", "scanners.cli", "scan", *args, "--format", "json", "--no-progress"],
        capture_output=True,
        text=True,
        env=aws.cli_env(tmp / "fingerprint.key"),
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert out.stdout.strip(), f"spc printed no JSON (exit {out.returncode}): {_safe(out.stderr)}"
    assert not any(pan in out.stdout + out.stderr for pan in (VISA, MASTERCARD, AMEX)), "a full PAN was printed"
    return out, json.loads(out.stdout)


def _incomplete(doc: dict[str, Any]) -> str:
    return _safe(json.dumps([c for c in doc["coverage"] if c["status"] != "scanned"]))


def test_scan_locates_card_data_in_s3_and_cloudwatch(aws: Aws, planted: Planted, tmp_path: Path) -> None:
    out, doc = spc(aws, tmp_path, f"s3://{planted.bucket}/", f"cloudwatch:{planted.group}", "--since", "1h")
    assert out.returncode == 1, f"exit {out.returncode}; not scanned: {_incomplete(doc)}; {_safe(out.stderr)}"
    assert doc["verdict"] == "leaks"

    s3_found = {
        (f["location"]["bucket"], f["location"]["key"], f["location"]["line"], f["type"])
        for f in doc["findings"]
        if f["source"] == "s3"
    }
    assert s3_found == {(planted.bucket, PLAIN_KEY, 2, "pan"), (planted.bucket, GZIP_KEY, 3, "pan")}

    event = planted.card_event
    cw_found = [
        (
            f["location"]["log_group"],
            f["location"]["log_stream"],
            f["location"]["timestamp"],
            f["location"]["event_id"],
            f["type"],
        )
        for f in doc["findings"]
        if f["source"] == "cloudwatch"
    ]
    assert cw_found == [(planted.group, planted.stream, event["timestamp"], event["eventId"], "pan")]
    assert len(doc["findings"]) == 3, "findings outside the planted ones"

    masked = {f["location"].get("key", "cloudwatch"): f["masked"] for f in doc["findings"]}
    assert masked == {PLAIN_KEY: "411111******1111", GZIP_KEY: "555555******4444", "cloudwatch": "378282*****0005"}
    assert all(f["fingerprint"].startswith("hmac-sha256:") for f in doc["findings"])

    covered = {(c["location"].get("bucket"), c["location"].get("key")) for c in doc["coverage"] if c["source"] == "s3"}
    assert covered == {(planted.bucket, k) for k in (PLAIN_KEY, GZIP_KEY, CLEAN_KEY)}
    groups = [c for c in doc["coverage"] if c["source"] == "cloudwatch"]
    assert [(c["location"]["log_group"], c["status"], c["items_scanned"]) for c in groups] == [
        (planted.group, "scanned", len(LOG_MESSAGES))
    ]


def test_clean_bucket_exits_zero(aws: Aws, make_bucket: Callable[[str], str], tmp_path: Path) -> None:
    bucket = make_bucket("clean")
    aws.client("s3").put_object(Bucket=bucket, Key=CLEAN_KEY, Body=CLEAN_TEXT.encode(), ContentType="text/plain")
    out, doc = spc(aws, tmp_path, f"s3://{bucket}/")
    assert out.returncode == 0, f"exit {out.returncode}; not scanned: {_incomplete(doc)}; {_safe(out.stderr)}"
    assert doc["verdict"] == "clean" and doc["findings"] == []
    assert [(c["location"]["key"], c["status"], c["items_scanned"]) for c in doc["coverage"]] == [
        (CLEAN_KEY, "scanned", 2)
    ]


def test_kms_fingerprints_are_generate_mac_under_the_key(
    aws: Aws, planted: Planted, hmac_key: str, tmp_path: Path
) -> None:
    out, doc = spc(aws, tmp_path, f"s3://{planted.bucket}/", "--kms-key-id", hmac_key)
    assert out.returncode == 1, f"exit {out.returncode}; not scanned: {_incomplete(doc)}; {_safe(out.stderr)}"
    got = {f["location"]["key"]: f["fingerprint"] for f in doc["findings"]}
    assert set(got) == {PLAIN_KEY, GZIP_KEY}

    kms = KmsFingerprinter(aws.client("kms"), hmac_key)
    assert got[PLAIN_KEY] == kms.fingerprint("pan", VISA)
    assert got[GZIP_KEY] == kms.fingerprint("pan", MASTERCARD)
    assert got[PLAIN_KEY] != got[GZIP_KEY]
    assert not (tmp_path / "fingerprint.key").exists(), "a KMS scan must not create a local key file"
