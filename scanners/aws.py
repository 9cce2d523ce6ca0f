"""AWS plumbing shared by every package: the one client factory, its typed protocol, and the one error-code helper.

``ClientFactory`` is what sources, jobs, controls and the IVR receive instead of building clients themselves (tests
pass the local stack's factory). Under ``TYPE_CHECKING`` it is overloaded per service with the ``mypy_boto3_*``
client types, so a call such as ``clients("s3").put_object(...)`` is checked against the service model.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from scanners.errors import ConfigError

if TYPE_CHECKING:
    from botocore.config import Config
    from mypy_boto3_bedrock import BedrockClient
    from mypy_boto3_bedrock_runtime import BedrockRuntimeClient
    from mypy_boto3_cloudformation import CloudFormationClient
    from mypy_boto3_cloudtrail import CloudTrailClient
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_connect import ConnectClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_kms import KMSClient
    from mypy_boto3_lambda import LambdaClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_securityhub import SecurityHubClient
    from mypy_boto3_sns import SNSClient
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_ssm import SSMClient
    from mypy_boto3_stepfunctions import SFNClient
    from mypy_boto3_sts import STSClient

LOCAL_REGION = "us-east-1"
_LOOPBACK = ("127.", "localhost", "[::1]")


@cache
def retry_config() -> Config:
    """The one retry layer: botocore's adaptive mode (client-side rate limiting plus retries of throttling and 5xx).

    Made on first use, as botocore is only imported then: importing this module (every source, fingerprints, the
    CLI) must not cost a local ``spc scan`` botocore's start-up."""
    from botocore.config import Config

    return Config(retries={"mode": "adaptive", "max_attempts": 6})


class ClientFactory(Protocol):
    """``clients("s3")`` -> a boto3 client; typed per service for the services the project uses."""

    @overload
    def __call__(self, name: Literal["s3"], /) -> S3Client: ...
    @overload
    def __call__(self, name: Literal["logs"], /) -> CloudWatchLogsClient: ...
    @overload
    def __call__(self, name: Literal["kms"], /) -> KMSClient: ...
    @overload
    def __call__(self, name: Literal["sns"], /) -> SNSClient: ...
    @overload
    def __call__(self, name: Literal["sqs"], /) -> SQSClient: ...
    @overload
    def __call__(self, name: Literal["cloudwatch"], /) -> CloudWatchClient: ...
    @overload
    def __call__(self, name: Literal["sts"], /) -> STSClient: ...
    @overload
    def __call__(self, name: Literal["dynamodb"], /) -> DynamoDBClient: ...
    @overload
    def __call__(self, name: Literal["bedrock"], /) -> BedrockClient: ...
    @overload
    def __call__(self, name: Literal["bedrock-runtime"], /) -> BedrockRuntimeClient: ...
    @overload
    def __call__(self, name: Literal["lambda"], /) -> LambdaClient: ...
    @overload
    def __call__(self, name: Literal["connect"], /) -> ConnectClient: ...
    @overload
    def __call__(self, name: Literal["cloudtrail"], /) -> CloudTrailClient: ...
    @overload
    def __call__(self, name: Literal["iam"], /) -> IAMClient: ...
    @overload
    def __call__(self, name: Literal["secretsmanager"], /) -> SecretsManagerClient: ...
    @overload
    def __call__(self, name: Literal["securityhub"], /) -> SecurityHubClient: ...
    @overload
    def __call__(self, name: Literal["cloudformation"], /) -> CloudFormationClient: ...
    @overload
    def __call__(self, name: Literal["ssm"], /) -> SSMClient: ...
    @overload
    def __call__(self, name: Literal["stepfunctions"], /) -> SFNClient: ...
    @overload
    def __call__(self, name: str, /) -> Any: ...


def error_code(exc: BaseException) -> str | None:
    """The AWS error code of a ``ClientError`` or any error carrying botocore's ``response`` mapping (its HTTP status
    when it has no code); ``None`` for anything else. (A ``ClientError`` always sets ``response``: no botocore
    import is needed to read it.)"""
    response = getattr(exc, "response", None)
    if not isinstance(response, Mapping):
        return None
    code = (response.get("Error") or {}).get("Code")
    if code:
        return str(code)
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return str(status) if status else None


def error_name(exc: BaseException) -> str:
    """The AWS error code, or the exception's class name: safe to log (never a message that could echo input)."""
    return error_code(exc) or type(exc).__name__


def client_options(region: str | None, environ: Mapping[str, str]) -> dict[str, Any]:
    """Extra boto3 client arguments: local placeholders when pointed at a loopback endpoint (a moto server) without a
    region or credentials in the environment. Reads only the environment, so no credential lookup (and no
    metadata-service call) happens here."""
    url = environ.get("AWS_ENDPOINT_URL", "")
    local = bool(url) and url.split("://", 1)[-1].startswith(_LOOPBACK)
    out: dict[str, Any] = {}
    region = region or environ.get("AWS_REGION") or (LOCAL_REGION if local else None)
    if region is not None:
        out["region_name"] = region
    if local and not environ.get("AWS_ACCESS_KEY_ID") and not environ.get("AWS_PROFILE"):
        out.update(aws_access_key_id="local", aws_secret_access_key="local")  # noqa: S106 - moto accepts any
    return out


def _default_client(name: str) -> Any:
    """A boto3 client from the default session (honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>)."""
    import boto3  # boto3 is heavy: loaded on the first client, not when the CLI starts
    from botocore.exceptions import NoRegionError

    session: Any = boto3.session.Session()
    try:
        return session.client(name, config=retry_config(), **client_options(session.region_name, os.environ))
    except NoRegionError as exc:
        raise ConfigError(
            f"AWS region for {name}: expected AWS_REGION or AWS_DEFAULT_REGION (or a profile with a region)"
        ) from exc


# Typed through the protocol: ``default_clients("s3")`` is an ``S3Client`` to mypy.
default_clients: ClientFactory = _default_client
