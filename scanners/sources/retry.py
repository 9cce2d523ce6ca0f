"""Failure classification for sources: a short, value-free coverage reason for a failed item.

There is one retry layer, botocore's (``scanners.aws.retry_config()``: adaptive mode, on every client from
``default_clients`` and the local stack). What is still failing when botocore gives up reaches a source as an
exception, and ``classify(exc)`` turns it into the coverage reason, e.g. ``"throttled past retries
(ThrottlingException)"``. Reasons name the error code, never a message or a value.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import TYPE_CHECKING

from scanners.aws import error_code
from scanners.errors import BinaryContentError, GzipDamage, ScanError

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

NOT_A_SOURCE = "failure classification into coverage reasons"

THROTTLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
    }
)
TRANSIENT_CODES = frozenset(
    {"InternalError", "InternalFailure", "InternalServerException", "ServiceUnavailable",
     "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException"}
)
ACCESS_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "Forbidden", "403", "UnauthorizedOperation",
     "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "AllAccessDisabled"}
)
KMS_CODES = frozenset(
    {"KMS.DisabledException", "KMS.KMSInvalidStateException", "KMS.NotFoundException",
     "KMS.AccessDeniedException", "KMS.InvalidKeyUsageException", "KMS.KMSAccessDeniedException",
     "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException"}
)

GONE_CODES = frozenset({"NoSuchKey", "NoSuchVersion", "404", "NotFound"})
MISSING_CODES = frozenset({"ResourceNotFoundException", "NoSuchBucket", "NoSuchLogGroup"})


def _mentions_kms(exc: ClientError) -> bool:
    message = str(exc.response.get("Error", {}).get("Message", "")).lower()
    return "kms" in message


def _classify_client_error(exc: ClientError) -> str:
    code = error_code(exc) or "unknown"
    if code in KMS_CODES or code.startswith("KMS.") or (code in ACCESS_CODES and _mentions_kms(exc)):
        return f"kms denied ({code})"
    if code in ACCESS_CODES:
        return f"access denied ({code})"
    if code in THROTTLE_CODES:
        return f"throttled past retries ({code})"
    if code in TRANSIENT_CODES:
        return f"service error past retries ({code})"
    if code == "InvalidObjectState":
        return f"archived, not readable without restore ({code})"
    if code in GONE_CODES:
        return f"deleted during scan ({code})"
    if code in MISSING_CODES:
        return f"not found ({code})"
    return f"service error ({code})"


def classify(exc: BaseException) -> str:
    """A short coverage reason for a per-item failure: the kind of failure and an error code or class name."""
    # botocore only when an item fails: a scan of local files never loads it
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        IncompleteReadError,
        ReadTimeoutError,
        ResponseStreamingError,
    )
    from botocore.exceptions import (
        ConnectionError as BotoConnectionError,
    )

    if isinstance(exc, ClientError):
        return _classify_client_error(exc)
    if isinstance(exc, BinaryContentError):
        return "binary content"
    if isinstance(exc, GzipDamage):
        return f"gzip: {exc}"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return "corrupt gzip"
    if isinstance(exc, EOFError):
        return "corrupt gzip (truncated stream)"
    if isinstance(exc, json.JSONDecodeError):
        return "truncated or invalid JSON"
    if isinstance(exc, UnicodeDecodeError):
        return "invalid UTF-8"
    if isinstance(exc, IncompleteReadError | ResponseStreamingError):
        return "stream interrupted (incomplete read)"
    if isinstance(exc, BotoConnectionError | ReadTimeoutError):
        return f"connection failed ({type(exc).__name__})"
    if isinstance(exc, BotoCoreError | ScanError | OSError):
        return f"read failed ({type(exc).__name__})"
    return f"unexpected error ({type(exc).__name__})"

