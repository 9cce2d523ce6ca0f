"""The Bedrock emulator through boto3 over 127.0.0.1: answers, faults, and invocation logs in moto."""

from __future__ import annotations

import gzip
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

from ivr.confirm import service as confirm
from ivr.local.bedrock.emulator import LOG_STREAM, BedrockEmulator, BedrockFaults

MODEL = "arn:aws:bedrock:us-east-1:123456789012:imported-model/abc123xyz"
PROMPT = "<|im_start|>user\nAmount: 50.00 GBP\nCard: Visa ending 4242\nReference: K7Q2M9XA<|im_end|>\n"
GROUP = "/aws/bedrock/modelinvocations"
KEY = re.compile(
    r"^(bedrock/)?AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/\d{4}/\d{2}/\d{2}/\d{2}/[0-9a-f-]{36}\.json\.gz$"
)


def runtime(url: str, **config: Any) -> Any:
    return boto3.client(
        "bedrock-runtime",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="t",
        aws_secret_access_key="t",
        config=Config(retries={"total_max_attempts": 1}, **config),
    )


def invoke(client: Any, prompt: str = PROMPT) -> dict[str, Any]:
    response = client.invoke_model(modelId=MODEL, body=json.dumps({"prompt": prompt, "max_gen_len": 64}))
    body: dict[str, Any] = json.loads(response["body"].read())
    return body


@pytest.fixture
def logged(boto_clients: Any) -> dict[str, Any]:
    """moto with a bucket, a log group and Bedrock invocation logging configured to both."""
    s3, logs, bedrock = boto_clients("s3"), boto_clients("logs"), boto_clients("bedrock")
    s3.create_bucket(Bucket="invocations")
    logs.create_log_group(logGroupName=GROUP)
    bedrock.put_model_invocation_logging_configuration(
        loggingConfig={
            "cloudWatchConfig": {"logGroupName": GROUP, "roleArn": "arn:aws:iam::123456789012:role/logging"},
            "s3Config": {"bucketName": "invocations", "keyPrefix": "bedrock"},
            "textDataDeliveryEnabled": True,
        }
    )
    return {"s3": s3, "logs": logs, "bedrock": bedrock}


@pytest.fixture
def emulator(logged: dict[str, Any]) -> Iterator[BedrockEmulator]:
    with BedrockEmulator(
        control_client=logged["bedrock"], logs_client=logged["logs"], s3_client=logged["s3"], s3_batch=100
    ) as em:
        yield em


def s3_records(s3: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for obj in s3.list_objects_v2(Bucket="invocations").get("Contents", []):
        assert KEY.match(obj["Key"])
        body = gzip.decompress(s3.get_object(Bucket="invocations", Key=obj["Key"])["Body"].read())
        out += [json.loads(line) for line in body.decode().splitlines()]
    return out


def test_generation_from_the_prompt_facts(emulator: BedrockEmulator) -> None:
    body = invoke(runtime(emulator.url))
    assert body["generation"] == (
        "Thanks for your payment of 50.00 pounds with your Visa card ending in 4242. "
        "Your reference is K7Q2M9XA. Have a good day."
    )
    assert body["stop_reason"] == "stop"
    assert body["prompt_token_count"] > 0 and body["generation_token_count"] > 0
    assert invoke(runtime(emulator.url), "no facts here")["generation"] == "Thank you, your payment is complete."


def test_cold_start_then_ready(emulator: BedrockEmulator) -> None:
    emulator.set_faults(BedrockFaults(cold_calls=2))
    client = runtime(emulator.url)
    for _ in range(2):
        with pytest.raises(client.exceptions.ModelNotReadyException):
            invoke(client)
    assert "4242" in invoke(client)["generation"]


def test_throttling(emulator: BedrockEmulator) -> None:
    emulator.set_faults(BedrockFaults(throttle_rate=1.0))
    client = runtime(emulator.url)
    with pytest.raises(client.exceptions.ThrottlingException):
        invoke(client)


def test_latency_meets_the_client_read_timeout(emulator: BedrockEmulator) -> None:
    emulator.set_faults(BedrockFaults(latency_s=1.0))
    with pytest.raises(ReadTimeoutError):
        invoke(runtime(emulator.url, read_timeout=0.2))


def test_misbehaving_model_invents_a_number(emulator: BedrockEmulator) -> None:
    emulator.set_faults(BedrockFaults(misbehave_rate=1.0))
    assert "0800 555 0199" in invoke(runtime(emulator.url))["generation"]


def test_malformed_body_and_missing_signature(emulator: BedrockEmulator) -> None:
    client = runtime(emulator.url)
    with pytest.raises(client.exceptions.ValidationException):
        client.invoke_model(modelId=MODEL, body=b'{"messages": []}')
    request = urllib.request.Request(f"{emulator.url}/model/x/invoke", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=5)
    assert err.value.code == 403


def test_invocation_logs_in_s3_and_cloudwatch(emulator: BedrockEmulator, logged: dict[str, Any]) -> None:
    client = runtime(emulator.url)
    invoke(client)
    emulator.set_faults(BedrockFaults(throttle_rate=1.0))
    with pytest.raises(client.exceptions.ThrottlingException):
        invoke(client)
    emulator.flush()
    records = s3_records(logged["s3"])
    assert len(records) == 2
    ok, failed = records
    assert ok["schemaType"] == "ModelInvocationLog" and ok["schemaVersion"] == "1.0"
    assert {"requestId", "timestamp", "accountId", "region", "modelId", "operation", "identity"} <= set(ok)
    assert ok["operation"] == "InvokeModel" and ok["modelId"] == MODEL and ok["region"] == "us-east-1"
    assert ok["input"]["inputBodyJson"]["prompt"] == PROMPT
    assert "4242" in ok["output"]["outputBodyJson"]["generation"]
    assert ok["input"]["inputTokenCount"] > 0 and ok["output"]["outputTokenCount"] > 0
    assert failed["errorCode"] == "ThrottlingException" and "outputBodyJson" not in failed["output"]
    events = logged["logs"].filter_log_events(logGroupName=GROUP, logStreamNames=[LOG_STREAM])["events"]
    assert [json.loads(e["message"])["requestId"] for e in events] == [r["requestId"] for r in records]


def test_text_delivery_off_keeps_metadata_only(logged: dict[str, Any]) -> None:
    logged["bedrock"].put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": "invocations"}, "textDataDeliveryEnabled": False}
    )
    with BedrockEmulator(control_client=logged["bedrock"], s3_client=logged["s3"]) as em:
        invoke(runtime(em.url))
    record = s3_records(logged["s3"])[0]
    assert "inputBodyJson" not in record["input"] and "outputBodyJson" not in record["output"]
    assert record["output"]["outputTokenCount"] > 0


