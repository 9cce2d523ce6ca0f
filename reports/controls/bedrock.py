"""Bedrock control: model-invocation logging sends prompts and outputs somewhere the nightly scan reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reports.controls import Check, Outcome, control

if TYPE_CHECKING:
    from mypy_boto3_bedrock import BedrockClient


@control("bedrock_logging", "Bedrock model-invocation logging is on, with text delivered to a destination",
         ["10.2.1"])
def check_bedrock_logging(client: BedrockClient, resource: str = "model-invocation-logging") -> Outcome:
    config: Mapping[str, Any] = client.get_model_invocation_logging_configuration().get("loggingConfig") or {}
    group = (config.get("cloudWatchConfig") or {}).get("logGroupName", "")
    s3 = config.get("s3Config") or {}
    bucket = s3.get("bucketName", "")
    destination = f"s3://{bucket}/{s3.get('keyPrefix') or ''}" if bucket else ""
    text = config.get("textDataDeliveryEnabled")
    evidence = {"cloudwatch_log_group": group or "none", "s3_destination": destination or "none",
                "text_delivery": "on" if text is not False else "off"}
    return bool(group or bucket) and text is not False, evidence


RESOURCES = "bedrock"
SERVICE = "bedrock"
CHECKS: list[Check] = [check_bedrock_logging]
