"""``spc demo``: the local phone line, a night's scan of every sink it writes, and a signed evidence report.

Start ``LocalStack`` (moto, Stripe and Bedrock emulators; invocation logging to CloudWatch and S3), apply what
``sam/template.yaml`` sets that the stack leaves out (KMS rotation, log retention, the IVR function), place seeded
calls (approvals, declines, typos, an expired card, model faults answered by the template, a silent caller),
optionally replay the prototype's mistakes (``ivr.local.drill``), plant canaries of every source kind, run
``scanners.jobs.nightly.run_nightly`` over every source (its run JSON is read back from the local evidence bucket), add
canary results and controls, and render and sign with ``reports.render.build_report``. The calls themselves are
placed by ``reports.demo.calls``. The CLI is the composition root: ``ivr`` and ``reports`` are imported lazily,
inside functions.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reports.demo.calls import (
    SCENARIOS,
    Scenario,
    confirmations,
    emulator,
    keys_for,
    lambda_runtime,
    plan_calls,
    run_calls,
)

if TYPE_CHECKING:
    from ivr.local.drill import Mistake
    from ivr.local.stack import LocalStack
    from reports.controls import ControlResult
    from reports.evidence.canary import Canary, CanaryResult
    from reports.model.core import ReportModel
    from reports.remediate.drill import DrillOutcome

DEFAULT_CALLS = 12
RETENTION_DAYS = 365  # sam/template.yaml: the IVR's log groups
FUNCTION = "spc-ivr"
FUNCTION_ENV = (  # the variables sam/template.yaml gives the IVR function (local wiring such as endpoints left out)
    "CONNECT_KEY_SECRET_ID", "CONNECT_KEY_ID", "AUDIT_BUCKET", "AUDIT_KMS_KEY_ID", "HMAC_KEY_ID", "STRIPE_KEY_PARAM",
    "MODEL_ID", "PROMPT_LOG_GROUP", "IDEMPOTENCY_TABLE", "AMOUNT_LIMIT", "CURRENCY", "POWERTOOLS_SERVICE_NAME",
)
NOT_EMULATED = {"s3_tls_only": "not emulated locally: moto ignores policy conditions (the template sets TLS-only)"}
Progress = Callable[[str], None]
__all__ = ["SCENARIOS", "DemoResult", "Scenario", "keys_for", "plan_calls", "run_demo"]


@dataclass
class DemoResult:
    model: ReportModel
    out: Path
    calls: Counter[str]
    confirmations: Counter[str]
    canaries: list[CanaryResult]
    controls: list[ControlResult]
    mistakes: list[Mistake] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    remediation: DrillOutcome | None = None


def fresh_log_groups(stack: LocalStack) -> None:
    """Empty the stack's fixed-name log groups: moto keeps state per process, and an earlier run must not count."""
    from ivr.local.stack_resources import kms_arn
    from reports.evidence.canary import LOG_GROUP_PREFIX

    logs, n = stack.client("logs"), stack.names
    groups = [n["prompt_log_group"], n["flow_log_group"], n["lambda_log_group"], n["bedrock_log_group"]]
    for group in [*groups, f"{LOG_GROUP_PREFIX}cloudwatch", f"{LOG_GROUP_PREFIX}bedrock"]:
        with contextlib.suppress(logs.exceptions.ResourceNotFoundException):
            logs.delete_log_group(logGroupName=group)
    key = kms_arn(stack.client, stack.sse_key_id)  # log groups encrypted with a customer key, as in the template
    for group in groups:
        logs.create_log_group(logGroupName=group, kmsKeyId=key)


