"""Many calls through the bundled flow on the local stack, optionally with faults, counting what happened.

Cards come from a file of ``PAN MMYY CVV`` lines or from Stripe's published test cards. With faults, the run
injects Stripe 5xx answers and slow answers, Bedrock cold starts, throttling, slow and misbehaving generations,
S3 audit-write failures (a deny policy on the audit bucket), duplicate Lambda invocations and duplicate
deliveries of the contact's ``DISCONNECTED`` event, plus caller mistakes (a mistyped card number, ``*`` presses,
silence), hang-ups (after the card number, at the confirmation) and cancels (``3`` at the confirmation).
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ivr.local.bedrock.emulator import BedrockFaults
from ivr.local.connect.caller import ScriptedKeypad, place_call, runner_for
from ivr.local.connect.runner import CallResult
from ivr.local.simcards import SimCard, script
from ivr.local.stack import LocalStack

FAULTS = BedrockFaults(slow_rate=0.01, slow_s=8.0, cold_calls=3, throttle_rate=0.08, misbehave_rate=0.05)


@dataclass
class Summary:
    calls: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    charges: int = 0
    duplicate_charges: int = 0
    callbacks: int = 0  # callers who called back with the same card and amount after an uncertain outcome
    callback_double_charges: int = 0
    result_codes: Counter[str] = field(default_factory=Counter)
    lambda_invocations: int = 0
    duplicate_invocations: int = 0
    audit_put_faults: int = 0
    sink_errors: int = 0
    model_calls: Counter[str] = field(default_factory=Counter)
    confirmations: Counter[str] = field(default_factory=Counter)
    contact_events: Counter[str] = field(default_factory=Counter)  # the IVR's answers to DISCONNECTED deliveries

    def lines(self) -> list[str]:
        return [
            f"calls: {self.calls}",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())),
            "final Lambda results: " + ", ".join(f"{k} {v}" for k, v in sorted(self.results.items())),
            f"charges: {self.charges}",
            f"duplicate charges: {self.duplicate_charges}",
            f"call-backs after an uncertain outcome: {self.callbacks}, charged twice: {self.callback_double_charges}",
            "result codes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.result_codes.items())),
            f"Lambda invocations: {self.lambda_invocations} (duplicates injected: {self.duplicate_invocations})",
            f"audit writes refused by injected fault: {self.audit_put_faults} calls",
            "model answers: " + ", ".join(f"{k} {v}" for k, v in sorted(self.model_calls.items())),
            "confirmations spoken: " + ", ".join(f"{k} {v}" for k, v in sorted(self.confirmations.items())),
            "contact events (DISCONNECTED): " + ", ".join(f"{k} {v}" for k, v in sorted(self.contact_events.items())),
            f"sink errors: {self.sink_errors}",
        ]


def _deny_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SimulatedOutage",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def run_simulation(
    stack: LocalStack, *, calls: int, cards: list[SimCard], faults: bool, seed: int
) -> tuple[Summary, list[CallResult]]:
    """Run ``calls`` calls on a started stack; the stack's emulators get the faults."""
    rng = random.Random(seed)  # noqa: S311 - simulation draws
    summary = Summary()
    dup = {"n": 0}

    hanging = {"now": False}

    def duplicate() -> bool:
        hit = faults and not hanging["now"] and rng.random() < 0.1
        dup["n"] += hit
        return hit

    runner = runner_for(stack, duplicate_invocation=duplicate)
    s3 = stack.client("s3")
    audit = stack.names["audit_bucket"]
    if faults and stack.stripe is not None and stack.bedrock is not None:
        stack.stripe.faults.configure(error_rate=0.04, delay_rate=0.02, delay_s=1.5, seed=seed)
        stack.bedrock.set_faults(BedrockFaults(**{**FAULTS.__dict__, "seed": seed}))
    results: list[CallResult] = []
    pairs: list[tuple[str, str]] = []  # (uncertain contact, its call-back contact)
    for n in range(calls):
        card = cards[rng.randrange(len(cards))]
        keypad = ScriptedKeypad(script(card, rng, mistakes=faults))
        amount = str(Decimal(rng.randint(100, 50_000)) / 100)
        outage = faults and rng.random() < 0.05
        if outage:
            s3.put_bucket_policy(Bucket=audit, Policy=_deny_policy(audit))
            summary.audit_put_faults += 1
        hanging["now"] = faults and n % UNCERTAIN_EVERY == UNCERTAIN_EVERY // 2 and stack.stripe is not None
        if hanging["now"]:
            _stripe_hangs_after_the_charge_is_sent(stack)
            keypad = ScriptedKeypad(card.keys())
        try:
            result = place_call(runner, keypad, amount=amount, contact_id=str(uuid.UUID(int=rng.getrandbits(128))))
        finally:
            if outage:
                s3.delete_bucket_policy(Bucket=audit)
        results.append(result)
        if result.attributes.get("result_code") == "uncertain":
            back = _call_back(stack, runner, card, amount=amount, contact_id=str(uuid.UUID(int=rng.getrandbits(128))),
                              first=result)
            results.append(back)
            pairs.append((result.contact_id, back.contact_id))
        summary.calls = n + 1
        _count_call(summary, result)
    summary.duplicate_invocations = dup["n"]
    _count_charges(stack, summary)
    charged = Counter(str((i.get("metadata") or {}).get("contact_id")) for i in _charges(stack))
    summary.callbacks = len(pairs)
    summary.result_codes = Counter(r.result_code or "none" for r in results)
    summary.callback_double_charges = sum(1 for a, b in pairs if charged[a] + charged[b] > 1)
    return summary, results


