"""The IVR's part of sam/template.yaml: recording suspension is granted exactly, the caller-experience
parameters reach the function's environment, and Connect's DISCONNECTED contact events reach the function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cfnlint.decode import cfn_yaml

from ivr.config import Settings

TEMPLATE = Path(__file__).resolve().parents[2] / "sam" / "template.yaml"


def _template() -> Any:
    return cfn_yaml.load(str(TEMPLATE))


def test_only_recording_suspension_and_contact_attributes_on_the_instance() -> None:
    role = _template()["Resources"]["IvrFunctionRole"]["Properties"]
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    connect = [s for s in statements if any(str(a).startswith("connect:") for a in _list(s["Action"]))]
    assert sorted(a for grant in connect for a in _list(grant["Action"])) == [
        "connect:GetContactAttributes", "connect:ResumeContactRecording", "connect:SuspendContactRecording"]
    for grant in connect:
        assert grant["Effect"] == "Allow" and "Condition" not in grant
        resources = [r["Fn::Sub"] for r in grant["Resource"]]
        assert all(r.startswith("{{resolve:ssm:/spc/${Stage}/connect/instance-arn}}") for r in resources)


def test_parameters_reach_the_environment_and_parse() -> None:
    doc = _template()
    params = doc["Parameters"]
    assert params["PostalCode"]["Default"] == "" and params["DuplicateWindowMinutes"]["Default"] == 30
    env = doc["Resources"]["IvrFunction"]["Properties"]["Environment"]["Variables"]
    assert env["POSTAL_CODE"] == {"Ref": "PostalCode"}
    assert env["DUPLICATE_WINDOW_MINUTES"] == {"Ref": "DuplicateWindowMinutes"}
    base = {"CONNECT_KEY_SECRET_ID": "s", "CONNECT_KEY_ID": "k", "AUDIT_BUCKET": "b", "STRIPE_KEY_PARAM": "/p"}
    settings = Settings.from_env({**base, "POSTAL_CODE": "", "DUPLICATE_WINDOW_MINUTES": "30"})
    assert settings.postal_code_pattern is None and settings.duplicate_window_s == 1800
    assert Settings.from_env({**base, "POSTAL_CODE": "US"}).postal_code_pattern == r"\d{5}(?:\d{4})?"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _matches(pattern: Any, event: Any) -> bool:
    """EventBridge matching for the operators the rule uses: exact values and ``equals-ignore-case``."""
    if isinstance(pattern, dict):
        return isinstance(event, dict) and all(k in event and _matches(v, event[k]) for k, v in pattern.items())
    return any(
        (isinstance(p, dict) and str(event).lower() == str(p["equals-ignore-case"]).lower()) or p == event
        for p in pattern
    )


def test_disconnected_voice_contacts_of_the_instance_reach_the_ivr() -> None:
    resources = _template()["Resources"]
    rule = resources["IvrContactEndRule"]["Properties"]
    pattern = rule["EventPattern"]
    (instance,) = pattern["detail"]["instanceArn"]
    assert instance == {"Fn::Sub": "{{resolve:ssm:/spc/${Stage}/connect/instance-arn}}"}
    sample = json.loads((TEMPLATE.parents[1] / "tests" / "events" / "connect_contact_disconnected.json").read_text())
    concrete = {**pattern, "detail": {**pattern["detail"], "instanceArn": [sample["detail"]["instanceArn"]]}}
    assert _matches(concrete, sample)
    for other in ({"eventType": "CONNECTED_TO_AGENT"}, {"channel": "CHAT"}, {"instanceArn": "arn:other"}):
        assert not _matches(concrete, {**sample, "detail": {**sample["detail"], **other}})
    (target,) = rule["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": ["IvrFunction", "Arn"]}
    assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["IvrContactEventDeadLetterQueue", "Arn"]}
    permission = resources["IvrContactEventInvokePermission"]["Properties"]
    assert (permission["Principal"], permission["SourceArn"]) == (
        "events.amazonaws.com", {"Fn::GetAtt": ["IvrContactEndRule", "Arn"]})
    function = resources["IvrFunction"]["Properties"]
    assert function["DeadLetterQueue"]["TargetArn"] == {"Fn::GetAtt": ["IvrContactEventDeadLetterQueue", "Arn"]}
