"""S3 holding every format, old versions and archived objects (moto server): each card found with a location a
person can follow; archived objects listed as not examined with the restore needed; the verdict never clean."""

from __future__ import annotations

from typing import Any

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.pipeline import run_scan
from scanners.formats.canaries import WHERE, format_canaries
from scanners.sources.s3 import S3Source
from scanners.sources.s3_archive import TIERS, archive_reason
from scanners.sources.targets import parse_target

BUCKET = "support-uploads"
PAN = "4111111111111111"


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def scan(source: S3Source) -> dict[str, Any]:
    return run_scan([source], fingerprinter=LocalKeyFingerprinter(b"k" * 32)).to_dict()


def test_every_format_in_a_bucket_is_found_where_it_is(s3: Any) -> None:
    canaries = format_canaries().files
    for c in canaries:
        s3.put_object(Bucket=BUCKET, Key=f"inbox/{c.name}", Body=c.data)
    out = scan(S3Source(s3, BUCKET, "inbox/", max_workers=3))
    found = {f["location"]["key"].removeprefix("inbox/"): f["location"] for f in out["findings"]}
    assert set(found) == {c.name for c in canaries}
    for c in canaries:
        assert {k: found[c.name][k] for k in WHERE.get(c.format, {})} == WHERE.get(c.format, {}), c.format
    assert out["summary"]["incomplete_items"] == 0
    assert PAN not in repr(out)


def test_versions_and_delete_markers(s3: Any, boto_clients: Any) -> None:
    s3.create_bucket(Bucket="exports")
    s3.put_bucket_versioning(Bucket="exports", VersioningConfiguration={"Status": "Enabled"})
    xlsx = next(c for c in format_canaries().files if c.format == "xlsx")
    old = s3.put_object(Bucket="exports", Key="chargebacks.xlsx", Body=xlsx.data)["VersionId"]
    s3.put_object(Bucket="exports", Key="chargebacks.xlsx", Body=b"redacted\n")
    s3.delete_object(Bucket="exports", Key="chargebacks.xlsx")

    latest = scan(S3Source(s3, "exports"))
    assert latest["findings"] == []  # the current view holds nothing at all

    source = parse_target("s3://exports", clients=boto_clients, versions=True)
    out = scan(source)  # type: ignore[arg-type]
    (finding,) = out["findings"]
    assert finding["location"]["version_id"] == old and finding["location"]["cell"] == "B2"
    markers = [c for c in out["coverage"] if c["location"].get("delete_marker")]
    assert len(markers) == 1 and markers[0]["status"] == "scanned"
    assert "delete marker" in markers[0]["reason"]


def test_archived_objects_are_listed_with_the_restore_needed(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="old/2019.log", Body=f"card {PAN}\n".encode(), StorageClass="GLACIER")
    s3.put_object(Bucket=BUCKET, Key="old/2018.log", Body=b"x\n", StorageClass="DEEP_ARCHIVE")
    s3.put_object(Bucket=BUCKET, Key="old/ir.log", Body=b"instant retrieval is readable\n",
                  StorageClass="GLACIER_IR")
    out = scan(S3Source(s3, BUCKET, "old/"))
    cov = {c["location"]["key"]: (c["status"], c.get("reason")) for c in out["coverage"]}
    assert cov["old/2019.log"] == ("skipped", TIERS["GLACIER"])
    assert cov["old/2018.log"] == ("skipped", TIERS["DEEP_ARCHIVE"])
    assert cov["old/ir.log"][0] == "scanned"
    assert out["verdict"] == "incomplete"


class _Head:
    def __init__(self, head: dict[str, Any]) -> None:
        self.head = head

    def head_object(self, **_: Any) -> dict[str, Any]:
        return self.head


@pytest.mark.parametrize(
    ("storage", "head", "expected"),
    [
        ("INTELLIGENT_TIERING", {"ArchiveStatus": "ARCHIVE_ACCESS"}, TIERS["ARCHIVE_ACCESS"]),
        ("INTELLIGENT_TIERING", {"ArchiveStatus": "DEEP_ARCHIVE_ACCESS"}, TIERS["DEEP_ARCHIVE_ACCESS"]),
        ("INTELLIGENT_TIERING", {}, None),  # frequent/infrequent/archive-instant tiers are readable
        ("GLACIER", {"Restore": 'ongoing-request="false", expiry-date="Fri, 21 Dec 2026 00:00:00 GMT"'}, None),
        ("GLACIER", {"Restore": 'ongoing-request="true"'},
         "archived in S3 Glacier Flexible Retrieval: restore in progress, not examined yet"),
        ("STANDARD", {}, None),
    ],
)
def test_archive_reason_table(storage: str, head: dict[str, Any], expected: str | None) -> None:
    assert archive_reason(_Head(head), "b", {"Key": "k", "StorageClass": storage}, {"Key": "k"}) == expected
