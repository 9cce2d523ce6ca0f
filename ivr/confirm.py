"""The spoken confirmation after an approved charge.

A card-free prompt (amount, brand, last four, reference) is scanned by the card-data detectors (any hit:
refuse), recorded to the prompt log, then sent to the Bedrock imported model under a deadline taken from
Connect's budget. The model's words are guarded (no digits beyond last four, amount and reference; must state
amount and last four; no card data) and SSML-escaped. Whatever goes wrong, a deterministic SSML template
answers; this never raises.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from xml.sax.saxutils import escape

MIN_MODEL_S = 0.3  # below this the model cannot answer in time: do not try
MAX_MODEL_S = 3.0  # the caller is on hold meanwhile: never wait longer than this for the model
MAX_CHARS = 400
MAX_GEN_LEN = 120
TEMPERATURE = 0.2

BRAND_NAMES = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "discover": "Discover",
    "jcb": "JCB",
    "diners": "Diners Club",
    "unionpay": "UnionPay",
    "mir": "Mir",
    "maestro": "Maestro",
    "troy": "Troy",
}
CURRENCY_WORDS = {
    "GBP": "pounds",
    "USD": "dollars",
    "EUR": "euros",
    "CAD": "Canadian dollars",
    "AUD": "Australian dollars",
    "NZD": "New Zealand dollars",
    "CHF": "Swiss francs",
    "SEK": "Swedish kronor",
    "NOK": "Norwegian kroner",
    "DKK": "Danish kroner",
    "SGD": "Singapore dollars",
}
_REFERENCE = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,15}$")
_DIGIT_RUN = re.compile(r"\d(?:[ \u00a0,.\-/]?\d)*")
_TAG = re.compile(r"<[^>]*>")
_RETRYABLE_429 = {"ThrottlingException": "throttled", "ModelNotReadyException": "model-not-ready"}

_SYSTEM = (
    "You write the closing line of a telephone payment, read aloud by text to speech. In one or two short "
    "sentences, thank the caller, state the amount and the card's last four digits exactly as given, and "
    "read the reference. Use no other numbers and no markup."
)


@dataclass(frozen=True)
class Confirmation:
    ssml: str
    source: Literal["model", "template"]
    reason: str


@dataclass(frozen=True)
class _Facts:
    amount: str | None  # "1,250.00"
    currency: str | None  # "GBP"
    brand: str | None  # "Visa"
    last4: str | None
    reference: str | None

    @property
    def complete(self) -> bool:
        return None not in (self.amount, self.currency, self.last4, self.reference)


def _facts(amount: Any, currency: Any, brand: Any, last4: Any, reference: Any) -> _Facts:
    text: str | None = None
    try:
        value = Decimal(amount)
        if value.is_finite() and value > 0 and value == value.quantize(Decimal("0.01")):
            text = f"{value:,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        text = None
    cur = currency.upper() if isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency) else None
    name = BRAND_NAMES.get(brand.lower()) if isinstance(brand, str) else None
    l4 = last4 if isinstance(last4, str) and re.fullmatch(r"\d{4}", last4) else None
    ref = reference if isinstance(reference, str) and _REFERENCE.fullmatch(reference) else None
    return _Facts(text, cur, name, l4, ref)


def _currency_words(code: str | None) -> str:
    if code is None:
        return ""
    return CURRENCY_WORDS.get(code, f'<say-as interpret-as="characters">{code}</say-as>')


def template(facts: _Facts) -> str:
    """The deterministic SSML confirmation; parts that are unknown or malformed are left out."""
    parts = ["Thank you."]
    paid = "Your payment"
    if facts.amount:
        paid += f" of {facts.amount} {_currency_words(facts.currency)}".rstrip()
    if facts.last4:
        card = facts.brand or "card"
        card = f"{card} card" if facts.brand else card
        paid += f' on your {card} ending in <say-as interpret-as="digits">{facts.last4}</say-as>'
    parts.append(paid + " has been approved.")
    if facts.reference:
        parts.append(f'Your reference is <say-as interpret-as="characters">{facts.reference}</say-as>.')
    return "<speak>" + " ".join(parts) + "</speak>"


def build_prompt(facts: _Facts) -> str:
    """A raw chat-templated prompt (ChatML, as Qwen imported models expect) holding only card-free facts."""
    card = f"{facts.brand or 'Card'} ending {facts.last4}"
    user = f"Amount: {facts.amount} {facts.currency}\nCard: {card}\nReference: {facts.reference}"
    return f"<|im_start|>system\n{_SYSTEM}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n"


def _contains_card_data(text: str) -> bool | None:
    """The shared detectors' verdict; None when they cannot run (then nothing is sent: fail closed)."""
    try:
        from scanners.engine import default_engine

        return bool(default_engine().contains_card_data(text))
    except Exception:
        return None


