"""What the evidence job is told: the nightly scan settings, where canaries go, and the scope of the controls.

Read from the environment the SAM template gives the nightly function (``JobConfig.from_env``), or built directly by
``spc demo`` for the local stack. Canary locations must stay inside the canary namespaces
(``reports.evidence.canary``) so they never mix with real data.

Environment, besides ``scanners.jobs.nightly.Settings``'s: ``CANARY_KINDS`` (comma-separated, default every kind;
``none`` to plant nothing), ``CANARY_LOG_GROUP_PREFIX`` (``/spc/canary/``), ``CANARY_S3_URI``
(``s3://BUCKET/spc-canary/``, needed for the s3 and recordings kinds), and the controls' scope:
``CONTROL_BUCKETS``, ``CONTROL_KMS_KEYS``, ``CONTROL_LOG_GROUPS``, ``CONTROL_FUNCTIONS``, ``CONTROL_FLOWS``
(comma-separated names, ARNs or paths) and ``CONTROL_BEDROCK`` (``true`` to check invocation logging);
``SECURITY_HUB_IMPORT`` (``true`` to import the findings into Security Hub; off by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reports.errors import ReportError
from reports.evidence.canary import KEY_PREFIX, KINDS, LOG_GROUP_PREFIX
from scanners.jobs.nightly import Settings

S3_KINDS = ("s3", "recordings")
CONTROL_KEYS = {"CONTROL_BUCKETS": "buckets", "CONTROL_KMS_KEYS": "kms_keys", "CONTROL_LOG_GROUPS": "log_groups",
                "CONTROL_FUNCTIONS": "functions", "CONTROL_FLOWS": "flows"}


@dataclass(frozen=True, slots=True)
class CanaryPlan:
    """Which source kinds get canaries, and where: log groups under ``log_group_prefix``, objects under ``s3_uri``."""

    kinds: tuple[str, ...] = KINDS
    log_group_prefix: str = LOG_GROUP_PREFIX
    s3_uri: str = ""

    def __post_init__(self) -> None:
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown:
            raise ReportError(f"CANARY_KINDS: expected some of {', '.join(KINDS)} (or none)")
        if not self.log_group_prefix.startswith(LOG_GROUP_PREFIX):
            raise ReportError(f"CANARY_LOG_GROUP_PREFIX: expected a prefix under {LOG_GROUP_PREFIX}")
        if any(k in S3_KINDS for k in self.kinds):
            bucket, _, prefix = self.s3_uri.removeprefix("s3://").partition("/")
            if not self.s3_uri.startswith("s3://") or not bucket or not prefix.startswith(KEY_PREFIX):
                raise ReportError(f"CANARY_S3_URI: expected s3://BUCKET/{KEY_PREFIX} for s3 and recordings canaries")

    def location(self, kind: str) -> str:
        """The log group or ``s3://`` folder of one kind's canaries."""
        if kind in S3_KINDS:
            return f"{self.s3_uri.rstrip('/')}/{kind}/"
        return f"{self.log_group_prefix.rstrip('/')}/{kind}"


@dataclass(frozen=True, slots=True)
class JobConfig:
    nightly: Settings
    canaries: CanaryPlan
    controls: Mapping[str, Any] = field(default_factory=dict)
    not_emulated: Mapping[str, str] = field(default_factory=dict)  # control id -> why the local stack cannot show it
    run_by: str = ""
    security_hub: bool = False  # import the findings into Security Hub (SECURITY_HUB_IMPORT=true)

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, require_targets: bool = True) -> JobConfig:
        raw_kinds = env.get("CANARY_KINDS", ",".join(KINDS)).strip()
        kinds = () if raw_kinds.lower() == "none" else tuple(k.strip() for k in raw_kinds.split(",") if k.strip())
        plan = CanaryPlan(kinds, env.get("CANARY_LOG_GROUP_PREFIX") or LOG_GROUP_PREFIX, env.get("CANARY_S3_URI", ""))
        controls: dict[str, Any] = {key: _names(env.get(var, "")) for var, key in CONTROL_KEYS.items()}
        controls["bedrock"] = env.get("CONTROL_BEDROCK", "").strip().lower() == "true"
        settings = Settings.from_env(env, require_targets=require_targets)
        return cls(settings, plan, controls, run_by=env.get("AWS_LAMBDA_FUNCTION_NAME", ""),
                   security_hub=env.get("SECURITY_HUB_IMPORT", "").strip().lower() == "true")


def _names(raw: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in raw.split(",") if n.strip())
