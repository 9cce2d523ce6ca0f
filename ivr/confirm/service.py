"""The spoken confirmation after an approved charge.

A card-free prompt (amount, brand, last four, reference) is scanned by the card-data detectors (any hit:
refuse), recorded to the prompt log, then sent to the Bedrock imported model under a deadline taken from
Connect's budget. The model's words are guarded (no digits beyond last four, amount and reference; must state
amount and last four; no card data) and SSML-escaped. Whatever goes wrong, a deterministic SSML template
answers; this never raises. The words live in ``ivr.confirm.text``, the Bedrock calls in ``ivr.confirm.model``.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ivr.confirm.model import classify, client_for, parse_generation
from ivr.confirm.text import Facts, build_prompt, facts_of, plain_text, template, to_ssml
from scanners.engine.core import default_engine

if TYPE_CHECKING:
    from mypy_boto3_bedrock_runtime import BedrockRuntimeClient

MIN_MODEL_S = 0.3  # below this the model cannot answer in time: do not try
MAX_CHARS = 400
MAX_GEN_LEN = 120
TEMPERATURE = 0.2
_DIGIT_RUN = re.compile(r"\d(?:[ \u00a0,.\-/]?\d)*")


@dataclass(frozen=True)
class Confirmation:
    ssml: str
    source: Literal["model", "template"]
    reason: str


def _contains_card_data(text: str) -> bool | None:
    """The shared detectors' verdict; None when they cannot run (then nothing is sent: fail closed)."""
    try:
        return bool(default_engine().contains_card_data(text))
    except Exception:
        return None


def guard(text: str, facts: Facts) -> str | None:
    """None when the model's words may be spoken, else the reason they may not."""
    assert facts.amount and facts.last4 and facts.reference
    plain = plain_text(text)
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


def confirmation(
    *,
    amount: Decimal,
    currency: str,
    brand: str,
    last4: str,
    reference: str,
    deadline_s: float,
    bedrock: BedrockRuntimeClient | None,
    model_id: str | None,
    prompt_log: Callable[[dict[str, Any]], None] | None,
) -> Confirmation:
    """The SSML to speak, where it came from and why (``reason`` is a short stable code)."""
    facts = facts_of(amount, currency, brand, last4, reference)

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
        response = client_for(bedrock, deadline_s).invoke_model(
            modelId=model_id,
            body=json.dumps(body).encode(),
            contentType="application/json",
            accept="application/json",
        )
        raw = response["body"].read()
    except Exception as exc:
        return fallback(classify(exc))
    text = parse_generation(raw) if isinstance(raw, bytes | bytearray | str) else None
    if text is None:
        return fallback("bad-response")
    problem = guard(text, facts)
    if problem:
        return fallback(problem)
    return Confirmation(to_ssml(text, facts), "model", "ok")
