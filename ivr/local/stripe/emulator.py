"""A local Stripe test-mode emulator for what the IVR uses, reached by the real ``stripe`` SDK over HTTP.

``POST /v1/payment_methods`` (type=card, raw card), ``POST /v1/payment_intents`` (with ``confirm=true``),
``POST /v1/payment_intents/{id}/confirm``, ``GET /v1/payment_intents/{id}``. Form-encoded bodies, bearer key,
Stripe-shaped error JSON and status codes, ``Idempotency-Key`` semantics (same key and parameters replay the
first response with ``Idempotent-Replayed: true``; different parameters give 400 ``idempotency_error``; a key
in flight gives 409), and the documented test cards. 3-D Secure cards succeed only with
``payment_method_options[card][moto]=true``. Other Luhn-valid numbers succeed (real test mode would refuse
non-test cards). Card numbers are never kept or logged: a PaymentMethod keeps brand, last four and the outcome
its number selects. Faults (5xx, delays) are injected with ``emulator.faults``. ``raw_card_data=False`` answers a
raw card number the way Stripe does for an account without raw card data API access (400 ``invalid_request_error``,
no ``code``, a message pointing at the enablement page; the test-mode wording for ``sk_test_`` keys). The objects
live in ``ivr.local.stripe.objects``, the HTTP plumbing in ``ivr.local.stripe.http``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from typing import Any

from ivr.local.stripe.http import FaultPlan, QuietServer, StripeHTTPError, make_handler, parse_form
from ivr.local.stripe.http import json_bytes as _json
from ivr.local.stripe.objects import INVALID as _INVALID
from ivr.local.stripe.objects import TEST_CARDS, Outcome, new_intent, new_payment_method, settle

__all__ = ["TEST_CARDS", "FaultPlan", "StripeEmulator", "StripeHTTPError", "parse_form", "raw_card_message"]

RAW_CARD_DOCS = "https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis"


def raw_card_message(api_key: str) -> str:
    """Stripe's message for a raw card number from an account without raw card data API access."""
    if api_key.startswith(("sk_test_", "rk_test_")):
        return ("Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test "
                "tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw "
                f"card data APIs in test mode, see {RAW_CARD_DOCS}.")
    return ("Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use "
            "Stripe.js, the Stripe mobile bindings, or Stripe Elements. For more information, see "
            "https://dashboard.stripe.com/account/integration/settings. If you are qualified to handle card data "
            f"directly, see {RAW_CARD_DOCS}.")


_PI_PATH = re.compile(r"^/v1/payment_intents/(pi_[A-Za-z0-9]+)(/confirm)?$")


class StripeEmulator:
    """Start with ``with StripeEmulator() as s:``; point the SDK at ``s.url`` with key ``s.api_key``."""

    def __init__(
        self, api_key: str = "sk_test_emulator", *, host: str = "127.0.0.1", port: int = 0, raw_card_data: bool = True
    ) -> None:
        self.api_key = api_key
        self.raw_card_data = raw_card_data  # False: the account is not approved for raw card data APIs
        self.faults = FaultPlan()
        self.requests = 0
        self._lock = threading.Lock()
        self._hmac_key = secrets.token_bytes(32)
        self._methods: dict[str, dict[str, Any]] = {}
        self._outcomes: dict[str, Outcome | None] = {}
        self._intents: dict[str, dict[str, Any]] = {}
        self._idem: dict[str, tuple[str, int, bytes]] = {}
        self._in_flight: set[str] = set()
        self._server = QuietServer((host, port), make_handler(self))
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
        card = params.get("card")
        if not self.raw_card_data and isinstance(card, dict) and "number" in card:
            raise StripeHTTPError(400, _INVALID, raw_card_message(self.api_key))
        method, outcome = new_payment_method(params, self._hmac_key)
        with self._lock:
            self._methods[method["id"]] = method
            self._outcomes[method["id"]] = outcome
        return method

    def _create_intent(self, params: dict[str, Any]) -> dict[str, Any]:
        intent = new_intent(params)
        self._attach(intent, params)
        with self._lock:
            self._intents[intent["id"]] = intent
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
        return settle(intent, outcome)
