"""``spc doctor [--stage S] [--local]``: the deployment's operational prerequisites as a table, with a fix for each
failure. Exit 0 when all are met, 1 with problems, 2 when something could not be checked.

``--local`` starts the local stack, gives it the stage's parameters, the Connect security key and a subscribed
alert topic (what the README's deploy steps create on AWS), and checks that: a self-test of the checks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import boto3

from ivr.doctor import PARAMETERS, Check, Target, exit_code, listed, run_checks, stack_outputs
from ivr.local.stack import LocalStack
from scanners.aws import ClientFactory, default_clients
from scanners.errors import ConfigError

_MARK = {"ok": "ok", "problem": "FAIL", "unknown": "??", "skipped": "skip"}


def cmd_doctor(args: argparse.Namespace) -> int:
    if args.local:
        with LocalStack(key_bits=2048) as stack:
            target = provision_local(stack, args.stage)
            checks = run_checks(local_clients(stack), target)
    else:
        clients: ClientFactory = default_clients
        try:
            outputs = stack_outputs(clients, args.stack_name or f"spc-{args.stage}")
        except ConfigError as exc:
            print(f"spc doctor: {exc}", file=sys.stderr)
            return 2
        target = Target(
            args.stage,
            alert_topic_arn=args.alert_topic or outputs.get("AlertTopicArn"),
            key_secret_id=args.key_secret_id,
            stripe_api_base=os.environ.get("STRIPE_API_BASE") or None,
            expect_mode=args.expect_mode,
            scan_buckets=listed(outputs.get("ScanBuckets")),
            scan_prefixes=listed(outputs.get("ScanLogGroupPrefixes")),
        )
        checks = run_checks(clients, target)
    print(render(checks, args.format))
    return exit_code(checks)


def render(checks: list[Check], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps({"checks": [_as_dict(c) for c in checks],
                           "exit_code": exit_code(checks)}, indent=2)
    width = max(len(c.name) for c in checks)
    lines = [f"{'check':<{width}}  {'':<4}  detail", "-" * (width + 40)]
    for c in checks:
        lines.append(f"{c.name:<{width}}  {_MARK[c.status]:<4}  {c.detail}")
        if c.fix and c.status != "ok":
            lines.append(f"{'':<{width}}  {'':<4}  fix: {c.fix}")
    problems = sum(c.status == "problem" for c in checks)
    unknown = sum(c.status == "unknown" for c in checks)
    lines.append(f"{len(checks)} checks: {problems} problem(s), {unknown} not checked")
    return "\n".join(lines)


def _as_dict(check: Check) -> dict[str, Any]:
    return {"name": check.name, "status": check.status, "detail": check.detail, "fix": check.fix}


def local_clients(stack: LocalStack) -> ClientFactory:
    """The local stack's clients, with Connect on its emulator (moto lacks the operations the doctor uses)."""
    assert stack.connect is not None
    connect = boto3.session.Session().client(
        "connect", endpoint_url=stack.connect.url, region_name=stack.region,
        aws_access_key_id="testing", aws_secret_access_key="testing")  # noqa: S106 - the local stack's placeholder

    def clients(name: str) -> Any:
        return connect if name == "connect" else stack.client(name)

    return clients


def provision_local(stack: LocalStack, stage: str, *, subscribe: bool = True) -> Target:
    """What the deploy steps leave on AWS, on the local stack: the stage's SSM parameters, the Connect security
    key (key id and certificate), the private key secret under the template's name and a subscribed alert topic."""
    assert stack.connect is not None and stack.stripe is not None
    clients: ClientFactory = stack.client
    values = {
        "connect/instance-arn": stack.instance_arn,
        "connect/payments-queue-arn": stack.queue_arn,
        "connect/security-key-id": stack.key_id,
        "connect/security-key-certificate": stack.certificate_pem.replace("\n", "\\n"),
        "bedrock/model-arn": stack.model_id,
        "stripe/secret-key": stack.stripe.api_key,
    }
    ssm = clients("ssm")
    for name in PARAMETERS:
        ssm.put_parameter(Name=f"/spc/{stage}/{name}", Value=values[name], Overwrite=True,
                          Type="SecureString" if name.startswith("stripe/") else "String")
    stack.connect.security_keys[:] = [{"AssociationId": stack.key_id, "Key": stack.certificate_pem}]
    secret_id = f"spc/{stage}/connect/flow-private-key"
    secrets = clients("secretsmanager")
    try:
        secrets.create_secret(Name=secret_id, SecretString=stack.private_key_pem.decode())
    except secrets.exceptions.ResourceExistsException:
        secrets.put_secret_value(SecretId=secret_id, SecretString=stack.private_key_pem.decode())
    sns = clients("sns")
    topic = sns.create_topic(Name=f"spc-{stage}-alerts")["TopicArn"]
    if subscribe:
        queue = clients("sqs").create_queue(QueueName=f"spc-{stage}-alerts")["QueueUrl"]
        queue_arn = clients("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn["Attributes"]["QueueArn"])
    return Target(stage, alert_topic_arn=topic, stripe_api_base=stack.stripe.url, expect_mode="test",
                  scan_buckets=[stack.names["invocation_bucket"]], scan_prefixes=["/aws/bedrock/"])

