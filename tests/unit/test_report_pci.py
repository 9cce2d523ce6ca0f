"""The PCI DSS table: the mapping data file, evidence judgement and requirement status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from reports.controls import ControlResult
from reports.model.pci import Facts, judge, load_mapping, requirements
from reports.model.sample import sample_controls

GOOD = Facts(leaks_by_type={}, coverage_entries=5, coverage_complete=True,
             canaries=[{"type": "pan", "status": "found"}, {"type": "cvv", "status": "found"}],
             controls=[ControlResult.from_dict(c) for c in sample_controls()], missed_nights=[], targets=3,
             signed=True, chained=True, waivers_active=1, waivers_expired=0)


def test_mapping_lists_every_requirement_the_issue_names() -> None:
    ids = {r["id"] for r in load_mapping()["requirements"]}
    wanted = {"3.2.1", "3.3.1", "3.3.1.1", "3.3.1.2", "3.4.1", "3.5.1", "3.5.1.1", "4.2.1", "10.2.1", "10.3.2",
              "10.3.3", "10.3.4", "10.5.1", "10.7.2", "12.5.2", "12.10.7", "A3.2.5", "A3.2.5.1"}
    assert wanted <= ids


def test_mapping_and_controls_agree_on_requirements() -> None:
    """Each control's ``pci`` list is exactly the set of requirements citing it in the data file."""
    from reports.controls import bedrock, cloudwatch, connect_flow, kms, lambda_, s3

    cited: dict[str, set[str]] = {}
    for req in load_mapping()["requirements"]:
        for key in req["evidence"]:
            if key.startswith("control."):
                cited.setdefault(key.removeprefix("control."), set()).add(req["id"])
    checks = [*s3.CHECKS, *kms.CHECKS, *cloudwatch.CHECKS, *bedrock.CHECKS, *lambda_.CHECKS, *connect_flow.CHECKS]
    declared = {}
    for check in checks:
        r = check(None, "resource")  # a None client fails to read: an error result that still carries the ids
        declared[r.id] = set(r.pci)
    assert declared == cited


@pytest.mark.parametrize(
    ("key", "facts", "result", "note"),
    [
        ("scan.findings", GOOD, "pass", "no card data found in 5"),
        ("scan.findings:cvv", replace(GOOD, leaks_by_type={"cvv": 2}), "fail", "2 finding(s) of cvv"),
        ("scan.findings:track", replace(GOOD, leaks_by_type={"cvv": 2}), "pass", "no track data"),
        ("scan.findings", replace(GOOD, coverage_complete=False), "untested", "not every item"),
        ("scan.coverage", replace(GOOD, coverage_complete=False), "untested", "not examined"),
        ("scan.coverage", replace(GOOD, coverage_entries=0), "untested", "nothing was scanned"),
        ("canary", GOOD, "pass", "2 of 2"),
        ("canary:track", GOOD, "untested", "no canary"),
        ("canary:pan", replace(GOOD, canaries=[{"type": "pan", "status": "missed"}]), "fail", "1 of 1 canaries missed"),
        ("control.s3_encryption", GOOD, "pass", "passes on 1"),
        ("control.s3_encryption", replace(GOOD, controls=[]), "untested", "not checked"),
        ("control.kms_rotation", replace(GOOD, controls=[ControlResult("kms_rotation", "", "error")]), "untested",
         "could not be checked"),
        ("control.kms_rotation", replace(GOOD, controls=[ControlResult("kms_rotation", "", "fail", resource="k1")]),
         "fail", "fails on k1"),
        ("trend.missed_nights", replace(GOOD, missed_nights=["2026-01-02"]), "fail", "2026-01-02"),
        ("trend.missed_nights", GOOD, "pass", "every night"),
        ("scan.scope", replace(GOOD, targets=0), "untested", "no scope"),
        ("report.signature", replace(GOOD, signed=False), "untested", "not signed"),
        ("report.signature", GOOD, "pass", "chained"),
        ("report.masking", GOOD, "pass", "masked"),
        ("waivers", GOOD, "pass", "1 active"),
        ("nonsense.key", GOOD, "untested", "unknown evidence key"),
    ],
)
def test_judge_evidence(key: str, facts: Facts, result: str, note: str) -> None:
    got, text = judge(key, facts)
    assert got == result
    assert note in text


