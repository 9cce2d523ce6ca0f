"""The Bedrock side of the confirmation: a deadline-fitted client, error classification, response parsing."""

from __future__ import annotations

import json
import math
import threading
from typing import TYPE_CHECKING, Any

from scanners.aws import error_code

if TYPE_CHECKING:
    from mypy_boto3_bedrock_runtime import BedrockRuntimeClient

MAX_MODEL_S = 3.0  # the caller is on hold meanwhile: never wait longer than this for the model
_RETRYABLE_429 = {"ThrottlingException": "throttled", "ModelNotReadyException": "model-not-ready"}
_CLIENTS: dict[tuple[str, str, float], BedrockRuntimeClient] = {}
_CLIENTS_LOCK = threading.Lock()


def client_for(bedrock: BedrockRuntimeClient, deadline_s: float) -> BedrockRuntimeClient:
    """A sibling of ``bedrock`` with timeouts that fit the deadline and retries off (cached per 250 ms)."""
    meta = getattr(bedrock, "meta", None)
    config = getattr(meta, "config", None)
    if meta is None or config is None or not hasattr(config, "merge"):
        return bedrock  # a test double, or a client the caller already configured
    budget = max(0.25, math.floor(min(deadline_s, MAX_MODEL_S) * 4) / 4)
    key = (str(meta.endpoint_url), str(meta.region_name), budget)
    with _CLIENTS_LOCK:
        if key in _CLIENTS:
            return _CLIENTS[key]
    try:
        import boto3
        from botocore.config import Config

        timeouts = Config(
            connect_timeout=min(1.0, budget / 2),
            read_timeout=budget,
            retries={"total_max_attempts": 1, "mode": "standard"},
        )
        client = boto3.session.Session().client(
            "bedrock-runtime",
            region_name=meta.region_name,
            endpoint_url=meta.endpoint_url,
            config=config.merge(timeouts),
        )
    except Exception:
        return bedrock
    with _CLIENTS_LOCK:
        if len(_CLIENTS) > 64:
            _CLIENTS.clear()
        _CLIENTS[key] = client
    return client


def classify(exc: Exception) -> str:
    """A short stable reason code for a failed InvokeModel call."""
    from botocore.exceptions import (
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError):
        return "timeout"
    if isinstance(exc, EndpointConnectionError | ConnectionClosedError):
        return "unreachable"
    if isinstance(exc, ClientError):
        code = error_code(exc) or ""
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in _RETRYABLE_429:
            return _RETRYABLE_429[code]
        if code == "ModelTimeoutException":
            return "timeout"
        if status == 429:
            return "throttled"
    return "model-error"


def parse_generation(raw: bytes | bytearray | str) -> str | None:
    """The generated text from any of the response shapes imported models use, or None."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    candidates: list[Any] = [doc.get(k) for k in ("generation", "text", "output_text", "generated_text", "completion")]
    for key in ("outputs", "choices"):
        items = doc.get(key)
        if isinstance(items, list) and items and isinstance(items[0], dict):
            first = items[0]
            message = first.get("message")
            candidates += [first.get("text"), message.get("content") if isinstance(message, dict) else None]
    return next((c for c in candidates if isinstance(c, str) and c.strip()), None)
