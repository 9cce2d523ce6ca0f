"""Pure pieces of the local flow runner: Compare operators, keypad collection, placeholders, the WAV writer."""

from __future__ import annotations

import io
import wave
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from ivr.disconnect import parse_contact_end
from ivr.errors import KeypadError
from ivr.local.connect import events
from ivr.local.connect.actions import (
    LambdaContext,
    collect,
    compare,
    error_branch,
    is_string_map,
    seconds,
    substitute,
)
from ivr.local.connect.caller import ScriptedKeypad
from scanners.audio.dtmf import decode_dtmf as scan_dtmf
from scanners.audio.recording import SAMPLE_RATE, Recording, decode_dtmf, dtmf_tone


def _cond(op: str, value: str, target: str) -> dict[str, Any]:
    return {"NextAction": target, "Condition": {"Operator": op, "Operands": [value]}}


TRANSITIONS = {
    "Conditions": [
        _cond("Equals", "valid", "eq"),
        _cond("NumberGreaterThan", "100", "gt"),
        _cond("NumberLessOrEqualTo", "0", "le"),
        _cond("TextStartsWith", "abc", "starts"),
        _cond("TextContains", "zz", "contains"),
    ],
    "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "none"}],
}


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("valid", "eq"),
        ("100.01", "gt"),
        ("100", "none"),
        ("-3", "le"),
        ("abcd", "starts"),
        ("xzzx", "contains"),
        ("Valid", "none"),
        ("", "none"),
        ("NaN", "none"),
        ("Infinity", "none"),
    ],
)
def test_compare(value: str, target: str) -> None:
    assert compare(value, TRANSITIONS) == target


def test_error_branch_and_missing_branch() -> None:
    assert error_branch(TRANSITIONS, "NoMatchingCondition") == "none"
    assert error_branch(TRANSITIONS, "NoMatchingError") is None


@pytest.mark.parametrize(
    ("keys", "max_len", "cancel", "pressed", "entry", "left"),
    [
        ("1234#", 20, False, "1234#", "1234", ""),
        ("1230#123#", 4, False, "1230#", "1230", "123#"),  # terminator after a full entry is absorbed
        ("12345#", 4, False, "1234", "1234", "5#"),  # type-ahead stays for the next prompt
        ("12*34#", 20, True, "12*34#", "34", ""),  # * restarts the entry
        ("12*34#", 20, False, "12*34#", "12*34", ""),  # cancel key disabled: * is part of the entry
        ("", 20, False, "", "", ""),
        ("#", 20, False, "#", "", ""),
        ("123", 20, False, "123", "123", ""),  # silence after some digits ends the entry
    ],
)
def test_collect(keys: str, max_len: int, cancel: bool, pressed: str, entry: str, left: str) -> None:
    pad = ScriptedKeypad(keys)
    got = collect(pad, first_s=5, next_s=5, terminator="#", max_len=max_len, cancel=cancel)
    assert got == (pressed, entry)
    rest = ""
    while (key := pad.press(0)) is not None:
        rest += key
    assert rest == left


def test_scripted_keypad_rejects_other_characters_without_echoing_them() -> None:
    with pytest.raises(KeypadError) as err:
        ScriptedKeypad("4242x4242")
    assert "4242" not in str(err.value)
    assert repr(ScriptedKeypad("1234")) == "ScriptedKeypad(remaining=4)"


def test_substitute_replaces_known_placeholders_only() -> None:
    flow = {"a": "${Key}", "b": ["x ${Other} y", {"c": "${Key}-${Key}"}], "n": 3}
    out = substitute(flow, {"Key": "K"})
    assert out == {"a": "K", "b": ["x ${Other} y", {"c": "K-K"}], "n": 3}
    assert flow["a"] == "${Key}"


@pytest.mark.parametrize(("value", "expected"), [("8", 8.0), ("2.5", 2.5), (None, 3.0), ("x", 3.0), ("0", 3.0)])
def test_seconds(value: Any, expected: float) -> None:
    assert seconds(value, 3.0) == expected