def test_requirement_status_is_fail_closed() -> None:
    mapping = {"requirements": [
        {"id": "1", "title": "all pass", "evidence": ["report.masking", "scan.coverage"]},
        {"id": "2", "title": "one untested", "evidence": ["report.masking", "canary:track"]},
        {"id": "3", "title": "one fails", "evidence": ["canary:track", "trend.missed_nights"]},
    ]}
    rows = requirements(mapping, replace(GOOD, missed_nights=["2026-01-02"]))
    assert [r.status for r in rows] == ["In Place", "Not Tested", "Not in Place"]
    assert [e.anchor for e in rows[2].evidence] == ["canaries", "trend"]
    assert rows[0].to_dict()["evidence"][0] == {"ref": "report.masking", "result": "pass",
                                                "note": rows[0].evidence[0].note, "section": "methodology"}


def test_when_all_evidence_passes_rows_are_in_place_or_say_what_the_assessor_must_still_do() -> None:
    facts = replace(GOOD, canaries=[{"type": t, "status": "found"} for t in ("pan", "cvv", "expiry", "track")],
                    inventory=INVENTORY, run_starts=[NIGHT0 + timedelta(days=d) for d in range(0, 100, 1)],
                    alerts=[{"message_id": "m-1"}], failures=["run-1 incomplete"])
    assessor = {r["id"]: r.get("assessor") for r in load_mapping()["requirements"]}
    for row in requirements(load_mapping(), facts):
        if assessor[row.id]:
            assert row.status == "Partially evidenced" and assessor[row.id] in row.not_shown, row.id
        else:
            assert row.status == "In Place" and row.not_shown == "nothing further", row.id


NIGHT0 = datetime(2026, 1, 1, 2, tzinfo=UTC)
INVENTORY = {"complete": True, "left_out": [], "kinds": {"log_groups": {"summary": "3 of 3 log groups in scope"}}}


@pytest.mark.parametrize("inventory, result, note", [
    (None, "untested", "no account inventory recorded"),
    (INVENTORY, "pass", "3 of 3 log groups in scope; no likely card-data location left out"),
    (INVENTORY | {"left_out": [{"name": "/aws/lambda/refunds"}]}, "fail", "1 likely card-data location(s) left out"),
    (INVENTORY | {"complete": False}, "untested", "the account inventory is incomplete"),
])
def test_scope_is_judged_against_the_account_inventory(inventory, result, note) -> None:
    got = judge("scan.inventory", replace(GOOD, inventory=inventory))
    assert got[0] == result and note in got[1]


@pytest.mark.parametrize("days, step, result, note", [
    ([], 1, "untested", "no run recorded"),
    (range(0, 7), 1, "partial", "shorter than the required 92-day period"),
    (range(0, 200, 30), 30, "pass", "at least one run every 92 days"),
    ([0, 100, 190], 1, "fail", "more than 92 days between two runs"),
])
def test_a3_2_5_counts_runs_against_the_quarterly_frequency(days, step, result, note) -> None:
    starts = [NIGHT0 + timedelta(days=d) for d in days]
    got = judge("trend.frequency:92", replace(GOOD, run_starts=starts))
    assert got[0] == result and note in got[1]


@pytest.mark.parametrize("alerts, failures, result", [
    ([{"message_id": "0f1e-sns"}], ["run-1 incomplete"], "pass"),
    ([], ["no run on 2026-01-02"], "fail"),
    ([], [], "untested"),
    ([{"topic_arn": "arn:aws:sns:x"}], ["run-1 failed"], "fail"),  # published without a delivery id is no evidence
])
def test_10_7_2_cites_alert_delivery_evidence(alerts, failures, result) -> None:
    got = judge("alert.delivery", replace(GOOD, alerts=alerts, failures=failures))
    assert got[0] == result
    if result == "pass":
        assert "0f1e-sns" in got[1]


def test_10_3_4_is_never_in_place_on_the_report_signature_alone() -> None:
    row = next(r for r in requirements(load_mapping(), GOOD) if r.id == "10.3.4")
    assert row.status == "Partially evidenced" and "audit logs themselves" in row.not_shown