def deploy_function(stack: LocalStack, suffix: str, extra_env: Mapping[str, str]) -> None:
    """The IVR function's configuration in moto (its code runs in process): role, runtime, environment."""
    import zipfile

    role = stack.client("iam").create_role(
        RoleName=f"spc-ivr-{suffix}",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as zf:
        zf.writestr("ivr/handler.py", "# the IVR runs in process on the local stack\n")
    env = {k: v for k, v in stack.environment().items() if k in FUNCTION_ENV}
    env |= {"POWERTOOLS_LOGGER_LOG_EVENT": "false", **extra_env}
    lam = stack.client("lambda")
    with contextlib.suppress(lam.exceptions.ResourceConflictException):  # moto keeps functions per process
        lam.create_function(FunctionName=FUNCTION, Runtime="python3.11", Role=role, Timeout=8,
                            Handler="ivr.handler.lambda_handler", Code={"ZipFile": code.getvalue()},
                            Environment={"Variables": env})
    lam.update_function_configuration(FunctionName=FUNCTION, Environment={"Variables": env})


def deploy_settings(stack: LocalStack, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """What sam/template.yaml sets and moto can hold; returns the buckets and keys the demo adds."""
    n, suffix = stack.names, stack.names["audit_bucket"].rsplit("-", 1)[-1]
    stack.client("kms").enable_key_rotation(KeyId=stack.sse_key_id)
    for group in (n["lambda_log_group"], n["prompt_log_group"]):
        stack.client("logs").put_retention_policy(logGroupName=group, retentionInDays=RETENTION_DAYS)
    deploy_function(stack, suffix, extra_env or {})
    s3 = stack.client("s3")
    where = {} if stack.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": stack.region}}
    names = {"evidence_bucket": f"spc-evidence-{suffix}", "canary_bucket": f"spc-canary-{suffix}"}
    s3.create_bucket(Bucket=names["evidence_bucket"], ObjectLockEnabledForBucket=True, **where)
    s3.put_object_lock_configuration(Bucket=names["evidence_bucket"], ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
    s3.create_bucket(Bucket=names["canary_bucket"], **where)
    kms = stack.client("kms")
    names["scanner_key"] = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    return names


def plant_canaries(stack: LocalStack, bucket: str) -> list[Canary]:
    """Canaries of every source kind: log groups under /spc/canary/, objects under spc-canary/ in ``bucket``."""
    from reports.evidence.canary import KINDS, plant

    canaries: list[Canary] = []
    for kind in KINDS:
        canaries += plant(kind, stack.client, f"s3://{bucket}" if kind in ("s3", "recordings") else None)
    return canaries


def scan_targets(stack: LocalStack, canaries: list[Canary]) -> list[str]:
    """Every source kind the local phone line writes, then the canary locations."""
    from reports.evidence.canary import canary_targets

    n = stack.names
    own = [f"cloudwatch:{n['lambda_log_group']}", f"cloudwatch:{n['flow_log_group']}",
           f"cloudwatch:{n['prompt_log_group']}", f"s3://{n['audit_bucket']}/", "bedrock",
           f"recordings:s3://{n['recordings_bucket']}/"]
    return own + canary_targets(canaries)


def nightly(stack: LocalStack, targets: list[str], names: Mapping[str, str]) -> dict[str, Any]:
    """``scanners.jobs.nightly.run_nightly`` on the local stack (full, no settle time); the run JSON it wrote."""
    from scanners.jobs.nightly import Settings, run_nightly

    bucket = names["evidence_bucket"]
    settings = Settings(targets=tuple(targets), evidence_bucket=bucket, settle_ms=0,
                        checkpoint_uri=f"s3://{bucket}/checkpoints/nightly.json",
                        fingerprint_key_id=names["scanner_key"], retention_days=1, lock_mode="GOVERNANCE")
    answer = run_nightly(settings, full=True, clients=stack.client)
    bucket, _, key = str(answer["evidence"]).removeprefix("s3://").partition("/")
    run: dict[str, Any] = json.loads(stack.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read())
    return run


def controls(stack: LocalStack, flows: list[Any]) -> list[ControlResult]:
    """The reports controls on the local resources; a gap of the emulator is named, never passed."""
    from reports.controls import run_controls

    n = stack.names
    results = run_controls(stack.client, {
        "buckets": [n["audit_bucket"]], "kms_keys": [stack.sse_key_id],
        "log_groups": [n["lambda_log_group"], n["prompt_log_group"]], "functions": [FUNCTION],
        "bedrock": [True], "flows": flows,
    })
    return [
        replace(r, status="error", evidence={**r.evidence, "reason": NOT_EMULATED[r.id]})
        if r.id in NOT_EMULATED and r.status != "pass" else r
        for r in results
    ]


def report_formats() -> tuple[str, ...]:
    """Every format, but no PDF when WeasyPrint (the ``pdf`` extra) cannot be loaded."""
    from reports.render import FORMATS

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # not installed, or its system libraries (Pango) are missing
        return tuple(f for f in FORMATS if f != "pdf")
    return FORMATS


def run_demo(out: Path, *, leak_drill: bool = False, calls: int = DEFAULT_CALLS, seed: int = 0,
             progress: Progress = lambda _m: None, remediate: bool = False) -> DemoResult:
    """The whole demo; raises the packages' own errors (or botocore's) when it cannot run."""
    from ivr.local import drill
    from ivr.local.stack import FLOW_PATH, LocalStack
    from reports.evidence.canary import evaluate
    from reports.render import build_report

    progress("starting the local stack (moto, Stripe and Bedrock emulators)")
    with LocalStack() as stack:
        bedrock = emulator(stack)
        fresh_log_groups(stack)
        mistakes: list[Mistake] = []
        flows: list[Any] = [FLOW_PATH]
        names = deploy_settings(stack, drill.PROTOTYPE_ENVIRONMENT if leak_drill else None)
        progress(f"placing {calls} calls on the local phone line")
        with lambda_runtime(stack) as logs:
            outcomes = run_calls(stack, calls, seed)
            spoken = confirmations(logs.ship())
            if leak_drill:
                progress("leak drill: replaying the prototype's mistakes")
                mistakes = drill.run_drill(stack)
                flows.append(drill.prototype_flow())
        bedrock.flush()  # the invocation logs buffered for S3
        progress("planting canaries in every source kind")
        canaries = plant_canaries(stack, names["canary_bucket"])
        targets = scan_targets(stack, canaries)
        progress(f"running the nightly scan over {len(targets)} targets")
        run = nightly(stack, targets, names)
        results = evaluate(canaries, run["findings"])
        run["canaries"] = [r.to_dict() for r in results]
        run["scope"] = {"account": f"{stack.account_id} (local stack)", "region": stack.region,
                        "run_by": "spc demo" + (" --leak-drill" if leak_drill else ""), "targets": targets}
        checks = controls(stack, flows)
        fixed = None
        if remediate:  # spc trace, spc remediate --plan/--apply and a re-scan, on this stack
            from reports.remediate.drill import remediation_drill

            progress("remediation: trace, plan, apply, then the nightly scan again")
            fixed = remediation_drill(stack.client, run, names, out, lambda: nightly(stack, targets, names))
    progress(f"rendering and signing the report into {out}")
    model = build_report([run], out, controls=checks, formats=report_formats(),
                         remediated=fixed.remediated if fixed else None)
    return DemoResult(model, out, outcomes, spoken, results, checks, mistakes, targets, fixed)
