"""A caller on the local phone line: scripted or interactive keypads, and one call through the bundled flow."""

from __future__ import annotations

import json
import os
import select
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from ivr.errors import IvrError, KeypadError
from ivr.handler import lambda_handler
from ivr.local.connect.actions import HANG_UP, CallerHungUp
from ivr.local.connect.runner import CallResult, FlowRunner
from ivr.local.stack import FLOW_PATH, LocalStack

KEYS = frozenset("0123456789*#ABCD")


class ScriptedKeypad:
    """Keys from a string; when they run out the caller stays silent (every prompt times out). ``H`` is not a
    key: the caller hangs up when the call reaches it (``CallerHungUp``)."""

    def __init__(self, keys: str) -> None:
        keys = "".join(keys.split()).upper()
        if set(keys) - KEYS - {HANG_UP}:
            raise KeypadError("keys: expected only 0-9, *, #, A-D and H (hang up)")
        self._keys = list(keys)

    def __repr__(self) -> str:
        return f"ScriptedKeypad(remaining={len(self._keys)})"

    def press(self, timeout_s: float) -> str | None:
        if self._keys and self._keys[0] == HANG_UP:
            raise CallerHungUp
        return self._keys.pop(0) if self._keys else None

    def peek(self) -> str | None:
        return self._keys[0] if self._keys else None


class InteractiveKeypad:
    """Keys typed on the terminal: digits echo as dots, Enter is ``#``, ``H`` hangs up, end of input is silence.

    On a TTY keys are read one at a time (raw mode) with the prompt's time limit; otherwise whole lines are read
    from the stream and split into keys.
    """

    def __init__(self, stream: TextIO | None = None, echo: TextIO | None = None) -> None:
        self._in = stream or sys.stdin
        self._echo = echo or sys.stdout
        self._buffer: list[str] = []
        self._eof = False

    def __repr__(self) -> str:
        return "InteractiveKeypad()"

    def _tty(self) -> bool:
        try:
            return self._in.isatty()
        except (AttributeError, ValueError):
            return False

    def _read_tty(self, timeout_s: float) -> str | None:
        import termios
        import tty

        fd = self._in.fileno()
        old = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            while True:
                ready, _, _ = select.select([fd], [], [], max(0.1, timeout_s))
                if not ready:
                    return None
                char = os.read(fd, 1).decode(errors="ignore")
                if char in ("\x04", ""):
                    self._eof = True
                    return None
                char = "#" if char in ("\r", "\n") else char.upper()
                if char == HANG_UP:
                    raise CallerHungUp
                if char in KEYS:
                    self._echo.write("." if char.isdigit() else char)
                    self._echo.flush()
                    return char
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)

    def _fill(self) -> None:
        while not self._buffer and not self._eof:
            line = self._in.readline()
            if not line:
                self._eof = True
                return
            keys = [c for c in line.strip().upper() if c in KEYS or c == HANG_UP]
            if line.endswith("\n") and keys and keys[-1] != "#":
                keys.append("#")  # Enter is the hash key
            self._buffer += keys

    def press(self, timeout_s: float) -> str | None:
        if self._eof:
            return None
        if self._tty() and not self._buffer:
            return self._read_tty(timeout_s)
        self._fill()
        if self._buffer and self._buffer[0] == HANG_UP:
            raise CallerHungUp
        return self._buffer.pop(0) if self._buffer else None

    def peek(self) -> str | None:
        return self._buffer[0] if self._buffer else None


def load_flow(path: str | Path | None = None) -> dict[str, Any]:
    """The bundled payment flow, or another flow export."""
    try:
        flow = json.loads(Path(path or FLOW_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IvrError(f"flow file {path or FLOW_PATH}: expected a readable flow-language JSON file") from exc
    if not isinstance(flow, dict):
        raise IvrError("flow file: expected a JSON object")
    return flow


def runner_for(
    stack: LocalStack,
    flow: Mapping[str, Any] | None = None,
    *,
    duplicate_invocation: Callable[[], bool] | None = None,
    enforce_suspension: bool = True,
) -> FlowRunner:
    """A flow runner wired to the stack's handler, flow-log group and recordings bucket.

    ``enforce_suspension=False`` lets a card prompt play while a recording is live (leak drills only)."""
    return FlowRunner(
        flow if flow is not None else load_flow(),
        handler=lambda_handler,
        substitutions=stack.substitutions(),
        instance_arn=stack.instance_arn,
        logs=stack.client("logs"),
        flow_log_group=stack.names["flow_log_group"],
        s3=stack.client("s3"),
        recordings_bucket=stack.names["recordings_bucket"],
        duplicate_invocation=duplicate_invocation,
        enforce_suspension=enforce_suspension,
        recording=stack.connect.control if stack.connect is not None else None,
        contact_events=lambda_handler,
    )


def contact_attributes(amount: str, currency: str | None = None, language: str | None = None) -> dict[str, str]:
    """The attributes an earlier flow (account lookup, language menu) would have set on the contact."""
    attrs = {"amount_due": amount}
    if currency:
        attrs["currency"] = currency
    if language:
        attrs["language"] = language
    return attrs


def place_call(
    runner: FlowRunner,
    keypad: Any,
    *,
    amount: str = "50.00",
    currency: str | None = None,
    contact_id: str | None = None,
    on_event: Callable[[str, str], None] | None = None,
    language: str | None = None,
) -> CallResult:
    """One call through the runner's flow."""
    attributes = contact_attributes(amount, currency, language)
    return runner.run(keypad, attributes=attributes, contact_id=contact_id, on_event=on_event)
