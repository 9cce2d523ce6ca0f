"""Small pieces of Connect behaviour the flow runner needs: transitions, Compare operators, keypad collection,
placeholder substitution, the Lambda context and the flow-log module names."""

from __future__ import annotations

import copy
import re
import time
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

# Flow-language action type -> the module type Connect writes in flow logs.
MODULE_TYPES = {
    "MessageParticipant": "PlayPrompt",
    "GetParticipantInput": "GetUserInput",
    "InvokeLambdaFunction": "InvokeExternalResource",
    "Compare": "CheckAttribute",
    "UpdateContactAttributes": "SetAttributes",
    "UpdateFlowAttributes": "SetFlowAttributes",
    "UpdateFlowLoggingBehavior": "SetLoggingBehavior",
    "UpdateContactRecordingBehavior": "SetRecordingBehavior",
    "UpdateContactRecordingAndAnalyticsBehavior": "SetRecordingAndAnalyticsBehavior",
    "UpdateContactTargetQueue": "SetQueue",
    "TransferContactToQueue": "Transfer",
    "DisconnectParticipant": "Disconnect",
    "EndFlowExecution": "EndFlowExecution",
}
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")
HANG_UP = "H"  # in a scripted keypad: the caller hangs up when the call reaches this key


class CallerHungUp(Exception):  # a signal, not a failure
    """The caller hung up: the flow stops where it is, as Connect's does."""


class Keypad(Protocol):
    def press(self, timeout_s: float) -> str | None:
        """The next key, or None when the caller pressed nothing within ``timeout_s``."""

    def peek(self) -> str | None:
        """The next key if one is already waiting (type-ahead), without consuming it."""


class LambdaContext:
    """The parts of the Lambda context object handlers use, with Connect's time limit as the budget."""

    function_name = "spc-ivr"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    log_group_name = "/aws/lambda/spc-ivr"

    def __init__(self, limit_s: float, region: str = "us-east-1", account: str = "123456789012") -> None:
        self._deadline = time.monotonic() + limit_s
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{account}:function:{self.function_name}"
        self.log_stream_name = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def substitute(flow: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, Any]:
    """A copy of the flow with ``${Name}`` placeholders replaced in every string (unknown names are kept)."""

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), node)
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out: dict[str, Any] = walk(copy.deepcopy(dict(flow)))
    return out


def next_action(tr: Mapping[str, Any]) -> str | None:
    value = tr.get("NextAction")
    return str(value) if value else None


def error_branch(tr: Mapping[str, Any], error_type: str) -> str | None:
    for err in tr.get("Errors") or []:
        if isinstance(err, dict) and err.get("ErrorType") == error_type and err.get("NextAction"):
            return str(err["NextAction"])
    return None


def _number(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _matches(operator: str, value: str, operand: str) -> bool:
    if operator == "Equals":
        return value == operand
    text = {"TextStartsWith": value.startswith, "TextEndsWith": value.endswith, "TextContains": value.__contains__}
    if operator in text:
        return bool(text[operator](operand))
    a, b = _number(value), _number(operand)
    if a is None or b is None:
        return False
    return {
        "NumberGreaterThan": a > b,
        "NumberLessThan": a < b,
        "NumberGreaterOrEqualTo": a >= b,
        "NumberLessOrEqualTo": a <= b,
    }.get(operator, False)


def compare(value: str, tr: Mapping[str, Any], error: str = "NoMatchingCondition") -> str | None:
    """The first condition that holds, else the named error branch."""
    for cond in tr.get("Conditions") or []:
        spec = cond.get("Condition") or {}
        operands = spec.get("Operands") or [""]
        if _matches(str(spec.get("Operator")), value, str(operands[0])):
            return str(cond.get("NextAction"))
    return error_branch(tr, error)


def collect(
    keypad: Keypad, *, first_s: float, next_s: float, terminator: str, max_len: int, cancel: bool
) -> tuple[str, str]:
    """(keys pressed, entry) for a stored input: ends on the terminator, at max length, or on a timeout.

    ``*`` clears the entry unless the cancel key is disabled; a terminator pressed right after a full-length
    entry is absorbed rather than left for the next prompt.
    """
    pressed, entry = "", ""
    timeout = first_s
    while True:
        key = keypad.press(timeout)
        if key is None:
            return pressed, entry
        pressed += key
        timeout = next_s
        if key == "*" and cancel:
            entry = ""
            continue
        entry += key
        if terminator and entry.endswith(terminator):
            return pressed, entry[: -len(terminator)]
        if len(entry) >= max_len:
            if len(terminator) == 1 and keypad.peek() == terminator:
                pressed += keypad.press(0) or ""
            return pressed, entry


def seconds(value: Any, default: float) -> float:
    number = _number(str(value)) if value is not None else None
    return float(number) if number is not None and number > 0 else default


def is_string_map(response: Any) -> bool:
    """What Connect accepts from a Lambda with ResponseValidation STRING_MAP."""
    return isinstance(response, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in response.items())
