"""ivr.flowlint.capture and the recording/ciphertext rules of ivr.flowlint.lint, as tables of small flows."""

from __future__ import annotations

from typing import Any

import pytest

from ivr.flowlint.capture import field_of
from ivr.flowlint.lint import Assume, lint_flow


def _input(params: dict[str, Any], ident: str = "in", nxt: str = "end") -> dict[str, Any]:
    return {
        "Identifier": ident,
        "Type": "GetParticipantInput",
        "Parameters": params,
        "Transitions": {"NextAction": nxt, "Errors": [{"ErrorType": "NoMatchingError", "NextAction": nxt}]},
    }


def _end() -> dict[str, Any]:
    return {"Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}


ENC = {"EncryptionKeyId": "k", "Key": "${Cert}"}
CUSTOM16 = {"CustomValidation": {"MaximumLength": "16"}}


@pytest.mark.parametrize(
    ("params", "copied_to", "field"),
    [
        ({"Text": "Please enter your card number", "StoreInput": "True"}, None, "pan"),
        ({"Text": "Enter the expiry date", "StoreInput": "True"}, None, "expiry"),
        ({"Text": "Enter the security code", "StoreInput": "True"}, None, "cvv"),
        ({"Text": "Enter the number to call back", "StoreInput": "True",
          "InputValidation": {"PhoneNumberValidation": {"NumberFormat": "Local"}}}, None, None),
        ({"Text": "To pay by credit card, press 1.", "StoreInput": "False"}, None, None),
        ({"Text": "Please enter your card number now.", "StoreInput": "False"}, None, "pan"),
        ({"Text": "Enter your account number", "StoreInput": "True", "InputValidation": CUSTOM16}, None, None),
        ({"PromptId": "arn:p", "StoreInput": "True", "InputValidation": CUSTOM16, "InputEncryption": ENC}, None, "pan"),
        ({"PromptId": "arn:p", "StoreInput": "True"}, "CardNumber", "pan"),
        ({"PromptId": "arn:p", "StoreInput": "True"}, "cvv", "cvv"),
        ({"PromptId": "arn:p", "StoreInput": "True"}, "amount", None),
    ],
)
def test_which_inputs_capture_card_data(params: dict[str, Any], copied_to: str | None, field: str | None) -> None:
    actions = [_input(params, nxt="copy" if copied_to else "end"), _end()]
    if copied_to:
        actions.append({
            "Identifier": "copy", "Type": "UpdateFlowAttributes",
            "Parameters": {"FlowAttributes": {copied_to: {"Value": "$.StoredCustomerInput"}}},
            "Transitions": {"NextAction": "end"},
        })
    assert field_of({a["Identifier"]: a for a in actions}, "in") == field


CARD = {"Text": "Please enter your card number", "StoreInput": "True", "InputValidation": CUSTOM16,
        "InputEncryption": ENC}


def _flow(*before: dict[str, Any], after: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    chain = [*before]
    for n, action in enumerate(chain):
        action.setdefault("Transitions", {})["NextAction"] = chain[n + 1]["Identifier"] if n + 1 < len(chain) else "in"
    actions = [*chain, _input(CARD, nxt=(after or [_end()])[0]["Identifier"]), *(after or []), _end()]
    unique = {a["Identifier"]: a for a in actions}
    return {"Version": "2019-10-30", "StartAction": actions[0]["Identifier"], "Actions": list(unique.values())}


def _rec(ident: str, behaviour: dict[str, Any]) -> dict[str, Any]:
    return {"Identifier": ident, "Type": "UpdateContactRecordingBehavior",
            "Parameters": {"RecordingBehavior": behaviour}}


def _lambda(ident: str, action: str) -> dict[str, Any]:
    return {"Identifier": ident, "Type": "InvokeLambdaFunction",
            "Parameters": {"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": "3",
                           "LambdaInvocationAttributes": {"mode": "recording", "action": action}},
            "Transitions": {"Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end"}]}}


def _agent() -> dict[str, Any]:
    return {"Identifier": "hold", "Type": "UpdatePreviousContactParticipantState",
            "Parameters": {"PreviousContactParticipantState": "AgentOnHold"},
            "Transitions": {"Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end"}]}}


@pytest.mark.parametrize(
    ("flow", "assume", "recording"),
    [
        (_flow(), Assume(), False),  # nothing turns recording on
        (_flow(), Assume(ivr_recording=True), True),  # the instance or an earlier flow did
        (_flow(_rec("r", {"IVRRecordingBehavior": "Enabled"})), Assume(), True),
        (_flow(_rec("r", {"IVRRecordingBehavior": "Enabled"}), _lambda("s", "suspend")), Assume(), False),
        (_flow(_rec("r", {"RecordedParticipants": ["Customer"]})), Assume(), False),  # no agent on the line
        (_flow(_rec("r", {"RecordedParticipants": ["Customer"]}), _agent()), Assume(), True),
        (_flow(_rec("r", {"RecordedParticipants": ["Customer"]}), _rec("o", {"RecordedParticipants": []}), _agent()),
         Assume(), False),
        (_flow(_rec("r", {"IVRRecordingBehavior": "Enabled"}), _lambda("s", "suspend"), _lambda("u", "resume")),
         Assume(), True),
    ],
)
def test_recording_at_a_card_capture(flow: dict[str, Any], assume: Assume, recording: bool) -> None:
    rules = {p.rule for p in lint_flow(flow, assume)}
    assert ("PCI-RECORDING" in rules) is recording


@pytest.mark.parametrize(
    ("attribute", "params", "flagged"),
    [
        ("EncryptedCard", CARD, False),  # card-number ciphertext is not card data
        ("EncryptedCvv", {**CARD, "Text": "Enter the security code"}, True),  # SAD, even encrypted
        ("Card", {k: v for k, v in CARD.items() if k != "InputEncryption"}, True),  # plaintext
    ],
)
def test_what_a_contact_attribute_may_hold(attribute: str, params: dict[str, Any], flagged: bool) -> None:
    save = {"Identifier": "save", "Type": "UpdateContactAttributes",
            "Parameters": {"Attributes": {attribute: "$.StoredCustomerInput", "amount": "$.Attributes.amount"}},
            "Transitions": {"NextAction": "end", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end"}]}}
    flow = {"Version": "2019-10-30", "StartAction": "in",
            "Actions": [_input(params, nxt="save"), save, _end()]}
    found = [p for p in lint_flow(flow) if p.rule == "PCI-ATTRIBUTE"]
    assert bool(found) is flagged
    assert all(p.action == "save" and p.fix and attribute in p.message for p in found)
