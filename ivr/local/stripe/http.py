"""The Stripe emulator's HTTP side: Stripe-shaped errors, nested form decoding, fault injection, the server."""

from __future__ import annotations

import json
import random
import re
import secrets
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl


class StripeHTTPError(Exception):
    def __init__(self, status: int, type_: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"error": {"type": type_, "message": message, **extra}}
        self.saved = status not in (400, 401, 404, 409)  # Stripe saves a result only once execution began


def parse_form(body: str) -> dict[str, Any]:
    """Stripe's nested form encoding (``a[b][c]=v``, ``a[0]=v``) into dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = [key.split("[", 1)[0], *re.findall(r"\[([^\]]*)\]", key)]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return {k: _lists(v) for k, v in root.items()}


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    fixed = {k: _lists(v) for k, v in node.items()}
    if fixed and all(k.isdigit() for k in fixed):
        return [fixed[k] for k in sorted(fixed, key=int)]
    return fixed


def json_bytes(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode()


class FaultPlan:
    """Queued and random faults: HTTP 5xx answers (not saved under the idempotency key) and slow answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[tuple[str, float]] = deque()
        self.error_rate = self.delay_rate = self.delay_s = 0.0
        self._random = random.Random()  # noqa: S311 - fault injection, not security

    def fail_next(self, count: int = 1, status: int = 500) -> None:
        with self._lock:
            self._queue.extend(("fail", float(status)) for _ in range(count))

    def delay_next(self, seconds: float, count: int = 1) -> None:
        with self._lock:
            self._queue.extend(("delay", seconds) for _ in range(count))

    def configure(
        self, *, error_rate: float = 0.0, delay_rate: float = 0.0, delay_s: float = 0.0, seed: int | None = None
    ) -> None:
        with self._lock:
            self.error_rate, self.delay_rate, self.delay_s = error_rate, delay_rate, delay_s
            self._random.seed(seed)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self.error_rate = self.delay_rate = self.delay_s = 0.0

    def next(self) -> tuple[str, float] | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            if self.error_rate and self._random.random() < self.error_rate:
                return ("fail", 500.0)
            if self.delay_rate and self._random.random() < self.delay_rate:
                return ("delay", self.delay_s)
        return None


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, broken pipe) is normal here; print nothing."""


class Handles(Protocol):
    def handle(self, method: str, path: str, headers: dict[str, str], body: str) -> tuple[int, bytes, bool]: ...


def make_handler(emulator: Handles) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "stripe-emulator"
        disable_nagle_algorithm = True  # keep-alive: headers and body go out in separate writes

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, payload, replayed = emulator.handle(method, self.path.split("?", 1)[0], headers, body)
            except Exception:  # answer like Stripe's 500; never echo the request
                status = 500
                payload, replayed = json_bytes({"error": {"type": "api_error", "message": "Internal"}}), False
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
            if replayed:
                self.send_header("Idempotent-Replayed", "true")
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: request lines and bodies are never logged."""

    return Handler
