"""BedrockSource against moto server: logging config, CloudWatch and S3 (gzip JSON lines) destinations, offloaded
bodies, logging switched off, and every failure.

Records are the recorded shapes in tests/events/bedrock_*.json. moto 5.2.5 implements
Put/Get/DeleteModelInvocationLoggingConfiguration, so the real bedrock client is used; AccessDenied on the
configuration read is simulated by wrapping the client (moto does not enforce IAM).
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.detectors.cvv import CvvDetector
from scanners.detectors.expiry import ExpiryDetector
from scanners.detectors.pan import PanDetector
from scanners.engine.core import Engine
from scanners.engine.pipeline import run_scan
from scanners.sources.bedrock import BedrockSource

EVENTS = Path(__file__).resolve().parents[1] / "events"
ACCOUNT = "123456789012"
GROUP = "/aws/bedrock/modelinvocations"
BUCKET = "bedrock-logs"
LOG_DIR = f"br/AWSLogs/{ACCOUNT}/BedrockModelInvocationLogs/us-east-1/2026/11/25/02"
T0 = (int(time.time()) - 3600) * 1000
ROLE = f"arn:aws:iam::{ACCOUNT}:role/bedrock-logging"
ENGINE = Engine([PanDetector(), CvvDetector(), ExpiryDetector()])


@pytest.fixture
def aws(boto_clients: Any) -> dict[str, Any]:
    return {name: boto_clients(name) for name in ("bedrock", "logs", "s3")}


def line(name: str) -> str:
    return json.dumps(json.loads((EVENTS / f"bedrock_{name}.json").read_text()))


def configure(aws: dict[str, Any], *, cloudwatch: bool = False, s3: bool = False, large: str | None = None,
              text: bool = True) -> None:
    config: dict[str, Any] = {"textDataDeliveryEnabled": text}
    if cloudwatch:
        config["cloudWatchConfig"] = {"logGroupName": GROUP, "roleArn": ROLE}
        if large:
            config["cloudWatchConfig"]["largeDataDeliveryS3Config"] = {"bucketName": large, "keyPrefix": "large"}
    if s3:
        config["s3Config"] = {"bucketName": BUCKET, "keyPrefix": "br"}
    aws["bedrock"].put_model_invocation_logging_configuration(loggingConfig=config)


def put_events(aws: dict[str, Any], messages: list[str], stream: str = "aws/bedrock/modelinvocations") -> None:
    logs = aws["logs"]
    if not logs.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"]:
        logs.create_log_group(logGroupName=GROUP)
    logs.create_log_stream(logGroupName=GROUP, logStreamName=stream)
    events = [{"timestamp": T0 + i * 1000, "message": m} for i, m in enumerate(messages)]
    logs.put_log_events(logGroupName=GROUP, logStreamName=stream, logEvents=events)


def body_key(name: str, part: str = "input") -> str:
    rid = json.loads((EVENTS / f"bedrock_{name}.json").read_text())["requestId"]
    return f"{LOG_DIR}/data/{rid}_{part}.json.gz"


def scan(source: BedrockSource) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = run_scan([source], engine=ENGINE, fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    out = result.to_dict()
    return out, out["findings"]


def where(finding: dict[str, Any], *fields: str) -> tuple[Any, ...]:
    return (finding["type"], *(finding["location"].get(f) for f in fields))


CLOUDWATCH = {"request_id", "model_id", "part", "log_group", "log_stream", "timestamp", "event_id"}
S3 = {"request_id", "model_id", "part", "bucket", "key", "line"}


def fields_of(findings: list[dict[str, Any]]) -> list[set[str]]:
    """Location keys of each finding; extracted part text gets no character ``offset``."""
    return [set(f["location"]) for f in findings]


def test_cloudwatch_destination_every_shape_located(aws: dict[str, Any]) -> None:
    configure(aws, cloudwatch=True)
    names = ["imported_completion", "converse", "anthropic_stream", "converse_stream", "mistral", "titan", "error"]
    put_events(aws, [line(n) for n in names])

    source = BedrockSource(aws["bedrock"], aws["logs"], aws["s3"])
    out, findings = scan(source)

    assert out["verdict"] == "leaks"
    got = sorted(where(f, "request_id", "part", "timestamp") for f in findings)
    assert got == sorted([
        ("pan", "5f1d2c3b-0a9e-4e1f-8b7a-6c5d4e3f2a10", "input", T0),  # prompt of the imported model
        ("pan", "0c2e6a8e-77b1-4b9e-a4c4-2f0e9d1b3c55", "input", T0 + 1000),  # user text + toolUse input
        ("cvv", "0c2e6a8e-77b1-4b9e-a4c4-2f0e9d1b3c55", "input", T0 + 1000),
        ("expiry", "0c2e6a8e-77b1-4b9e-a4c4-2f0e9d1b3c55", "input", T0 + 1000),
        ("pan", "0c2e6a8e-77b1-4b9e-a4c4-2f0e9d1b3c55", "output", T0 + 1000),  # toolUse in the output
        ("pan", "2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d", "output", T0 + 2000),  # PAN split across stream chunks
        ("pan", "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1", "output", T0 + 3000),
    ])
    assert fields_of(findings) == [CLOUDWATCH] * len(findings)
    first = next(f for f in findings if f["location"]["timestamp"] == T0)
    loc = first["location"]
    assert loc["model_id"].endswith(":imported-model/q3abcd1234ef")
    assert loc["log_group"] == GROUP and loc["log_stream"] == "aws/bedrock/modelinvocations"
    assert loc["event_id"] and first["source"] == "bedrock"
    assert first["masked"] == "424242******4242"
    cov = {json.dumps(c["location"], sort_keys=True): c for c in out["coverage"]}
    assert cov['{"log_group": "/aws/bedrock/modelinvocations"}']["items_scanned"] == len(names)
    assert cov['{"config": "model-invocation-logging"}']["status"] == "scanned"
    assert all(c["status"] == "scanned" for c in out["coverage"])


def test_s3_destination_gzip_lines_and_offloaded_bodies(aws: dict[str, Any]) -> None:
    configure(aws, s3=True)
    s3 = aws["s3"]
    s3.create_bucket(Bucket=BUCKET)
    lines = [line("titan"), line("anthropic_messages"), "", line("large_body"), line("openai_chat")]
    s3.put_object(Bucket=BUCKET, Key=f"{LOG_DIR}/{ACCOUNT}_BedrockModelInvocationLogs_us-east-1_a1.json.gz",
                  Body=gzip.compress("\n".join(lines).encode() + b"\n"))
    big = {"messages": [{"role": "user", "content": [{"text": "x" * 150_000 + " card 378282246310005"}]}]}
    s3.put_object(Bucket=BUCKET, Key=body_key("large_body"), Body=gzip.compress(json.dumps(big).encode()))
    s3.put_object(Bucket=BUCKET, Key="br/AWSLogs/amazon-bedrock-logs-permission-check", Body=b"")
    s3.put_object(Bucket=BUCKET, Key="elsewhere/app.log", Body=b"card 4242424242424242")  # outside the prefix

    out, findings = scan(BedrockSource(aws["bedrock"], aws["logs"], s3))

    log_key = f"{LOG_DIR}/{ACCOUNT}_BedrockModelInvocationLogs_us-east-1_a1.json.gz"
    got = sorted(where(f, "request_id", "part", "key", "line") for f in findings)
    assert got == sorted([
        ("pan", "91e3b8f0-4a6d-4c1a-9e55-0b7d3a2f6e81", "input", log_key, 2),
        ("cvv", "91e3b8f0-4a6d-4c1a-9e55-0b7d3a2f6e81", "input", log_key, 2),
        ("pan", "ab12cd34-ef56-4a78-9b0c-1d2e3f4a5b6c", "input", log_key, 4),  # from the offloaded body
        ("pan", "c0ffee00-1111-4222-8333-444455556666", "input", log_key, 5),
    ])
    body = next(f for f in findings if f["location"]["request_id"].startswith("ab12cd34"))
    assert sorted(fields_of(findings), key=len) == [S3, S3, S3, S3 | {"body"}]
    assert body["location"]["body"] == f"s3://{BUCKET}/{body_key('large_body')}"
    assert body["location"]["bucket"] == BUCKET and body["test_card"] is True
    statuses = {c["location"].get("key", "config"): (c["status"], c["items_scanned"]) for c in out["coverage"]}
    assert statuses == {"config": ("scanned", 0), log_key: ("scanned", 4), body_key("large_body"): ("scanned", 1)}
    assert out["verdict"] == "leaks"


def test_cloudwatch_large_data_in_another_bucket(aws: dict[str, Any]) -> None:
    configure(aws, cloudwatch=True, large="bedrock-large")
    aws["s3"].create_bucket(Bucket="bedrock-large")
    rec = json.loads(line("large_body"))
    path = f"large/AWSLogs/{ACCOUNT}/BedrockModelInvocationLogs/us-east-1/2026/11/25/02/data/x_output.json"
    rec["output"] = {"outputBodyS3Path": f"s3://bedrock-large/{path}", "outputTokenCount": 9}
    rec["input"]["inputBodyS3Path"] = f"s3://bedrock-large/{path.replace('_output', '_input')}"
    stream = [{"type": "content_block_delta", "delta": {"type": "text_delta", "text": t}}
              for t in ("5555 5555", " 5555 4444")]
    aws["s3"].put_object(Bucket="bedrock-large", Key=path, Body=json.dumps(stream).encode())  # plain, not gzip
    put_events(aws, [json.dumps(rec)])

    out, findings = scan(BedrockSource(aws["bedrock"], aws["logs"], aws["s3"]))

    assert [where(f, "part", "body") for f in findings] == [("pan", "output", f"s3://bedrock-large/{path}")]
    assert fields_of(findings) == [CLOUDWATCH | {"body"}]
    missing = [c for c in out["coverage"] if c["status"] != "scanned"]
    assert [(c["location"]["key"], c["reason"]) for c in missing] == [
        (path.replace("_output", "_input"), "deleted during scan (NoSuchKey)")
    ]
    assert out["verdict"] == "leaks"


@pytest.mark.parametrize("config", [None, {"textDataDeliveryEnabled": True}])
def test_logging_disabled_is_a_configuration_problem(aws: dict[str, Any], config: Any) -> None:
    if config is not None:
        aws["bedrock"].put_model_invocation_logging_configuration(loggingConfig=config)
    source = BedrockSource(aws["bedrock"], aws["logs"], aws["s3"])

    out, findings = scan(source)

    assert findings == [] and out["verdict"] == "incomplete"
    assert [(c["status"], c["reason"]) for c in out["coverage"]] == [
        ("error", "configuration problem: model invocation logging is disabled")
    ]


def test_text_delivery_off_is_noted(aws: dict[str, Any]) -> None:
    configure(aws, cloudwatch=True, text=False)
    put_events(aws, [line("mistral")])
    out, _ = scan(BedrockSource(aws["bedrock"], aws["logs"], aws["s3"]))
    config = out["coverage"][0]
    assert (config["status"], config["reason"]) == ("scanned", "text delivery is off: prompts are not logged")
    assert out["verdict"] == "clean"


class DeniedBedrock:
    def get_model_invocation_logging_configuration(self) -> Any:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}},
                          "GetModelInvocationLoggingConfiguration")


def test_unreadable_configuration_is_incomplete(aws: dict[str, Any]) -> None:
    out, _ = scan(BedrockSource(DeniedBedrock(), aws["logs"], aws["s3"]))
    assert out["verdict"] == "incomplete"
    assert out["coverage"][0]["reason"] == (
        "configuration problem: configuration unreadable (access denied (AccessDeniedException))"
    )


def test_unreadable_items_make_the_scan_incomplete(aws: dict[str, Any]) -> None:
    configure(aws, cloudwatch=True, s3=True)  # the log group does not exist
    s3 = aws["s3"]
    s3.create_bucket(Bucket=BUCKET)
    truncated = line("anthropic_messages")[:700]  # cut inside the prompt, after the PAN
    records = f"{line('titan')}\n{truncated}\n[1]\n".encode()
    s3.put_object(Bucket=BUCKET, Key=f"{LOG_DIR}/a.json.gz", Body=gzip.compress(records))
    s3.put_object(Bucket=BUCKET, Key=f"{LOG_DIR}/b.json.gz", Body=gzip.compress(line("titan").encode())[:-12])
    s3.put_object(Bucket=BUCKET, Key=f"{LOG_DIR}/c.json", Body=line("mistral").encode() + b"\n\xff\xfe bad\n")

    out, findings = scan(BedrockSource(aws["bedrock"], aws["logs"], s3))

    assert out["verdict"] == "leaks"
    # the truncated record's raw text is still scanned
    assert sorted(where(f, "part", "line") for f in findings) == [("cvv", "raw", 2), ("pan", "raw", 2)]
    # raw text is the log line as written, so the offset into it is kept
    assert fields_of(findings) == [{"part", "bucket", "key", "line", "offset"}] * 2
    assert all(f["location"]["offset"] > 0 for f in findings)
    bad = sorted(
        (json.dumps(c["location"], sort_keys=True), c["reason"]) for c in out["coverage"] if c["status"] != "scanned"
    )
    assert bad == sorted([
        ('{"log_group": "/aws/bedrock/modelinvocations"}', "not found (ResourceNotFoundException)"),
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/a.json.gz", "line": 2}, sort_keys=True),
         "invocation record: truncated or invalid JSON"),
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/a.json.gz", "line": 3}, sort_keys=True),
         "invocation record: expected a JSON object"),
        # a cut gzip: the text before the cut is read (here half a record, itself reported), then the object fails
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/b.json.gz", "line": 1}, sort_keys=True),
         "invocation record: truncated or invalid JSON"),
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/b.json.gz"}, sort_keys=True),
         "gzip: truncated: the stream ends before its end marker (the text before the cut was scanned)"),
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/c.json"}, sort_keys=True), "invalid UTF-8"),
        (json.dumps({"bucket": BUCKET, "key": f"{LOG_DIR}/c.json", "line": 2}, sort_keys=True),
         "invocation record: truncated or invalid JSON"),
    ])


def test_time_window(aws: dict[str, Any]) -> None:
    configure(aws, cloudwatch=True)
    put_events(aws, [line("openai_chat"), line("imported_completion")])  # at T0 and T0 + 1s
    source = BedrockSource(aws["bedrock"], aws["logs"], aws["s3"], start_ms=T0 + 500, end_ms=T0 + 5000)
    out, findings = scan(source)
    assert [f["location"]["timestamp"] for f in findings] == [T0 + 1000]
    assert out["coverage"][1]["items_scanned"] == 1


class Flaky:
    """The real client, except ``name`` raises ``code`` for its first ``times`` calls."""

    def __init__(self, real: Any, name: str, code: str, times: int) -> None:
        self.real, self.name, self.code, self.left = real, name, code, times

    def __getattr__(self, attr: str) -> Any:
        fn = getattr(self.real, attr)
        if attr != self.name:
            return fn

        def call(**kw: Any) -> Any:
            if self.left > 0:
                self.left -= 1
                raise ClientError({"Error": {"Code": self.code, "Message": "x"}}, self.name)
            return fn(**kw)

        return call


@pytest.mark.parametrize(
    ("client", "call", "code", "times", "status", "reason"),
    [
        # failures injected above the client are what reaches a source after botocore's retries: no second layer
        ("logs", "filter_log_events", "ThrottlingException", 2, "error",
         "throttled past retries (ThrottlingException)"),
        ("logs", "filter_log_events", "ThrottlingException", 9, "error",
         "throttled past retries (ThrottlingException)"),
        ("logs", "filter_log_events", "AccessDeniedException", 1, "error", "access denied (AccessDeniedException)"),
        ("s3", "get_object", "AccessDenied", 1, "error", "access denied (AccessDenied)"),
        ("s3", "get_object", "SlowDown", 3, "error", "throttled past retries (SlowDown)"),
    ],
)
def test_dependency_failures(aws: dict[str, Any], client: str, call: str, code: str, times: int, status: str,
                             reason: str | None) -> None:
    configure(aws, cloudwatch=client == "logs", s3=client == "s3")
    if client == "logs":
        put_events(aws, [line("imported_completion")])
    else:
        aws["s3"].create_bucket(Bucket=BUCKET)
        aws["s3"].put_object(Bucket=BUCKET, Key=f"{LOG_DIR}/a.json.gz",
                             Body=gzip.compress(line("imported_completion").encode()))
    aws[client] = Flaky(aws[client], call, code, times)

    out, findings = scan(BedrockSource(aws["bedrock"], aws["logs"], aws["s3"]))

    item = out["coverage"][1]
    assert (item["status"], item.get("reason")) == (status, reason)
    assert len(findings) == (1 if status == "scanned" else 0)
    assert out["verdict"] == ("leaks" if status == "scanned" else "incomplete")


def test_missing_log_bucket_is_an_error(aws: dict[str, Any]) -> None:
    configure(aws, s3=True)  # bucket never created
    out, _ = scan(BedrockSource(aws["bedrock"], aws["logs"], aws["s3"]))
    assert [(c["location"], c["status"], c["reason"]) for c in out["coverage"][1:]] == [
        ({"bucket": BUCKET, "prefix": "br"}, "error", "not found (NoSuchBucket)")
    ]
    assert out["verdict"] == "incomplete"
