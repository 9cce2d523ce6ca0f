"""The calls ``spc demo`` places on the local phone line: the seeded scenarios, the caller's keys, and outcomes.

Part of the composition root (``reports.demo.run``): ``ivr`` is imported lazily, inside functions.
"""

from __future__ import annotations

import contextlib
import io
import random
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ivr.local.bedrock.emulator import BedrockFaults
from ivr.local.connect.caller import ScriptedKeypad, place_call, runner_for
from ivr.local.simcards import default_cards
from ivr.local.simulate import Summary, count_confirmations
from ivr.local.sinks import LambdaLogs
from scanners.cards.brands import luhn_valid
from scanners.errors import ConfigError

if TYPE_CHECKING:
    from ivr.local.bedrock.emulator import BedrockEmulator
    from ivr.local.stack import LocalStack


@dataclass(frozen=True)
class Scenario:
    """One caller: what happens, the card, a mistake before the good entry, and the model's faults."""

    name: str
    pan: str
    mistake: str = ""  # "", "mistype", "past-expiry", "silence"
    model_faults: Mapping[str, float] = field(default_factory=dict)


SCENARIOS = (
    Scenario("approved", "4242424242424242"),
    Scenario("approved", "5555555555554444"),
    Scenario("approved, American Express four-digit code", "378282246310005"),
    Scenario("declined by the bank", "4000000000000002"),
    Scenario("mistyped card number, re-entered", "6011111111111117", "mistype"),
    Scenario("expired card", "4000000000000069"),
    Scenario("expiry in the past, re-entered", "5555555555554444", "past-expiry"),
    Scenario("insufficient funds", "4000000000009995"),
    Scenario("model throttled: template confirmation", "4242424242424242", model_faults={"throttle_rate": 1.0}),
    Scenario("model cold start: template confirmation", "378282246310005", model_faults={"cold_calls": 99}),
    Scenario("model too slow: template confirmation", "6011111111111117", model_faults={"latency_s": 3.2}),
    Scenario("caller silent: transferred", "", "silence"),
)


def emulator(stack: LocalStack) -> BedrockEmulator:
    """The stack's Bedrock emulator; a stack started without one is a configuration error."""
    if stack.bedrock is None:
        raise ConfigError("local stack: expected a running Bedrock emulator")
    return stack.bedrock


def _mistype(pan: str) -> str:
    """The same number with its last digit changed so that the Luhn check fails."""
    return next(pan[:-1] + d for d in "0123456789" if not luhn_valid(pan[:-1] + d))


def keys_for(scenario: Scenario, expiry: str, cvv: str) -> str:
    """What the caller presses on the keypad for one scenario."""
    if scenario.mistake == "silence":
        return ""
    good = f"{scenario.pan}#{expiry}#{cvv}#1"  # 1: pay, at the confirmation
    if scenario.mistake == "mistype":
        return f"{_mistype(scenario.pan)}#{good}"
    if scenario.mistake == "past-expiry":
        return f"{scenario.pan}#0121#{expiry}#{cvv}#1"
    return good


def plan_calls(calls: int, seed: int) -> list[Scenario]:
    """The scenarios in order, then seeded picks among them for calls beyond the list."""
    rng = random.Random(seed)  # noqa: S311 - simulation draws
    return [SCENARIOS[n] if n < len(SCENARIOS) else rng.choice(SCENARIOS) for n in range(calls)]


@contextlib.contextmanager
def lambda_runtime(stack: LocalStack) -> Iterator[Any]:
    """The handler's log output shipped to its log group (as Lambda does); anything else printed is dropped."""
    logs = LambdaLogs(stack.client("logs"), stack.names["lambda_log_group"])
    with logs, contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield logs


def run_calls(stack: LocalStack, calls: int, seed: int) -> Counter[str]:
    """Place the calls; returns how each ended (the contact's result code, else how the call ended)."""
    bedrock = emulator(stack)
    cards = {c.pan: c for c in default_cards()}
    rng = random.Random(seed)  # noqa: S311 - simulation draws
    runner, outcomes = runner_for(stack), Counter[str]()
    for n, scenario in enumerate(plan_calls(calls, seed)):
        card = cards.get(scenario.pan) or next(iter(cards.values()))
        bedrock.set_faults(BedrockFaults(**scenario.model_faults, seed=seed + n))  # type: ignore[arg-type]
        amount = str(Decimal(rng.randint(500, 30_000)) / 100)
        keypad = ScriptedKeypad(keys_for(scenario, card.expiry, card.cvv))
        result = place_call(runner, keypad, amount=amount, contact_id=str(uuid.UUID(int=rng.getrandbits(128))))
        outcomes[result.attributes.get("result_code") or result.outcome] += 1  # the contact's result code
    bedrock.set_faults(BedrockFaults())
    return outcomes


def confirmations(log_lines: list[str]) -> Counter[str]:
    """How many confirmations the model spoke and how many the template did, from the handler's log lines."""
    summary = Summary()
    count_confirmations(summary, log_lines)
    return summary.confirmations
