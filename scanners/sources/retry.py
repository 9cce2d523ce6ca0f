"""Shared helpers for cloud sources: throttling backoff and a short, value-free reason for a failed item.

``with_backoff(fn, what=...)`` calls ``fn()`` and retries throttling and transient service errors with capped
exponential backoff and full jitter; after ``attempts`` tries the last exception propagates unchanged, and
``classify(exc)`` turns it (or any other per-item failure) into the coverage reason, e.g.
``"throttled past retries (ThrottlingException)"``. Reasons name the error code, never a message or a value.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import time
import zlib
from collections.abc import Callable
from typing import TypeVar

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

from scanners.aws import error_code
from scanners.errors import BinaryContentError, ScanError

T = TypeVar("T")
log = logging.getLogger(__name__)

BASE_DELAY = 0.25  # seconds; tests set it to 0
MAX_DELAY = 8.0

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


def is_retryable(exc: BaseException) -> bool:
    """Throttling, a transient 5xx, or a dropped connection: worth another try."""
    code = error_code(exc)
    if code is not None:
        return code in THROTTLE_CODES or code in TRANSIENT_CODES
    return isinstance(exc, BotoConnectionError | ReadTimeoutError)


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
    if isinstance(exc, ClientError):
        return _classify_client_error(exc)
    if isinstance(exc, BinaryContentError):
        return "binary content"
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


def with_backoff(
    fn: Callable[[], T],
    *,
    what: str,
    attempts: int = 5,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``fn()``, retried on throttling/transient errors; the last error propagates after ``attempts`` tries.

    ``what`` names the call for the log (an API and a resource name, never scanned content).
    """
    if attempts < 1:
        raise ValueError("attempts: expected an integer >= 1")
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except (ClientError, BotoConnectionError, ReadTimeoutError) as exc:
            if attempt >= attempts or not is_retryable(exc):
                raise
            delay = random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1)))  # noqa: S311
            code = error_code(exc) or type(exc).__name__
            log.warning("%s: %s, retry %d/%d in %.2fs", what, code, attempt, attempts - 1, delay)
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
