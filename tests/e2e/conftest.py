"""Gates and disposable cloud resources for the opt-in end-to-end tests (see README.md).

AWS tests run only with ``SPC_E2E_AWS=1`` and credentials boto3 can find; Stripe tests only with a test-mode
``STRIPE_TEST_SECRET_KEY`` (``sk_test_...``), and a live key is refused. Every AWS resource gets a unique name
and the tag ``spc-e2e=1``; a finalizer registered the moment it exists deletes it, whatever the test's outcome.
``SPC_E2E_ENDPOINT_URL`` sends every AWS call (the ``spc`` subprocess's too) to another endpoint, e.g. a moto
server for a dry run; ``SPC_E2E_STRIPE_API_BASE`` does the same for Stripe. Unset, they reach the real services.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

TAG_KEY, TAG_VALUE = "spc-e2e", "1"
DEFAULT_REGION = "us-east-1"
KEY_DELETION_DAYS = 7  # the shortest pending window KMS allows


def unique(stem: str) -> str:
    """``stem`` plus a random suffix, so parallel or leftover runs never collide."""
    return f"{stem}-{uuid.uuid4().hex[:12]}"


# -- gates ------------------------------------------------------------------------------------------------------
def aws_skip_reason() -> str | None:
    """Why the AWS tests cannot run, or None. Credentials are looked up only after the explicit opt-in."""
    if os.environ.get("SPC_E2E_AWS") != "1":
        return "AWS end-to-end tests are opt-in: set SPC_E2E_AWS=1 and provide AWS credentials (tests/e2e/README.md)"
    import boto3

    if boto3.session.Session().get_credentials() is None:
        return "SPC_E2E_AWS=1 but boto3 found no AWS credentials (environment, profile, SSO or instance role)"
    return None


def stripe_test_key() -> str:
    """The Stripe test-mode secret key, or skip; a live key is an error, never used."""
    key = os.environ.get("STRIPE_TEST_SECRET_KEY", "").strip()
    if not key:
        pytest.skip("Stripe end-to-end tests are opt-in: set STRIPE_TEST_SECRET_KEY to a test-mode key (sk_test_...)")
    if key.startswith(("sk_live_", "rk_live_")):
        pytest.fail(
            "STRIPE_TEST_SECRET_KEY holds a live-mode key: refusing to run (expected sk_test_...)", pytrace=False
        )
    if not key.startswith("sk_test_"):
        pytest.skip("STRIPE_TEST_SECRET_KEY: expected a test-mode secret key starting with sk_test_")
    return key


# -- AWS ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Aws:
    """Where the AWS tests run: region, and an endpoint override for dry runs (None = real AWS)."""

    region: str
    endpoint_url: str | None

    def client(self, service: str) -> Any:
        import boto3
        from botocore.config import Config

        session: Any = boto3.session.Session(region_name=self.region)
        config = Config(retries={"mode": "standard", "max_attempts": 5})
        return session.client(service, endpoint_url=self.endpoint_url, config=config)

    def cli_env(self, key_file: Path) -> dict[str, str]:
        """Environment for an ``spc`` subprocess: same region and endpoint, a throwaway fingerprint key file."""
        env = dict(os.environ, AWS_REGION=self.region, AWS_DEFAULT_REGION=self.region, SPC_KEY_FILE=str(key_file))
        if self.endpoint_url:
            env["AWS_ENDPOINT_URL"] = self.endpoint_url
        return env


@pytest.fixture(scope="session")
def aws() -> Aws:
    reason = aws_skip_reason()
    if reason:
        pytest.skip(reason)
    region = os.environ.get("AWS_REGION") or DEFAULT_REGION
    return Aws(region, os.environ.get("SPC_E2E_ENDPOINT_URL") or None)


def _delete_bucket(s3: Any, name: str) -> None:
    try:
        keys = [
            {"Key": obj["Key"]}
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name)
            for obj in page.get("Contents", [])
        ]
        for i in range(0, len(keys), 1000):
            s3.delete_objects(Bucket=name, Delete={"Objects": keys[i : i + 1000], "Quiet": True})
        s3.delete_bucket(Bucket=name)
    except s3.exceptions.NoSuchBucket:
        return


def _delete_log_group(logs: Any, name: str) -> None:
    try:
        logs.delete_log_group(logGroupName=name)
    except logs.exceptions.ResourceNotFoundException:
        return


@pytest.fixture(scope="module")
def make_bucket(aws: Aws, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """``make_bucket("leaky") -> name``: a tagged, empty bucket, emptied and deleted after the module."""
    s3 = aws.client("s3")

    def make(label: str) -> str:
        name = unique(f"spc-e2e-{label}")
        where = {} if aws.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": aws.region}}
        s3.create_bucket(Bucket=name, **where)
        request.addfinalizer(lambda: _delete_bucket(s3, name))
        s3.get_waiter("bucket_exists").wait(Bucket=name, WaiterConfig={"Delay": 2, "MaxAttempts": 30})
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": TAG_KEY, "Value": TAG_VALUE}]})
        return name

    return make


@pytest.fixture(scope="module")
def make_log_group(aws: Aws, request: pytest.FixtureRequest) -> Callable[[str], str]:
    """``make_log_group("app") -> name``: a tagged log group (1-day retention as a backstop), deleted after."""
    logs = aws.client("logs")

    def make(label: str) -> str:
        name = unique(f"/spc-e2e/{label}")
        logs.create_log_group(logGroupName=name, tags={TAG_KEY: TAG_VALUE})
        request.addfinalizer(lambda: _delete_log_group(logs, name))
        logs.put_retention_policy(logGroupName=name, retentionInDays=1)
        return name

    return make


@pytest.fixture(scope="module")
def hmac_key(aws: Aws, request: pytest.FixtureRequest) -> str:
    """ARN of a tagged HMAC_256 KMS key, scheduled for deletion (7 days) after the module."""
    kms = aws.client("kms")
    meta = kms.create_key(
        KeySpec="HMAC_256",
        KeyUsage="GENERATE_VERIFY_MAC",
        Description="spc end-to-end test fingerprint key (temporary)",
        Tags=[{"TagKey": TAG_KEY, "TagValue": TAG_VALUE}],
    )["KeyMetadata"]
    request.addfinalizer(lambda: kms.schedule_key_deletion(KeyId=meta["KeyId"], PendingWindowInDays=KEY_DELETION_DAYS))
    return str(meta["Arn"])


# -- Stripe ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StripeTarget:
    """A test-mode key (never shown) and an API base override for dry runs (None = api.stripe.com)."""

    key: str = field(repr=False)
    api_base: str | None


@pytest.fixture(scope="session")
def stripe_target() -> StripeTarget:
    return StripeTarget(stripe_test_key(), os.environ.get("SPC_E2E_STRIPE_API_BASE") or None)
