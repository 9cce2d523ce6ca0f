"""``spc doctor``'s checks: a deployed (or the local) stack's operational prerequisites, each with its fix.

Every check answers ``ok``, ``problem`` (with the fix), ``unknown`` (it could not look: no permission, no API) or
``skipped`` (deliberately not checked: the Stripe probe in live mode).
Nothing here prints or keeps a card value or a secret: the Stripe key shows only its prefix, the probe card is a
Stripe test card sent only in test mode, and the ciphertext probe encrypts a fixed non-card string.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import stripe
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ivr.connect_crypto import decrypt_customer_input, encrypt_customer_input
from ivr.errors import IvrError
from ivr.payments.stripe_gateway import raw_card_refused
from scanners.aws import ClientFactory, error_name
from scanners.sources.bedrock_destinations import destinations, logging_config

Status = Literal["ok", "problem", "unknown", "skipped"]
PARAMETERS = ("connect/instance-arn", "connect/payments-queue-arn", "connect/security-key-id",
              "connect/security-key-certificate", "bedrock/model-arn", "stripe/secret-key")
PROBE_CARD = "4242424242424242"  # Stripe's documented Visa test card; sent in test mode only
_KEY_MODES = {"sk_test_": ("secret", "test"), "sk_live_": ("secret", "live"),
              "rk_test_": ("restricted", "test"), "rk_live_": ("restricted", "live")}


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


@dataclass
class Target:
    """What to check: ``stage`` names ``/spc/<stage>/``; the rest default to the template's names."""

    stage: str
    alert_topic_arn: str | None = None
    key_secret_id: str | None = None
    stripe_api_base: str | None = None
    expect_mode: str | None = None  # "test" or "live": the Stripe key mode this stage must use
    scan_buckets: list[str] | None = None  # the stack's ScanBuckets / ScanLogGroupPrefixes (None: unknown)
    scan_prefixes: list[str] | None = None
    values: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> str:
        return f"/spc/{self.stage}/{name}"


def run_checks(clients: ClientFactory, target: Target) -> list[Check]:
    checks = [*parameters(clients, target)]
    for one in (connect_key, private_key, bedrock_logging, stripe_key, stripe_access, alert_topic):
        try:
            checks.append(one(clients, target))
        except Exception as exc:  # a check that could not look is unknown, never ok
            checks.append(Check(one.__name__.replace("_", " "), "unknown", f"could not check: {error_name(exc)}"))
    return checks


def parameters(clients: ClientFactory, target: Target) -> list[Check]:
    ssm = clients("ssm")
    out = []
    for name in PARAMETERS:
        full = target.param(name)
        try:
            value = str(ssm.get_parameter(Name=full, WithDecryption=True)["Parameter"]["Value"]).strip()
        except Exception as exc:
            code = error_name(exc)
            if code == "ParameterNotFound":
                kind = "SecureString" if name.startswith("stripe/") else "String"
                out.append(Check(f"ssm {full}", "problem", "missing",
                                 f"aws ssm put-parameter --name {full} --type {kind} --value ..."))
            else:
                out.append(Check(f"ssm {full}", "unknown", f"could not read: {code}"))
            continue
        if value:
            target.values[name] = value
            out.append(Check(f"ssm {full}", "ok", "present"))
        else:
            out.append(Check(f"ssm {full}", "problem", "empty", f"put the value into {full}"))
    return out


def _certificate(target: Target) -> bytes | None:
    text = target.values.get("connect/security-key-certificate")
    return text.replace("\\n", "\n").encode() if text else None


def _public_key(pem: bytes) -> bytes:
    try:
        key: Any = x509.load_pem_x509_certificate(pem).public_key()
    except ValueError:
        key = serialization.load_pem_public_key(pem)
    return bytes(key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))


