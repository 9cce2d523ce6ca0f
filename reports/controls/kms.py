"""KMS control: automatic rotation of a symmetric encryption key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reports.controls import Check, Outcome, control

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient


@control("kms_rotation", "KMS key material rotates automatically", ["3.5.1.1", "3.7.4"])
def check_kms_rotation(client: KMSClient, key_id: str) -> Outcome:
    meta = client.describe_key(KeyId=key_id)["KeyMetadata"]
    spec = meta.get("KeySpec") or meta.get("CustomerMasterKeySpec", "")
    evidence: dict[str, Any] = {"key": meta.get("Arn", key_id), "key_spec": spec, "key_state": meta.get("KeyState")}
    if spec != "SYMMETRIC_DEFAULT":
        evidence["reason"] = "automatic rotation applies to symmetric encryption keys only"
        return "error", evidence
    status = client.get_key_rotation_status(KeyId=key_id)
    evidence["rotation_enabled"] = bool(status.get("KeyRotationEnabled"))
    if "RotationPeriodInDays" in status:
        evidence["rotation_period_days"] = status["RotationPeriodInDays"]
    return evidence["rotation_enabled"], evidence


RESOURCES = "kms_keys"
SERVICE = "kms"
CHECKS: list[Check] = [check_kms_rotation]
