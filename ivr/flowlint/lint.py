"""PCI checks on an Amazon Connect flow export (flow language, Version 2019-10-30): ``lint_flow(flow)``.

Per-action rules are in ``ivr.flowlint.rules``; which inputs capture card data in ``ivr.flowlint.capture``.
This module walks every path from the start action with an abstract state and reports card captures while flow
logging or a recording is on, card data handled while logging is on, card data written to a contact attribute,
and card data still held in flow attributes when the contact leaves the flow.

What counts as "on" comes from the flow itself, and from ``Assume`` for what the instance or an earlier flow
did (both off by default, as on a new Connect instance):

- flow logging: ``UpdateFlowLoggingBehavior`` Enabled/Disabled;
- IVR recording: ``IVRRecordingBehavior`` Enabled/Disabled in ``UpdateContactRecordingAndAnalyticsBehavior``
  (``VoiceBehavior.VoiceRecordingBehavior``) or the legacy ``UpdateContactRecordingBehavior``
  (``RecordingBehavior``), read as ``ivr.flowlint.behavior`` documents; a recording block's error branches
  (``ChannelMismatch``, ``NoMatchingError``) keep the state before it;
- customer recording: ``RecordedParticipants`` naming ``Customer``; ``[]`` turns recording off. It records the
  conversation with an agent, so it counts at a capture only when an agent is connected (the flow uses
  ``UpdatePreviousContactParticipantState``, as agent-assisted secure input does);
- suspension through the API: an ``InvokeLambdaFunction`` whose ``LambdaInvocationAttributes`` hold a value
  ``suspend`` (or ``SuspendContactRecording``) suspends every recording on its success branch; ``resume`` (or
  ``ResumeContactRecording``) resumes them. Its error branch keeps the state before the call.

Card data in an attribute: plaintext from an unencrypted card capture, and the ciphertext of a security code
(sensitive authentication data is not kept after authorisation even encrypted, PCI DSS 3.3.1). Ciphertext of a
card number or expiry, and amounts, are not card data.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ivr.flowlint.behavior import RECORDING_TYPES, recording_settings
from ivr.flowlint.capture import field_of, stores_input
from ivr.flowlint.rules import (
    FIXES,
    LEAVES_FLOW,
    RULES,
    Problem,
    block_name,
    check_capture,
    check_errors,
    check_lambda,
    check_structure,
    targets,
)

__all__ = ["RULES", "Assume", "Problem", "lint_file", "lint_flow", "unreadable"]

_STORED = re.compile(r"\$\.StoredCustomerInput\b")
_FLOW_ATTR = re.compile(r"\$\.FlowAttributes\.([A-Za-z0-9_\-]+)")
_CARD_KEY = re.compile(r"card.?num|\bpan\b|cvv|cvc|cv2|security.?code|expir|exp.?date", re.I)
_SUSPEND = frozenset({"suspend", "suspendcontactrecording"})
_RESUME = frozenset({"resume", "resumecontactrecording"})


@dataclass(frozen=True)
class Assume:
    """What is on when the flow starts (instance defaults, earlier flows)."""

    logging: bool = False
    ivr_recording: bool = False
    customer_recording: bool = False


@dataclass(frozen=True)
class _State:
    logging: bool = False
    ivr: bool = False
    customer: bool = False
    agent: bool = False  # an agent is on the contact (agent-assisted capture)
    suspended: bool = False
    stored: str = ""  # what $.StoredCustomerInput holds: "" (not card), "plain", "cipher", "cvv-cipher"
    held: frozenset[tuple[str, str]] = frozenset()  # flow attributes holding card data, with its kind

    def recording(self) -> str | None:
        if self.suspended:
            return None
        if self.ivr:
            return "IVR recording is on"
        if self.customer and self.agent:
            return "customer recording is on while an agent is connected"
        return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _card_kinds(value: Any, state: _State) -> set[str]:
    """Kinds of card data a parameter value reads: through $.StoredCustomerInput or a flow attribute holding it."""
    held = dict(state.held)
    kinds: set[str] = set()
    for s in _strings(value):
        if _STORED.search(s) and state.stored:
            kinds.add(state.stored)
        kinds.update(held[m] for m in _FLOW_ATTR.findall(s) if m in held)
    return kinds


def _recording(kind: str, params: Mapping[str, Any], state: _State) -> _State:
    settings = recording_settings(kind, params)
    if settings.ivr is not None:
        state = replace(state, ivr=settings.ivr)
    if settings.participants is not None:
        state = replace(state, customer="Customer" in settings.participants)
    return state


def _problem(rule: str, ident: str, message: str, name: str) -> Problem:
    return Problem(rule, ident, message, name, FIXES[rule])


class _Walker:
    def __init__(self, flow: Mapping[str, Any], assume: Assume) -> None:
        self.flow = flow
        self.by_id: dict[str, Mapping[str, Any]] = {
            a["Identifier"]: a for a in flow.get("Actions") or [] if isinstance(a, dict) and "Identifier" in a
        }
        self.fields = {ident: field_of(self.by_id, ident) for ident in self.by_id}
        self.start = _State(assume.logging, assume.ivr_recording, assume.customer_recording)
        self.found: set[Problem] = set()

    def add(self, rule: str, ident: str, message: str) -> None:
        self.found.add(_problem(rule, ident, message, block_name(self.flow, self.by_id[ident])))

    def walk(self) -> set[Problem]:
        start = self.flow.get("StartAction")
        if start not in self.by_id:
            return self.found
        seen: set[tuple[str, _State]] = set()
        queue: deque[tuple[str, _State]] = deque([(str(start), self.start)])
        while queue:
            ident, state = queue.popleft()
            if (ident, state) in seen or len(seen) > 200_000:
                continue
            seen.add((ident, state))
            action = self.by_id[ident]
            after, on_error = self.step(ident, action, state)
            for label, target in targets(action):
                if target in self.by_id:
                    queue.append((target, on_error if label.startswith("error") else after))
        return self.found

    def step(self, ident: str, action: Mapping[str, Any], state: _State) -> tuple[_State, _State]:
        """Check the action under ``state``; the states after it on its success and on its error branches."""
        kind = str(action.get("Type"))
        params: Mapping[str, Any] = action.get("Parameters") or {}
        card = self.fields.get(ident)
        if card:
            if state.logging:
                self.add("PCI-LOGGING", ident, "card entry while flow logging is enabled")
            why = state.recording()
            if why:
                self.add("PCI-RECORDING", ident, f"card entry while {why}")
            encrypted = isinstance(params.get("InputEncryption"), Mapping)
            stored = ("cvv-cipher" if card == "cvv" else "cipher") if encrypted else "plain"
            done = replace(state, stored=stored)
            return done, done
        if stores_input(action):
            done = replace(state, stored="")
            return done, done
        if state.logging and _card_kinds(params, state):
            self.add("PCI-LOGGING", ident, "handles card data while flow logging is enabled")
        if kind == "UpdateFlowLoggingBehavior":
            on = replace(state, logging=str(params.get("FlowLoggingBehavior", "")).lower() == "enabled")
            return on, on
        if kind in RECORDING_TYPES:
            return _recording(kind, params, state), state
        if kind == "UpdatePreviousContactParticipantState":
            return replace(state, agent=True), state
        if kind == "InvokeLambdaFunction":
            args = params.get("LambdaInvocationAttributes") or {}
            values = {v.strip().lower() for v in _strings(args)}
            named = str(args.get("recording") or "IVR").upper() if isinstance(args, Mapping) else "IVR"
            if "IVR" not in named.split(","):  # suspends another recording (screen, agent only): IVR unchanged
                values = set()
            if values & _SUSPEND:
                return replace(state, suspended=True), state
            if values & _RESUME:
                return replace(state, suspended=False), state
        if kind == "UpdateContactAttributes":
            self.attributes(ident, params, state)
        if kind == "UpdateFlowAttributes":
            held = dict(state.held)
            for key, value in (params.get("FlowAttributes") or {}).items():
                kinds = _card_kinds(value, state)
                if kinds:
                    held[str(key)] = sorted(kinds)[0]
                else:
                    held.pop(str(key), None)
            on = replace(state, held=frozenset(held.items()))
            return on, on
        if kind in LEAVES_FLOW and state.held:
            names = ", ".join(sorted(name for name, _ in state.held))
            self.add("PCI-CLEAR", ident, f"the contact leaves the flow while {names} still hold card data")
        return state, state

    def attributes(self, ident: str, params: Mapping[str, Any], state: _State) -> None:
        for key, value in (params.get("Attributes") or {}).items():
            kinds = _card_kinds(value, state)
            if "plain" in kinds:
                self.add("PCI-ATTRIBUTE", ident, f"contact attribute {key!r} would hold unencrypted card data")
            elif "cvv-cipher" in kinds:
                self.add("PCI-ATTRIBUTE", ident, f"contact attribute {key!r} would keep the security code "
                         "(encrypted) with the contact record after authorisation")
            elif not kinds and _CARD_KEY.search(str(key)) and any(
                "$.External." in s or "$.Attributes." in s for s in _strings(value)
            ):
                self.add("PCI-ATTRIBUTE", ident, f"contact attribute {key!r} is named for card data and set "
                         "from a dynamic value")


def lint_flow(flow: Mapping[str, Any], assume: Assume | None = None) -> list[Problem]:
    """Every PCI problem in a flow, sorted by rule then action; an empty list means the flow passes."""
    if not isinstance(flow, Mapping):
        return [Problem("FLOW-STRUCTURE", None, "a flow is a JSON object", "", FIXES["FLOW-STRUCTURE"])]
    walker = _Walker(flow, assume or Assume())
    static: list[Problem] = check_structure(flow)
    for ident, action in walker.by_id.items():
        if not isinstance(ident, str):
            continue
        if walker.fields.get(ident):
            static += check_capture(ident, action)
        if action.get("Type") == "InvokeLambdaFunction":
            static += check_lambda(ident, action)
        static += check_errors(ident, action)
    named = {
        replace(p, name=p.name or (block_name(flow, walker.by_id[p.action]) if p.action in walker.by_id else ""),
                fix=p.fix or FIXES[p.rule])
        for p in static
    }
    problems = named | walker.walk()
    return sorted(problems, key=lambda p: (p.rule, p.action or "", p.message))


def unreadable(problems: list[Problem]) -> bool:
    """True when the file could not be read (exit 2), not linted."""
    return any(p.rule == "FLOW-READ" for p in problems)


def lint_file(path: str | Path, assume: Assume | None = None) -> list[Problem]:
    """Lint a flow export on disk; a file that cannot be read or parsed gives one FLOW-READ problem."""
    fix = FIXES["FLOW-READ"]
    try:
        flow = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("FLOW-READ", None, f"cannot read the flow file ({type(exc).__name__})", "", fix)]
    except json.JSONDecodeError as exc:
        return [Problem("FLOW-READ", None, f"not JSON (line {exc.lineno}, column {exc.colno})", "", fix)]
    if not isinstance(flow, Mapping):
        return [Problem("FLOW-READ", None, "a flow export is a JSON object", "", fix)]
    return lint_flow(flow, assume)
