"""The deployed nightly Lambda's handler on the local stack, with the environment ``sam/template.yaml`` gives it.

The template's intrinsics are resolved to the local stack's resources (the same buckets, keys, log groups and
function the demo uses); the run the handler writes must hold canaries of every source kind, all found, and a
result for every discovered control: the production job proves what the demo proves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import cfn_yaml

from ivr.local.stack import FLOW_PATH, LocalStack
from ivr.local.stack_resources import kms_arn
from reports.controls import discover
from reports.demo.run import deploy_settings, fresh_log_groups
from reports.evidence.canary import KINDS
from reports.evidence.config import JobConfig
from reports.evidence.handler import nightly
from reports.evidence.job import run_evidence_job

pytestmark = pytest.mark.slow
TEMPLATE = Path(__file__).resolve().parents[2] / "sam" / "template.yaml"


def function_environment(logical_id: str) -> dict[str, Any]:
    template = cfn_yaml.load(str(TEMPLATE))
    variables: dict[str, Any] = template["Resources"][logical_id]["Properties"]["Environment"]["Variables"]
    return variables


def resolve(value: Any, refs: Mapping[str, str], conditions: Mapping[str, bool]) -> str:
    """A template value with its intrinsics replaced by local values (``Ref``, ``GetAtt``, ``Sub``, ``If``)."""
    if isinstance(value, str):
        return value
    (fn, arg), = value.items()
    if fn == "Ref":
        return refs[arg]
    if fn == "Fn::GetAtt":
        return refs[".".join(arg) if isinstance(arg, list) else arg]
    if fn == "Fn::Sub":
        return re.sub(r"\$\{([^}]+)\}", lambda m: refs[m.group(1)], arg)
    if fn == "Fn::If":
        name, yes, no = arg
        return resolve(yes if conditions[name] else no, refs, conditions)
    raise AssertionError(f"intrinsic {fn} not resolved by this test")


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with LocalStack() as local:
        yield local


def test_nightly_handler_with_the_template_environment_plants_and_proves(
    stack: LocalStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_log_groups(stack)
    names = deploy_settings(stack)
    n, key = stack.names, kms_arn(stack.client, stack.sse_key_id)
    topic = stack.client("sns").create_topic(Name="spc-alerts")["TopicArn"]
    refs = {
        "ScanCanaryBucket": names["canary_bucket"], "ScanEvidenceBucket": names["evidence_bucket"],
        "ScanStateBucket": names["evidence_bucket"], "IvrAuditBucket": n["audit_bucket"], "ScanAlertTopic": topic,
        "ScanFingerprintKey.Arn": names["scanner_key"], "IvrAuditKey.Arn": key, "IvrLogsKey.Arn": key,
        "IvrFunctionLogGroup": n["lambda_log_group"], "IvrPromptLogGroup": n["prompt_log_group"],
        "IvrFunction": "spc-ivr", "SecurityHubImport": "false",
        # moto has no Connect flows: the flow the template deploys, read from its file
        "IvrPaymentFlow.ContactFlowArn": str(FLOW_PATH),
    }
    env = {k: resolve(v, refs, {"DefaultScanTargets": True}) for k, v in function_environment(
        "NightlyScanFunction").items()}
    assert {"CANARY_S3_URI", "CANARY_LOG_GROUP_PREFIX", "CONTROL_BUCKETS", "CONTROL_FLOWS"} <= set(env)
    for name, value in {**stack.environment(), **env, "SCAN_SETTLE_SECONDS": "0"}.items():
        monkeypatch.setenv(name, value)

    answer = nightly({"full": True}, None)

    bucket, _, object_key = answer["evidence"].removeprefix("s3://").partition("/")
    run = json.loads(stack.client("s3").get_object(Bucket=bucket, Key=object_key)["Body"].read())
    assert {c["kind"] for c in run["canaries"]} == set(KINDS)
    assert all(c["status"] == "found" for c in run["canaries"]), [c["id"] for c in run["canaries"]
                                                                   if c["status"] != "found"]
    assert run["canaries_not_planted"] == {}
    formats = {c["form"].removeprefix("format:") for c in run["canaries"] if c["form"].startswith("format:")}
    assert {"zip", "tar", "gzip", "xlsx", "docx", "pdf", "parquet", "avro"} <= formats  # each reader proven
    assert {c["id"].split("_")[0] for c in run["controls"]} >= {"s3", "kms", "cloudwatch", "lambda", "bedrock",
                                                                "connect"}
    checked = {m.name for m in discover()}
    assert len(run["controls"]) >= len(checked)
    assert answer["canaries"] == len(run["canaries"]) and answer["canaries_missed"] == 0
    assert run["summary"]["canary_findings"] >= len(run["canaries"]) - 2  # a recording holds three canaries
    assert run["verdict"] in ("clean", "incomplete")  # canary findings never make the run "leaks"


def test_findings_imported_into_security_hub_when_turned_on(boto_clients: Any) -> None:
    s3 = boto_clients("s3")
    for bucket in ("audit", "evidence"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="audit", Key="leak.log", Body=b"card 4111111111111111 charged\n")
    env = {"SCAN_TARGETS": "s3://audit/", "EVIDENCE_BUCKET": "evidence", "SCAN_SETTLE_SECONDS": "0",
           "CANARY_KINDS": "none", "SECURITY_HUB_IMPORT": "true"}
    run = run_evidence_job(JobConfig.from_env(env), boto_clients, full=True)
    assert run["security_hub"] == {"imported": 1, "failed": 0, "errors": []}
    found = boto_clients("securityhub").get_findings()["Findings"]
    assert [f["Types"] for f in found] == [["Sensitive Data Identifications/Financial/CreditCardNumber"]]
    assert "4111111111111111" not in json.dumps(found, default=str)
    off = run_evidence_job(JobConfig.from_env({**env, "SECURITY_HUB_IMPORT": ""}), boto_clients, full=True)
    assert "security_hub" not in off  # off by default
