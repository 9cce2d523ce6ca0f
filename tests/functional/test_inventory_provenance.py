"""The account inventory (scope completeness) and run provenance against the local moto stack."""

from __future__ import annotations

import json
import re

import pytest

from reports.evidence.inventory import inventory
from scanners.jobs.provenance import provenance
from tests.functional.conftest import make_client

PAN = "4111 1111 1111 1111"  # published test card


@pytest.fixture
def account(moto_server: str):
    def clients(name: str):
        return make_client(moto_server, name)

    logs = clients("logs")
    for group in ("/aws/lambda/ivr-payment", "/aws/lambda/payment-refunds", "/app/metrics"):
        logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName="/aws/lambda/payment-refunds", logStreamName="s")
    logs.put_log_events(logGroupName="/aws/lambda/payment-refunds", logStreamName="s",
                        logEvents=[{"timestamp": 1_700_000_000_000, "message": f"refund card={PAN}"}])
    s3 = clients("s3")
    for bucket in ("spc-audit", "spc-recordings", "spc-static"):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket="spc-audit", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="spc-audit", Key="audit/a.json", Body=b"{}")
    s3.put_object(Bucket="spc-audit", Key="audit/a.json", Body=b'{"v": 2}')  # leaves one non-current version
    s3.put_object(Bucket="spc-audit", Key="audit/old.json", Body=b"{}", StorageClass="DEEP_ARCHIVE")
    return clients


def test_inventory_counts_every_item_and_flags_likely_card_data_left_out(account) -> None:
    targets = ["cloudwatch:/aws/lambda/ivr", "s3://spc-audit/audit/"]
    inv = inventory(account, targets, payment_functions=["payment-refunds"])
    logs = inv["kinds"]["log_groups"]
    assert logs["summary"] == "1 of 3 log groups in scope"
    by_name = {i["name"]: i for i in logs["items"]}
    assert by_name["/aws/lambda/ivr-payment"]["in_scope"]
    assert by_name["/aws/lambda/ivr-payment"]["reason"] == "matches target cloudwatch:/aws/lambda/ivr"
    refunds = by_name["/aws/lambda/payment-refunds"]
    assert not refunds["in_scope"] and refunds["reason"] == "no scan target covers it"
    assert refunds["likely_card_data"] and "payment function payment-refunds" in refunds["why_likely"]
    assert not by_name["/app/metrics"]["likely_card_data"]
    buckets = inv["kinds"]["buckets"]
    assert buckets["total"] == 3 and buckets["in_scope"] == 1
    left = {(x["kind"], x["name"]) for x in inv["left_out"]}
    assert ("log_groups", "/aws/lambda/payment-refunds") in left
    assert ("buckets", "spc-recordings") in left
    assert ("buckets", "spc-static") not in left
    reasons = " | ".join(n["reason"] for n in inv["not_examined"])
    assert "1 non-current object version(s)" in reasons
    assert "1 object(s) in an archive tier" in reasons
    text = json.dumps(inv)
    assert "4111" not in text  # the inventory lists locations, never content
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", inv["recorded"])


def test_inventory_records_a_listing_it_could_not_make(account) -> None:
    def broken(name: str):
        if name == "logs":
            from botocore.exceptions import ClientError

            class Denied:
                def get_paginator(self, op: str):
                    raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, op)

            return Denied()
        return account(name)

    inv = inventory(broken, ["s3://spc-audit/"])
    logs = inv["kinds"]["log_groups"]
    assert not logs["complete"] and not inv["complete"]
    assert logs["errors"] == ["DescribeLogGroups: AccessDeniedException"]
    assert logs["summary"].endswith("(listing incomplete)")


def test_provenance_records_caller_window_and_build(account, monkeypatch) -> None:
    monkeypatch.setenv("SPC_BUILD_ID", "ci-build-42")
    out = provenance(account, region="us-east-1", start_ms=1_700_000_000_000, end_ms=1_700_086_400_000)
    assert out["caller_arn"].startswith("arn:aws:") and out["account"].isdigit()
    assert out["window"] == {"start": "2023-11-14T22:13:20Z", "end": "2023-11-15T22:13:20Z"}
    assert out["tool"]["build"] == "ci-build-42"
    assert re.fullmatch(r"[0-9a-f]{64}", out["tool"]["source_sha256"])
    assert {d["id"] for d in out["detectors"]} >= {"pan", "cvv"}
    assert all(re.fullmatch(r"[0-9a-f]{12}", d["version"]) for d in out["detectors"])
    assert out["region"] == "us-east-1"


def test_provenance_says_not_recorded_when_sts_is_denied(account) -> None:
    from botocore.exceptions import ClientError

    class Sts:
        def get_caller_identity(self):
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "x"}}, "GetCallerIdentity")

    out = provenance(lambda name: Sts() if name == "sts" else account(name), environ={})
    assert out["caller_arn"] == "not recorded (AccessDenied)"
    assert out["window"] == {"start": "not recorded", "end": "not recorded"}
    assert out["tool"]["build"].startswith(("git:", "sha256:"))
