"""One contact's state in the local flow runner: attributes, ``$.`` references, the Lambda event, flow-log
events, the recording, and writing the flow logs and the recording to their sinks at the end of the call."""

from __future__ import annotations

import contextlib
import html
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ivr.flowlint.behavior import recording_settings
from ivr.local.connect.actions import MODULE_TYPES
from ivr.local.connect.recording import RecordingState
from ivr.local.contact_lens import Turn, write_output
from scanners.audio.recording import Recording

CALLER = "+447700900123"
SYSTEM = "+442070000000"
_REF = re.compile(
    r"\$\.(StoredCustomerInput|ContactId|InitialContactId|Channel|CustomerEndpoint\.Address"
    r"|SystemEndpoint\.Address|(?:Attributes|FlowAttributes|External)\.[A-Za-z0-9_\-]+)"
)


@dataclass
class LambdaCall:
    action: str
    mode: str
    field: str
    result: dict[str, str] | None
    error: str | None
    elapsed_s: float
    invocations: int = 1


@dataclass
class CallResult:
    contact_id: str
    heard: list[str] = field(default_factory=list)
    ssml: list[str] = field(default_factory=list)
    outcome: str = "ended"  # disconnected | transferred | ended | stuck | error
    path: list[str] = field(default_factory=list)
    lambda_calls: list[LambdaCall] = field(default_factory=list)
    keys_pressed: int = 0
    flow_log_events: int = 0
    recording_key: str | None = None
    analysis_keys: list[str] = field(default_factory=list)  # Contact Lens output written for the call
    stopped: str | None = None  # why the call stopped early: an unsupported block, a card prompt while recording
    sink_errors: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # the contact attributes when the call ended
    contact_events: list[str] = field(default_factory=list)  # the IVR's answer to each DISCONNECTED delivery

    @property
    def result_code(self) -> str:
        """The code the contact ended with: the flow's ``result_code`` attribute, else the one recorded when its
        ``DISCONNECTED`` event was delivered (a hang-up), else empty."""
        if self.attributes.get("result_code"):
            return self.attributes["result_code"]
        recorded = [e.split(": ", 1)[1] for e in self.contact_events if e.startswith("recorded: ")]
        return recorded[0] if recorded else ""


