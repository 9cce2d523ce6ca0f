"""``spc doctor`` against the local stack: all prerequisites met, then one misconfiguration at a time (a missing
parameter, a wrong security key id, raw card data not enabled, no alert subscription, an unreadable secret)."""

from __future__ import annotations

import subprocess
import sys

from ivr.doctor import Check, exit_code, run_checks
from ivr.doctor_cli import local_clients, provision_local, render
from ivr.local.stack import LocalStack
from ivr.local.stack_resources import flow_key

STAGE = "doctor"


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_all_prerequisites_met(stack: LocalStack) -> None:
    checks = run_checks(local_clients(stack), provision_local(stack, STAGE))
    assert [c for c in checks if c.status != "ok"] == []
    assert exit_code(checks) == 0
    assert len(checks) == 12
    table = render(checks)
    assert "12 checks: 0 problem(s), 0 not checked" in table
    assert stack.stripe.api_key not in table and stack.stripe.api_key not in render(checks, "json")
    assert "4242424242424242" not in table


def test_missing_parameter(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    stack.client("ssm").delete_parameter(Name=f"/spc/{STAGE}/bedrock/model-arn")
    checks = by_name(run_checks(local_clients(stack), target))
    missing = checks[f"ssm /spc/{STAGE}/bedrock/model-arn"]
    assert missing.status == "problem" and "put-parameter" in missing.fix
    assert exit_code(list(checks.values())) == 1


def test_wrong_security_key_id(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    stack.client("ssm").put_parameter(Name=f"/spc/{STAGE}/connect/security-key-id", Value="not-the-key-id",
                                      Type="String", Overwrite=True)
    checks = by_name(run_checks(local_clients(stack), target))
    assert checks["connect security key"].status == "problem"
    assert "not a security key of the instance" in checks["connect security key"].detail
    # the id only names the key pair, so the secret still decrypts: the key-id check is the one that fails
    assert checks["connect private key secret"].status == "ok"


def test_certificate_of_another_key(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    _, other_cert = flow_key(2048)
    stack.client("ssm").put_parameter(Name=f"/spc/{STAGE}/connect/security-key-certificate",
                                      Value=other_cert.replace("\n", "\\n"), Type="String", Overwrite=True)
    checks = by_name(run_checks(local_clients(stack), target))
    assert checks["connect security key"].status == "problem"
    assert checks["connect private key secret"].status == "problem"


def test_raw_card_data_not_enabled(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    intents_before = len(stack.stripe.payment_intents())
    stack.stripe.raw_card_data = False
    try:
        checks = by_name(run_checks(local_clients(stack), target))
    finally:
        stack.stripe.raw_card_data = True
    access = checks["stripe raw card data + MOTO"]
    assert access.status == "problem" and "raw card data" in access.detail and "Stripe support" in access.fix
    assert len(stack.stripe.payment_intents()) == intents_before  # refused at the PaymentMethod: no intent


def test_bedrock_logs_outside_the_scan_role(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    target.scan_buckets, target.scan_prefixes = ["some-other-bucket"], ["/aws/lambda/"]
    check = by_name(run_checks(local_clients(stack), target))["bedrock invocation logging"]
    assert check.status == "problem" and "not in ScanBuckets" in check.detail and "ScanLogGroupPrefixes" in check.detail


def test_bedrock_text_logging_off() -> None:
    with LocalStack(key_bits=2048, invocation_text_logging=False) as other:
        check = by_name(run_checks(local_clients(other), provision_local(other, STAGE)))["bedrock invocation logging"]
    assert check.status == "problem" and "text data delivery is off" in check.detail


def test_no_alert_subscription(stack: LocalStack) -> None:
    sns = stack.client("sns")
    for topic in sns.list_topics()["Topics"]:
        for sub in sns.list_subscriptions_by_topic(TopicArn=topic["TopicArn"])["Subscriptions"]:
            sns.unsubscribe(SubscriptionArn=sub["SubscriptionArn"])
    target = provision_local(stack, STAGE, subscribe=False)
    checks = by_name(run_checks(local_clients(stack), target))
    assert checks["alert topic subscription"].status == "problem"
    assert "sns subscribe" in checks["alert topic subscription"].fix


def test_live_key_is_not_probed(stack: LocalStack) -> None:
    target = provision_local(stack, STAGE)
    stack.client("ssm").put_parameter(Name=f"/spc/{STAGE}/stripe/secret-key", Value="sk_live_" + "x" * 24,
                                      Type="SecureString", Overwrite=True)
    requests_before = stack.stripe.requests
    checks = by_name(run_checks(local_clients(stack), target))
    assert checks["stripe raw card data + MOTO"].status == "skipped"
    assert "not checked in live mode" in checks["stripe raw card data + MOTO"].detail
    assert checks["stripe key"].status == "problem"  # the local stage expects test mode
    assert stack.stripe.requests == requests_before


def test_cli_local_exit_code() -> None:
    done = subprocess.run([sys.executable, "-m", "scanners.cli.main", "doctor", "--local", "--stage", "cli"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problem(s)" in done.stdout
