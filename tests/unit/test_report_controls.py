"""Controls without AWS: error handling, Lambda environment checks, the Connect flow lint, result parsing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from reports.controls import ControlResult, run_controls
from reports.controls.connect_flow import check_connect_flow
from reports.controls.lambda_ import check_lambda_env_secrets, check_lambda_log_event
from reports.controls.s3 import check_s3_encryption

ROOT = Path(__file__).resolve().parents[2]
SECRET_VALUE = "sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2"


class FakeLambda:
    def __init__(self, variables: dict[str, str]) -> None:
        self.variables = variables

    def get_function_configuration(self, FunctionName: str) -> dict[str, Any]:
        return {"FunctionName": FunctionName, "Environment": {"Variables": self.variables}}


class Broken:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def __getattr__(self, name: str) -> Any:
        def fail(**kwargs: Any) -> Any:
            raise self.exc

        return fail


@pytest.mark.parametrize(("exc", "code"), [
    (ClientError({"Error": {"Code": "AccessDenied", "Message": "secret detail"}}, "GetBucketEncryption"),
     "AccessDenied"),
    (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "EndpointConnectionError"),
])
def test_unreadable_configuration_is_an_error_never_a_pass(exc: Exception, code: str) -> None:
    result = check_s3_encryption(Broken(exc), "audit")
    assert (result.status, result.id, result.resource, result.pci) == ("error", "s3_encryption", "audit", ("3.5.1",))
    assert result.evidence == {"reason": f"could not read the configuration ({code})"}
    assert "secret detail" not in str(result)


def test_lambda_env_secrets_names_variables_never_values() -> None:
    client = FakeLambda({"STRIPE_KEY": SECRET_VALUE, "LOG_LEVEL": "INFO", "TABLE": "idempotency"})
    result = check_lambda_env_secrets(client, "ivr-payment")
    assert result.status == "fail"
    assert result.evidence["flagged"] == {"STRIPE_KEY": "credential"}
    assert result.evidence["variables"] == ["LOG_LEVEL", "STRIPE_KEY", "TABLE"]
    assert SECRET_VALUE not in str(result.to_dict()) and SECRET_VALUE[8:] not in str(result.to_dict())
    assert check_lambda_env_secrets(FakeLambda({"LOG_LEVEL": "INFO"}), "f").status == "pass"


@pytest.mark.parametrize(("value", "status"), [
    (None, "pass"), ("false", "pass"), ("", "pass"), ("true", "fail"), ("True", "fail"), (" 1 ", "fail"),
])
def test_lambda_log_event(value: str | None, status: str) -> None:
    variables = {} if value is None else {"POWERTOOLS_LOGGER_LOG_EVENT": value}
    assert check_lambda_log_event(FakeLambda(variables), "f").status == status


@pytest.mark.parametrize(("flow", "status"), [
    (ROOT / "sam/flows/payment.json", "pass"),
    (ROOT / "tests/events/flows/recording-on-during-capture.json", "fail"),
    (ROOT / "tests/events/flows/missing.json", "fail"),
])
def test_connect_flow_lint(flow: Path, status: str) -> None:
    result = check_connect_flow(None, flow)
    assert result.status == status
    assert result.resource == flow.name
    if status == "fail":
        assert result.evidence["problems"]


def test_connect_flow_lint_accepts_a_flow_object() -> None:
    assert check_connect_flow(None, {"Version": "2019-10-30", "Actions": "nope"}).status == "fail"


class FakeConnect:
    def __init__(self, content: str) -> None:
        self.content = content
        self.asked: list[tuple[str, str]] = []

    def describe_contact_flow(self, InstanceId: str, ContactFlowId: str) -> dict[str, Any]:
        self.asked.append((InstanceId, ContactFlowId))
        return {"ContactFlow": {"Name": "Payments", "Content": self.content}}


def test_connect_flow_lint_reads_the_deployed_flow_by_arn() -> None:
    connect = FakeConnect((ROOT / "sam/flows/payment.json").read_text())
    arn = "arn:aws:connect:us-east-1:123456789012:instance/inst-1/contact-flow/flow-9"
    result = check_connect_flow(connect, arn)
    assert (result.status, result.evidence["flow"], connect.asked) == ("pass", "Payments", [("inst-1", "flow-9")])


@pytest.mark.parametrize("arn", ["arn:aws:connect:us-east-1:1:instance/x", "arn:aws:connect:us-east-1:1:queue/a/b/c"])
def test_connect_flow_lint_bad_arn_is_an_error_naming_the_field(arn: str) -> None:
    result = check_connect_flow(FakeConnect("{}"), arn)
    assert result.status == "error"


def test_control_result_from_dict_is_tolerant() -> None:
    r = ControlResult.from_dict({"id": "x", "status": "weird", "pci": ["1.1"]})
    assert (r.status, r.pci, r.evidence, r.title) == ("error", ("1.1",), {}, "")
    assert ControlResult.from_dict(r.to_dict()) == r


def test_run_controls_runs_every_check_per_resource() -> None:
    built: list[str] = []

    def clients(name: str) -> Any:
        built.append(name)
        return FakeLambda({"LOG_LEVEL": "INFO"}) if name == "lambda" else Broken(RuntimeError())

    results = run_controls(clients, {"functions": ["a", "b"], "buckets": ["audit"], "bedrock": True,
                                     "flows": [ROOT / "sam/flows/payment.json"], "log_groups": []})
    ids = [(r.id, r.resource, r.status) for r in results]
    assert ("lambda_env_secrets", "a", "pass") in ids and ("lambda_log_event", "b", "pass") in ids
    assert [i for i in ids if i[1] == "audit"] == [
        ("s3_encryption", "audit", "error"), ("s3_object_lock", "audit", "error"),
        ("s3_public_access", "audit", "error"), ("s3_tls_only", "audit", "error")]
    assert ("bedrock_logging", "model-invocation-logging", "error") in ids
    assert ("connect_flow_lint", "payment.json", "pass") in ids
    assert sorted(built) == ["bedrock", "connect", "lambda", "s3"]  # no client for kinds with nothing to check
