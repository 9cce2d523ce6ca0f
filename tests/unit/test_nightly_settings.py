"""Nightly settings from the environment and the event: defaults, and bad values named without echoing them."""

from __future__ import annotations

import pytest

from reports.evidence.handler import nightly as handler
from scanners.errors import ConfigError
from scanners.jobs.nightly import Settings


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SCAN_TARGETS": "a, b,", "EVIDENCE_BUCKET": "ev"},
         {"targets": ("a", "b"), "evidence_prefix": "runs/", "checkpoint_uri": "s3://ev/checkpoints/nightly.json",
          "topic_arn": None, "settle_ms": 900_000, "retention_days": 365, "lock_mode": "COMPLIANCE"}),
        ({"SCAN_TARGETS": "a", "EVIDENCE_BUCKET": "ev", "EVIDENCE_PREFIX": "/nightly/runs/",
          "CHECKPOINT_URI": "/var/cp.json", "ALERT_TOPIC_ARN": "arn:t", "SCAN_SETTLE_SECONDS": "0",
          "EVIDENCE_RETENTION_DAYS": "30", "EVIDENCE_LOCK_MODE": "GOVERNANCE"},
         {"targets": ("a",), "evidence_prefix": "nightly/runs/", "checkpoint_uri": "/var/cp.json",
          "topic_arn": "arn:t", "settle_ms": 0, "retention_days": 30, "lock_mode": "GOVERNANCE"}),
    ],
)
def test_settings_from_env(env: dict[str, str], expected: dict[str, object]) -> None:
    settings = Settings.from_env(env)
    assert {name: getattr(settings, name) for name in expected} == expected


def test_targets_may_be_left_out_when_only_publishing() -> None:
    assert Settings.from_env({"EVIDENCE_BUCKET": "ev"}, require_targets=False).targets == ()


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({}, "SCAN_TARGETS"),
        ({"SCAN_TARGETS": " , "}, "SCAN_TARGETS"),
        ({"SCAN_TARGETS": "bedrock"}, "EVIDENCE_BUCKET"),
        ({"SCAN_TARGETS": "bedrock", "EVIDENCE_BUCKET": "b", "SCAN_SETTLE_SECONDS": "-5"}, "SCAN_SETTLE_SECONDS"),
        ({"SCAN_TARGETS": "bedrock", "EVIDENCE_BUCKET": "b", "EVIDENCE_LOCK_MODE": "STRICT"}, "EVIDENCE_LOCK_MODE"),
        ({"SCAN_TARGETS": "bedrock", "EVIDENCE_BUCKET": "b", "EVIDENCE_RETENTION_DAYS": "1y"},
         "EVIDENCE_RETENTION_DAYS"),
    ],
)
def test_bad_settings_name_the_variable_not_the_value(env: dict[str, str], field: str) -> None:
    with pytest.raises(ConfigError, match=f"^{field}: expected") as info:
        Settings.from_env(env)
    for value in env.values():
        if value.strip(" ,") and value not in ("bedrock", "b"):
            assert value not in str(info.value)


def test_bad_event_targets_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAN_TARGETS", "bedrock")
    monkeypatch.setenv("EVIDENCE_BUCKET", "b")
    monkeypatch.setenv("CANARY_KINDS", "none")
    with pytest.raises(ConfigError, match=r"^event\.targets: expected"):
        handler({"targets": "bedrock"}, None)
