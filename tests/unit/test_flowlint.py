"""ivr.flowlint.lint: the bundled flow passes; every broken flow fails with exactly its rule."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ivr.flowlint.lint import RULES, Problem, lint_file, lint_flow
from ivr.local.stack import FLOW_PATH
from ivr.local.stack_resources import flow_key

BROKEN = Path(__file__).resolve().parents[1] / "events" / "flows"
EXPECTED = {
    "unencrypted-capture.json": "PCI-ENCRYPT",
    "plain-cvv-input.json": "PCI-ENCRYPT",
    "expired-certificate.json": "PCI-ENCRYPT",
    "logging-on-during-capture.json": "PCI-LOGGING",
    "logging-on-before-charge.json": "PCI-LOGGING",
    "recording-on-during-capture.json": "PCI-RECORDING",
    "recording-resumed-before-cvv.json": "PCI-RECORDING",
    "lambda-timeout-10s.json": "PCI-LAMBDA-TIMEOUT",
    "card-in-contact-attribute.json": "PCI-ATTRIBUTE",
    "missing-error-branch.json": "PCI-ERRORS",
    "card-data-not-cleared.json": "PCI-CLEAR",
    "dangling-transition.json": "FLOW-STRUCTURE",
}


@pytest.fixture(scope="module")
def bundled() -> dict[str, Any]:
    flow: dict[str, Any] = json.loads(FLOW_PATH.read_text())
    return flow


def action(flow: dict[str, Any], ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in flow["Actions"] if a["Identifier"] == ident)
    return found


def rules(problems: list[Problem]) -> set[str]:
    return {p.rule for p in problems}


def test_bundled_flow_passes() -> None:
    assert lint_file(FLOW_PATH) == []


def test_every_broken_flow_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "rule"), sorted(EXPECTED.items()))
def test_broken_flow_fails_with_its_rule(name: str, rule: str) -> None:
    problems = lint_file(BROKEN / name)
    assert rules(problems) == {rule}
    assert all(p.action for p in problems)


def test_rule_ids_are_documented() -> None:
    assert set(EXPECTED.values()) <= set(RULES)
    assert str(Problem("PCI-ERRORS", "charge", "x")) == "PCI-ERRORS [charge] x"


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "a flow is a JSON object"),
        ({"Version": "2019-10-30", "StartAction": "a", "Actions": []}, "Actions must be a non-empty list"),
    ],
)
def test_structure_of_the_document(doc: Any, message: str) -> None:
    assert any(message in p.message for p in lint_flow(doc))


def test_structure_problems(bundled: dict[str, Any]) -> None:
    flow = copy.deepcopy(bundled)
    flow["Version"] = "2020-01-01"
    flow["StartAction"] = "nowhere"
    flow["Actions"].append(copy.deepcopy(flow["Actions"][0]))
    flow["Actions"].append({"Identifier": "bad/id", "Type": "MessageParticipant"})
    messages = [p.message for p in lint_flow(flow) if p.rule == "FLOW-STRUCTURE"]
    assert any("Version" in m for m in messages)
    assert any("StartAction" in m for m in messages)
    assert any("not unique" in m for m in messages)
    assert any("Identifier of 1-50" in m for m in messages)


def test_action_without_next_is_reported(bundled: dict[str, Any]) -> None:
    flow = copy.deepcopy(bundled)
    action(flow, "greeting")["Transitions"].pop("NextAction")
    assert any(p.action == "greeting" and "no next action" in p.message for p in lint_flow(flow))


@pytest.mark.parametrize(
    ("kind", "limit", "ok"),
    [
        ("SYNCHRONOUS", "8", True),
        ("SYNCHRONOUS", "9", False),
        ("SYNCHRONOUS", "0", False),
        ("SYNCHRONOUS", "", False),
        ("SYNCHRONOUS", "$.Attributes.t", False),
        ("ASYNCHRONOUS", "60", True),
        ("ASYNCHRONOUS", "61", False),
    ],
)
def test_lambda_time_limit(bundled: dict[str, Any], kind: str, limit: str, ok: bool) -> None:
    flow = copy.deepcopy(bundled)
    params = action(flow, "charge")["Parameters"]
    params.update(InvocationType=kind, InvocationTimeLimitSeconds=limit)
    assert ("PCI-LAMBDA-TIMEOUT" in rules(lint_flow(flow))) is not ok


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda p: p["InputEncryption"].update(Key="not a certificate"), "PEM X.509"),
        (lambda p: p["InputEncryption"].update(Key=""), "certificate) is missing"),
        (lambda p: p["InputEncryption"].update(EncryptionKeyId=""), "EncryptionKeyId"),
        (lambda p: p.pop("InputValidation"), "MaximumLength"),
    ],
)
def test_encryption_settings(bundled: dict[str, Any], mutate: Any, fragment: str) -> None:
    flow = copy.deepcopy(bundled)
    mutate(action(flow, "expiry-input")["Parameters"])
    problems = [p for p in lint_flow(flow) if p.rule == "PCI-ENCRYPT"]
    assert problems and all(p.action == "expiry-input" for p in problems)
    assert any(fragment in p.message for p in problems)


def test_a_valid_certificate_passes_also_with_escaped_newlines(bundled: dict[str, Any]) -> None:
    _, cert = flow_key(2048)
    flow = copy.deepcopy(bundled)
    action(flow, "card_number-input")["Parameters"]["InputEncryption"]["Key"] = cert
    action(flow, "expiry-input")["Parameters"]["InputEncryption"]["Key"] = cert.replace("\n", "\\n")
    assert lint_flow(flow) == []


def test_missing_error_branches(bundled: dict[str, Any]) -> None:
    flow = copy.deepcopy(bundled)
    action(flow, "route")["Transitions"]["Errors"] = []
    action(flow, "menu-input")["Transitions"]["Errors"] = [
        e for e in action(flow, "menu-input")["Transitions"]["Errors"] if e["ErrorType"] != "NoMatchingCondition"
    ]
    action(flow, "transfer")["Transitions"]["Errors"].pop(0)
    found = {(p.action, p.message) for p in lint_flow(flow)}
    assert ("route", "the NoMatchingCondition branch is not handled") in found
    assert ("menu-input", "the NoMatchingCondition branch is not handled") in found
    assert ("transfer", "the QueueAtCapacity branch is not handled") in found


def test_card_named_contact_attribute_from_a_lambda_result(bundled: dict[str, Any]) -> None:
    flow = copy.deepcopy(bundled)
    action(flow, "end-message")["Transitions"]["NextAction"] = "save"
    flow["Actions"].append(
        {
            "Identifier": "save",
            "Type": "UpdateContactAttributes",
            "Parameters": {"Attributes": {"card_number": "$.External.number", "note": "$.External.reference"}},
            "Transitions": {
                "NextAction": "end-clear",
                "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end-clear"}],
            },
        }
    )
    problems = lint_flow(flow)
    assert rules(problems) == {"PCI-ATTRIBUTE"}
    assert "'card_number'" in problems[0].message


def test_clearing_one_attribute_is_not_enough(bundled: dict[str, Any]) -> None:
    flow = copy.deepcopy(bundled)
    action(flow, "end-clear")["Parameters"]["FlowAttributes"].pop("expiry")
    problems = lint_flow(flow)
    assert rules(problems) == {"PCI-CLEAR"}
    assert all("expiry" in p.message and "card_number" not in p.message for p in problems)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    bad = tmp_path / "flow.json"
    bad.write_text("{not json")
    assert "not JSON" in lint_file(bad)[0].message
    assert "cannot read" in lint_file(tmp_path / "missing.json")[0].message


def _template() -> Any:
    from cfnlint.decode import cfn_yaml

    return cfn_yaml.load(str(FLOW_PATH.parents[1] / "template.yaml"))


def test_template_deploys_the_bundled_flow(bundled: dict[str, Any]) -> None:
    resources = _template()["Resources"]
    body, variables = resources["IvrPaymentFlow"]["Properties"]["Content"]["Fn::Sub"]
    assert json.loads(body) == bundled
    placeholders = set(re.findall(r"\$\{([A-Za-z0-9_]+)\}", body))
    assert placeholders == set(variables)
    assert placeholders == set(stack_module_placeholders())


def stack_module_placeholders() -> list[str]:
    """The placeholders the local stack substitutes must be the ones SAM substitutes."""
    from ivr.local.stack import LocalStack

    return list(LocalStack.placeholder_names())


def test_function_timeout_fits_connect() -> None:
    function = _template()["Resources"]["IvrFunction"]["Properties"]
    assert function["Timeout"] <= 8
    assert function["Handler"] == "ivr.handler.lambda_handler"
    assert function["Environment"]["Variables"]["POWERTOOLS_LOGGER_LOG_EVENT"] == "false"
