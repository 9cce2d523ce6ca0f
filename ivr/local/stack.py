"""The embedded local stack: moto server, the Stripe and Bedrock emulators, and every resource the IVR uses.

``with LocalStack() as stack:`` starts moto's ``ThreadedMotoServer`` on 127.0.0.1 (ephemeral port), creates a
fresh Connect flow key (RSA key pair + self-signed certificate; the private PEM goes to Secrets Manager), a KMS
HMAC_256 key for PAN fingerprints and a symmetric key for SSE-KMS, the audit bucket (Object Lock), the
recordings and invocation-log buckets, the idempotency table, the Stripe key in an SSM SecureString, the log
groups, Bedrock's invocation-logging configuration (see ``ivr.local.stack_resources``) and the Connect recording
API (``ivr.local.recording_api``); then points the
handler at all of it through the environment variables ``ivr.config`` reads. Everything is undone on exit.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any

import boto3
from botocore.config import Config

from ivr import handler
from ivr.local.bedrock.emulator import BedrockEmulator, BedrockFaults
from ivr.local.recording_api import ConnectRecordingEmulator
from ivr.local.stack_resources import create_resources, flow_key
from ivr.local.stripe.emulator import StripeEmulator
from scanners.aws import retry_config

__all__ = ["ACCOUNT", "FLOW_PATH", "LocalStack"]

FLOW_PATH = Path(__file__).resolve().parents[2] / "sam" / "flows" / "payment.json"
ACCOUNT = "123456789012"
_CREDS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}
RETRY_RETRIES = dict(getattr(retry_config(), "retries", None) or {})  # the one retry layer, as default_clients


class LocalStack:
    """Context manager for the local phone line's backing services (one at a time per process)."""

    def __init__(
        self,
        *,
        region: str = "eu-west-2",
        currency: str = "GBP",
        amount_limit: str = "10000.00",
        key_bits: int = 4096,
        bedrock_faults: BedrockFaults | None = None,
        invocation_text_logging: bool = True,
        env: MutableMapping[str, str] | None = None,
    ) -> None:
        self.region = region
        self.currency = currency
        self.amount_limit = amount_limit
        self.key_bits = key_bits
        self.account_id = ACCOUNT
        self._bedrock_faults = bedrock_faults or BedrockFaults()
        self._text_logging = invocation_text_logging
        self._env = os.environ if env is None else env
        self._saved_env: dict[str, str | None] = {}
        self._moto: Any = None
        self._session = boto3.session.Session()
        self._clients: dict[str, Any] = {}
        self.endpoint = ""
        suffix = uuid.uuid4().hex[:8]
        self.names = {
            "audit_bucket": f"spc-audit-{suffix}",
            "recordings_bucket": f"spc-recordings-{suffix}",
            "invocation_bucket": f"spc-bedrock-logs-{suffix}",
            "table": f"spc-ivr-idempotency-{suffix}",
            "secret": f"spc/connect/flow-key-{suffix}",
            "stripe_param": f"/spc/stripe/secret-key-{suffix}",
            "prompt_log_group": "/spc/ivr/prompts",
            "flow_log_group": "/aws/connect/spc-local",
            "lambda_log_group": "/aws/lambda/spc-ivr",
            "bedrock_log_group": "/aws/bedrock/modelinvocations",
        }
        self.key_id = str(uuid.uuid4())
        self.instance_arn = f"arn:aws:connect:{region}:{ACCOUNT}:instance/{uuid.uuid4()}"
        self.queue_arn = f"{self.instance_arn}/queue/{uuid.uuid4()}"
        self.function_arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:spc-ivr"
        self.model_id = f"arn:aws:bedrock:{region}:{ACCOUNT}:imported-model/spc-confirm-local"
        self.private_key_pem = b""
        self.certificate_pem = ""
        self.hmac_key_id = ""
        self.sse_key_id = ""
        self.stripe: Any = None
        self.bedrock: BedrockEmulator | None = None
        self.connect: ConnectRecordingEmulator | None = None
        self.postal_code = ""  # POSTAL_CODE for the IVR (empty: not asked)

    # -- lifecycle -------------------------------------------------------------------------------------------
    def __enter__(self) -> LocalStack:
        try:
            self._start()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self._stop()

    def _start(self) -> None:
        from moto.server import ThreadedMotoServer  # moto is heavy: loaded only when a stack starts

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log would drown the call
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.stripe = StripeEmulator().start()
        self.connect = ConnectRecordingEmulator().start()
        self._create_resources()
        self.bedrock = BedrockEmulator(
            faults=self._bedrock_faults,
            control_client=self.client("bedrock"),
            logs_client=self.client("logs"),
            s3_client=self.client("s3"),
            account_id=ACCOUNT,
            region=self.region,
        ).start()
        self._set_env()
        handler.configure(None)

    def _stop(self) -> None:
        if self.connect is not None:
            self.connect.stop()
            self.connect = None
        if self.bedrock is not None:
            self.bedrock.stop()
            self.bedrock = None
        if self.stripe is not None:
            self.stripe.stop()
            self.stripe = None
        if self._saved_env:
            for name, old in self._saved_env.items():
                if old is None:
                    self._env.pop(name, None)
                else:
                    self._env[name] = old
            self._saved_env = {}
            handler.configure(None)
        if self._moto is not None:
            self._moto.stop()
            self._moto = None

    # -- clients and resources -------------------------------------------------------------------------------
    def client(self, service: str, **config: Any) -> Any:
        """A boto3 client on the local moto server, with the project's one retry layer (``retry_config()``) unless
        ``retries`` is given; cached per service."""
        cacheable = not config
        if cacheable and service in self._clients:
            return self._clients[service]
        retries = config.pop("retries", RETRY_RETRIES)
        client = self._session.client(
            service,  # type: ignore[call-overload]
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=_CREDS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=_CREDS["AWS_SECRET_ACCESS_KEY"],
            config=Config(retries=retries, **config),
        )
        if cacheable:
            self._clients[service] = client
        return client

    def _create_resources(self) -> None:
        self.private_key_pem, self.certificate_pem = flow_key(self.key_bits)
        self.hmac_key_id, self.sse_key_id = create_resources(
            self.client,
            self.names,
            region=self.region,
            account_id=ACCOUNT,
            private_key_pem=self.private_key_pem,
            stripe_api_key=self.stripe.api_key,
            text_logging=self._text_logging,
        )

    def environment(self) -> dict[str, str]:
        """The variables ``ivr.config.Settings.from_env`` and boto3 read."""
        n = self.names
        assert self.bedrock is not None and self.connect is not None
        return {
            **_CREDS,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": self.bedrock.url,
            "AWS_ENDPOINT_URL_CONNECT": self.connect.url,
            "POSTAL_CODE": self.postal_code,
            "CONNECT_KEY_SECRET_ID": n["secret"],
            "CONNECT_KEY_ID": self.key_id,
            "AUDIT_BUCKET": n["audit_bucket"],
            "AUDIT_KMS_KEY_ID": self.sse_key_id,
            "HMAC_KEY_ID": self.hmac_key_id,
            "STRIPE_KEY_PARAM": n["stripe_param"],
            "STRIPE_API_BASE": self.stripe.url,
            "MODEL_ID": self.model_id,
            "PROMPT_LOG_GROUP": n["prompt_log_group"],
            "IDEMPOTENCY_TABLE": n["table"],
            "AMOUNT_LIMIT": self.amount_limit,
            "CURRENCY": self.currency,
            "POWERTOOLS_SERVICE_NAME": "spc-ivr",
            "AWS_LAMBDA_FUNCTION_NAME": "spc-ivr",
        }

    def _set_env(self) -> None:
        values = self.environment()
        for name in [*values, "AWS_PROFILE"]:
            self._saved_env.setdefault(name, self._env.get(name))
        self._env.pop("AWS_PROFILE", None)
        self._env.update(values)

    @staticmethod
    def placeholder_names() -> tuple[str, ...]:
        """The flow's ``${...}`` placeholders, the same SAM fills in ``sam/template.yaml``."""
        return ("ConnectSecurityKeyId", "ConnectSecurityKeyCertificate", "PaymentFunctionArn", "PaymentsQueueArn")

    def substitutions(self) -> Mapping[str, str]:
        """Values for the flow's ``${...}`` placeholders (what SAM substitutes at deploy time)."""
        return {
            "ConnectSecurityKeyId": self.key_id,
            "ConnectSecurityKeyCertificate": self.certificate_pem,
            "PaymentFunctionArn": self.function_arn,
            "PaymentsQueueArn": self.queue_arn,
        }
