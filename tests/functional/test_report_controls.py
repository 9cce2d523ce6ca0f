"""Configuration controls against moto on 127.0.0.1: each passes on a compliant resource, fails otherwise."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from reports.controls import run_controls
from reports.controls.bedrock import check_bedrock_logging
from reports.controls.cloudwatch import check_cloudwatch_encryption, check_cloudwatch_retention
from reports.controls.kms import check_kms_rotation
from reports.controls.lambda_ import check_lambda_env_secrets, check_lambda_log_event
from reports.controls.s3 import check_s3_encryption, check_s3_object_lock, check_s3_public_access, check_s3_tls_only

Clients = Callable[..., Any]
TLS_ONLY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": ["arn:aws:s3:::good", "arn:aws:s3:::good/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}]}


def _good_bucket(s3: Any, kms_key: str) -> None:
    s3.create_bucket(Bucket="good", ObjectLockEnabledForBucket=True)
    s3.put_bucket_encryption(Bucket="good", ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key},
        "BucketKeyEnabled": True}]})
    s3.put_object_lock_configuration(Bucket="good", ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
    s3.put_public_access_block(Bucket="good", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket="good", Policy=json.dumps(TLS_ONLY))


def test_s3_controls(boto_clients: Clients) -> None:
    s3, kms = boto_clients("s3"), boto_clients("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    _good_bucket(s3, key)
    s3.create_bucket(Bucket="bad")
    s3.put_public_access_block(Bucket="bad", PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    s3.put_bucket_policy(Bucket="bad", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bad/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    checks = (check_s3_encryption, check_s3_object_lock, check_s3_public_access, check_s3_tls_only)
    good = [c(s3, "good") for c in checks]
    bad = [c(s3, "bad") for c in checks]
    assert [r.status for r in good] == ["pass"] * 4, [r.evidence for r in good]
    assert [r.status for r in bad] == ["fail"] * 4, [r.evidence for r in bad]
    assert good[0].evidence["kms_key"] == key and good[1].evidence["default_mode"] == "COMPLIANCE"
    assert good[3].evidence["deny_insecure_transport"] == ["DenyInsecureTransport"]
    assert bad[2].evidence["IgnorePublicAcls"] is False
    missing = check_s3_encryption(s3, "no-such-bucket")
    assert (missing.status, missing.evidence["reason"]) == ("error", "could not read the configuration (NoSuchBucket)")


def test_kms_rotation(boto_clients: Clients) -> None:
    kms = boto_clients("kms")
    rotating = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotating)
    still = kms.create_key()["KeyMetadata"]["KeyId"]
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    assert check_kms_rotation(kms, rotating).status == "pass"
    assert check_kms_rotation(kms, still).evidence["rotation_enabled"] is False
    assert check_kms_rotation(kms, still).status == "fail"
    asymmetric = check_kms_rotation(kms, signing)
    assert asymmetric.status == "error" and "symmetric" in asymmetric.evidence["reason"]


def test_cloudwatch_controls(boto_clients: Clients) -> None:
    logs, kms = boto_clients("logs"), boto_clients("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    logs.create_log_group(logGroupName="/aws/lambda/good", kmsKeyId=key)
    logs.put_retention_policy(logGroupName="/aws/lambda/good", retentionInDays=400)
    logs.create_log_group(logGroupName="/aws/lambda/good-short")
    logs.put_retention_policy(logGroupName="/aws/lambda/good-short", retentionInDays=30)
    logs.create_log_group(logGroupName="/aws/lambda/forever")
    assert check_cloudwatch_retention(logs, "/aws/lambda/good").status == "pass"
    assert check_cloudwatch_encryption(logs, "/aws/lambda/good").evidence["kms_key"] == key
    assert check_cloudwatch_retention(logs, "/aws/lambda/good-short").status == "fail"
    forever = check_cloudwatch_retention(logs, "/aws/lambda/forever")
    assert (forever.status, forever.evidence["retention_days"]) == ("fail", "never expires")
    assert check_cloudwatch_encryption(logs, "/aws/lambda/forever").status == "fail"
    gone = check_cloudwatch_retention(logs, "/aws/lambda/gone")
    assert (gone.status, gone.evidence["reason"]) == ("error", "log group not found")


def test_bedrock_logging(boto_clients: Clients) -> None:
    bedrock = boto_clients("bedrock")
    assert check_bedrock_logging(bedrock, "model-invocation-logging").status == "fail"
    boto_clients("logs").create_log_group(logGroupName="/aws/bedrock/invocations")
    bedrock.put_model_invocation_logging_configuration(loggingConfig={
        "cloudWatchConfig": {"logGroupName": "/aws/bedrock/invocations",
                             "roleArn": "arn:aws:iam::123456789012:role/bedrock-logs"},
        "textDataDeliveryEnabled": True})
    result = check_bedrock_logging(bedrock, "model-invocation-logging")
    assert result.status == "pass"
    assert result.evidence["cloudwatch_log_group"] == "/aws/bedrock/invocations"


def _function(boto_clients: Clients, name: str, variables: dict[str, str]) -> None:
    iam = boto_clients("iam")
    try:
        role = iam.create_role(RoleName="ivr", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        role = iam.get_role(RoleName="ivr")["Role"]["Arn"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    boto_clients("lambda").create_function(
        FunctionName=name, Runtime="python3.11", Role=role, Handler="handler.handler", Code={"ZipFile": buf.getvalue()},
        Environment={"Variables": variables})


def test_lambda_controls(boto_clients: Clients) -> None:
    secret = "sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2"
    _function(boto_clients, "clean", {"POWERTOOLS_SERVICE_NAME": "ivr", "POWERTOOLS_LOGGER_LOG_EVENT": "false"})
    _function(boto_clients, "leaky", {"STRIPE_API_KEY": secret, "POWERTOOLS_LOGGER_LOG_EVENT": "true"})
    fn = boto_clients("lambda")
    assert [check_lambda_env_secrets(fn, "clean").status, check_lambda_log_event(fn, "clean").status] == ["pass"] * 2
    leaky = check_lambda_env_secrets(fn, "leaky")
    assert leaky.status == "fail" and leaky.evidence["flagged"] == {"STRIPE_API_KEY": "credential"}
    assert secret not in json.dumps(leaky.to_dict())
    assert check_lambda_log_event(fn, "leaky").status == "fail"


def test_run_controls_over_a_stack(boto_clients: Clients) -> None:
    kms = boto_clients("kms")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key)
    _good_bucket(boto_clients("s3"), key)
    boto_clients("logs").create_log_group(logGroupName="/aws/lambda/x")
    results = run_controls(boto_clients, {"buckets": ["good"], "kms_keys": [key], "log_groups": ["/aws/lambda/x"],
                                          "bedrock": True})
    status = {r.id: r.status for r in results}
    assert status == {"s3_encryption": "pass", "s3_object_lock": "pass", "s3_public_access": "pass",
                      "s3_tls_only": "pass", "kms_rotation": "pass", "cloudwatch_retention": "fail",
                      "cloudwatch_encryption": "fail", "bedrock_logging": "fail"}