def connect_key(clients: ClientFactory, target: Target) -> Check:
    name = "connect security key"
    key_id, cert, instance = (target.values.get("connect/security-key-id"), _certificate(target),
                              target.values.get("connect/instance-arn"))
    if not (key_id and cert and instance):
        return Check(name, "unknown", "needs the instance ARN, key id and certificate parameters")
    try:
        listed = clients("connect").list_security_keys(InstanceId=instance.rsplit("/", 1)[-1]).get("SecurityKeys", [])
    except Exception as exc:
        return Check(name, "unknown", f"connect ListSecurityKeys: {error_name(exc)}",
                     "allow connect:ListSecurityKeys to compare the key id with the instance's keys")
    found = next((k for k in listed if k.get("AssociationId") == key_id), None)
    if found is None:
        return Check(name, "problem", f"key id {key_id} is not a security key of the instance",
                     f"set {target.param('connect/security-key-id')} to the Key id shown under Data storage")
    try:
        same = _public_key(str(found.get("Key", "")).encode()) == _public_key(cert)
    except (ValueError, TypeError):
        return Check(name, "problem", "the certificate parameter is not a PEM certificate",
                     f"put the key's X.509 certificate into {target.param('connect/security-key-certificate')}")
    if not same:
        return Check(name, "problem", f"key id {key_id} belongs to another key than the certificate",
                     "upload this certificate to Connect, or put the matching key id and certificate in SSM")
    return Check(name, "ok", f"key id {key_id} matches the certificate")


def private_key(clients: ClientFactory, target: Target) -> Check:
    name = "connect private key secret"
    secret_id = target.key_secret_id or f"spc/{target.stage}/connect/flow-private-key"
    fix = f"aws secretsmanager put-secret-value --secret-id {secret_id} --secret-string file://flow-key.pem"
    try:
        pem = str(clients("secretsmanager").get_secret_value(SecretId=secret_id).get("SecretString") or "")
    except Exception as exc:
        code = error_name(exc)
        if code == "ResourceNotFoundException":
            return Check(name, "problem", f"{secret_id}: no value set", fix)
        return Check(name, "unknown", f"{secret_id}: {code}")
    key_id, cert = target.values.get("connect/security-key-id"), _certificate(target)
    if not (key_id and cert):
        return Check(name, "unknown", "needs the key id and certificate parameters to make a test ciphertext")
    probe = f"doctor-{secrets.token_hex(4)}"
    try:
        ciphertext = encrypt_customer_input(probe, key_id=key_id, certificate_pem=cert)
        ok = decrypt_customer_input(ciphertext, private_key_pem=pem.encode(), key_id=key_id) == probe
    except IvrError as exc:
        return Check(name, "problem", f"a test ciphertext did not decrypt: {exc}", fix)
    return Check(name, "ok" if ok else "problem", "decrypts a test ciphertext made with the certificate", "" if ok
                 else fix)


def bedrock_logging(clients: ClientFactory, target: Target) -> Check:
    name = "bedrock invocation logging"
    fix = "turn on model invocation logging (text delivery, CloudWatch and/or S3) in the Bedrock console"
    config = logging_config(clients("bedrock"))
    if not config:
        return Check(name, "problem", "off", fix)
    group, bucket, prefix, text_off = destinations(config)
    if not (group or bucket):
        return Check(name, "problem", "no destination", fix)
    if text_off:
        return Check(name, "problem", "text data delivery is off: prompts are not logged, so not scanned", fix)
    where = ", ".join(w for w in (group and f"logs {group}", bucket and f"s3://{bucket}/{prefix}") if w)
    unread = []
    if bucket and target.scan_buckets is not None and bucket not in target.scan_buckets:
        unread.append(f"bucket {bucket} is not in ScanBuckets")
    if group and target.scan_prefixes is not None and not group.startswith(tuple(target.scan_prefixes)):
        unread.append(f"log group {group} matches no ScanLogGroupPrefixes entry")
    if unread:
        return Check(name, "problem", f"on ({where}), but the scan role cannot read it: " + "; ".join(unread),
                     "add the bucket to ScanBuckets / the log group's prefix to ScanLogGroupPrefixes and redeploy")
    scope = "" if target.scan_buckets is not None else " (scan role scope not checked: no stack parameters)"
    return Check(name, "ok", f"on; the nightly bedrock target reads {where}{scope}")


