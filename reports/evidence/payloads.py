"""What a canary plants: published test card numbers of every brand, in each form a source kind can hold.

A payload is ``(form, type, brand, text)``: the text a log event, object or Bedrock record carries. Only published
test numbers are used (never a real card), so planting them can never leak cardholder data.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime

from scanners.cards.brands import BRANDS, TEST_PANS, brand_of, is_pan
from scanners.engine.finding import CardDataType

Payload = tuple[str, CardDataType, str, str]  # form, type, brand, the text holding the value


def published_test_pans() -> dict[str, str]:
    """One published test number per brand that has one (brand name -> digits)."""
    out: dict[str, str] = {}
    for digits in sorted(TEST_PANS, key=lambda d: (len(d) != 16, d)):
        brand = brand_of(digits)
        if brand is not None and is_pan(digits) and brand.name not in out:
            out[brand.name] = digits
    return {b.name: out[b.name] for b in BRANDS if b.name in out}


def spaced(pan: str) -> str:
    groups = (4, 6, 5) if len(pan) == 15 else (4,) * 4 + (3,)
    parts, i = [], 0
    for n in groups:
        if i < len(pan):
            parts.append(pan[i : i + n])
            i += n
    return " ".join(parts)


def canary_values() -> tuple[str, str, str]:
    """A test expiry (MM/YY, five years ahead), its keypad form MMYY, and a test security code."""
    year = (datetime.now(UTC).year + 5) % 100
    return f"12/{year:02d}", f"12{year:02d}", "737"


def text_payloads(*, gzip_in_text: bool) -> Iterator[Payload]:
    """The forms a log line or text object can hold: every brand in each PAN form, then SAD in context."""
    pans = published_test_pans()
    expiry, mmyy, cvv = canary_values()
    for brand, pan in pans.items():
        as_json = json.dumps({"event": "spc-canary", "card_number": pan})
        yield "plain", "pan", brand, f"spc canary: payment with card {pan} accepted"
        yield "spaced", "pan", brand, f"spc canary: card number {spaced(pan)} on file"
        yield "json", "pan", brand, as_json
        yield "base64", "pan", brand, "spc canary payload=" + base64.b64encode(as_json.encode()).decode()
        if gzip_in_text:
            packed = base64.b64encode(gzip.compress(as_json.encode(), mtime=0)).decode()
            yield "gzip", "pan", brand, "spc canary payload=" + packed
        else:
            yield "gzip", "pan", brand, f"spc canary: payment with card {pan} accepted (gzip object)"
    visa = pans.get("visa") or next(iter(pans.values()))
    yield "cvv", "cvv", "", f"spc canary: cvv: {cvv}"
    yield "expiry", "expiry", "", f"spc canary: card expiry: {expiry}"
    yield "track", "track", "visa", f"spc canary swipe ;{visa}={mmyy[2:]}{mmyy[:2]}1011000000000000?"


def bedrock_payloads() -> Iterator[Payload]:
    expiry, _, cvv = canary_values()
    for brand, pan in published_test_pans().items():
        yield "prompt", "pan", brand, f"Confirm the payment for card {pan} please"
        yield "prompt_spaced", "pan", brand, f"My card is {spaced(pan)}"
        yield "output", "pan", brand, f"Your card {pan} was charged."
    yield "prompt_cvv", "cvv", "", f"The security code is {cvv}"
    yield "prompt_expiry", "expiry", "", f"Card expiry: {expiry}"


def invocation_record(request_id: str, form: str, text: str, when: datetime) -> str:
    """A Bedrock model-invocation log record (imported model, prompt/generation bodies)."""
    prompt, generation = ("Thank you.", text) if form == "output" else (text, "Thank you.")
    return json.dumps({
        "schemaType": "ModelInvocationLog", "schemaVersion": "1.0",
        "timestamp": when.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "accountId": "000000000000", "region": "us-east-1", "requestId": request_id, "operation": "InvokeModel",
        "modelId": "arn:aws:bedrock:us-east-1:000000000000:imported-model/spc-canary",
        "input": {"inputContentType": "application/json", "inputBodyJson": {"prompt": prompt}},
        "output": {"outputContentType": "application/json", "outputBodyJson": {"generation": generation}},
    })


def value_in(payload: Payload) -> str:
    """The card value a payload carries (for masking only)."""
    _, kind_type, brand, _ = payload
    if kind_type == "pan":
        return published_test_pans()[brand]
    expiry, mmyy, cvv = canary_values()
    if kind_type == "track":
        return f";{published_test_pans()['visa']}={mmyy[2:]}{mmyy[:2]}1011000000000000?"
    return cvv if kind_type == "cvv" else expiry
