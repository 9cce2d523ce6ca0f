"""Runs an Amazon Connect flow export (flow language 2019-10-30) locally, action by action, for one call.

The keypad is scripted or interactive. Stored entries are encrypted with the flow's key id and certificate the
way Connect does (prompts and keys: ``ivr.local.connect.interact``); the payment Lambda is invoked in process with
a real-shaped ContactFlowEvent and a context holding Connect's time limit. What the caller hears is collected.
While flow logging is on, every action is written to the flow-log group as Connect does (resolved parameters
included, which is why a payment flow must switch logging off). While IVR recording is on, prompts and DTMF
tones go into an 8 kHz WAV uploaded to the recordings bucket; a suspended span is kept as silence. A scripted
caller may hang up anywhere (``H`` in its keys): the flow stops there. When the contact ends, its ``DISCONNECTED``
contact event goes to ``contact_events`` as EventBridge delivers it (``ivr.local.connect.events``).
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ivr.errors import FlowRunError
from ivr.flowlint.behavior import RECORDING_TYPES
from ivr.flowlint.capture import field_of
from ivr.local.connect import emulated, events
from ivr.local.connect.actions import (
    CallerHungUp,
    Keypad,
    LambdaContext,
    compare,
    error_branch,
    is_string_map,
    next_action,
    seconds,
    substitute,
)
from ivr.local.connect.contact import CallResult, Contact, LambdaCall
from ivr.local.connect.interact import get_input, say
from ivr.local.connect.recording import RecordingControl

__all__ = ["CallResult", "FlowRunError", "FlowRunner", "LambdaCall"]
Handler = Callable[[dict[str, Any], Any], Any]
STILL_CONNECTED = frozenset({"transferred", "in queue"})  # the contact goes on after the flow: no DISCONNECTED yet

class FlowRunner:
    """Executes one flow for many calls; sinks (CloudWatch Logs, S3) are optional boto3 clients."""

    def __init__(
        self,
        flow: Mapping[str, Any],
        *,
        handler: Handler,
        substitutions: Mapping[str, str] | None = None,
        instance_arn: str = "arn:aws:connect:us-east-1:123456789012:instance/00000000-0000-0000-0000-000000000000",
        logs: Any = None,
        flow_log_group: str | None = None,
        s3: Any = None,
        recordings_bucket: str | None = None,
        duplicate_invocation: Callable[[], bool] | None = None,
        max_steps: int = 400,
        recording: RecordingControl | None = None,
        enforce_suspension: bool = True,
        contact_events: Handler | None = None,
    ) -> None:
        self.flow = substitute(flow, substitutions or {})
        actions = self.flow.get("Actions")
        if not isinstance(actions, list) or not all(
            isinstance(a, dict) and isinstance(a.get("Identifier"), str) for a in actions
        ):
            raise FlowRunError("flow: Actions must be a list of objects, each with an Identifier")
        self._actions = {str(a["Identifier"]): a for a in actions}
        if self.flow.get("StartAction") not in self._actions:
            raise FlowRunError("flow: StartAction must name an action")
        self.handler = handler
        self.instance_arn = instance_arn
        self.flow_arn = f"{instance_arn}/contact-flow/{uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(flow)[:4096])}"
        self.flow_name = str((self.flow.get("Metadata") or {}).get("name") or "payment")
        self._flow_id = (self.flow_arn, self.flow_name)
        self.logs, self.flow_log_group = logs, flow_log_group
        self.s3, self.recordings_bucket = s3, recordings_bucket
        self.duplicate_invocation = duplicate_invocation or (lambda: False)
        self.max_steps = max_steps
        self.enforce_suspension = enforce_suspension  # False only for drills that must record a leak
        self.recording = recording or RecordingControl()  # the emulated Suspend/ResumeContactRecording call this
        self._card_fields = {ident: field_of(self._actions, ident) for ident in self._actions}
        self._own_function = (substitutions or {}).get("PaymentFunctionArn")
        self.contact_events = contact_events  # the EventBridge rule's target for DISCONNECTED events

    # -- public ----------------------------------------------------------------------------------------------
    def run(
        self,
        keypad: Keypad,
        *,
        attributes: Mapping[str, str],
        contact_id: str | None = None,
        on_event: Callable[[str, str], None] | None = None,
    ) -> CallResult:
        """Run one call to its end. ``on_event(kind, text)`` sees ``say``/``keys``/``system`` as they happen."""
        call = Contact(contact_id or str(uuid.uuid4()), dict(attributes))
        call.rec = self.recording.open(call.contact_id)
        result = CallResult(call.contact_id)
        emit = on_event or (lambda _k, _t: None)
        ident: str | None = str(self.flow["StartAction"])
        started = datetime.now(UTC)
        try:
            self._loop(ident, call, result, keypad, emit)
        except CallerHungUp:
            result.outcome = "caller hung up"
            emit("system", "[the caller hung up]")
        finally:
            self.recording.close(call.contact_id, attributes=call.attributes)
        call.flush(result, logs=self.logs, group=self.flow_log_group, s3=self.s3, bucket=self.recordings_bucket)
        if self.contact_events is not None and result.outcome not in STILL_CONNECTED:
            event = events.disconnected(self.instance_arn, call.contact_id, outcome=result.outcome, started=started,
                                        ended=datetime.now(UTC))
            result.contact_events = events.deliver(self.contact_events, event,
                                                   times=2 if self.duplicate_invocation() else 1)
        return result

    def _loop(
        self, ident: str | None, call: Contact, result: CallResult, keypad: Keypad, emit: Callable[[str, str], None]
    ) -> None:
        while ident is not None:
            if len(result.path) >= self.max_steps:
                result.outcome = "stuck"
                emit("system", f"[flow stopped after {self.max_steps} actions]")
                break
            action = self._actions.get(ident)
            if action is None:
                result.outcome = "error"
                emit("system", f"[action {ident} does not exist]")
                break
            result.path.append(ident)
            ident = self._step(action, call, result, keypad, emit)

    # -- actions ---------------------------------------------------------------------------------------------
    def _step(
        self,
        action: Mapping[str, Any],
        call: Contact,
        result: CallResult,
        keypad: Keypad,
        emit: Callable[[str, str], None],
    ) -> str | None:
        kind = str(action.get("Type"))
        params: Mapping[str, Any] = action.get("Parameters") or {}
        tr: Mapping[str, Any] = action.get("Transitions") or {}
        ident = str(action["Identifier"])
        if kind == "UpdateFlowLoggingBehavior":
            enable = str(params.get("FlowLoggingBehavior")).lower() == "enabled"
            if enable or call.logging:
                call.logging = True
                call.log(self._flow_id, ident, kind, {"LoggingBehavior": "Enabled" if enable else "Disabled"})
            call.logging = enable
            return next_action(tr)
        if kind in RECORDING_TYPES:
            call.log(self._flow_id, ident, kind, dict(params))
            if not call.set_recording(kind, params):  # a chat-only block on a voice contact
                return error_branch(tr, "ChannelMismatch") or error_branch(tr, "NoMatchingError")
            return next_action(tr)
        if kind == "MessageParticipant":
            heard = len(result.heard)
            say(call, result, params, emit)
            call.log(self._flow_id, ident, kind, {"Text": result.heard[-1] if len(result.heard) > heard else ""})
            return next_action(tr)
        if kind == "GetParticipantInput":
            guard = bool(self._card_fields.get(ident)) and self.enforce_suspension
            return get_input(action, call, result, keypad, emit, flow_id=self._flow_id, guard_card=guard)
        if kind == "InvokeLambdaFunction":
            return self._invoke(action, call, result)
        if kind == "Compare":
            value = call.resolve(str(params.get("ComparisonValue", "")))
            call.log(self._flow_id, ident, kind, {"ComparisonValue": value})
            return compare(value, tr)
        if kind in ("UpdateContactAttributes", "UpdateFlowAttributes"):
            key = "Attributes" if kind == "UpdateContactAttributes" else "FlowAttributes"
            target = call.attributes if key == "Attributes" else call.flow_attributes
            values = {
                str(k): call.resolve(str(v.get("Value", "") if isinstance(v, dict) else v))
                for k, v in (params.get(key) or {}).items()
            }
            target.update(values)
            for name, value in values.items():  # Connect logs one event per attribute: {"Key": ..., "Value": ...}
                call.log(self._flow_id, ident, kind, {"Key": name, "Value": value})
            return next_action(tr)
        if kind == "UpdateContactTargetQueue":
            call.queue = call.resolve(str(params.get("QueueId") or "")) or None
            call.log(self._flow_id, ident, kind, {"Queue": call.queue})
            return next_action(tr) if call.queue else error_branch(tr, "NoMatchingError")
        if kind == "TransferContactToQueue":
            if not call.queue:
                return error_branch(tr, "NoMatchingError")
            call.log(self._flow_id, ident, kind, {"Queue": call.queue})
            result.outcome = "transferred"
            emit("system", "[transferred to the queue]")
            return None
        return self._other(action, call, result, emit)

    def _other(
        self, action: Mapping[str, Any], call: Contact, result: CallResult, emit: Callable[[str, str], None]
    ) -> str | None:
        """Hold loops, loops, agent states, the emulated blocks (``emulated``) and unsupported types."""
        kind, ident = str(action.get("Type")), str(action["Identifier"])
        params: Mapping[str, Any] = action.get("Parameters") or {}
        tr: Mapping[str, Any] = action.get("Transitions") or {}
        if kind == "MessageParticipantIteratively":
            for message in params.get("Messages") or []:
                if isinstance(message, Mapping):
                    say(call, result, message, emit)
            call.log(self._flow_id, ident, kind, {})
            interrupted = compare("MessagesInterrupted", tr, error="NoMatchingError")
            if interrupted is None:  # a hold or queue loop: it plays until an agent answers
                result.outcome = "in queue"
                emit("system", "[music on hold until an agent answers]")
            return interrupted
        if kind == "Loop":
            return self._loop_block(ident, params, tr, call)
        if kind == "UpdatePreviousContactParticipantState":
            state = str(params.get("PreviousContactParticipantState") or "")
            call.rec.agent_connected = True
            emit("system", f"[agent: {state}]")
            call.log(self._flow_id, ident, kind, dict(params))
            return next_action(tr)
        if kind in emulated.ENDS:
            call.log(self._flow_id, ident, kind, {})
            result.outcome, line = emulated.ENDS[kind]
            emit("system", line)
            return None
        if emulated.supported(kind):
            call.log(self._flow_id, ident, kind, dict(params))
            return emulated.branch(kind, params, tr, call.contact_id)
        result.outcome = "unsupported"
        result.stopped = f"block {ident} has type {kind}, which the local runner does not emulate"
        emit("system", f"[call stopped: {result.stopped}]")
        return None

    def _loop_block(self, ident: str, params: Mapping[str, Any], tr: Mapping[str, Any], call: Contact) -> str | None:
        """``Loop``: ContinueLooping while the count lasts, then DoneLooping (and the count starts again)."""
        count = int(seconds(params.get("LoopCount"), 1.0))
        done = call.loops.get(ident, 0)
        if done < count:
            call.loops[ident] = done + 1
            return compare("ContinueLooping", tr, error="NoMatchingError")
        call.loops.pop(ident, None)
        return compare("DoneLooping", tr, error="NoMatchingError")

    def _invoke(self, action: Mapping[str, Any], call: Contact, result: CallResult) -> str | None:
        params: Mapping[str, Any] = action.get("Parameters") or {}
        tr: Mapping[str, Any] = action.get("Transitions") or {}
        ident = str(action["Identifier"])
        limit = seconds(params.get("InvocationTimeLimitSeconds"), 3.0)
        arn = str(params.get("LambdaFunctionARN") or "")
        if self._own_function and arn != self._own_function:
            call.log(self._flow_id, ident, "InvokeLambdaFunction", {"FunctionArn": arn}, results="NotFound")
            return error_branch(tr, "NoMatchingError")
        args = {str(k): call.resolve(str(v)) for k, v in (params.get("LambdaInvocationAttributes") or {}).items()}
        event = call.event(self.instance_arn, args)
        record = LambdaCall(ident, args.get("mode", ""), args.get("field", ""), None, None, 0.0, 0)
        result.lambda_calls.append(record)
        response: Any = None
        start = time.monotonic()
        for _ in range(2 if self.duplicate_invocation() else 1):
            record.invocations += 1
            try:
                response = self.handler(copy.deepcopy(event), LambdaContext(limit))
                record.error = None
            except Exception as exc:
                record.error = type(exc).__name__
        record.elapsed_s = time.monotonic() - start
        ok = record.error is None and is_string_map(response)
        if ok and record.elapsed_s > limit * record.invocations:
            record.error = "Timeout"
            ok = False
        call.log(
            self._flow_id,
            ident,
            "InvokeLambdaFunction",
            {"FunctionArn": params.get("LambdaFunctionARN"), "Parameters": args, "TimeLimit": str(limit * 1000)},
            results=response if ok else record.error or "InvalidResponse",
            external=True,
        )
        if not ok:
            record.error = record.error or "InvalidResponse"
            return error_branch(tr, "NoMatchingError")
        record.result = dict(response)
        call.external = dict(response)
        return next_action(tr)
