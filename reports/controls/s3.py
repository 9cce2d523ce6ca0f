"""S3 bucket controls: default SSE-KMS encryption, Object Lock, public access block, TLS-only bucket policy."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reports.controls import Check, Outcome, control
from scanners.aws import error_name as error_code

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

_KMS = ("aws:kms", "aws:kms:dsse")
_BLOCKS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def _missing(exc: Exception, *codes: str) -> bool:
    return error_code(exc) in codes


@control("s3_encryption", "S3 bucket encrypts new objects with SSE-KMS by default", ["3.5.1"])
def check_s3_encryption(client: S3Client, bucket: str) -> Outcome:
    try:
        rules = client.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    except Exception as exc:
        if not _missing(exc, "ServerSideEncryptionConfigurationNotFoundError"):
            raise
        return False, {"bucket": bucket, "default_encryption": "none"}
    default: Mapping[str, Any] = (rules[0] if rules else {}).get("ApplyServerSideEncryptionByDefault") or {}
    algorithm = default.get("SSEAlgorithm", "none")
    evidence = {"bucket": bucket, "algorithm": algorithm, "kms_key": default.get("KMSMasterKeyID", ""),
                "bucket_key_enabled": bool((rules[0] if rules else {}).get("BucketKeyEnabled", False))}
    return algorithm in _KMS, evidence


@control("s3_object_lock", "S3 bucket has Object Lock enabled (write-once evidence)", ["10.3.2", "10.3.3", "10.5.1"])
def check_s3_object_lock(client: S3Client, bucket: str) -> Outcome:
    try:
        config = client.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
    except Exception as exc:
        if not _missing(exc, "ObjectLockConfigurationNotFoundError"):
            raise
        return False, {"bucket": bucket, "object_lock": "not enabled"}
    retention = (config.get("Rule") or {}).get("DefaultRetention") or {}
    evidence = {"bucket": bucket, "object_lock": config.get("ObjectLockEnabled", "not enabled"),
                "default_mode": retention.get("Mode", "none (objects set their own retention)"),
                "default_days": retention.get("Days") or (retention.get("Years", 0) * 365) or 0}
    return config.get("ObjectLockEnabled") == "Enabled", evidence


@control("s3_public_access", "S3 bucket blocks all public access", ["10.3.3"])
def check_s3_public_access(client: S3Client, bucket: str) -> Outcome:
    try:
        block = client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except Exception as exc:
        if not _missing(exc, "NoSuchPublicAccessBlockConfiguration"):
            raise
        block = {}
    evidence: dict[str, Any] = {"bucket": bucket} | {name: bool(block.get(name, False)) for name in _BLOCKS}
    return all(block.get(name) is True for name in _BLOCKS), evidence


def _denies_plain_http(statement: dict[str, Any]) -> bool:
    principal = statement.get("Principal")
    actions = statement.get("Action")
    actions = [actions] if isinstance(actions, str) else actions or []
    secure = ((statement.get("Condition") or {}).get("Bool") or {}).get("aws:SecureTransport")
    return (
        statement.get("Effect") == "Deny"
        and principal in ("*", {"AWS": "*"})
        and any(a in ("s3:*", "*") for a in actions)
        and str(secure).lower() == "false"
    )


@control("s3_tls_only", "S3 bucket policy denies requests not sent over TLS", ["4.2.1"])
def check_s3_tls_only(client: S3Client, bucket: str) -> Outcome:
    try:
        policy = json.loads(client.get_bucket_policy(Bucket=bucket)["Policy"])
    except Exception as exc:
        if not _missing(exc, "NoSuchBucketPolicy"):
            raise
        return False, {"bucket": bucket, "policy": "none"}
    statements = policy.get("Statement") or []
    statements = [statements] if isinstance(statements, dict) else statements
    deny = [s.get("Sid", f"statement {i + 1}") for i, s in enumerate(statements) if _denies_plain_http(s)]
    return bool(deny), {"bucket": bucket, "statements": len(statements), "deny_insecure_transport": deny}


RESOURCES = "buckets"
SERVICE = "s3"
CHECKS: list[Check] = [check_s3_encryption, check_s3_object_lock, check_s3_public_access, check_s3_tls_only]
