"""Hardening of sam/template.yaml and the state machines, checked on the parsed template (issue 9).

Stateful resources survive stack deletion and replacement; the Connect key secret has a customer managed key; the
function Connect invokes has reserved concurrency; Object Lock buckets log access to a log bucket; every state that
can fail alerts and then fails; Step Functions permissions name the one state machine, which logs errors without
execution data; no policy reads every bucket or log group, and the scan role reads exactly what the parameters list
(evaluated with sample values). checkov and asl-validator run when installed (``make test`` installs them).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from deploy.template import ROOT, load_template

from tests.unit.cfn_eval import Evaluator

TEMPLATE = load_template()
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
MACHINES = sorted((ROOT / "sam" / "statemachines").glob("*.asl.json"))
RETAINED_TYPES = ("AWS::KMS::Key", "AWS::Logs::LogGroup", "AWS::DynamoDB::Table", "AWS::SecretsManager::Secret")
READ_ACTIONS = {"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions",
                "logs:FilterLogEvents", "logs:GetLogEvents"}
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
ASL_VALIDATOR = ROOT / "build" / "node" / "node_modules" / ".bin" / "asl-validator"


def of_type(kind: str) -> dict[str, Any]:
    return {name: r for name, r in RESOURCES.items() if r["Type"] == kind}


def target(ref: Any) -> str:
    """The logical id a Ref or GetAtt points at."""
    if "Ref" in ref:
        return str(ref["Ref"])
    return str(ref["Fn::GetAtt"][0])


@pytest.mark.parametrize("kind", RETAINED_TYPES)
def test_stateful_resources_are_retained_on_delete_and_replace(kind: str) -> None:
    found = of_type(kind)
    assert found, f"no {kind} in the template"
    for name, resource in found.items():
        assert (resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy")) == ("Retain", "Retain"), name


def test_secrets_are_encrypted_with_a_rotating_customer_managed_key() -> None:
    for name, secret in of_type("AWS::SecretsManager::Secret").items():
        key = secret["Properties"].get("KmsKeyId")
        assert key is not None, f"{name} uses the AWS managed key"
        key_resource = RESOURCES[target(key)]
        assert key_resource["Type"] == "AWS::KMS::Key"
        assert key_resource["Properties"]["EnableKeyRotation"] is True


def connect_invoked_functions() -> set[str]:
    return {target(p["Properties"]["FunctionName"]) for p in of_type("AWS::Lambda::Permission").values()
            if p["Properties"]["Principal"] == "connect.amazonaws.com"}


def test_the_payment_lambda_has_reserved_concurrency() -> None:
    payment = connect_invoked_functions()
    assert payment
    for name in payment:
        value = Evaluator(TEMPLATE, {}).eval(RESOURCES[name]["Properties"].get("ReservedConcurrentExecutions"))
        assert value is not None and int(value) >= 1, name


def test_object_lock_buckets_log_access_to_a_log_bucket() -> None:
    locked = {n: b for n, b in of_type("AWS::S3::Bucket").items() if b["Properties"].get("ObjectLockEnabled")}
    assert len(locked) >= 2  # the audit and the evidence bucket
    policies = {target(p["Properties"]["Bucket"]): p["Properties"]["PolicyDocument"]["Statement"]
                for p in of_type("AWS::S3::BucketPolicy").values()}
    for name, bucket in locked.items():
        logging = bucket["Properties"].get("LoggingConfiguration")
        assert logging, f"{name} has no access logging"
        destination = target(logging["DestinationBucketName"])
        assert destination != name and RESOURCES[destination]["Type"] == "AWS::S3::Bucket"
        assert RESOURCES[destination].get("DeletionPolicy") == "Retain"
        assert any(s["Effect"] == "Allow" and s.get("Principal") == {"Service": "logging.s3.amazonaws.com"}
                   and s["Action"] == "s3:PutObject" for s in policies[destination])


# -- state machines -----------------------------------------------------------------------------------------------
def _is_alert(state: dict[str, Any]) -> bool:
    return state.get("Type") == "Task" and state.get("Resource") == "arn:aws:states:::sns:publish"


def _catch_all(state: dict[str, Any]) -> str | None:
    for catcher in state.get("Catch", []):
        if "States.ALL" in catcher["ErrorEquals"]:
            return str(catcher["Next"])
    return None


def failing_states_without_alert(asl: dict[str, Any]) -> list[str]:
    """Top-level states that can fail but do not Catch into an SNS alert followed by a Fail state. States inside a
    Map or Parallel cannot leave it; their failures reach the enclosing state's Catch."""
    states = asl["States"]
    problems = []
    for name, state in states.items():
        if state["Type"] not in ("Task", "Map", "Parallel"):
            continue
        nxt = _catch_all(state)
        if nxt is None:
            problems.append(f"{name}: no Catch for States.ALL")
        elif _is_alert(state):
            if states[nxt]["Type"] != "Fail" or states.get(state.get("Next", ""), {}).get("Type") != "Fail":
                problems.append(f"{name}: an alert must end in a Fail state, caught or not")
        elif not _is_alert(states[nxt]):
            problems.append(f"{name}: Catch goes to {nxt}, not to an SNS alert")
    return problems


@pytest.mark.parametrize("path", MACHINES, ids=lambda p: p.name)
def test_every_state_that_can_fail_alerts_then_fails(path: Path) -> None:
    asl = json.loads(path.read_text())
    assert failing_states_without_alert(asl) == []


def test_the_alert_check_catches_a_missing_catch() -> None:
    asl = json.loads(MACHINES[0].read_text())
    del asl["States"]["Merge"]["Catch"]
    assert failing_states_without_alert(asl) == ["Merge: no Catch for States.ALL"]