def stripe_key(clients: ClientFactory, target: Target) -> Check:
    name = "stripe key"
    key = target.values.get("stripe/secret-key")
    if key is None:
        return Check(name, "unknown", "needs the stripe/secret-key parameter")
    kind = next((v for p, v in _KEY_MODES.items() if key.startswith(p)), None)
    fix = f"put a secret (sk_) or restricted (rk_) key into {target.param('stripe/secret-key')} (SecureString)"
    if kind is None:
        return Check(name, "problem", "not a Stripe secret or restricted key (expected sk_ or rk_)", fix)
    if target.expect_mode and kind[1] != target.expect_mode:
        return Check(name, "problem", f"a {kind[1]}-mode key; this stage expects {target.expect_mode} mode", fix)
    return Check(name, "ok", f"{kind[0]} key, {kind[1]} mode ({key[:8]}...)")


def stripe_access(clients: ClientFactory, target: Target) -> Check:
    name = "stripe raw card data + MOTO"
    key = target.values.get("stripe/secret-key")
    if key is None:
        return Check(name, "unknown", "needs the stripe/secret-key parameter")
    if "_live_" in key:
        return Check(name, "skipped", "not checked in live mode (no live charge is ever made to test it)")
    client = stripe.StripeClient(key, max_network_retries=1,
                                 base_addresses={"api": target.stripe_api_base} if target.stripe_api_base else None)
    try:
        method = client.v1.payment_methods.create(params={
            "type": "card", "card": {"number": PROBE_CARD, "exp_month": 12, "exp_year": 2040, "cvc": "123"}})
        intent = client.v1.payment_intents.create(params={
            "amount": 100, "currency": "usd", "payment_method": method.id, "confirm": True,
            "allowed_payment_method_types": ["card"], "payment_method_options": {"card": {"moto": True}},
            "description": "spc doctor test-mode probe"})
    except stripe.StripeError as exc:
        if raw_card_refused(exc):
            return Check(name, "problem", "raw card data APIs are not enabled for the account",
                         "ask Stripe support to enable raw card data APIs (and MOTO) for the account")
        status, code = getattr(exc, "http_status", None), getattr(exc, "code", None) or "none"
        return Check(name, "problem" if status in (400, 401, 402, 403) else "unknown",
                     f"stripe {type(exc).__name__} (http {status}, code {code})",
                     "check the key's permissions (PaymentMethods and PaymentIntents: write) and MOTO enablement")
    if intent.status != "succeeded":
        return Check(name, "problem", f"MOTO test PaymentIntent ended {intent.status}",
                     "ask Stripe to enable MOTO payments for the account")
    return Check(name, "ok", "test-mode raw card PaymentMethod and MOTO PaymentIntent succeeded")


def alert_topic(clients: ClientFactory, target: Target) -> Check:
    name = "alert topic subscription"
    arn = target.alert_topic_arn
    if not arn:
        return Check(name, "unknown", "no alert topic: pass --alert-topic or deploy the stack (AlertTopicArn output)")
    subs = clients("sns").list_subscriptions_by_topic(TopicArn=arn).get("Subscriptions", [])
    confirmed = [s for s in subs if str(s.get("SubscriptionArn", "")).startswith("arn:")]
    if not confirmed:
        detail = f"no confirmed subscription ({len(subs)} pending)" if subs else "no subscription"
        return Check(name, "problem", detail,
                     f"aws sns subscribe --topic-arn {arn} --protocol email --notification-endpoint ... and confirm")
    return Check(name, "ok", f"{len(confirmed)} confirmed subscription(s)")


def exit_code(checks: list[Check]) -> int:
    if any(c.status == "problem" for c in checks):
        return 1
    return 2 if any(c.status == "unknown" for c in checks) else 0


def stack_outputs(clients: ClientFactory, stack_name: str) -> Mapping[str, str]:
    """The CloudFormation outputs and parameters of the deployed stack (empty when it cannot be described)."""
    cloudformation = clients("cloudformation")  # no region: ConfigError, for the caller to report
    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except Exception:
        return {}
    found = {o["OutputKey"]: o["OutputValue"] for s in stacks[:1] for o in s.get("Outputs", [])}
    found.update({p["ParameterKey"]: p.get("ParameterValue", "") for s in stacks[:1] for p in s.get("Parameters", [])})
    return found


def listed(value: str | None) -> list[str] | None:
    """A CommaDelimitedList parameter's entries (None when the parameter is unknown)."""
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]

