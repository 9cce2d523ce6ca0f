"""Settings from the environment and the collaborators built from them, once per Lambda container.

Required: ``CONNECT_KEY_SECRET_ID`` (Secrets Manager, PEM private key), ``CONNECT_KEY_ID``, ``AUDIT_BUCKET``,
``STRIPE_KEY_PARAM`` (SSM SecureString). Optional: ``HMAC_KEY_ID`` (KMS HMAC_256 key; without it a local key
file is used, for local runs only), ``STRIPE_API_BASE``, ``MODEL_ID``, ``PROMPT_LOG_GROUP``,
``IDEMPOTENCY_TABLE`` (partition key ``id``; also holds the duplicate-charge ledger), ``AMOUNT_LIMIT`` (default
10000.00), ``CURRENCY`` (default usd), ``AUDIT_KMS_KEY_ID``, ``POSTAL_CODE`` (empty: not asked; ``US``: a US ZIP
code; else a regular expression the whole entry must match), ``DUPLICATE_WINDOW_MINUTES`` (default 30),
``TIMEZONE`` (IANA name for spoken times, default UTC). Secrets are fetched at init and cached; a failed fetch
is retried on the next call.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ivr.audit import AuditWriter, CloudWatchPromptLog
from ivr.connect_crypto import load_private_key
from ivr.contact_attributes import ContactAttributes
from ivr.errors import ConfigError, DependencyError
from ivr.payments.ledger import ChargeLedger
from ivr.payments.service import PaymentService
from ivr.payments.stripe_gateway import StripeGateway
from ivr.recording import RecordingControl
from scanners.aws import error_name as _code_of
from scanners.cards.fingerprint import fingerprinter_for

if TYPE_CHECKING:
    from boto3.session import Session
    from mypy_boto3_bedrock_runtime import BedrockRuntimeClient
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_ssm import SSMClient

T = TypeVar("T")
ConfirmFn = Callable[..., Any]
US_ZIP = r"\d{5}(?:\d{4})?"


def _postal_pattern(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    pattern = US_ZIP if value.upper() == "US" else value
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError("POSTAL_CODE: expected US or a regular expression") from exc
    return pattern


@dataclass(frozen=True, slots=True)
class Settings:
    connect_key_secret_id: str
    connect_key_id: str
    audit_bucket: str
    stripe_key_param: str
    hmac_key_id: str | None = None
    stripe_api_base: str | None = None
    model_id: str | None = None
    prompt_log_group: str | None = None
    idempotency_table: str | None = None
    amount_limit: Decimal = Decimal("10000.00")
    currency: str = "usd"
    audit_kms_key_id: str | None = None
    postal_code_pattern: str | None = None
    duplicate_window_s: float = 1800.0
    timezone: str = "UTC"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def required(name: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                raise ConfigError(f"{name}: expected a non-empty value in the environment")
            return value

        def optional(name: str) -> str | None:
            return env.get(name, "").strip() or None

        try:
            limit = Decimal(env.get("AMOUNT_LIMIT", "10000.00").strip())
        except InvalidOperation as exc:
            raise ConfigError("AMOUNT_LIMIT: expected a decimal amount such as 10000.00") from exc
        if not limit.is_finite() or limit <= 0:
            raise ConfigError("AMOUNT_LIMIT: expected a positive amount")
        currency = env.get("CURRENCY", "usd").strip().lower()
        if len(currency) != 3 or not currency.isalpha():
            raise ConfigError("CURRENCY: expected a three-letter ISO 4217 code")
        try:
            window_min = float(env.get("DUPLICATE_WINDOW_MINUTES", "30").strip() or "30")
        except ValueError as exc:
            raise ConfigError("DUPLICATE_WINDOW_MINUTES: expected a number of minutes such as 30") from exc
        if not 0 <= window_min <= 24 * 60:
            raise ConfigError("DUPLICATE_WINDOW_MINUTES: expected 0 to 1440 minutes")
        timezone = env.get("TIMEZONE", "UTC").strip() or "UTC"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError("TIMEZONE: expected an IANA time zone name such as America/New_York") from exc
        return cls(
            connect_key_secret_id=required("CONNECT_KEY_SECRET_ID"),
            connect_key_id=required("CONNECT_KEY_ID"),
            audit_bucket=required("AUDIT_BUCKET"),
            stripe_key_param=required("STRIPE_KEY_PARAM"),
            hmac_key_id=optional("HMAC_KEY_ID"),
            stripe_api_base=optional("STRIPE_API_BASE"),
            model_id=optional("MODEL_ID"),
            prompt_log_group=optional("PROMPT_LOG_GROUP"),
            idempotency_table=optional("IDEMPOTENCY_TABLE"),
            amount_limit=limit,
            currency=currency,
            audit_kms_key_id=optional("AUDIT_KMS_KEY_ID"),
            postal_code_pattern=_postal_pattern(env.get("POSTAL_CODE", "")),
            duplicate_window_s=window_min * 60,
            timezone=timezone,
        )


class Cached(Generic[T]):
    """A value fetched once and kept; a failed fetch raises and is retried on the next ``get``."""

    def __init__(self, loader: Callable[[], T]) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._value: T | None = None

    def __repr__(self) -> str:
        return f"Cached(loaded={self._value is not None})"

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._loader()
            return self._value

    def prefetch(self) -> bool:
        try:
            self.get()
        except Exception:
            return False
        return True


def secret_loader(client: SecretsManagerClient, secret_id: str, key_id: str) -> Callable[[], bytes]:
    """Loads the PEM private key from Secrets Manager and parses it for the Encryption SDK."""

    def load() -> bytes:
        try:
            resp = client.get_secret_value(SecretId=secret_id)
        except Exception as exc:  # botocore ClientError / EndpointConnectionError / timeouts
            raise DependencyError(f"secretsmanager GetSecretValue {secret_id}: {_code_of(exc)}") from exc
        pem = resp.get("SecretBinary") or str(resp.get("SecretString", "")).encode()
        if b"PRIVATE KEY-----" not in pem:
            raise ConfigError(f"secret {secret_id}: expected a PEM private key")
        load_private_key(bytes(pem), key_id)
        return bytes(pem)

    return load


def parameter_loader(client: SSMClient, name: str) -> Callable[[], str]:
    def load() -> str:
        try:
            value = str(client.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"])
        except Exception as exc:
            raise DependencyError(f"ssm GetParameter {name}: {_code_of(exc)}") from exc
        if not value.strip():
            raise ConfigError(f"ssm parameter {name}: expected a Stripe secret key")
        return value.strip()

    return load


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass
class Services:
    """Everything the handler talks to; tests build it with fakes."""

    settings: Settings
    private_key: Callable[[], bytes]
    payments: PaymentService
    audit: AuditWriter
    bedrock: BedrockRuntimeClient | None = None
    prompt_log: Callable[[dict[str, Any]], None] | None = None
    confirm: ConfirmFn | None = None  # None: ivr.confirm.service.confirmation, imported on first use
    ledger: ChargeLedger | None = None  # None: no duplicate check across calls (local tests only)
    recording: RecordingControl | None = None  # None: the Connect recording API is not reachable
    contact_attributes: Callable[[str, str], dict[str, str]] | None = None  # GetContactAttributes (ivr.disconnect)
    today: Callable[[], date] = _today
    clock: Callable[[], float] = field(default=time.monotonic)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


def build_services(settings: Settings | None = None, *, session: Session | None = None) -> Services:
    """Real clients from the environment (``AWS_ENDPOINT_URL`` points them at moto locally)."""
    import boto3
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from botocore.config import Config

    settings = settings or Settings.from_env()
    session = session or boto3.session.Session()
    fast = Config(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 2, "mode": "standard"})
    private_key = Cached(
        secret_loader(
            session.client("secretsmanager", config=fast), settings.connect_key_secret_id, settings.connect_key_id
        )
    )
    stripe_key = Cached(parameter_loader(session.client("ssm", config=fast), settings.stripe_key_param))
    private_key.prefetch()
    stripe_key.prefetch()
    fingerprinter = fingerprinter_for(settings.hmac_key_id, lambda: session.client("kms", config=fast))
    persistence = None
    ledger = None
    if settings.idempotency_table:
        dynamodb = session.client("dynamodb", config=fast)
        persistence = DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_client=dynamodb)
        ledger = ChargeLedger(dynamodb, settings.idempotency_table, window_s=settings.duplicate_window_s)
    payments = PaymentService(StripeGateway(stripe_key.get, api_base=settings.stripe_api_base), persistence=persistence)
    audit = AuditWriter(
        session.client("s3", config=fast), settings.audit_bucket, fingerprinter, kms_key_id=settings.audit_kms_key_id
    )
    bedrock = None
    if settings.model_id:
        model_cfg = Config(connect_timeout=1, read_timeout=5, retries={"total_max_attempts": 1})
        bedrock = session.client("bedrock-runtime", config=model_cfg)
    prompt_log = None
    if settings.prompt_log_group:
        prompt_log = CloudWatchPromptLog(session.client("logs", config=fast), settings.prompt_log_group)
    connect = session.client("connect", config=fast)
    return Services(
        settings=settings,
        private_key=private_key.get,
        payments=payments,
        audit=audit,
        bedrock=bedrock,
        prompt_log=prompt_log,
        ledger=ledger,
        recording=RecordingControl(connect),
        contact_attributes=ContactAttributes(connect),
    )