def test_no_logging_configured_writes_nothing(boto_clients: Any) -> None:
    s3 = boto_clients("s3")
    s3.create_bucket(Bucket="invocations")
    with BedrockEmulator(control_client=boto_clients("bedrock"), s3_client=s3) as em:
        invoke(runtime(em.url))
    assert s3.list_objects_v2(Bucket="invocations").get("KeyCount", 0) == 0


def test_log_delivery_failure_does_not_fail_the_invocation(logged: dict[str, Any]) -> None:
    logged["bedrock"].put_model_invocation_logging_configuration(
        loggingConfig={
            "s3Config": {"bucketName": "no-such-bucket"},
            "cloudWatchConfig": {"logGroupName": "/missing", "roleArn": "arn:aws:iam::123456789012:role/x"},
            "textDataDeliveryEnabled": True,
        }
    )
    logs = _BrokenLogs(logged["logs"])
    with BedrockEmulator(control_client=logged["bedrock"], logs_client=logs, s3_client=logged["s3"]) as em:
        assert "4242" in invoke(runtime(em.url))["generation"]
    assert em.log_failures == 2  # the CloudWatch put, then the S3 object at flush


class _BrokenLogs:
    def __init__(self, real: Any) -> None:
        self.exceptions = real.exceptions

    def create_log_stream(self, **_: Any) -> None:
        raise RuntimeError("logs unavailable")


@pytest.mark.parametrize(
    ("faults", "deadline", "source", "reason"),
    [
        (BedrockFaults(), 3.0, "model", "ok"),
        (BedrockFaults(cold_calls=1), 3.0, "template", "model-not-ready"),
        (BedrockFaults(throttle_rate=1.0), 3.0, "template", "throttled"),
        (BedrockFaults(latency_s=2.0), 0.5, "template", "timeout"),
        (BedrockFaults(misbehave_rate=1.0), 3.0, "template", "guard:digits"),
    ],
)
def test_confirmation_against_the_emulator(
    emulator: BedrockEmulator, faults: BedrockFaults, deadline: float, source: str, reason: str
) -> None:
    emulator.set_faults(faults)
    prompts: list[dict[str, Any]] = []
    result = confirm.confirmation(
        amount=Decimal("50.00"),
        currency="GBP",
        brand="visa",
        last4="4242",
        reference="K7Q2M9XA",
        deadline_s=deadline,
        bedrock=runtime(emulator.url, read_timeout=30),
        model_id=MODEL,
        prompt_log=prompts.append,
    )
    assert (result.source, result.reason) == (source, reason)
    assert "4242" in result.ssml
    assert [p["event"] for p in prompts] == ["prompt"]
