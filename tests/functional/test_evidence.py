"""Evidence on moto server: Object Lock retention, alerts and metrics with counts only, gaps, best-effort failures."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.finding import Coverage, Record
from scanners.engine.pipeline import run_scan
from scanners.jobs.evidence import missing_nights, publish_run, report_failure, run_document
from scanners.jobs.nightly import Settings

PAN = "4111111111111111"
PAN2 = "5555555555554444"
EVIDENCE = "scan-evidence"
NAMESPACE = "SmartPaymentCaller/Scanner"
TODAY = date(2026, 3, 5)


class Stub:
    """A source yielding ``texts`` as records, each fully scanned."""

    kind = "cloudwatch"

    def __init__(self, *texts: str) -> None:
        self.texts, self.coverage = texts, list[Coverage]()

    def records(self) -> Iterator[Record]:
        for i, text in enumerate(self.texts):
            yield Record(text=text, source=self.kind, location={"event_id": str(i)})
        self.coverage.append(Coverage(self.kind, {"group": "g"}, "scanned", items_scanned=len(self.texts)))


def run_of(*texts: str) -> dict[str, Any]:
    result = run_scan([Stub(*texts)], fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    return run_document(result, run_id="20260305T020000Z-abcd1234", started=datetime.now(UTC), full=False,
                        targets=[], warnings=[])


class Aws:
    """Evidence bucket (locked, default rule), alert topic delivered to a queue, metrics."""

    def __init__(self, clients: Any) -> None:
        self.clients, self.s3, self.sqs = clients, clients("s3"), clients("sqs")
        self.s3.create_bucket(Bucket=EVIDENCE, ObjectLockEnabledForBucket=True)
        self.s3.put_object_lock_configuration(Bucket=EVIDENCE, ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}})
        sns = clients("sns")
        self.topic = sns.create_topic(Name="scan-alerts")["TopicArn"]
        self.queue = self.sqs.create_queue(QueueName="alerts")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.queue, AttributeNames=["QueueArn"])["Attributes"]
        sns.subscribe(TopicArn=self.topic, Protocol="sqs", Endpoint=arn["QueueArn"],
                      Attributes={"RawMessageDelivery": "true"})

    def settings(self, **kw: Any) -> Settings:
        return Settings(**({"targets": (), "evidence_bucket": EVIDENCE, "topic_arn": self.topic} | kw))

    def head(self, uri: str) -> dict[str, Any]:
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        return dict(self.s3.head_object(Bucket=bucket, Key=key))

    def alerts(self) -> list[str]:
        msgs = self.sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10).get("Messages", [])
        return [m["Body"] for m in msgs]

    def metric(self, name: str) -> float:
        now = datetime.now(UTC)
        stats = self.clients("cloudwatch").get_metric_statistics(
            Namespace=NAMESPACE, MetricName=name, StartTime=now - timedelta(hours=1),
            EndTime=now + timedelta(hours=1), Period=3600, Statistics=["Sum"])
        return float(sum(p["Sum"] for p in stats["Datapoints"]))


@pytest.fixture
def aws(boto_clients: Any) -> Aws:
    return Aws(boto_clients)


def test_evidence_is_dated_and_kept_by_the_default_rule(aws: Aws) -> None:
    run = run_of("all good")
    uri = publish_run(run, aws.settings(), aws.clients, TODAY)
    assert uri == f"s3://{EVIDENCE}/runs/2026/03/05/{run['run_id']}.json"
    assert aws.head(uri)["ObjectLockMode"] == "COMPLIANCE"
    body = aws.s3.get_object(Bucket=EVIDENCE, Key=uri.split("/", 3)[3])["Body"].read()
    assert json.loads(body) == run


def test_bucket_with_lock_but_no_default_rule_gets_explicit_retention(aws: Aws) -> None:
    aws.s3.create_bucket(Bucket="locked-no-rule", ObjectLockEnabledForBucket=True)
    settings = aws.settings(evidence_bucket="locked-no-rule", lock_mode="GOVERNANCE", retention_days=30)
    head = aws.head(publish_run(run_of("x"), settings, aws.clients, TODAY))
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert head["ObjectLockRetainUntilDate"] < datetime.now(UTC) + timedelta(days=31)


def test_bucket_without_object_lock_gets_a_plain_object(aws: Aws) -> None:
    aws.s3.create_bucket(Bucket="plain")
    head = aws.head(publish_run(run_of("x"), aws.settings(evidence_bucket="plain"), aws.clients, TODAY))
    assert "ObjectLockMode" not in head


def test_alert_and_metrics_carry_counts_not_card_data(aws: Aws) -> None:
    run = run_of(f"pan {PAN}", f"pan {PAN2}")
    uri = publish_run(run, aws.settings(), aws.clients, TODAY)
    [alert] = aws.alerts()
    leaked = PAN in alert or PAN2 in alert or "411111" in alert
    assert not leaked, "card data in the alert"
    message = json.loads(alert)
    assert (message["run_id"], message["evidence"]) == (run["run_id"], uri)
    assert (message["verdict"], message["findings"], message["by_type"]) == ("leaks", 2, {"pan": 2})
    assert (aws.metric("Findings"), aws.metric("IncompleteItems"), aws.metric("ScanSucceeded")) == (2, 0, 1)


def test_clean_run_sends_no_alert_and_no_topic_sends_none(aws: Aws) -> None:
    publish_run(run_of("all good"), aws.settings(), aws.clients, TODAY)
    publish_run(run_of(f"pan {PAN}"), aws.settings(topic_arn=None), aws.clients, TODAY)
    assert aws.alerts() == []
    assert aws.metric("ScanSucceeded") == 2


def test_failure_report_alerts_and_sets_scan_succeeded_to_zero(aws: Aws) -> None:
    report_failure(aws.clients, aws.settings(), "r1", "not found (NoSuchBucket)")
    message = json.loads(aws.alerts()[0])
    assert message == {"run_id": "r1", "verdict": "failed", "reason": "not found (NoSuchBucket)"}
    assert aws.metric("ScanSucceeded") == 0


def test_failure_report_is_best_effort_when_sns_and_cloudwatch_fail(
    aws: Aws, caplog: pytest.LogCaptureFixture
) -> None:
    settings = aws.settings(topic_arn=aws.topic.replace("scan-alerts", "deleted-topic"), namespace="")
    with caplog.at_level(logging.ERROR, logger="scanners.jobs.evidence"):
        report_failure(aws.clients, settings, "r1", "x")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["could not send metrics", "could not send alert"]
    assert aws.alerts() == []


def test_missing_nights_are_visible_as_gaps(aws: Aws) -> None:
    for day in ("2026/03/01", "2026/03/02", "2026/03/04"):
        aws.s3.put_object(Bucket=EVIDENCE, Key=f"runs/{day}/run.json", Body=b"{}")
    aws.s3.put_object(Bucket=EVIDENCE, Key="runs/notes/readme.txt", Body=b"x")
    aws.s3.put_object(Bucket=EVIDENCE, Key="runs/2026/13/01/bad-month.json", Body=b"{}")
    gaps = missing_nights(aws.s3, EVIDENCE, "runs/", date(2026, 2, 28), date(2026, 3, 5))
    assert gaps == [date(2026, 2, 28), date(2026, 3, 3), date(2026, 3, 5)]