@pytest.mark.parametrize(
    ("response", "ok"),
    [
        ({"result": "valid"}, True),
        ({}, True),
        ({"n": 1}, False),
        ({"a": {"b": "c"}}, False),
        (None, False),
        ("text", False),
    ],
)
def test_string_map(response: Any, ok: bool) -> None:
    assert is_string_map(response) is ok


def test_lambda_context_budget() -> None:
    ctx = LambdaContext(8)
    assert 7000 < ctx.get_remaining_time_in_millis() <= 8000
    assert ctx.invoked_function_arn.endswith(":function:spc-ivr")
    assert LambdaContext(0).get_remaining_time_in_millis() == 0


def test_wav_format_and_dtmf_round_trip() -> None:
    rec = Recording()
    rec.prompt("Please enter your card number")
    rec.keys("0123456789*#ABCD")
    rec.suspended_keys("5555")
    rec.keys("11")
    data = rec.wav_bytes()
    with wave.open(io.BytesIO(data)) as src:
        assert (src.getnchannels(), src.getsampwidth(), src.getframerate()) == (2, 2, SAMPLE_RATE)
        assert src.getnframes() == round(rec.seconds * SAMPLE_RATE)
    assert decode_dtmf(data) == "0123456789*#ABCD11"


def test_suspended_span_is_silence() -> None:
    rec = Recording()
    rec.suspended_keys("4242424242424242#")
    assert decode_dtmf(rec.wav_bytes()) == ""
    assert rec.seconds > 2


def test_bad_inputs_to_the_wav_writer() -> None:
    with pytest.raises(ValueError, match="key"):
        dtmf_tone("x")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(3)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(b"\x00" * 12)
    with pytest.raises(ValueError, match="8 kHz"):
        decode_dtmf(buf.getvalue())


@pytest.mark.parametrize("channel", [0, 1])
def test_stereo_recording_tones_on_either_channel_are_found(channel: int) -> None:
    """Connect writes the customer left and the agent right; the scanner's decoder reads both."""
    rec = Recording()
    rec.prompt("hello")
    rec.keys("4242", channel=channel)
    data = rec.wav_bytes()
    with wave.open(io.BytesIO(data)) as src:
        frames = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2").reshape(-1, 2)
    assert np.abs(frames[:, 1 - channel]).max() < 2000  # the other side holds only the quiet prompt hum or silence
    assert "".join(t.key for t in scan_dtmf(frames / 32768.0, SAMPLE_RATE)) == "4242"


def test_contact_events_are_delivered_like_eventbridge_to_lambda() -> None:
    instance = "arn:aws:connect:eu-west-2:111122223333:instance/0c5e8d1f-6a7b-4c3d-9e2f-1a2b3c4d5e6f"
    at = datetime(2026, 5, 15, 10, 0, 0, 250000, tzinfo=UTC)
    event = events.disconnected(instance, "c-1", outcome="caller hung up", started=at, ended=at)
    assert (event["source"], event["detail-type"], event["region"], event["account"]) == (
        "aws.connect", "Amazon Connect Contact Event", "eu-west-2", "111122223333")
    end = parse_contact_end(event)  # the production parser reads the local shape
    assert end is not None and (end.contact_id, end.reason, end.disconnected_at) == ("c-1", "CUSTOMER_DISCONNECT", at)
    flow_ended = events.disconnected(instance, "c-1", outcome="disconnected", started=at, ended=at)
    assert flow_ended["detail"]["disconnectReason"] == "CONTACT_FLOW_DISCONNECT"

    tries: list[int] = []

    def flaky(evt: dict[str, object], ctx: object) -> dict[str, str]:
        tries.append(1)
        if len(tries) % 2:
            raise TimeoutError
        return {"result": "recorded", "result_code": "caller-hung-up"}

    assert events.deliver(flaky, event, times=2) == ["recorded: caller-hung-up", "recorded: caller-hung-up"]
    assert len(tries) == 4  # each delivery failed once and was retried

    def down(evt: dict[str, object], ctx: object) -> dict[str, str]:
        raise ConnectionError

    assert events.deliver(down, event) == ["failed: ConnectionError"]
