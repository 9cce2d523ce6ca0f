"""The local flow runner on any exported flow: real public flows, our own flows covering the same action types,
recording suspension through the hook the emulated Connect API calls, and keypad behaviour at a card prompt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ivr.errors import ContactNotFoundError, FlowRunError
from ivr.local.connect.caller import ScriptedKeypad
from ivr.local.connect.recording import RecordingControl
from ivr.local.connect.runner import FlowRunner
from scanners.audio.recording import decode_dtmf

FLOWS = Path(__file__).resolve().parents[1] / "events" / "flows" / "any"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "connect-flows"
if not REAL.is_dir():
    REAL = Path("/work/shared/realworld/connect-flows")
ENDINGS = {"disconnected", "transferred", "ended", "in queue", "caller hung up"}


def _ok(event: dict[str, Any], context: Any) -> dict[str, str]:
    return {"result": "ok"}


def _flow(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FLOWS / name).read_text())
    return loaded


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.json")) if REAL.is_dir() else [])
@pytest.mark.parametrize("keys", ["", "1", "2", "3#", "*"])
def test_every_real_flow_ends_or_names_the_block(name: str, keys: str) -> None:
    try:
        flow = json.loads((REAL / name).read_text())
    except ValueError:
        pytest.skip("not valid JSON in its source repository (the linter reports it)")
    result = FlowRunner(flow, handler=_ok).run(ScriptedKeypad(keys), attributes={})
    assert result.outcome in ENDINGS or (result.outcome == "unsupported" and result.stopped), result.outcome


def test_own_flows_cover_the_real_action_types() -> None:
    ours = {a["Type"] for p in FLOWS.glob("*.json") for a in json.loads(p.read_text())["Actions"]}
    if REAL.is_dir():
        real: set[str] = set()
        for p in REAL.glob("*.json"):
            try:
                real |= {a["Type"] for a in json.loads(p.read_text())["Actions"]}
            except ValueError:
                continue
        assert real <= ours
    assert {"Loop", "MessageParticipantIteratively", "Wait", "CheckHoursOfOperation"} <= ours


@pytest.mark.parametrize(
    ("name", "keys", "outcome", "heard"),
    [
        ("tour.json", "1", "transferred", "Thanks, a colleague will help"),
        ("tour.json", "2", "disconnected", "Goodbye"),
        ("tour.json", "9", "disconnected", "Goodbye"),
        ("tour.json", "", "disconnected", "Goodbye"),
        ("callback.json", "2", "in queue", "Press 1"),
        ("callback.json", "15555550123#", "disconnected", "You will be called back"),
        ("agent.json", "", "transferred", "Connecting you"),
    ],
)
def test_own_flows(name: str, keys: str, outcome: str, heard: str) -> None:
    result = FlowRunner(_flow(name), handler=_ok).run(ScriptedKeypad(keys), attributes={})
    assert result.outcome == outcome, result.stopped
    assert any(heard in h for h in result.heard)


def test_loop_repeats_the_menu_then_gives_up() -> None:
    result = FlowRunner(_flow("tour.json"), handler=_ok).run(ScriptedKeypad(""), attributes={})
    assert sum("Press 1" in h for h in result.heard) == 3


def test_unsupported_block_is_named() -> None:
    flow = _flow("tour.json")
    flow["Actions"][0]["Type"] = "ConnectParticipantWithLexBot"
    result = FlowRunner(flow, handler=_ok).run(ScriptedKeypad("1"), attributes={})
    assert result.outcome == "unsupported"
    assert result.stopped and "ConnectParticipantWithLexBot" in result.stopped
    assert flow["Actions"][0]["Identifier"] in result.stopped


class _S3:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def put_object(self, *, Bucket: str, Key: str, Body: bytes, ContentType: str) -> None:
        self.objects[Key] = Body


def _suspending(control: RecordingControl, fail: bool = False) -> Any:
    def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
        contact = event["Details"]["ContactData"]["ContactId"]
        action = event["Details"]["Parameters"]["action"]
        if fail:
            return {"result": "error"}
        (control.suspend if action == "suspend" else control.resume)(contact, "IVR")
        return {"result": "ok"}

    return handler


@pytest.mark.parametrize(("suspend", "outcome"), [(True, "disconnected"), (False, "failed")])
def test_card_prompt_needs_the_recording_suspended(suspend: bool, outcome: str) -> None:
    control, s3 = RecordingControl(), _S3()
    flow = _flow("secure-capture.json")
    if not suspend:
        flow["Actions"] = [a for a in flow["Actions"] if a["Identifier"] != "suspend"]
        flow["Actions"][1]["Transitions"]["NextAction"] = "card"
    runner = FlowRunner(flow, handler=_suspending(control), s3=s3, recordings_bucket="b", recording=control)
    result = runner.run(ScriptedKeypad("4242424242424242#"), attributes={})
    assert result.outcome == outcome, result.stopped
    if suspend:
        assert result.recording_key and "/CallRecordings/ivr/" in result.recording_key
        assert decode_dtmf(s3.objects[result.recording_key]) == ""  # the suspended span is silence
    else:
        assert result.stopped and "block card" in result.stopped


def test_suspend_unknown_contact_is_an_error() -> None:
    with pytest.raises(ContactNotFoundError, match="ContactId"):
        RecordingControl().suspend("nope", "IVR")


@pytest.mark.parametrize(
    ("keys", "entry"),
    [
        ("4242424242424242#", "4242424242424242"),  # a burst typed ahead is buffered, not lost
        ("99*4242424242424242#", "4242424242424242"),  # * cancels what was typed so far
        ("4242424242424242", "4242424242424242"),  # no terminator: ends at the interdigit timeout
    ],
)
def test_keypad_at_a_card_prompt(keys: str, entry: str) -> None:
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(event["Details"]["Parameters"].get("entry", ""))
        return {"result": "ok"}

    flow = _flow("plain-capture.json")
    result = FlowRunner(flow, handler=handler).run(ScriptedKeypad(keys), attributes={})
    assert result.outcome == "disconnected"
    assert seen == [entry]


@pytest.mark.parametrize(("results", "originals"), [("RedactedAndOriginal", 1), ("RedactedOnly", 0)])
def test_contact_lens_output_when_the_flow_enables_analytics(results: str, originals: int) -> None:
    control, s3 = RecordingControl(), _S3()
    flow = _flow("secure-capture.json")
    flow["Actions"][0]["Parameters"]["AnalyticsBehavior"] = {
        "Enabled": "True", "AnalyticsLanguage": "en-US", "AnalyticsRedactionBehavior": "Enabled",
        "AnalyticsRedactionResults": results,
    }
    runner = FlowRunner(flow, handler=_suspending(control), s3=s3, recordings_bucket="b", recording=control)
    result = runner.run(ScriptedKeypad("4242424242424242#"), attributes={})
    assert result.outcome == "disconnected"
    assert len([k for k in result.analysis_keys if k.startswith("Analysis/Voice/2")]) == originals
    assert any("/Redacted/" in k and k.endswith(".wav") for k in result.analysis_keys)
    assert set(result.analysis_keys) <= set(s3.objects)


@pytest.mark.parametrize(
    "flow",
    [
        {"Version": "2019-10-30", "StartAction": "a", "Actions": {"a": {}}},
        {"Version": "2019-10-30", "StartAction": "a", "Actions": [{"Type": "MessageParticipant"}]},
        {"Version": "2019-10-30", "StartAction": "a", "Actions": "nope"},
    ],
)
def test_malformed_flows_are_errors_not_tracebacks(flow: dict[str, Any]) -> None:
    with pytest.raises(FlowRunError, match="Actions"):
        FlowRunner(flow, handler=_ok)


def test_odd_parameter_values_do_not_crash() -> None:
    flow = _flow("plain-capture.json")
    flow["Actions"][0]["Parameters"]["InputValidation"]["CustomValidation"]["MaximumLength"] = "lots"
    flow["Actions"][0]["Parameters"]["InputTimeLimitSeconds"] = "$.Attributes.t"
    result = FlowRunner(flow, handler=_ok).run(ScriptedKeypad("4242#"), attributes={})
    assert result.outcome == "disconnected"


def _two_fields(max_card: str = "16", disable_cancel: str = "False") -> dict[str, Any]:
    """A card number (at most ``max_card`` digits) then an expiry (4 digits), each passed to a Lambda."""

    def field(ident: str, nxt: str, max_len: str) -> list[dict[str, Any]]:
        dtmf = {"InputTerminationSequence": "#", "InterdigitTimeLimitSeconds": "3", "DisableCancelKey": disable_cancel}
        return [
            {
                "Identifier": ident,
                "Type": "GetParticipantInput",
                "Parameters": {
                    "Text": f"Please enter the {ident}, then press hash.",
                    "StoreInput": "True",
                    "InputTimeLimitSeconds": "8",
                    "InputValidation": {"CustomValidation": {"MaximumLength": max_len}},
                    "DTMFConfiguration": dtmf,
                },
                "Transitions": {
                    "NextAction": f"{ident}-check",
                    "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingError"}],
                },
            },
            {
                "Identifier": f"{ident}-check",
                "Type": "InvokeLambdaFunction",
                "Parameters": {
                    "LambdaFunctionARN": "arn:aws:lambda:us-east-1:123456789012:function:lookup",
                    "InvocationTimeLimitSeconds": "3",
                    "LambdaInvocationAttributes": {"entry": "$.StoredCustomerInput"},
                },
                "Transitions": {
                    "NextAction": nxt,
                    "Errors": [{"NextAction": "hang-up", "ErrorType": "NoMatchingError"}],
                },
            },
        ]

    return {
        "Version": "2019-10-30",
        "StartAction": "card",
        "Actions": [
            *field("card", "expiry", max_card),
            *field("expiry", "hang-up", "4"),
            {"Identifier": "hang-up", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
        ],
    }


@pytest.mark.parametrize(
    ("keys", "entries", "disable_cancel"),
    [
        # the whole call typed in one burst before the first prompt ends: each field takes its own part
        ("4242424242424242#1230#", ["4242424242424242", "1230"], "False"),
        # no terminators: a field ends at its maximum length and the rest waits for the next prompt
        ("42424242424242421230", ["4242424242424242", "1230"], "False"),
        # a terminator right after a full-length entry belongs to that entry, not to the next prompt
        ("4242424242424242#1230", ["4242424242424242", "1230"], "False"),
        # * in the middle of a burst discards only what was typed before it in that field
        ("4242*4242424242424242#12*1230#", ["4242424242424242", "1230"], "False"),
        # * alone then the terminator: the field is empty, which a stored input reports as Timeout
        ("*#1230#", ["Timeout", "1230"], "False"),
        # the cancel key disabled: * is kept as input
        ("42*42#1230#", ["42*42", "1230"], "True"),
    ],
)
def test_a_burst_of_keys_at_card_prompts(keys: str, entries: list[str], disable_cancel: str) -> None:
    seen: list[str] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
        seen.append(event["Details"]["Parameters"]["entry"])
        return {"result": "ok"}

    flow = _two_fields(disable_cancel=disable_cancel)
    result = FlowRunner(flow, handler=handler).run(ScriptedKeypad(keys), attributes={})
    assert result.outcome == "disconnected"
    assert seen == entries
    assert result.keys_pressed == len(keys)
    assert sum("Please enter the" in h for h in result.heard) == 2  # every prompt still plays once
