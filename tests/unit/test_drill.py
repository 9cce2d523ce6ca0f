"""The leak drill's pure parts (the prototype flow, the prototype's log line) and the demo's call plan."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ivr.flowlint.lint import lint_flow
from ivr.local import drill
from ivr.local.connect.caller import load_flow
from reports.controls.lambda_ import check_lambda_log_event
from reports.demo.calls import SCENARIOS, Scenario, keys_for, plan_calls
from scanners.cards.brands import is_test_pan, luhn_valid
from scanners.engine.core import default_engine


def _suspended(flow: dict[str, Any]) -> list[str]:
    """The recording types the flow's suspend calls name."""
    lambdas = [a for a in flow["Actions"] if a["Type"] == "InvokeLambdaFunction"]
    calls = [a["Parameters"]["LambdaInvocationAttributes"] for a in lambdas]
    return [str(c.get("recording")) for c in calls if c["mode"] == "recording" and c["action"] == "suspend"]


def _recording(flow: dict[str, Any]) -> list[str]:
    return [
        str(a["Parameters"]["VoiceBehavior"]["VoiceRecordingBehavior"]["IVRRecordingBehavior"])
        for a in flow["Actions"]
        if a.get("Type") == "UpdateContactRecordingAndAnalyticsBehavior"
    ]


def test_prototype_flow_keeps_recording_on_and_leaves_the_bundled_flow_alone() -> None:
    bundled = load_flow()
    before = copy.deepcopy(bundled)
    leaky = drill.recording_left_on(bundled)
    assert bundled == before
    assert _suspended(bundled) == ["IVR"] and _suspended(leaky) == ["SCREEN"]
    assert set(_recording(leaky)) == {"Enabled"}
    assert "prototype" in leaky["Metadata"]["name"]


def test_only_the_prototype_flow_breaks_the_recording_rule() -> None:
    assert lint_flow(load_flow()) == []
    rules = {p.rule for p in lint_flow(drill.prototype_flow())}
    assert "PCI-RECORDING" in rules


def test_the_drill_card_is_a_published_test_number_and_prints_masked() -> None:
    card = drill.drill_card()
    assert is_test_pan(card.pan) and luhn_valid(card.pan)
    assert card.pan not in repr(card) and card.pan not in str(card)
    assert card.expiry.startswith("12") and len(card.expiry) == 4


def test_the_prototype_log_line_holds_what_the_scanner_must_find() -> None:
    line = json.dumps(drill._prototype_event(drill.drill_card(), "contact-1"))
    found = {span.type for span in default_engine().scan_text(line)}
    assert {"pan", "cvv", "expiry"} <= found


class _Lambda:
    def __init__(self, variables: dict[str, str]) -> None:
        self.variables = variables

    def get_function_configuration(self, FunctionName: str) -> dict[str, Any]:
        return {"Environment": {"Variables": self.variables}}


@pytest.mark.parametrize(("variables", "status"), [({"POWERTOOLS_LOGGER_LOG_EVENT": "false"}, "pass"),
                                                   (drill.PROTOTYPE_ENVIRONMENT, "fail")])
def test_the_prototype_environment_fails_the_event_logging_control(variables: dict[str, str], status: str) -> None:
    assert check_lambda_log_event(_Lambda(variables), "spc-ivr").status == status


# -- the demo's call plan (reports.demo.run) ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (Scenario("ok", "4242424242424242"), "4242424242424242#1229#123#1"),
        (Scenario("typo", "4242424242424242", "mistype"), "4242424242424240#4242424242424242#1229#123#1"),
        (Scenario("old", "4242424242424242", "past-expiry"), "4242424242424242#0121#1229#123#1"),
        (Scenario("silent", "", "silence"), ""),
    ],
)
def test_keys_for_each_scenario(scenario: Scenario, expected: str) -> None:
    assert keys_for(scenario, "1229", "123") == expected


def test_a_mistyped_number_fails_luhn() -> None:
    keys = keys_for(Scenario("typo", "378282246310005", "mistype"), "1229", "1234")
    wrong = keys.split("#")[0]
    assert wrong != "378282246310005" and not luhn_valid(wrong) and len(wrong) == 15


def test_plan_calls_covers_every_scenario_first_then_draws_by_seed() -> None:
    assert plan_calls(len(SCENARIOS), 0) == list(SCENARIOS)
    assert plan_calls(3, 0) == list(SCENARIOS[:3])
    more = plan_calls(30, 7)
    assert more[: len(SCENARIOS)] == list(SCENARIOS) and all(s in SCENARIOS for s in more)
    assert more == plan_calls(30, 7)
    assert more != plan_calls(30, 8)


def test_the_scenarios_cover_what_the_demo_promises() -> None:
    mistakes = {s.mistake for s in SCENARIOS}
    assert {"mistype", "past-expiry", "silence"} <= mistakes
    assert "4000000000000069" in {s.pan for s in SCENARIOS}  # Stripe's expired card
    faults = {k for s in SCENARIOS for k in s.model_faults}
    assert {"throttle_rate", "cold_calls", "latency_s"} <= faults
    assert all(is_test_pan(s.pan) for s in SCENARIOS if s.pan)
