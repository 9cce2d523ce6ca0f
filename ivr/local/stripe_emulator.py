"""A local Stripe test-mode emulator for what the IVR uses, reached by the real ``stripe`` SDK over HTTP.

``POST /v1/payment_methods`` (type=card, raw card), ``POST /v1/payment_intents`` (with ``confirm=true``),
``POST /v1/payment_intents/{id}/confirm``, ``GET /v1/payment_intents/{id}``. Form-encoded bodies, bearer key,
Stripe-shaped error JSON and status codes, ``Idempotency-Key`` semantics (same key and parameters replay the
first response with ``Idempotent-Replayed: true``; different parameters give 400 ``idempotency_error``; a key
in flight gives 409), and the documented test cards. 3-D Secure cards succeed only with
``payment_method_options[card][moto]=true``. Other Luhn-valid numbers succeed (real test mode would refuse
non-test cards). Card numbers are never kept or logged: a PaymentMethod keeps brand, last four and the outcome
its number selects. Faults (5xx, delays) are injected with ``emulator.faults``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from ivr.card import ZERO_DECIMAL
from scanners.cards import brand_of, luhn_valid

_DECLINED = "Your card was declined."
# number -> (code, decline_code, message); "3ds" needs authentication unless MOTO.
TEST_CARDS: dict[str, tuple[str, str, str]] = {
    "4000000000000002": ("card_declined", "generic_decline", _DECLINED),
    "4000000000000341": ("card_declined", "generic_decline", _DECLINED),
    "4000000000009995": ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
    "4000000000009987": ("card_declined", "lost_card", _DECLINED),
    "4000000000009979": ("card_declined", "stolen_card", _DECLINED),
    "4100000000000019": ("card_declined", "fraudulent", _DECLINED),
    "4000000000000069": ("expired_card", "expired_card", "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": ("processing_error", "processing_error", "An error occurred while processing your card."),
    "4000002500003155": ("3ds", "", ""),
    "4000002760003184": ("3ds", "", ""),
    "4000000000003220": ("3ds", "", ""),
}
_PI_PATH = re.compile(r"^/v1/payment_intents/(pi_[A-Za-z0-9]+)(/confirm)?$")
_INVALID = "invalid_request_error"


class StripeHTTPError(Exception):
    def __init__(self, status: int, type_: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"error": {"type": type_, "message": message, **extra}}
        self.saved = status not in (400, 401, 404, 409)  # Stripe saves a result only once execution began


def _new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


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


class StripeEmulator:
    """Start with ``with StripeEmulator() as s:``; point the SDK at ``s.url`` with key ``s.api_key``."""

    def __init__(self, api_key: str = "sk_test_emulator", *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.api_key = api_key
        self.faults = FaultPlan()
        self.requests = 0
        self._lock = threading.Lock()
        self._hmac_key = secrets.token_bytes(32)
        self._methods: dict[str, dict[str, Any]] = {}
        self._outcomes: dict[str, tuple[str, str, str] | None] = {}
        self._intents: dict[str, dict[str, Any]] = {}
        self._idem: dict[str, tuple[str, int, bytes]] = {}
        self._in_flight: set[str] = set()
        self._server = _QuietServer((host, port), _make_handler(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> StripeEmulator:
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, name="stripe-emulator", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> StripeEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def payment_intents(self) -> list[dict[str, Any]]:
        """Copies of every PaymentIntent (no card data in them), oldest first."""
        with self._lock:
            return [json.loads(json.dumps(pi)) for pi in self._intents.values()]

    def charges(self) -> list[dict[str, Any]]:
        """Succeeded PaymentIntents: what was actually charged."""
        return [pi for pi in self.payment_intents() if pi["status"] == "succeeded"]

    # -- request handling (server threads) ------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict[str, str], body: str) -> tuple[int, bytes, bool]:
        """(status, JSON body, replayed) for one request; ``headers`` keys are lower-case."""
        with self._lock:
            self.requests += 1
        fault = self.faults.next()
        if fault and fault[0] == "delay":
            time.sleep(fault[1])
        try:
            self._authenticate(headers.get("authorization", ""))
            if fault and fault[0] == "fail":
                raise StripeHTTPError(int(fault[1]), "api_error", "An unknown error occurred.")
            params = parse_form(body) if method == "POST" else {}
            key = headers.get("idempotency-key") if method == "POST" else None
            if key is None:
                return 200, _json(self._route(method, path, params)), False
            return self._idempotent(key, method, path, params)
        except StripeHTTPError as err:
            return err.status, _json(err.body), False

    def _idempotent(self, key: str, method: str, path: str, params: dict[str, Any]) -> tuple[int, bytes, bool]:
        canonical = json.dumps([method, path, params], sort_keys=True).encode()
        digest = hmac.new(self._hmac_key, canonical, hashlib.sha256).hexdigest()  # keyed: params hold card data
        with self._lock:
            seen = self._idem.get(key)
            if seen is None and key in self._in_flight:
                raise StripeHTTPError(
                    409,
                    "idempotency_error",
                    "There is currently another in-progress request using this idempotency key.",
                    code="idempotency_key_in_use",
                )
            if seen is None:
                self._in_flight.add(key)
        if seen is not None:
            if not hmac.compare_digest(seen[0], digest):
                raise StripeHTTPError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                )
            return seen[1], seen[2], True
        try:
            try:
                status, body = 200, _json(self._route(method, path, params))
            except StripeHTTPError as err:
                if not err.saved:
                    raise
                status, body = err.status, _json(err.body)
            with self._lock:
                self._idem[key] = (digest, status, body)
            return status, body, False
        finally:
            with self._lock:
                self._in_flight.discard(key)

    def _authenticate(self, header: str) -> None:
        given = header[7:].strip() if header.startswith("Bearer ") else ""
        if not given:
            raise StripeHTTPError(
                401,
                _INVALID,
                "You did not provide an API key. Provide it in the Authorization header, using Bearer auth.",
            )
        if not hmac.compare_digest(given.encode(), self.api_key.encode()):
            shown = f"{given[:8]}{'*' * 8}{given[-4:]}" if len(given) > 16 else "*" * len(given)
            raise StripeHTTPError(401, _INVALID, f"Invalid API Key provided: {shown}")

    def _route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "POST" and path == "/v1/payment_methods":
            return self._create_method(params)
        if method == "POST" and path == "/v1/payment_intents":
            return self._create_intent(params)
        match = _PI_PATH.match(path)
        if match:
            with self._lock:
                intent = self._intents.get(match.group(1))
            if intent is None:
                raise StripeHTTPError(
                    404,
                    _INVALID,
                    f"No such payment_intent: '{match.group(1)}'",
                    code="resource_missing",
                    param="intent",
                )
            if method == "GET" and not match.group(2):
                return intent
            if method == "POST" and match.group(2):
                return self._confirm(intent, params)
        raise StripeHTTPError(404, _INVALID, f"Unrecognized request URL ({method}: {path}).")

    def _create_method(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("type") != "card":
            raise StripeHTTPError(
                400, _INVALID, "Missing or unsupported type: expected card.", code="parameter_missing", param="type"
            )
        card = params.get("card")
        if not isinstance(card, dict) or not card.get("number"):
            raise StripeHTTPError(
                400, _INVALID, "Missing required param: card[number].", code="parameter_missing", param="card[number]"
            )
        number = re.sub(r"[ -]", "", str(card["number"]))
        brand = brand_of(number) if number.isdigit() else None
        if brand is None or not luhn_valid(number):
            raise StripeHTTPError(
                402, "card_error", "Your card number is incorrect.", code="incorrect_number", param="card[number]"
            )
        month, year = _int(card.get("exp_month")), _int(card.get("exp_year"))
        if month is None or not 1 <= month <= 12:
            raise StripeHTTPError(
                402,
                "card_error",
                "Your card's expiration month is invalid.",
                code="invalid_expiry_month",
                param="card[exp_month]",
            )
        year = year + 2000 if year is not None and year < 100 else year
        today = datetime.now(UTC)
        if year is None or (year, month) < (today.year, today.month) or year > today.year + 50:
            raise StripeHTTPError(
                402,
                "card_error",
                "Your card's expiration year is invalid.",
                code="invalid_expiry_year",
                param="card[exp_year]",
            )
        cvc = str(card.get("cvc", ""))
        if cvc and not re.fullmatch(r"\d{3,4}", cvc):
            raise StripeHTTPError(
                402, "card_error", "Your card's security code is invalid.", code="invalid_cvc", param="card[cvc]"
            )
        pm_id = _new_id("pm")
        method = {
            "id": pm_id,
            "object": "payment_method",
            "type": "card",
            "created": int(time.time()),
            "livemode": False,
            "metadata": {},
            "customer": None,
            "billing_details": {"address": None, "email": None, "name": None, "phone": None},
            "card": {
                "brand": brand.name,
                "last4": number[-4:],
                "exp_month": month,
                "exp_year": year,
                "funding": "credit",
                "country": "US",
                "fingerprint": hmac.new(self._hmac_key, number.encode(), hashlib.sha256).hexdigest()[:16],
                "checks": {"cvc_check": "pass" if cvc else "unchecked"},
            },
        }
        with self._lock:
            self._methods[pm_id] = method
            self._outcomes[pm_id] = TEST_CARDS.get(number)
        return method

    def _create_intent(self, params: dict[str, Any]) -> dict[str, Any]:
        amount, currency = _int(params.get("amount")), str(params.get("currency", "")).lower()
        if amount is None or amount < 1:
            raise StripeHTTPError(
                400,
                _INVALID,
                "Invalid amount: expected a positive integer in the smallest currency unit.",
                code="parameter_invalid_integer",
                param="amount",
            )
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise StripeHTTPError(400, _INVALID, "Invalid currency.", code="parameter_invalid", param="currency")
        if currency not in ZERO_DECIMAL and amount < 50:
            raise StripeHTTPError(
                400, _INVALID, "Amount must be at least 50 cents.", code="amount_too_small", param="amount"
            )
        if amount > 99_999_999:
            raise StripeHTTPError(
                400, _INVALID, "Amount must be no more than 99999999.", code="amount_too_large", param="amount"
            )
        pi_id = _new_id("pi")
        intent: dict[str, Any] = {
            "id": pi_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": currency,
            "status": "requires_payment_method",
            "created": int(time.time()),
            "livemode": False,
            "capture_method": "automatic",
            "confirmation_method": "automatic",
            "client_secret": f"{pi_id}_secret_{secrets.token_hex(8)}",
            "payment_method": None,
            "payment_method_types": params.get("allowed_payment_method_types")
            or params.get("payment_method_types")
            or ["card"],
            "payment_method_options": {},
            "metadata": params.get("metadata") or {},
            "description": params.get("description"),
            "latest_charge": None,
            "last_payment_error": None,
            "next_action": None,
        }
        self._attach(intent, params)
        with self._lock:
            self._intents[pi_id] = intent
        if str(params.get("confirm", "")).lower() == "true":
            return self._confirm(intent, {})
        return intent

    def _attach(self, intent: dict[str, Any], params: dict[str, Any]) -> None:
        pm = params.get("payment_method")
        if pm:
            with self._lock:
                known = str(pm) in self._methods
            if not known:
                raise StripeHTTPError(
                    400, _INVALID, f"No such PaymentMethod: '{pm}'", code="resource_missing", param="payment_method"
                )
            intent.update(payment_method=str(pm), status="requires_confirmation")
        if isinstance(params.get("payment_method_options"), dict):
            intent["payment_method_options"] = params["payment_method_options"]

    def _confirm(self, intent: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
        if intent["status"] in ("succeeded", "canceled", "processing"):
            raise StripeHTTPError(
                400,
                _INVALID,
                f"This PaymentIntent's status is {intent['status']}, so it cannot be confirmed.",
                code="payment_intent_unexpected_state",
            )
        self._attach(intent, params)
        if not intent["payment_method"]:
            raise StripeHTTPError(
                400, _INVALID, "You must provide a payment_method to confirm.", code="payment_intent_unexpected_state"
            )
        with self._lock:
            outcome = self._outcomes.get(intent["payment_method"])
        card_options = intent["payment_method_options"].get("card")
        moto = isinstance(card_options, dict) and str(card_options.get("moto", "")).lower() == "true"
        if outcome is not None and outcome[0] == "3ds" and not moto:
            intent.update(status="requires_action", next_action={"type": "use_stripe_sdk"})
            return intent
        charge = _new_id("ch")
        intent["latest_charge"] = charge
        if outcome is None or outcome[0] == "3ds":
            intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
            return intent
        code, decline_code, message = outcome
        error = {
            "type": "card_error",
            "code": code,
            "decline_code": decline_code,
            "message": message,
            "charge": charge,
            "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}",
        }
        intent.update(status="requires_payment_method", last_payment_error=dict(error), payment_method=None)
        raise StripeHTTPError(
            402,
            "card_error",
            message,
            code=code,
            decline_code=decline_code,
            charge=charge,
            doc_url=error["doc_url"],
            payment_intent=json.loads(json.dumps(intent)),
        )


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, broken pipe) is normal here; print nothing."""


def _json(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode()


def _make_handler(emulator: StripeEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "stripe-emulator"

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                status, payload, replayed = emulator.handle(method, self.path.split("?", 1)[0], headers, body)
            except Exception:  # answer like Stripe's 500; never echo the request
                status, payload, replayed = 500, _json({"error": {"type": "api_error", "message": "Internal"}}), False
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