def statements() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every IAM statement of the template's roles and SAM policies (conditions evaluated with defaults)."""
    evaluator = Evaluator(TEMPLATE, {})
    for name, resource in RESOURCES.items():
        props = resource.get("Properties", {})
        documents = [p["PolicyDocument"] for p in props.get("Policies", []) if "PolicyDocument" in p]
        documents += [p for p in props.get("Policies", []) if isinstance(p, dict) and "Statement" in p]
        for document in documents:
            for statement in evaluator.eval(document["Statement"]):
                yield name, statement


def listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_step_functions_permissions_name_the_one_state_machine() -> None:
    machines = of_type("AWS::Serverless::StateMachine")
    names = {Evaluator(TEMPLATE, {}).eval(m["Properties"]["Name"]) for m in machines.values()}
    assert len(names) == len(machines) == 1
    (machine_name,) = names
    start = [s for _, s in statements() if "states:StartExecution" in listed(s["Action"])]
    assert start
    for statement in start:
        assert listed(statement["Resource"]) == [
            f"arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:{machine_name}"]
    for _, statement in statements():
        if {"states:DescribeExecution", "states:StopExecution"} & set(listed(statement["Action"])):
            assert all(f":execution:{machine_name}/" in r for r in listed(statement["Resource"]))


def test_state_machines_log_errors_without_execution_data() -> None:
    for name, machine in of_type("AWS::Serverless::StateMachine").items():
        logging = machine["Properties"].get("Logging")
        assert logging, name
        assert logging["Level"] in ("ERROR", "ALL") and logging["IncludeExecutionData"] is False
        group = RESOURCES[target(logging["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"])]
        assert group["Type"] == "AWS::Logs::LogGroup" and group["Properties"].get("KmsKeyId")


# -- what the scan may read ---------------------------------------------------------------------------------------
def read_resources(role: str, parameters: dict[str, Any]) -> set[str]:
    evaluator = Evaluator(TEMPLATE, parameters)
    out: set[str] = set()
    for policy in RESOURCES[role]["Properties"]["Policies"]:
        for statement in evaluator.eval(policy["PolicyDocument"]["Statement"]):
            if statement["Effect"] == "Allow" and READ_ACTIONS & set(listed(statement["Action"])):
                out.update(listed(statement["Resource"]))
    return out


def scan_roles() -> set[str]:
    """Roles of the functions that scan (their environment names SCAN_TARGETS or scan S3 batches)."""
    roles = set()
    for fn in of_type("AWS::Serverless::Function").values():
        env = fn["Properties"].get("Environment", {}).get("Variables", {})
        if "SCAN_TARGETS" in env or "FINGERPRINT_KEY_ID" in env:
            roles.add(target(fn["Properties"]["Role"]))
    return roles


def test_no_policy_reads_every_bucket_or_log_group() -> None:
    wide = ("s3:::*", "s3:::*/*", "log-group:*")
    for name, statement in statements():
        if statement["Effect"] == "Allow" and READ_ACTIONS & set(listed(statement["Action"])):
            for resource in listed(statement["Resource"]):
                assert resource != "*" and not resource.endswith(wide), (name, statement.get("Sid"), resource)


def test_the_scan_role_reads_what_the_parameters_list_and_the_canaries() -> None:
    roles = scan_roles()
    assert roles
    audit = {"<IvrAuditBucket.Arn>", "<IvrAuditBucket.Arn>/*"} | {  # and its own checkpoints and batch results
        f"<ScanStateBucket.Arn>/{prefix}/*" for prefix in ("checkpoints", "sweeps", "batches")}
    canary = "arn:*:logs:*:*:log-group:/spc/canary/*"
    for role in roles:
        default = read_resources(role, {"ScanBuckets": [""]})
        assert default == audit | {f"arn:*:logs:*:*:log-group:{p}*" for p in ("/aws/lambda/", "/aws/connect/",
                                                                               "/aws/bedrock/")} | {canary}
        custom = read_resources(role, {"ScanBuckets": ["rec-bucket", "llm-logs"], "ScanLogGroupPrefixes": ["/x/"]})
        assert custom == audit | {"arn:*:s3:::rec-bucket", "arn:*:s3:::rec-bucket/*", "arn:*:s3:::llm-logs",
                                  "arn:*:s3:::llm-logs/*", "arn:*:logs:*:*:log-group:/x/*", canary}


# -- external validators ------------------------------------------------------------------------------------------
def test_checkov_passes_with_every_skip_explained() -> None:
    if not CHECKOV.exists():
        pytest.skip("checkov not installed in .venv-checkov (make test installs it)")
    done = subprocess.run([str(CHECKOV), "-f", str(ROOT / "sam" / "template.yaml"), "--framework", "cloudformation",
                           "--output", "json", "--skip-download"], capture_output=True, text=True,
                          timeout=300, check=False)
    report = json.loads(done.stdout)
    results = report["results"]
    failed = [(c["check_id"], c["resource"]) for c in results["failed_checks"]]
    assert failed == [], failed
    assert report["summary"]["parsing_errors"] == 0 and report["summary"]["passed"] > 50
    for check in results["skipped_checks"]:
        reason = check["check_result"].get("suppress_comment", "")
        assert len(reason) > 20, (check["check_id"], check["resource"], reason)
    assert done.returncode == 0


@pytest.mark.parametrize("path", MACHINES, ids=lambda p: p.name)
def test_asl_validator_accepts_the_state_machine(path: Path) -> None:
    if not ASL_VALIDATOR.exists():
        print("asl-validator not installed (make test installs it with npm when npm is present): skipped")
        pytest.skip("asl-validator not installed (needs npm)")
    if shutil.which("node") is None:
        pytest.skip("node not found")
    done = subprocess.run([str(ASL_VALIDATOR), "--json-path", str(path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
