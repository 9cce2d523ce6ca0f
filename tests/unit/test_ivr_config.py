"""Settings from the environment: every bad value names its variable; secrets cached, failures retried."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ivr.config import Cached, Settings, parameter_loader, secret_loader
from ivr.errors import ConfigError, DependencyError

BASE = {
    "CONNECT_KEY_SECRET_ID": "spc/connect/flow-key",
    "CONNECT_KEY_ID": "5f0e2c9a-6c1d-4b0e-9a51-0f1c2d3e4f50",
    "AUDIT_BUCKET": "audit",
    "STRIPE_KEY_PARAM": "/spc/stripe",
}


def test_defaults() -> None:
    settings = Settings.from_env(BASE)
    assert settings.amount_limit == Decimal("10000.00")
    assert settings.currency == "usd"
    assert settings.model_id is None and settings.idempotency_table is None and settings.hmac_key_id is None


def test_optional_values() -> None:
    env = {**BASE, "AMOUNT_LIMIT": "250.00", "CURRENCY": "GBP", "MODEL_ID": "arn:model", "IDEMPOTENCY_TABLE": "t",
           "HMAC_KEY_ID": "k", "STRIPE_API_BASE": "http://127.0.0.1:1", "PROMPT_LOG_GROUP": "/g"}
    settings = Settings.from_env(env)
    assert (settings.amount_limit, settings.currency, settings.model_id) == (Decimal("250.00"), "gbp", "arn:model")


@pytest.mark.parametrize("missing", sorted(BASE))
def test_missing_required_variable_is_named(missing: str) -> None:
    env = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        Settings.from_env(env)


@pytest.mark.parametrize(
    ("name", "value"),
    [("AMOUNT_LIMIT", "lots"), ("AMOUNT_LIMIT", "-1"), ("AMOUNT_LIMIT", "NaN"), ("CURRENCY", "dollars"),
     ("CURRENCY", "U$"), ("CONNECT_KEY_ID", "   "), ("POSTAL_CODE", "[0-9"), ("DUPLICATE_WINDOW_MINUTES", "soon"),
     ("DUPLICATE_WINDOW_MINUTES", "-5"), ("DUPLICATE_WINDOW_MINUTES", "5000"), ("TIMEZONE", "Mars/Olympus")],
)
def test_bad_values_are_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({**BASE, name: value})


def test_cached_value_retries_after_a_failure() -> None:
    calls: list[int] = []

    def load() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise DependencyError("secretsmanager GetSecretValue s: ServiceUnavailable")
        return "value"

    cached = Cached(load)
    assert cached.prefetch() is False
    assert cached.get() == "value"
    assert cached.get() == "value"
    assert len(calls) == 2
    assert "value" not in repr(cached)


class FakeSecrets:
    def __init__(self, response: dict[str, Any] | Exception) -> None:
        self.response = response

    def get_secret_value(self, SecretId: str) -> dict[str, Any]:
        if isinstance(self.response, Exception):
            raise self.response
        return self.response


def _client_error(code: str) -> Exception:
    err = ClientError({"Error": {"Code": code, "Message": "x"}}, "Operation")
    return err


def test_secret_loader_translates_errors() -> None:
    with pytest.raises(DependencyError, match="secretsmanager GetSecretValue s: ResourceNotFoundException"):
        secret_loader(FakeSecrets(_client_error("ResourceNotFoundException")), "s", "k")()
    with pytest.raises(ConfigError, match="expected a PEM private key"):
        secret_loader(FakeSecrets({"SecretString": "hunter2"}), "s", "k")()


class FakeSsm:
    def __init__(self, value: str | Exception) -> None:
        self.value = value

    def get_parameter(self, Name: str, WithDecryption: bool) -> dict[str, Any]:
        assert WithDecryption
        if isinstance(self.value, Exception):
            raise self.value
        return {"Parameter": {"Value": self.value}}


def test_parameter_loader() -> None:
    assert parameter_loader(FakeSsm(" sk_test_x \n"), "/p")() == "sk_test_x"
    with pytest.raises(DependencyError, match="ssm GetParameter /p: AccessDeniedException"):
        parameter_loader(FakeSsm(_client_error("AccessDeniedException")), "/p")()
    with pytest.raises(ConfigError, match="/p"):
        parameter_loader(FakeSsm(" "), "/p")()