# -- Bedrock -------------------------------------------------------------------------------------------------
_CLIENTS: dict[tuple[str, str, float], Any] = {}
_CLIENTS_LOCK = threading.Lock()


def _client_for(bedrock: Any, deadline_s: float) -> Any:
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


def _classify(exc: Exception) -> str:
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
        code = str(exc.response.get("Error", {}).get("Code", ""))
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


# -- guard ---------------------------------------------------------------------------------------------------
def guard(text: str, facts: _Facts) -> str | None:
    """None when the model's words may be spoken, else the reason they may not."""
    assert facts.amount and facts.last4 and facts.reference
    plain = " ".join(_TAG.sub(" ", text).split())
    if not plain:
        return "guard:empty"
    if len(plain) > MAX_CHARS:
        return "guard:too-long"
    allowed = {facts.last4, re.sub(r"\D", "", facts.amount)}
    runs = [re.sub(r"\D", "", r) for r in _DIGIT_RUN.findall(plain.replace(facts.reference, " \u00a7 "))]
    if any(run not in allowed for run in runs):
        return "guard:digits"
    if facts.amount not in plain and facts.amount.replace(",", "") not in plain:
        return "guard:missing-amount"
    if facts.last4 not in runs:
        return "guard:missing-last4"
    verdict = _contains_card_data(plain)
    if verdict is None:
        return "guard:unavailable"
    return "guard:card-data" if verdict else None


def to_ssml(text: str, facts: _Facts) -> str:
    plain = escape(" ".join(_TAG.sub(" ", text).split()))
    assert facts.last4 and facts.reference
    plain = re.sub(
        rf"(?<![\d.,]){facts.last4}(?![\d]|[.,]\d)",
        f'<say-as interpret-as="digits">{facts.last4}</say-as>',
        plain,
        count=1,
    )
    plain = plain.replace(facts.reference, f'<say-as interpret-as="characters">{facts.reference}</say-as>', 1)
    return f"<speak>{plain}</speak>"


def confirmation(
    *,
    amount: Decimal,
    currency: str,
    brand: str,
    last4: str,
    reference: str,
    deadline_s: float,
    bedrock: Any | None,
    model_id: str | None,
    prompt_log: Callable[[dict[str, Any]], None] | None,
) -> Confirmation:
    """The SSML to speak, where it came from and why (``reason`` is a short stable code)."""
    facts = _facts(amount, currency, brand, last4, reference)

    def fallback(reason: str) -> Confirmation:
        return Confirmation(template(facts), "template", reason)

    if not facts.complete:
        return fallback("bad-input")
    if bedrock is None or not model_id:
        return fallback("model-disabled")
    if deadline_s < MIN_MODEL_S:
        return fallback("no-time")
    if prompt_log is None:
        return fallback("no-prompt-log")
    prompt = build_prompt(facts)
    verdict = _contains_card_data(prompt)
    if verdict is not False:
        reason = "prompt-has-card-data" if verdict else "guard:unavailable"
        refusal = {"event": "refused", "reason": reason, "reference": facts.reference, "model_id": model_id}
        with contextlib.suppress(Exception):  # the refusal stands whether or not it was recorded
            prompt_log({**refusal, "timestamp": datetime.now(UTC).isoformat()})
        return fallback(reason)
    try:
        prompt_log(
            {
                "event": "prompt",
                "reference": facts.reference,
                "model_id": model_id,
                "prompt": prompt,
                "timestamp": datetime.now(UTC).isoformat(),
            }
        )
    except Exception:
        return fallback("prompt-log-failed")
    body = {"prompt": prompt, "max_gen_len": MAX_GEN_LEN, "temperature": TEMPERATURE}
    try:
        response = _client_for(bedrock, deadline_s).invoke_model(
            modelId=model_id,
            body=json.dumps(body).encode(),
            contentType="application/json",
            accept="application/json",
        )
        raw = response["body"].read()
    except Exception as exc:
        return fallback(_classify(exc))
    text = parse_generation(raw) if isinstance(raw, bytes | bytearray | str) else None
    if text is None:
        return fallback("bad-response")
    problem = guard(text, facts)
    if problem:
        return fallback(problem)
    return Confirmation(to_ssml(text, facts), "model", "ok")
