"""ivr.flowlint.behavior: both recording blocks read in their documented shapes; the linter and the runner act on
them the same way (ChannelMismatch for a chat-only block on a voice contact, the current block's error branches)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ivr.flowlint.behavior import CURRENT, LEGACY, RecordingSettings, recording_settings
from ivr.flowlint.lint import lint_flow
from ivr.local.connect.caller import ScriptedKeypad
from ivr.local.connect.runner import FlowRunner
from ivr.local.stack import FLOW_PATH

VOICE_ON = {
    "VoiceBehavior": {
        "VoiceRecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"], "IVRRecordingBehavior": "Enabled"}
    }
}
ANALYTICS = {"Enabled": "True", "AnalyticsLanguage": "en-US"}
REDACTED = {"Enabled": "True", "RedactionResults": "RedactedOnly", "RedactionMaskMode": "PII"}
BOTH = frozenset({"Agent", "Customer"})


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        (CURRENT, VOICE_ON, RecordingSettings(True, BOTH)),
        (
            CURRENT,
            {
                "VoiceBehavior": {
                    "VoiceRecordingBehavior": {"RecordedParticipants": [], "IVRRecordingBehavior": "Disabled"}
                }
            },
            RecordingSettings(False, frozenset()),
        ),
        (
            CURRENT,
            {"VoiceBehavior": {"VoiceRecordingBehavior": {"RecordedParticipants": ["Customer"]}}},
            RecordingSettings(None, frozenset({"Customer"})),
        ),
        (
            CURRENT,
            {"VoiceBehavior": {**VOICE_ON["VoiceBehavior"], "VoiceAnalyticsBehavior": ANALYTICS}},
            RecordingSettings(True, BOTH, "Original"),
        ),
        (
            CURRENT,
            {
                "VoiceBehavior": {
                    **VOICE_ON["VoiceBehavior"],
                    "VoiceAnalyticsBehavior": {**ANALYTICS, "ConversationalAnalyticsRedactionConfiguration": REDACTED},
                }
            },
            RecordingSettings(True, BOTH, "RedactedOnly"),
        ),
        (CURRENT, {"VoiceBehavior": {"VoiceAnalyticsBehavior": {"Enabled": "False"}}}, RecordingSettings()),
        (CURRENT, {"ChatBehavior": {"ChatAnalyticsBehavior": ANALYTICS}}, RecordingSettings(voice=False)),
        (CURRENT, {"ScreenRecordingBehavior": {"ScreenRecordedParticipants": ["Agent"]}}, RecordingSettings()),
        # the current type written in the legacy shape (hand-edited) is still read: never taken for "no change"
        (CURRENT, {"RecordingBehavior": {"IVRRecordingBehavior": "Enabled"}}, RecordingSettings(True)),
        (
            LEGACY,
            {"RecordingBehavior": {"RecordedParticipants": ["Agent"]}},
            RecordingSettings(None, frozenset({"Agent"})),
        ),
        (
            LEGACY,
            {
                "RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"], "IVRRecordingBehavior": "Enabled"},
                "AnalyticsBehavior": {**ANALYTICS, "AnalyticsRedactionBehavior": "Enabled"},
            },
            RecordingSettings(True, BOTH, "RedactedAndOriginal"),
        ),
        (LEGACY, {"RecordingBehavior": {}, "AnalyticsBehavior": ANALYTICS}, RecordingSettings(analytics="Original")),
        ("MessageParticipant", VOICE_ON, RecordingSettings()),
    ],
)
def test_recording_settings(kind: str, params: dict[str, Any], expected: RecordingSettings) -> None:
    assert recording_settings(kind, params) == expected


@pytest.fixture()
def bundled() -> dict[str, Any]:
    flow: dict[str, Any] = json.loads(FLOW_PATH.read_text())
    return flow


def _block(flow: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in flow["Actions"] if a["Identifier"] == "recording-on")
    return found


def test_the_bundled_flow_uses_the_current_block(bundled: dict[str, Any]) -> None:
    block = _block(bundled)
    assert block["Type"] == CURRENT
    assert recording_settings(CURRENT, block["Parameters"]) == RecordingSettings(True, BOTH)
    assert {e["ErrorType"] for e in block["Transitions"]["Errors"]} == {"NoMatchingError", "ChannelMismatch"}


@pytest.mark.parametrize(
    ("drop", "chat", "missing"),
    [
        ("ChannelMismatch", False, {"ChannelMismatch"}),
        ("NoMatchingError", False, {"NoMatchingError"}),
        (None, True, {"InFlightRedactionConfigurationFailed"}),
    ],
)
def test_current_block_error_branches(bundled: dict[str, Any], drop: str | None, chat: bool, missing: set[str]) -> None:
    block = _block(bundled)
    block["Transitions"]["Errors"] = [e for e in block["Transitions"]["Errors"] if e["ErrorType"] != drop]
    if chat:
        block["Parameters"] = {"ChatBehavior": {"ChatAnalyticsBehavior": ANALYTICS}}
    found = {p.message for p in lint_flow(bundled) if p.rule == "PCI-ERRORS" and p.action == "recording-on"}
    assert found == {f"the {err} branch is not handled" for err in missing}


def _without_suspension(flow: dict[str, Any]) -> dict[str, Any]:
    """The bundled flow with its Lambda suspension taken out: only the recording blocks decide."""
    flow = copy.deepcopy(flow)
    for action in flow["Actions"]:
        args = (action.get("Parameters") or {}).get("LambdaInvocationAttributes") or {}
        if args.get("action") in ("suspend", "resume"):
            args["action"] = "noop"
    return flow


@pytest.mark.parametrize(
    ("params", "fails"),
    [
        (VOICE_ON, True),  # IVR recording on and never suspended: every card capture is recorded
        (
            {
                "VoiceBehavior": {
                    "VoiceRecordingBehavior": {"RecordedParticipants": [], "IVRRecordingBehavior": "Disabled"}
                }
            },
            False,
        ),
        ({"ChatBehavior": {"ChatAnalyticsBehavior": ANALYTICS}}, False),  # not for voice: nothing records
    ],
)
def test_linter_reads_the_current_block(bundled: dict[str, Any], params: dict[str, Any], fails: bool) -> None:
    flow = _without_suspension(bundled)
    _block(flow)["Parameters"] = params
    recording = {p.action for p in lint_flow(flow) if p.rule == "PCI-RECORDING"}
    assert bool(recording) is fails


def test_runner_takes_channel_mismatch_for_a_chat_only_block() -> None:
    flow: dict[str, Any] = {
        "Version": "2019-10-30",
        "StartAction": "rec",
        "Actions": [
            {
                "Identifier": "rec",
                "Type": CURRENT,
                "Parameters": {"ChatBehavior": {"ChatAnalyticsBehavior": ANALYTICS}},
                "Transitions": {
                    "NextAction": "ok",
                    "Errors": [
                        {"NextAction": "mismatch", "ErrorType": "ChannelMismatch"},
                        {"NextAction": "ok", "ErrorType": "NoMatchingError"},
                    ],
                },
            },
            {
                "Identifier": "ok",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "applied"},
                "Transitions": {"NextAction": "end"},
            },
            {
                "Identifier": "mismatch",
                "Type": "MessageParticipant",
                "Parameters": {"Text": "channel mismatch"},
                "Transitions": {"NextAction": "end"},
            },
            {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    }
    result = FlowRunner(flow, handler=lambda e, c: {}).run(ScriptedKeypad(""), attributes={})
    assert result.heard == ["channel mismatch"] and result.outcome == "disconnected"
    flow["Actions"][0]["Parameters"] = VOICE_ON
    result = FlowRunner(flow, handler=lambda e, c: {}).run(ScriptedKeypad(""), attributes={})
    assert result.heard == ["applied"]
