"""A local Bedrock Runtime InvokeModel endpoint for an imported model, with faults and invocation logs.

boto3 reaches it with ``client("bedrock-runtime", endpoint_url=emulator.url)``:
``POST /model/{modelId}/invoke`` with a BedrockCompletion body (``{"prompt", "max_gen_len", "temperature"}``)
answers ``{"generation", ...}``.
Faults: fixed latency, a share of slow answers, cold start (the first N calls get 429 ModelNotReadyException),
a share of 429 ThrottlingException, and a share of misbehaving generations (an invented phone number).

Invocation logs follow the account's logging configuration, read back from the Bedrock control plane (moto)
the way Bedrock does; ``ivr.local.bedrock.logs`` delivers them to CloudWatch Logs and/or S3.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ivr.local.bedrock.logs import LOG_STREAM, Invocation, InvocationLogs
from ivr.local.bedrock.logs import tokens as _tokens

if TYPE_CHECKING:
    from mypy_boto3_bedrock import BedrockClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_s3 import S3Client

__all__ = ["LOG_STREAM", "BedrockEmulator", "BedrockFaults", "Invocation", "generate"]

_PATH = re.compile(r"^/model/(?P<model>[^/]+)/invoke$")
_ERRORS = {
    "ValidationException": (400, "Malformed input request: prompt is required"),
    "ModelNotReadyException": (429, "Model is not ready for inference. Wait and try your request again."),
    "ThrottlingException": (429, "Too many requests, please wait before trying again."),
}
_CURRENCY_WORDS = {"GBP": "pounds", "USD": "dollars", "EUR": "euros"}


@dataclass
class BedrockFaults:
    """What the emulator gets wrong, and how often (rates are 0..1, drawn from a seeded generator)."""

    latency_s: float = 0.0
    slow_rate: float = 0.0
    slow_s: float = 3.0
    cold_calls: int = 0
    throttle_rate: float = 0.0
    misbehave_rate: float = 0.0
    seed: int = 0


@dataclass
class _State:
    faults: BedrockFaults
    rng: random.Random
    calls: int = 0
    invocations: list[Invocation] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def generate(prompt: str) -> str:
    """A deterministic confirmation sentence built from the facts a card-free prompt states."""
    amount = re.search(r"Amount:\s*([\d,]+\.\d{2})\s*([A-Z]{3})?", prompt)
    card = re.search(r"Card:\s*([A-Za-z][A-Za-z ]*?)\s+ending\s+(\d{4})", prompt)
    ref = re.search(r"Reference:\s*([A-Z0-9-]{4,16})", prompt)
    if not (amount and card and ref):
        return "Thank you, your payment is complete."
    currency = _CURRENCY_WORDS.get(amount.group(2) or "", amount.group(2) or "")
    return (
        f"Thanks for your payment of {amount.group(1)} {currency} with your {card.group(1)} card ending in "
        f"{card.group(2)}. Your reference is {ref.group(1)}. Have a good day."
    ).replace("  ", " ")


class BedrockEmulator:
    """Context manager: a ThreadingHTTPServer on 127.0.0.1 (ephemeral port) answering InvokeModel."""

    def __init__(
        self,
        *,
        faults: BedrockFaults | None = None,
        control_client: BedrockClient | None = None,
        logs_client: CloudWatchLogsClient | None = None,
        s3_client: S3Client | None = None,
        account_id: str = "123456789012",
        region: str = "us-east-1",
        s3_batch: int = 25,
    ) -> None:
        f = faults or BedrockFaults()
        self._state = _State(faults=f, rng=random.Random(f.seed))  # noqa: S311 - fault draws, not crypto
        self._control = control_client
        self._log = InvocationLogs(
            logs_client=logs_client, s3_client=s3_client, account_id=account_id, region=region, s3_batch=s3_batch
        )
        self.account_id = account_id
        self.region = region
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    # -- lifecycle -------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("bedrock emulator: not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> BedrockEmulator:
        self._stopped = False
        self.refresh_logging_config()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="bedrock-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped = True  # a request still sleeping in a server thread must not log after this
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.flush()

    def __enter__(self) -> BedrockEmulator:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # -- control ---------------------------------------------------------------------------------------------
    def set_faults(self, faults: BedrockFaults) -> None:
        with self._state.lock:
            self._state.faults = faults
            self._state.rng = random.Random(faults.seed)  # noqa: S311
            self._state.calls = 0

    def refresh_logging_config(self) -> dict[str, Any]:
        """Read the account's invocation-logging configuration back from the control plane."""
        if self._control is None:
            self._log.config = {}
        else:
            self._log.config = dict(self._control.get_model_invocation_logging_configuration().get("loggingConfig", {}))
        return self._log.config

    @property
    def invocations(self) -> list[Invocation]:
        with self._state.lock:
            return list(self._state.invocations)

    @property
    def log_failures(self) -> int:
        return self._log.failures

    # -- request handling ------------------------------------------------------------------------------------
    def _draw(self) -> tuple[str | None, float, bool]:
        """(error code or None, delay seconds, misbehave) for the next call."""
        st = self._state
        with st.lock:
            st.calls += 1
            f = st.faults
            delay = f.latency_s + (f.slow_s if st.rng.random() < f.slow_rate else 0.0)
            if st.calls <= f.cold_calls:
                return "ModelNotReadyException", delay, False
            if st.rng.random() < f.throttle_rate:
                return "ThrottlingException", delay, False
            return None, delay, st.rng.random() < f.misbehave_rate

    def answer(self, model_id: str, body: bytes) -> tuple[int, dict[str, str], dict[str, Any]]:
        """(status, headers, JSON body) for one InvokeModel request."""
        request_id = str(uuid.uuid4())
        headers = {"x-amzn-RequestId": request_id}
        try:
            request = json.loads(body)
        except ValueError:
            request = None
        if not isinstance(request, dict) or not isinstance(request.get("prompt"), str):
            return self._error("ValidationException", headers, model_id, None)
        error, delay, misbehave = self._draw()
        if delay:
            time.sleep(delay)
        if error is not None:
            return self._error(error, headers, model_id, request)
        text = generate(request["prompt"])
        if misbehave:
            text += " If you have any questions call 0800 555 0199."
        out = {
            "generation": text,
            "prompt_token_count": _tokens(request["prompt"]),
            "generation_token_count": _tokens(text),
            "stop_reason": "stop",
        }
        headers["X-Amzn-Bedrock-Input-Token-Count"] = str(out["prompt_token_count"])
        headers["X-Amzn-Bedrock-Output-Token-Count"] = str(out["generation_token_count"])
        self._record(Invocation(request_id, model_id, 200), request, out)
        return 200, headers, out

    def _error(
        self, code: str, headers: dict[str, str], model_id: str, request: dict[str, Any] | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        status, message = _ERRORS[code]
        headers["x-amzn-ErrorType"] = f"{code}:"
        self._record(Invocation(headers["x-amzn-RequestId"], model_id, status, code), request, None)
        return status, headers, {"message": message}

    # -- invocation logs -------------------------------------------------------------------------------------
    def _record(self, inv: Invocation, request: dict[str, Any] | None, output: dict[str, Any] | None) -> None:
        with self._state.lock:
            self._state.invocations.append(inv)
        if not self._stopped:
            self._log.deliver(inv, request, output)

    def flush(self) -> None:
        """Write buffered S3 records as one gzipped JSON-lines object."""
        self._log.flush()


def _make_handler(emulator: BedrockEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            match = _PATH.match(self.path.split("?", 1)[0])
            if match is None:
                self._send(404, {"x-amzn-ErrorType": "UnknownOperationException:"}, {"message": "Not found"})
                return
            if not self.headers.get("Authorization"):
                self._send(403, {"x-amzn-ErrorType": "AccessDeniedException:"}, {"message": "Missing signature"})
                return
            status, headers, payload = emulator.answer(unquote(match.group("model")), body)
            self._send(status, headers, payload)

        def _send(self, status: int, headers: dict[str, str], payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (read timeout): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
