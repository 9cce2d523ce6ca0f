"""The nightly Lambda against moto server: incremental windows, run documents, checkpoints, time budget, failures."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from reports.evidence.config import CanaryPlan, JobConfig
from reports.evidence.handler import nightly as handler
from reports.evidence.job import run_evidence_job, summary_of
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.finding import Coverage, Record
from scanners.errors import ConfigError
from scanners.jobs import nightly
from scanners.jobs.checkpoint import S3CheckpointStore
from scanners.jobs.nightly import Settings

PAN = "4111111111111111"
PAN2 = "5555555555554444"
GROUP = "/aws/lambda/payment-bot"
AUDIT = "audit-logs"
EVIDENCE = "scan-evidence"
TARGETS = (f"cloudwatch:{GROUP}", f"s3://{AUDIT}/")


def run_nightly(settings: Settings, *, clients: Any, **kw: Any) -> dict[str, Any]:
    """The evidence job with no canaries and no controls: the scan, evidence, alert and checkpoint behaviour."""
    return summary_of(run_evidence_job(JobConfig(settings, CanaryPlan(kinds=())), clients, **kw))


@pytest.fixture(autouse=True)
def _no_canaries_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANARY_KINDS", "none")


class Stack:
    """The AWS resources a nightly run touches, on moto."""

    def __init__(self, clients: Any) -> None:
        self.clients = clients
        self.s3, self.logs, self.sqs = clients("s3"), clients("logs"), clients("sqs")
        self.s3.create_bucket(Bucket=AUDIT)
        # an empty prefix is "no object matches" (incomplete, issue 10): the audit bucket starts with one object
        self.s3.put_object(Bucket=AUDIT, Key="night0.log", Body=b"opened\n")
        self.s3.create_bucket(Bucket=EVIDENCE, ObjectLockEnabledForBucket=True)
        self.s3.put_object_lock_configuration(
            Bucket=EVIDENCE,
            ObjectLockConfiguration={
                "ObjectLockEnabled": "Enabled",
                "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}},
            },
        )
        self.logs.create_log_group(logGroupName=GROUP)
        self.logs.create_log_stream(logGroupName=GROUP, logStreamName="s")
        sns = clients("sns")
        self.topic = sns.create_topic(Name="scan-alerts")["TopicArn"]
        self.queue = self.sqs.create_queue(QueueName="alerts")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["QueueArn"])["Attributes"]
        sns.subscribe(TopicArn=self.topic, Protocol="sqs", Endpoint=arn["QueueArn"],
                      Attributes={"RawMessageDelivery": "true"})

    def settings(self, **kw: Any) -> Settings:
        base = {"targets": TARGETS, "evidence_bucket": EVIDENCE, "topic_arn": self.topic, "settle_ms": 0,
                "checkpoint_uri": f"s3://{EVIDENCE}/checkpoints/nightly.json"}
        return Settings(**(base | kw))

    def event(self, ts_ms: int, message: str) -> None:
        self.logs.put_log_events(logGroupName=GROUP, logStreamName="s",
                                 logEvents=[{"timestamp": ts_ms, "message": message}])

    def evidence(self, uri: str) -> tuple[str, dict[str, Any]]:
        key = uri.removeprefix(f"s3://{EVIDENCE}/")
        body = self.s3.get_object(Bucket=EVIDENCE, Key=key)["Body"].read().decode()
        return body, json.loads(body)

    def alerts(self) -> list[str]:
        msgs = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10).get("Messages", [])
        return [m["Body"] for m in msgs]

    def metric(self, name: str) -> float:
        cw = self.clients("cloudwatch")
        now = datetime.now(UTC)
        stats = cw.get_metric_statistics(Namespace="SmartPaymentCaller/Scanner", MetricName=name,
                                         StartTime=now - timedelta(hours=1), EndTime=now + timedelta(hours=1),
                                         Period=3600, Statistics=["Sum"])
        return float(sum(p["Sum"] for p in stats["Datapoints"]))


@pytest.fixture
def stack(boto_clients: Any) -> Stack:
    return Stack(boto_clients)


@pytest.fixture
def fingerprinter() -> LocalKeyFingerprinter:
    return LocalKeyFingerprinter(b"k" * 32)


def test_two_nights_cover_every_event_and_object_exactly_once(stack: Stack, fingerprinter: Any) -> None:
    stack.s3.put_object(Bucket=AUDIT, Key="night1.log", Body=b"clean\n")
    t1 = time.time()  # after the put: LastModified (whole seconds) is <= the end of night one
    t1_ms = int(t1 * 1000)
    stack.event(t1_ms - 5000, f"charge {PAN} ok")
    stack.event(t1_ms, "boundary event belongs to night one")

    first = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter, now=t1)
    time.sleep(1.1)  # S3 LastModified has one-second resolution
    stack.event(t1_ms + 1, f"late charge {PAN2}")
    stack.s3.put_object(Bucket=AUDIT, Key="night2.log", Body=f"x\n{PAN}\n".encode())
    second = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter)

    _, run1 = stack.evidence(first["evidence"])
    _, run2 = stack.evidence(second["evidence"])
    assert (first["verdict"], second["verdict"]) == ("leaks", "leaks")
    assert [(f["source"], f["masked"]) for f in run1["findings"]] == [("cloudwatch", "411111******1111")]
    assert sorted((f["source"], f["masked"]) for f in run2["findings"]) == [
        ("cloudwatch", "555555******4444"), ("s3", "411111******1111")]
    s3_hit = next(f for f in run2["findings"] if f["source"] == "s3")
    assert s3_hit["location"] == {"bucket": AUDIT, "key": "night2.log", "line": 2, "column": 1}
    events = {r: sum(c["items_scanned"] for c in run["coverage"] if c["source"] == "cloudwatch")
              for r, run in (("1", run1), ("2", run2))}
    assert events == {"1": 2, "2": 1}
    keys = {r: sorted(c["location"]["key"] for c in run["coverage"] if c["source"] == "s3")
            for r, run in (("1", run1), ("2", run2))}
    assert keys == {"1": ["night0.log", "night1.log"], "2": ["night2.log"]}
    window1 = {t["target"]: t["window"] for t in run1["targets"]}
    window2 = {t["target"]: t["window"] for t in run2["targets"]}
    for target in TARGETS:
        assert window1[target]["start_ms"] is None
        assert window2[target]["start_ms"] == window1[target]["end_ms"] + 1 == t1_ms + 1
    assert first["checkpoint_saved"] and second["checkpoint_saved"]


def test_evidence_document_is_locked_dated_and_card_free(stack: Stack, fingerprinter: Any) -> None:
    stack.event(int(time.time() * 1000) - 1000, f"card={PAN} cvv=123")
    out = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter)
    body, run = stack.evidence(out["evidence"])
    today = datetime.now(UTC).date()
    assert out["evidence"].startswith(f"s3://{EVIDENCE}/runs/{today:%Y/%m/%d}/")
    assert out["evidence"].endswith(f"/{out['run_id']}.json")
    leaked = PAN in body
    assert not leaked, "full PAN in the evidence document"
    assert run["run_id"] == out["run_id"] and run["kind"] == "nightly" and run["date"] == today.isoformat()
    assert run["tool"]["version"] and "pan" in run["tool"]["detector_versions"]
    assert set(run["timings"]) == {"started", "finished", "seconds"}
    key = out["evidence"].removeprefix(f"s3://{EVIDENCE}/")
    head = stack.s3.head_object(Bucket=EVIDENCE, Key=key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > datetime.now(UTC) + timedelta(days=300)


def test_incomplete_target_keeps_its_checkpoint_and_alerts(stack: Stack, fingerprinter: Any) -> None:
    targets = (*TARGETS, "s3://no-such-bucket/x/")
    settings = stack.settings(targets=targets)
    out = run_nightly(settings, clients=stack.clients, fingerprinter=fingerprinter)
    assert out["verdict"] == "incomplete"
    marks = S3CheckpointStore(stack.s3, EVIDENCE, "checkpoints/nightly.json").load()
    assert set(marks) == set(TARGETS)
    message = json.loads(stack.alerts()[0])
    assert (message["verdict"], message["incomplete_items"]) == ("incomplete", 1)
    assert stack.metric("IncompleteItems") == 1
    _, run = stack.evidence(out["evidence"])
    assert {t["target"]: t["complete"] for t in run["targets"]} == {**dict.fromkeys(TARGETS, True),
                                                                     "s3://no-such-bucket/x/": False}


def test_full_rescan_ignores_the_checkpoint(stack: Stack, fingerprinter: Any) -> None:
    stack.event(int(time.time() * 1000) - 1000, f"pan {PAN}")
    run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter)
    again = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter)
    full = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter, full=True)
    assert (again["findings"], full["findings"]) == (0, 1)


def test_broken_target_and_injected_sources(stack: Stack, fingerprinter: Any) -> None:
    class Stub:
        kind = "bedrock"

        def __init__(self) -> None:
            self.coverage: list[Coverage] = []

        def records(self) -> Any:
            yield Record(text=f"prompt: my card is {PAN}", source="bedrock", location={"request_id": "r1"})
            self.coverage.append(Coverage("bedrock", {"request_id": "r1"}, "scanned", items_scanned=1))

    def build(target: str, **kw: Any) -> Any:
        if target == "bedrock":
            return Stub()
        raise ConfigError("target: expected something else")

    settings = stack.settings(targets=("bedrock", "nonsense"))
    out = run_nightly(settings, clients=stack.clients, build=build, fingerprinter=fingerprinter)
    _, run = stack.evidence(out["evidence"])
    assert [f["location"] for f in run["findings"]] == [{"request_id": "r1", "line": 1, "column": 20}]
    assert [(c["location"], c["status"], c["reason"]) for c in run["coverage"] if c["status"] != "scanned"] == [
        ({"target": "nonsense"}, "error", "target failed: target: expected something else")]


def test_unreadable_checkpoint_falls_back_to_a_full_scan(stack: Stack, fingerprinter: Any) -> None:
    stack.s3.put_object(Bucket=EVIDENCE, Key="checkpoints/nightly.json", Body=b"{broken")
    stack.event(int(time.time() * 1000) - 1000, f"pan {PAN}")
    out = run_nightly(stack.settings(), clients=stack.clients, fingerprinter=fingerprinter)
    _, run = stack.evidence(out["evidence"])
    assert run["full"] is True
    assert run["warnings"] and "checkpoint s3://scan-evidence/checkpoints/nightly.json" in run["warnings"][0]
    assert out["checkpoint_saved"] is True  # the broken document is replaced by valid marks
    marks = S3CheckpointStore(stack.s3, EVIDENCE, "checkpoints/nightly.json").load()
    assert set(marks) == set(TARGETS)


def test_checkpoint_that_cannot_be_stored_is_reported_after_the_evidence(
    stack: Stack, fingerprinter: Any, tmp_path: Any
) -> None:
    (tmp_path / "not-a-dir").write_text("x")
    settings = stack.settings(checkpoint_uri=str(tmp_path / "not-a-dir" / "cp.json"))
    out = run_nightly(settings, clients=stack.clients, fingerprinter=fingerprinter)
    _, run = stack.evidence(out["evidence"])
    assert run["full"] is True and "cannot be read" in run["warnings"][0]  # unreadable marks: full scan
    assert out["checkpoint_saved"] is False  # the next night scans this window again: a duplicate, not a gap


def test_evidence_failure_raises_after_alerting_and_metric(stack: Stack, fingerprinter: Any) -> None:
    settings = stack.settings(evidence_bucket="missing-evidence-bucket",
                              checkpoint_uri=f"s3://{EVIDENCE}/cp.json")
    with pytest.raises(Exception, match="NoSuchBucket"):
        run_nightly(settings, clients=stack.clients, fingerprinter=fingerprinter)
    message = json.loads(stack.alerts()[0])
    assert message["verdict"] == "failed" and message["reason"] == "not found (NoSuchBucket)"
    assert stack.metric("ScanSucceeded") == 0
    assert S3CheckpointStore(stack.s3, EVIDENCE, "cp.json").load() == {}


def test_handler_reads_environment_and_uses_kms_fingerprints(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = stack.clients("kms").create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    monkeypatch.setenv("SCAN_TARGETS", f" {TARGETS[0]} , {TARGETS[1]} ")
    monkeypatch.setenv("EVIDENCE_BUCKET", EVIDENCE)
    monkeypatch.setenv("ALERT_TOPIC_ARN", stack.topic)
    monkeypatch.setenv("SCAN_SETTLE_SECONDS", "0")
    monkeypatch.setenv("FINGERPRINT_KEY_ID", key["KeyId"])
    stack.event(int(time.time() * 1000) - 1000, f"pan {PAN}")
    out = handler({"full": True}, None)
    _, run = stack.evidence(out["evidence"])
    assert run["full"] is True
    assert [t["target"] for t in run["targets"]] == list(TARGETS)
    assert run["findings"][0]["fingerprint"].startswith("hmac-sha256:")
    only = handler({"targets": [TARGETS[1]]}, None)
    _, run = stack.evidence(only["evidence"])
    assert [t["target"] for t in run["targets"]] == [TARGETS[1]]


def test_lambda_time_budget_spent_before_a_target_leaves_it_incomplete(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    class Context:
        def get_remaining_time_in_millis(self) -> int:
            return 30_000  # less than the reserve kept for writing the evidence

    monkeypatch.setenv("SCAN_TARGETS", ",".join(TARGETS))
    monkeypatch.setenv("EVIDENCE_BUCKET", EVIDENCE)
    monkeypatch.setenv("SPC_KEY_FILE", str(tmp_path / "fp.key"))
    out = handler({}, Context())
    assert out["verdict"] == "incomplete"
    _, run = stack.evidence(out["evidence"])
    assert {c["reason"] for c in run["coverage"]} == {"time budget exhausted before this target"}
    assert S3CheckpointStore(stack.s3, EVIDENCE, "checkpoints/nightly.json").load() == {}


def test_lambda_time_budget_running_out_mid_scan_cuts_the_target(
    stack: Stack, fingerprinter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    skew = [0.0]  # the nightly module's clock jumps past the deadline once the first record is out
    monkeypatch.setattr(nightly, "time", SimpleNamespace(time=lambda: time.time() + skew[0], monotonic=time.monotonic))

    class Slow:
        kind = "s3"

        def __init__(self) -> None:
            self.coverage: list[Coverage] = []

        def records(self) -> Any:
            yield Record(text=f"{PAN}", source="s3", location={"bucket": "b", "key": "first"})
            skew[0] = 7200.0
            yield Record(text=f"{PAN2}", source="s3", location={"bucket": "b", "key": "second"})

    out = run_nightly(stack.settings(targets=("s3://b/",)), clients=stack.clients, build=lambda *a, **k: Slow(),
                      fingerprinter=fingerprinter, deadline=time.time() + 3600)
    _, run = stack.evidence(out["evidence"])
    assert [f["location"]["key"] for f in run["findings"]] == ["first"]
    assert [(c["location"], c["reason"]) for c in run["coverage"]] == [
        ({"target": "s3://b/"}, "time budget exhausted during the scan")]
    assert run["targets"][0]["complete"] is False