@dataclass
class Contact:
    """The mutable state of one contact in the flow."""

    contact_id: str
    attributes: dict[str, str]
    flow_attributes: dict[str, str] = field(default_factory=dict, repr=False)  # ciphertexts
    external: dict[str, str] = field(default_factory=dict, repr=False)
    stored: str = field(default="", repr=False)  # ciphertext, or the entry itself in an unencrypted flow
    logging: bool = False
    rec: RecordingState = field(default_factory=RecordingState, repr=False)
    recorded_any: bool = False
    loops: dict[str, int] = field(default_factory=dict, repr=False)
    silent: int = 0  # menu timeouts in a row
    analytics: str | None = None  # Contact Lens on: "RedactedAndOriginal", "RedactedOnly" or "Original"
    queue: str | None = None
    log_events: list[dict[str, Any]] = field(default_factory=list, repr=False)
    audio: Recording = field(default_factory=Recording, repr=False)

    def set_recording(self, kind: str, params: Mapping[str, Any]) -> bool:
        """Apply a recording block (``ivr.flowlint.behavior``); False when it is defined for another channel."""
        settings = recording_settings(kind, params)
        if not settings.voice:
            return False
        if settings.ivr is not None:
            self.rec.ivr = settings.ivr
        if settings.participants is not None:
            self.rec.participants = settings.participants
        self.recorded_any = self.recorded_any or self.rec.ivr or bool(self.rec.participants)
        if settings.analytics:
            self.analytics = settings.analytics
        return True

    @property
    def recording(self) -> bool:
        """True while a recording would capture the caller's audio."""
        return self.rec.active() is not None

    def resolve(self, text: str, *, escape: bool = False) -> str:
        """A parameter with ``$.`` references replaced; a value that is one whole reference is used as is."""

        def lookup(path: str) -> str:
            head, _, name = path.partition(".")
            table = {"Attributes": self.attributes, "FlowAttributes": self.flow_attributes, "External": self.external}
            if head in table:
                return str(table[head].get(name, ""))
            return {
                "StoredCustomerInput": self.stored,
                "ContactId": self.contact_id,
                "InitialContactId": self.contact_id,
                "Channel": "VOICE",
                "CustomerEndpoint": CALLER,
                "SystemEndpoint": SYSTEM,
            }.get(head, "")

        whole = _REF.fullmatch(text.strip())
        if whole:
            return lookup(whole.group(1))
        return _REF.sub(lambda m: html.escape(lookup(m.group(1))) if escape else lookup(m.group(1)), text)

    def event(self, instance_arn: str, parameters: dict[str, str]) -> dict[str, Any]:
        """A ContactFlowEvent as Connect sends it to a Lambda function."""
        return {
            "Name": "ContactFlowEvent",
            "Details": {
                "ContactData": {
                    "Attributes": dict(self.attributes),
                    "Channel": "VOICE",
                    "ContactId": self.contact_id,
                    "CustomerEndpoint": {"Address": CALLER, "Type": "TELEPHONE_NUMBER"},
                    "Description": None,
                    "InitialContactId": self.contact_id,
                    "InitiationMethod": "INBOUND",
                    "InstanceARN": instance_arn,
                    "LanguageCode": "en-GB",
                    "MediaStreams": {"Customer": {"Audio": None}},
                    "Name": None,
                    "PreviousContactId": self.contact_id,
                    "Queue": {"ARN": self.queue, "Name": "Payments"} if self.queue else None,
                    "References": {},
                    "SystemEndpoint": {"Address": SYSTEM, "Type": "TELEPHONE_NUMBER"},
                },
                "Parameters": parameters,
            },
        }

    def log(
        self,
        flow: tuple[str, str],
        ident: str,
        kind: str,
        params: Mapping[str, Any],
        *,
        results: Any = None,
        external: bool = False,
    ) -> None:
        """Keep a flow-log event, as Connect writes one per block while logging is enabled."""
        if not self.logging:
            return
        event: dict[str, Any] = {
            "ContactId": self.contact_id,
            "ContactFlowId": flow[0],
            "ContactFlowName": flow[1],
            "ContactFlowModuleType": MODULE_TYPES.get(kind, kind),
            "Identifier": ident,
            "Timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "Parameters": dict(params),
        }
        if results is not None:
            event["ExternalResults" if external else "Results"] = results
        self.log_events.append(event)

    def flush(self, result: CallResult, *, logs: Any, group: str | None, s3: Any, bucket: str | None) -> None:
        """Write the flow logs and the recording; a failing sink is reported in ``result``, never raised."""
        result.attributes = dict(self.attributes)
        if self.log_events and logs is not None and group:
            try:
                _put_log_events(logs, group, self.contact_id, self.log_events)
                result.flow_log_events = len(self.log_events)
            except Exception as exc:
                result.sink_errors.append(f"flow logs: {type(exc).__name__}")
        if self.recorded_any and s3 is not None and bucket:
            now = datetime.now(UTC)
            key = recording_key(self.contact_id, now, ivr=self.rec.ivr or not self.rec.participants)
            try:
                s3.put_object(Bucket=bucket, Key=key, Body=self.audio.wav_bytes(), ContentType="audio/wav")
                result.recording_key = key
            except Exception as exc:
                result.sink_errors.append(f"recording: {type(exc).__name__}")
            if self.analytics:
                self._contact_lens(result, s3, bucket, now)

    def _contact_lens(self, result: CallResult, s3: Any, bucket: str, when: datetime) -> None:
        """Contact Lens output for the call: what the IVR said, as SYSTEM turns (the local line has no speech)."""
        turns, at = [], 0
        for text in result.heard:
            length = max(200, min(1500, len(text) * 10))
            turns.append(Turn("SYSTEM", text, at, at + length))
            at += length + 100
        try:
            result.analysis_keys = write_output(
                s3, bucket, contact_id=self.contact_id, when=when, turns=turns, wav=self.audio.wav_bytes(),
                original=self.analytics != "RedactedOnly",
            )
        except Exception as exc:
            result.sink_errors.append(f"contact lens: {type(exc).__name__}")


def recording_key(contact_id: str, when: datetime, *, ivr: bool, alias: str = "spc-local") -> str:
    """Where Connect writes a call recording: ``connect/<alias>/CallRecordings/[ivr/]YYYY/MM/DD/<id>_<time>_UTC.wav``.

    Agent-conversation recordings sit under ``CallRecordings/``; automated-interaction (IVR) recordings under
    ``CallRecordings/ivr/`` (the IVR sub-path is as Connect writes it by default; check it on a live instance).
    """
    sub = "CallRecordings/ivr" if ivr else "CallRecordings"
    return f"connect/{alias}/{sub}/{when:%Y/%m/%d}/{contact_id}_{when:%Y%m%dT%H:%M}_UTC.wav"


def _put_log_events(logs: Any, group: str, stream: str, events: list[dict[str, Any]]) -> None:
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    base = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=group,
        logStreamName=stream,
        logEvents=[{"timestamp": base + n, "message": json.dumps(e)} for n, e in enumerate(events)],
    )
