"""The report model: verdict, findings history and status, canary separation, tolerance of sparse runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.errors import ReportError
from reports.model.core import build_model
from reports.model.runs import where
from reports.model.sample import sample_runs
from reports.model.waivers import parse_waivers
from scanners.cards.brands import TEST_PANS
from scanners.engine.finding import Coverage, Finding
from scanners.engine.pipeline import ScanResult

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
PAN = sorted(TEST_PANS)[0]  # a published test number, used as input only; never asserted on


def cov(source: str = "s3", status: str = "scanned", **loc: Any) -> dict[str, Any]:
    return {"source": source, "location": loc or {"bucket": "b", "key": "k"}, "status": status,
            "items_scanned": 10, "bytes_scanned": 100, **({"reason": "access denied"} if status == "error" else {})}


def finding(fp: str = "f1", source: str = "s3", type_: str = "pan", **loc: Any) -> dict[str, Any]:
    return {"type": type_, "detector": type_, "source": source,
            "location": loc or {"bucket": "b", "key": "k", "line": 1},
            "masked": "411111******1111" if type_ == "pan" else "***", "fingerprint": fp}


def run(day: str, findings: Sequence[dict[str, Any]] = (), coverage: Sequence[dict[str, Any]] | None = None,
        **extra: Any) -> dict[str, Any]:
    return {"findings": list(findings), "coverage": [cov()] if coverage is None else list(coverage),
            "started": f"{day}T02:00:00+00:00", **extra}


def canary(status: str = "found", **loc: Any) -> dict[str, Any]:
    return {"id": "c", "kind": "cloudwatch", "form": "plain", "type": "pan", "brand": "visa",
            "masked": "411111******1111",
            "location": loc or {"log_group": "/spc/canary/cloudwatch", "log_stream": "r", "timestamp": 1},
            "status": status}


CONTROL = {"id": "s3-encryption", "title": "S3 encryption", "status": "pass", "resource": "b", "pci": ["3.5.1"]}


def proven(day: str, findings: Sequence[dict[str, Any]] = (), **extra: Any) -> dict[str, Any]:
    """A run that proves what it says: canaries planted and found in the kind it scanned, controls run."""
    planted = canary(bucket="canary", key="k")
    return run(day, findings, **({"canaries": [{**planted, "kind": "s3"}], "controls": [CONTROL]} | extra))


@pytest.mark.parametrize(
    ("runs", "verdict", "reason"),
    [
        ([proven("2026-01-31")], "clean", None),
        ([run("2026-01-31")], "incomplete", "detection effectiveness not demonstrated: no canaries"),
        ([proven("2026-01-31", controls=[])], "incomplete", "configuration controls were not run"),
        ([proven("2026-01-31", canaries=[canary()])], "incomplete", "source kind(s) without canaries: s3"),
        ([run("2026-01-31", [finding()])], "leaks", "1 finding(s) not covered by a waiver"),
        ([run("2026-01-31", coverage=[cov(), cov(status="error")])], "incomplete", "1 item(s) not examined"),
        ([run("2026-01-31", coverage=[cov(status="skipped")])], "incomplete", "not examined"),
        ([proven("2026-01-31", coverage=[cov(status="excluded")])], "clean", None),
        ([run("2026-01-31", coverage=[])], "incomplete", "nothing was scanned"),
        ([run("2026-01-31", canaries=[canary(), canary("missed")])], "incomplete", "1 of 2 canaries"),
        ([run("2026-01-29"), run("2026-01-31")], "incomplete", "no run on 1 night(s): 2026-01-30"),
        ([run("2026-01-31", [finding()], coverage=[cov(status="error")])], "leaks", "not examined"),
    ],
)
def test_model_verdict(runs: list[dict[str, Any]], verdict: str, reason: str | None) -> None:
    model = build_model(runs, now=NOW)
    assert model.verdict == verdict
    assert model.banner == {"clean": "PASS", "leaks": "FAIL", "incomplete": "INCOMPLETE"}[verdict]
    if reason is None:
        assert model.reasons == ()
    else:
        assert any(reason in r for r in model.reasons), model.reasons


@pytest.mark.parametrize("location, text", [
    ({"path": "/var/log/app.log", "line": 3, "column": 5}, "/var/log/app.log:3:5"),
    # a binary file's text run (scanners.engine.textruns): the run's offset and the column in it
    ({"path": "dumps/core.dump", "offset": 4096, "column": 17}, "dumps/core.dump (column=17, offset=4096)"),
    # line-structured text with control bytes (scanners.engine.runlines): line, column, and the byte offset
    ({"path": "pos/spool.prn", "line": 27, "column": 9, "offset": 531}, "pos/spool.prn:27:9 (offset=531)"),
])
def test_where_a_person_looks(location: dict[str, Any], text: str) -> None:
    assert where(location) == text


def test_model_accepts_bare_scan_json_from_the_pipeline() -> None:
    result = ScanResult(
        findings=[Finding("pan", "pan", "file", {"path": "/var/log/app.log", "line": 3}, "411111******1111", "ff")],
        coverage=[Coverage("file", {"path": "/var/log/app.log"}, "scanned", None, 300, 12)],
    )
    model = build_model([result.to_dict()], now=NOW)
    assert model.verdict == "leaks"
    [row] = model.findings
    assert (row.where, row.status, row.ref) == ("/var/log/app.log:3", "new", "F-00001")
    assert model.scope.account == "not recorded"
    assert model.scope.targets == ("file (from coverage)",)
    assert [s.type for s in model.sources] == ["file"]
    assert model.to_dict()["sources"][0] == {"type": "file", "entries": 1, "items_scanned": 12, "bytes_scanned": 300,
                                             "complete": True, "skipped": []}


def test_model_first_last_seen_and_status_across_runs() -> None:
    runs = [
        run("2026-01-31", [finding("old", key="k3"), finding("fresh", key="k4")]),
        run("2026-01-29", [finding("old", key="k1")]),  # given out of order: sorted by start time
        run("2026-01-30", [finding("old", key="k2"), finding("gone", key="k5")]),
    ]
    model = build_model(runs, now=NOW)
    by_key = {f.location["key"]: f for f in model.findings}
    assert set(by_key) == {"k1", "k2", "k3", "k4", "k5"}  # the report covers every run in the window
    assert (by_key["k3"].status, by_key["k3"].first_seen, by_key["k3"].last_seen) == (
        "known", "2026-01-29T02:00:00Z", "2026-01-31T02:00:00Z")
    assert by_key["k4"].status == "new"
    assert by_key["k5"].status == "known"  # seen the night before, not since
    assert model.scope.run_id == "run-20260131T020000Z"
    assert [f.status for f in model.findings][:1] == ["new"]  # new findings first


def test_model_waivers_cover_only_while_active() -> None:
    waivers = parse_waivers([
        {"id": "W-1", "fingerprint": "f1", "justification": "fixture", "expires": "2026-12-31"},
        {"id": "W-2", "fingerprint": "f2", "justification": "fixture", "expires": "2026-01-01"},
    ])
    model = build_model([run("2026-01-31", [finding("f1", key="a"), finding("f2", key="b")])], waivers=waivers, now=NOW)
    statuses = {f.fingerprint: (f.status, f.waiver) for f in model.findings}
    assert statuses == {"f1": ("waived", "W-1"), "f2": ("new", "")}
    assert model.verdict == "leaks"
    assert [(w.waiver.id, w.active, w.matched) for w in model.waivers] == [("W-1", True, 1), ("W-2", False, 0)]
    only_waived = build_model([proven("2026-01-31", [finding("f1")])], waivers=waivers, now=NOW)
    assert only_waived.verdict == "clean"


def test_model_sets_canary_findings_apart() -> None:
    planted = canary(log_group="/spc/canary/cloudwatch", log_stream="r", timestamp=7)
    odd = canary(bucket="canary-bucket", key="elsewhere/x.txt")  # planted outside the namespace: matched by location
    findings = [
        finding("c1", "cloudwatch", log_group="/spc/canary/cloudwatch", log_stream="r", timestamp=7, event_id="e"),
        finding("c2", "s3", bucket="canary-bucket", key="elsewhere/x.txt", line=1),
        finding("real", "s3", bucket="audit", key="a.json", line=2),
    ]
    model = build_model([run("2026-01-31", findings, canaries=[planted, odd])], now=NOW)
    assert [f.fingerprint for f in model.findings] == ["real"]
    assert model.canary_findings == 2
    assert model.summary["canaries_found"] == 2


def test_model_redacts_card_data_in_locations() -> None:
    leaky = finding(bucket="audit", key=f"exports/{PAN}.json", line=1)
    model = build_model([run("2026-01-31", [leaky])], now=NOW)
    [row] = model.findings
    assert PAN not in row.where and PAN not in str(row.location)
    assert f"{PAN[:6]}" in row.where  # masked, still recognisable


def test_model_nightly_target_failures_are_named_by_target_kind() -> None:
    failed = {"source": "scan", "location": {"target": "cloudwatch:/aws/lambda/"}, "status": "error",
              "reason": "target failed: access denied", "items_scanned": 0, "bytes_scanned": 0}
    model = build_model([run("2026-01-31", coverage=[cov(), failed])], now=NOW)
    assert [(s.type, s.complete) for s in model.sources] == [("cloudwatch", False), ("s3", True)]
    assert model.sources[0].skipped[0].reason == "target failed: access denied"


def test_model_previous_report_keeps_history_and_exposes_gaps_between_reports() -> None:
    previous = {"findings": [{"fingerprint": "f1", "first_seen": "2026-01-20T02:00:00Z"}],
                "trend": [{"night": "2026-01-28", "findings": 1, "coverage_percent": 100.0, "verdict": "leaks",
                           "runs": 1}]}
    model = build_model([run("2026-01-31", [finding("f1")])], previous_report=previous, now=NOW)
    [row] = model.findings
    assert (row.status, row.first_seen) == ("known", "2026-01-20T02:00:00Z")
    assert model.missed_nights == ("2026-01-29", "2026-01-30")
    assert [p.night for p in model.trend] == ["2026-01-28", "2026-01-29", "2026-01-30", "2026-01-31"]


@pytest.mark.parametrize(("runs", "field"), [
    ([], "runs: expected at least one"),
    (["not a run"], "runs[0]"),
    ([{"findings": "none"}], "runs[0]"),
    ([run("2026-01-31"), {"coverage": {}}], "runs[1]"),
])
def test_model_rejects_malformed_runs(runs: list[Any], field: str) -> None:
    with pytest.raises(ReportError) as err:
        build_model(runs, now=NOW)
    assert field in str(err.value)


def test_model_fills_every_field_and_serialises() -> None:
    model = build_model(sample_runs(5, skip_nights=[1], gap_last=True), now=NOW)
    doc = model.to_dict()
    assert doc["verdict"] == "leaks"
    assert {"verdict", "sources", "findings", "scope", "requirements", "controls", "canaries", "trend", "waivers",
            "methodology"} <= set(doc)
    for f in doc["findings"]:
        assert {"source", "type", "masked", "location", "first_seen", "last_seen", "fingerprint", "status"} <= set(f)
    assert {s["type"] for s in doc["sources"]} == {"cloudwatch", "s3", "bedrock", "recordings"}
    assert {f["source"] for f in doc["findings"]} >= {"cloudwatch", "s3", "bedrock", "recordings"}
    assert doc["missed_nights"] == ["2026-01-28"]
    assert doc["scope"]["account"] == "123456789012"


def test_redactor_batch_masks_only_the_strings_holding_card_data() -> None:
    from reports.model.runs import Redactor
    from scanners.engine.core import default_engine

    redact = Redactor(default_engine())
    clean = ["audit/2026-01-31/contact-0019.json", "/aws/lambda/ivr-payment", "x" * 40]
    dirty = f"exports/{PAN}.csv"
    redact.prepare([*clean, dirty, "two\nlines " + PAN])
    assert [redact(t) for t in clean] == clean
    assert PAN not in redact(dirty) and redact(dirty).startswith(f"exports/{PAN[:6]}")
    assert PAN not in redact("two\nlines " + PAN)  # not batched (multi-line): checked on its own
    assert PAN not in redact(f"never prepared {PAN}")
    chained = "the security code is 1 2 3 (1-2-3, or spoken one two three)"  # each mask uncovers the next
    assert default_engine().scan_text(redact(chained)) == []


@given(prefix=st.text(alphabet="abcXYZ/-_.:= 0123456789", max_size=20),
       suffix=st.text(alphabet="abcXYZ/-_.:= 0123456789", max_size=20),
       pan=st.sampled_from(sorted(TEST_PANS)))
@settings(max_examples=40, deadline=None)
def test_model_never_carries_a_full_pan_from_a_location(prefix: str, suffix: str, pan: str) -> None:
    """Wherever a test number sits in a key name, the model (and so every rendered format) holds it masked."""
    leaky = finding(bucket="audit", key=f"{prefix} {pan} {suffix}", line=1)
    model = build_model([run("2026-01-31", [leaky])], now=NOW)
    assert pan not in str(model.to_dict())


def test_report_json_requirements_table() -> None:
    doc = build_model(sample_runs(2), now=NOW).to_dict()
    assert doc["standard"] == "PCI DSS v4.0.1"
    row = next(r for r in doc["requirements"] if r["id"] == "A3.2.5.1")
    assert row["status"] in ("In Place", "Partially evidenced", "Not in Place", "Not Tested")
    assert row["shows"] and row["not_shown"]
    assert row["evidence"] == [{"ref": "canary", "result": "pass", "note": row["evidence"][0]["note"],
                                "section": "canaries"}]
