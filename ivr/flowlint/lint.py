"""PCI checks on an Amazon Connect flow export (flow language, Version 2019-10-30): ``lint_flow(flow)``.

Per-action rules are in ``ivr.flowlint.rules``. This module walks every path from the start action with an
abstract state (is flow logging on? is IVR recording on? which flow attributes hold card input?) and reports:
captures while logging or recording is on, card data handled while logging is on, card data written to a
contact attribute, and card data still held when the contact leaves the flow. At the start, logging and
recording are assumed on (an earlier flow or the instance may have enabled them).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ivr.flowlint.rules import LEAVES_FLOW, RULES, Problem, is_capture, static_problems, targets

__all__ = ["RULES", "Problem", "lint_file", "lint_flow"]

_STORED = re.compile(r"\$\.StoredCustomerInput\b")
_FLOW_ATTR = re.compile(r"\$\.FlowAttributes\.([A-Za-z0-9_\-]+)")
_CARD_KEY = re.compile(r"card.?num|\bpan\b|cvv|cvc|cv2|security.?code|expir|exp.?date", re.I)


@dataclass(frozen=True)
class _State:
    logging: bool = True
    recording: bool = True
    tainted: frozenset[str] = frozenset()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _card_ref(value: Any, state: _State) -> bool:
    """True when a value reads captured card input, directly or through a tainted flow attribute."""
    return any(_STORED.search(s) or any(m in state.tainted for m in _FLOW_ATTR.findall(s)) for s in _strings(value))


def _recording_after(params: Mapping[str, Any], state: _State) -> bool:
    behaviour = params.get("RecordingBehavior") or {}
    ivr = behaviour.get("IVRRecordingBehavior")
    if ivr is None:
        return state.recording
    return str(ivr).lower() == "enabled"


def _recording_call(params: Mapping[str, Any]) -> str | None:
    """``suspend``/``resume`` for the IVR Lambda's recording mode (SuspendContactRecording through the API; the
    Lambda answers "no card entry" when suspension fails), else None."""
    args = params.get("LambdaInvocationAttributes") or {}
    if not isinstance(args, Mapping) or args.get("mode") != "recording":
        return None
    if "IVR" not in str(args.get("recording") or "IVR").upper().split(","):
        return None  # suspends another recording (agent, screen): IVR recording is unchanged
    action = args.get("action")
    return str(action) if action in ("suspend", "resume") else None


def _step(ident: str, action: Mapping[str, Any], state: _State, found: set[Problem]) -> _State:
    """Check the action under ``state`` and return the state after it."""
    kind = action.get("Type")
    params: Mapping[str, Any] = action.get("Parameters") or {}
    if is_capture(action):
        if state.logging:
            found.add(Problem("PCI-LOGGING", ident, "card entry while flow logging is enabled"))
        if state.recording:
            found.add(Problem("PCI-RECORDING", ident, "card entry while IVR recording is on"))
    elif _card_ref(params, state) and state.logging:
        found.add(Problem("PCI-LOGGING", ident, "handles card data while flow logging is enabled"))
    if kind == "UpdateFlowLoggingBehavior":
        return replace(state, logging=str(params.get("FlowLoggingBehavior", "")).lower() == "enabled")
    if kind == "UpdateContactRecordingBehavior":
        return replace(state, recording=_recording_after(params, state))
    if kind == "InvokeLambdaFunction" and _recording_call(params) is not None:
        return replace(state, recording=_recording_call(params) == "resume")
    if kind == "UpdateContactAttributes":
        for key, value in (params.get("Attributes") or {}).items():
            dynamic = any("$." in s for s in _strings(value))
            if _card_ref(value, state) or (dynamic and _CARD_KEY.search(str(key))):
                found.add(Problem("PCI-ATTRIBUTE", ident, f"contact attribute {key!r} would hold card data"))
    if kind == "UpdateFlowAttributes":
        tainted = set(state.tainted)
        for key, value in (params.get("FlowAttributes") or {}).items():
            (tainted.add if _card_ref(value, state) else tainted.discard)(str(key))
        return replace(state, tainted=frozenset(tainted))
    if kind in LEAVES_FLOW and state.tainted:
        names = ", ".join(sorted(state.tainted))
        found.add(Problem("PCI-CLEAR", ident, f"the contact leaves the flow while {names} still hold card data"))
    return state


def _walk(flow: Mapping[str, Any]) -> set[Problem]:
    by_id = {a["Identifier"]: a for a in flow.get("Actions") or [] if isinstance(a, dict) and "Identifier" in a}
    start = flow.get("StartAction")
    found: set[Problem] = set()
    if start not in by_id:
        return found
    seen: set[tuple[str, _State]] = set()
    queue: deque[tuple[str, _State]] = deque([(str(start), _State())])
    while queue:
        ident, state = queue.popleft()
        if (ident, state) in seen:
            continue
        seen.add((ident, state))
        action = by_id[ident]
        after = _step(ident, action, state, found)
        queue.extend((target, after) for _, target in targets(action) if target in by_id)
    return found


def lint_flow(flow: Mapping[str, Any]) -> list[Problem]:
    """Every PCI problem in a flow, sorted by rule then action; an empty list means the flow passes."""
    if not isinstance(flow, Mapping):
        return [Problem("FLOW-STRUCTURE", None, "a flow is a JSON object")]
    problems = set(static_problems(flow)) | _walk(flow)
    return sorted(problems, key=lambda p: (p.rule, p.action or "", p.message))


def lint_file(path: str | Path) -> list[Problem]:
    """Lint a flow export on disk (a JSON parse error is reported as a FLOW-STRUCTURE problem)."""
    try:
        flow = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("FLOW-STRUCTURE", None, f"cannot read the flow file ({type(exc).__name__})")]
    except json.JSONDecodeError as exc:
        return [Problem("FLOW-STRUCTURE", None, f"not JSON (line {exc.lineno}, column {exc.colno})")]
    return lint_flow(flow)
