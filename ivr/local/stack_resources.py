"""The local stack's resources: a fresh Connect flow key, and everything the IVR reads on moto.

The private key PEM goes to Secrets Manager; KMS gets an HMAC_256 key for PAN fingerprints and a symmetric key
for SSE-KMS; S3 gets the audit bucket (Object Lock) and the recordings and invocation-log buckets; then the
idempotency table, the Stripe key in an SSM SecureString, the log groups and Bedrock's invocation logging.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

if TYPE_CHECKING:
    from scanners.aws import ClientFactory


def flow_key(bits: int = 4096) -> tuple[bytes, str]:
    """(private key PEM, self-signed certificate PEM) as the Connect walk-throughs make with openssl."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "spc local connect flow key")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=730))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return private, cert.public_bytes(serialization.Encoding.PEM).decode()


def kms_arn(client: ClientFactory, key_id: str) -> str:
    """The ARN of a key (log groups take a key ARN, not an id)."""
    return str(client("kms").describe_key(KeyId=key_id)["KeyMetadata"]["Arn"])


def create_resources(
    client: ClientFactory,
    n: Mapping[str, str],
    *,
    region: str,
    account_id: str,
    private_key_pem: bytes,
    stripe_api_key: str,
    text_logging: bool,
) -> tuple[str, str]:
    """Create every resource the IVR uses (named by ``n``); returns (HMAC key id, SSE-KMS key id)."""
    client("secretsmanager").create_secret(Name=n["secret"], SecretString=private_key_pem.decode())
    kms = client("kms")
    hmac_key_id = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    sse_key_id = kms.create_key(Description="spc local SSE-KMS")["KeyMetadata"]["KeyId"]
    s3 = client("s3")
    constraint = {"CreateBucketConfiguration": {"LocationConstraint": region}}  # a runtime region: not a Literal
    location: dict[str, Any] = {} if region == "us-east-1" else constraint
    s3.create_bucket(Bucket=n["audit_bucket"], ObjectLockEnabledForBucket=True, **location)
    s3.put_object_lock_configuration(
        Bucket=n["audit_bucket"],
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}},
        },
    )
    for bucket in (n["audit_bucket"], n["recordings_bucket"], n["invocation_bucket"]):
        if bucket != n["audit_bucket"]:
            s3.create_bucket(Bucket=bucket, **location)
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": sse_key_id,
                        },
                        "BucketKeyEnabled": True,
                    }
                ]
            },
        )
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
    client("dynamodb").create_table(
        TableName=n["table"],
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )
    client("ssm").put_parameter(Name=n["stripe_param"], Value=stripe_api_key, Type="SecureString")
    logs = client("logs")
    for key in ("prompt_log_group", "flow_log_group", "lambda_log_group", "bedrock_log_group"):
        # moto keeps state per process: a group from an earlier stack in this process may still exist
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_group(logGroupName=n[key], kmsKeyId=kms_arn(client, sse_key_id))
    client("bedrock").put_model_invocation_logging_configuration(
        loggingConfig={
            "cloudWatchConfig": {
                "logGroupName": n["bedrock_log_group"],
                "roleArn": f"arn:aws:iam::{account_id}:role/spc-bedrock-logging",
            },
            "s3Config": {"bucketName": n["invocation_bucket"], "keyPrefix": "bedrock"},
            "textDataDeliveryEnabled": text_logging,
            "imageDataDeliveryEnabled": False,
            "embeddingDataDeliveryEnabled": False,
        }
    )
    return hmac_key_id, sse_key_id