def _count_call(summary: Summary, result: CallResult) -> None:
    summary.outcomes[result.outcome] += 1
    last = result.lambda_calls[-1] if result.lambda_calls else None
    summary.results[(last.result or {}).get("result", last.error or "error") if last else "none"] += 1
    summary.lambda_invocations += sum(c.invocations for c in result.lambda_calls)
    summary.sink_errors += len(result.sink_errors)
    summary.contact_events.update(result.contact_events)


UNCERTAIN_EVERY = 25  # with faults, one call in this many has Stripe answer only after the IVR gave up


def _stripe_hangs_after_the_charge_is_sent(stack: LocalStack) -> None:
    """The PaymentMethod answers; the PaymentIntent (and the SDK's one retry) answer after Connect's deadline."""
    stack.stripe.faults.delay_next(0.0)
    stack.stripe.faults.delay_next(STRIPE_HANG_S, count=2)


STRIPE_HANG_S = 9.0


def _charges(stack: LocalStack) -> list[dict[str, Any]]:
    return list(stack.stripe.charges()) if stack.stripe is not None else []


def _call_back(stack: LocalStack, runner: Any, card: SimCard, *, amount: str, contact_id: str,
               first: CallResult) -> CallResult:
    """The caller who heard "may have gone through" calls again with the same card and amount, pays (1), and
    ends (2) when told the earlier payment was taken."""
    _wait_for_stripe(stack, first.contact_id)
    return place_call(runner, ScriptedKeypad(card.keys() + "2"), amount=amount, contact_id=contact_id)


def _wait_for_stripe(stack: LocalStack, contact_id: str) -> None:
    """A caller calls back later: by then Stripe has finished the request the IVR stopped waiting for."""
    deadline = time.monotonic() + STRIPE_HANG_S + 3
    while time.monotonic() < deadline:
        if any((i.get("metadata") or {}).get("contact_id") == contact_id for i in _charges(stack)):
            return
        time.sleep(0.2)


def _count_charges(stack: LocalStack, summary: Summary) -> None:
    charged: Counter[str] = Counter()
    for intent in stack.stripe.charges() if stack.stripe is not None else []:
        charged[str((intent.get("metadata") or {}).get("contact_id"))] += 1
    summary.charges = sum(charged.values())
    summary.duplicate_charges = sum(c - 1 for c in charged.values() if c > 1)
    if stack.bedrock is not None:
        summary.model_calls = Counter(
            "ok" if inv.status == 200 else str(inv.error_code) for inv in stack.bedrock.invocations
        )


def count_confirmations(summary: Summary, log_lines: list[str]) -> None:
    """Model or template, from the handler's structured log lines."""
    for line in log_lines:
        if '"confirmation"' not in line:
            continue
        try:
            source = json.loads(line).get("confirmation")
        except ValueError:
            continue
        if isinstance(source, str):
            summary.confirmations[source] += 1


def transcripts(results: list[CallResult]) -> list[dict[str, Any]]:
    """What each caller heard and how the call ended (no keys, no card data)."""
    return [
        {
            "contact_id": r.contact_id,
            "outcome": r.outcome,
            "heard": r.heard,
            "lambda": [
                {
                    "mode": c.mode,
                    "field": c.field,
                    "result": (c.result or {}).get("result"),
                    "reason": (c.result or {}).get("reason"),
                    "error": c.error,
                }
                for c in r.lambda_calls
            ],
        }
        for r in results
    ]


def find_pans(root: Path, cards: list[SimCard]) -> int:
    """How many dumped files contain any of the simulated card numbers (should be 0)."""
    needles = {c.pan.encode() for c in cards}
    return sum(1 for path in root.rglob("*") if path.is_file() and any(n in path.read_bytes() for n in needles))
