"""``spc demo``: the local phone line, then the production nightly evidence job over every sink it writes.

Start ``LocalStack`` (moto, Stripe and Bedrock emulators; invocation logging to CloudWatch and S3), apply what
``sam/template.yaml`` sets that the stack leaves out (KMS rotation, log retention, the IVR function), place seeded
calls (``reports.demo.calls``: approvals, declines, typos, an expired card, model faults answered by the template,
a silent caller), optionally replay the prototype's mistakes (``ivr.local.drill``), then run
``reports.evidence.job.run_evidence_job`` - the function the deployed nightly Lambda runs - with the environment
the template gives that Lambda, resolved to the local resources, and render and sign its run with
``reports.render.build_report``. Nothing is proven here that the deployed job does not do.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ivr.local import drill
from ivr.local.drill import Mistake
from ivr.local.stack import FLOW_PATH, LocalStack
from ivr.local.stack_resources import kms_arn
from reports.controls import ControlResult
from reports.demo.calls import confirmations, emulator, lambda_runtime, run_calls
from reports.evidence.canary import KEY_PREFIX, LOG_GROUP_PREFIX, CanaryResult
from reports.evidence.config import JobConfig
from reports.evidence.job import run_evidence_job
from reports.model.core import ReportModel
from reports.remediate.drill import DrillOutcome, remediation_drill
from reports.render import FORMATS, build_report

DEFAULT_CALLS = 12
RETENTION_DAYS = 365  # sam/template.yaml: the IVR's log groups
FUNCTION = "spc-ivr"
FUNCTION_ENV = (  # the variables sam/template.yaml gives the IVR function (local wiring such as endpoints left out)
    "CONNECT_KEY_SECRET_ID", "CONNECT_KEY_ID", "AUDIT_BUCKET", "AUDIT_KMS_KEY_ID", "HMAC_KEY_ID", "STRIPE_KEY_PARAM",
    "MODEL_ID", "PROMPT_LOG_GROUP", "IDEMPOTENCY_TABLE", "AMOUNT_LIMIT", "CURRENCY", "POWERTOOLS_SERVICE_NAME",
)
NOT_EMULATED = {"s3_tls_only": "not emulated locally: moto ignores policy conditions (the template sets TLS-only)"}
Progress = Callable[[str], None]


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


def nightly_environment(stack: LocalStack, names: Mapping[str, str]) -> dict[str, str]:
    """The environment ``sam/template.yaml`` gives the nightly function, resolved to the local stack's resources:
    the IVR's own log groups, audit bucket, Bedrock logs and recordings as targets, canaries in the canary log
    groups and bucket, and the controls' scope. Full windows and no settle time, as a first night would scan."""
    n = stack.names
    targets = [f"cloudwatch:{n['lambda_log_group']}", f"cloudwatch:{n['flow_log_group']}",
               f"cloudwatch:{n['prompt_log_group']}", f"s3://{n['audit_bucket']}/", "bedrock",
               f"recordings:s3://{n['recordings_bucket']}/"]
    bucket = names["evidence_bucket"]
    return {
        "SCAN_TARGETS": ",".join(targets), "EVIDENCE_BUCKET": bucket, "EVIDENCE_PREFIX": "runs/",
        "CHECKPOINT_URI": f"s3://{bucket}/checkpoints/nightly.json", "SCAN_SETTLE_SECONDS": "0",
        "FINGERPRINT_KEY_ID": names["scanner_key"], "EVIDENCE_RETENTION_DAYS": "1", "EVIDENCE_LOCK_MODE": "GOVERNANCE",
        "CANARY_S3_URI": f"s3://{names['canary_bucket']}/{KEY_PREFIX}", "CANARY_LOG_GROUP_PREFIX": LOG_GROUP_PREFIX,
        "CONTROL_BUCKETS": n["audit_bucket"], "CONTROL_KMS_KEYS": stack.sse_key_id,
        "CONTROL_LOG_GROUPS": f"{n['lambda_log_group']},{n['prompt_log_group']}", "CONTROL_FUNCTIONS": FUNCTION,
        "CONTROL_FLOWS": str(FLOW_PATH), "CONTROL_BEDROCK": "true",
    }


def report_formats() -> tuple[str, ...]:
    """Every format, but no PDF when WeasyPrint (the ``pdf`` extra) cannot be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # not installed, or its system libraries (Pango) are missing
        return tuple(f for f in FORMATS if f != "pdf")
    return FORMATS


def run_demo(out: Path, *, leak_drill: bool = False, calls: int = DEFAULT_CALLS, seed: int = 0,
             progress: Progress = lambda _m: None, remediate: bool = False) -> DemoResult:
    """The whole demo; raises the packages' own errors (or botocore's) when it cannot run."""
    progress("starting the local stack (moto, Stripe and Bedrock emulators)")
    with LocalStack() as stack:
        bedrock = emulator(stack)
        fresh_log_groups(stack)
        mistakes: list[Mistake] = []
        names = deploy_settings(stack, drill.PROTOTYPE_ENVIRONMENT if leak_drill else None)
        config = JobConfig.from_env(nightly_environment(stack, names))
        config = replace(config, not_emulated=NOT_EMULATED, run_by="spc demo" + (" --leak-drill" if leak_drill else ""))
        progress(f"placing {calls} calls on the local phone line")
        with lambda_runtime(stack) as logs:
            outcomes = run_calls(stack, calls, seed)
            spoken = confirmations(logs.ship())
            if leak_drill:
                progress("leak drill: replaying the prototype's mistakes")
                mistakes = drill.run_drill(stack)
                flows = (*config.controls["flows"], drill.prototype_flow())
                config = replace(config, controls={**config.controls, "flows": flows})
        bedrock.flush()  # the invocation logs buffered for S3
        progress("running the nightly evidence job: canaries, scan of every source kind, controls")
        scope = {"account": f"{stack.account_id} (local stack)", "region": stack.region}
        run = run_evidence_job(config, stack.client, full=True, scope=scope)
        fixed = None
        if remediate:  # spc trace, spc remediate --plan/--apply and the evidence job again, on this stack
            progress("remediation: trace, plan, apply, then the nightly evidence job again")
            fixed = remediation_drill(stack.client, run, names, out,
                                      lambda: run_evidence_job(config, stack.client, full=True, scope=scope))
    results = [CanaryResult.from_dict(c) for c in run["canaries"]]
    checks = [ControlResult.from_dict(c) for c in run["controls"]]
    progress(f"rendering and signing the report into {out}")
    model = build_report([run], out, formats=report_formats(), remediated=fixed.remediated if fixed else None)
    return DemoResult(model, out, outcomes, spoken, results, checks, mistakes, list(run["scope"]["targets"]), fixed)
