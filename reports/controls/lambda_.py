"""Lambda controls: no secrets or card data in environment variables; Powertools event logging off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reports.controls import Check, Outcome, control
from scanners.engine.core import default_engine

if TYPE_CHECKING:
    from mypy_boto3_lambda import LambdaClient


def _variables(client: LambdaClient, function: str) -> dict[str, str]:
    config = client.get_function_configuration(FunctionName=function)
    return dict((config.get("Environment") or {}).get("Variables") or {})


@control("lambda_env_secrets", "Lambda environment holds no credentials or card data (names shown, never values)",
         ["8.6.2"])
def check_lambda_env_secrets(client: LambdaClient, function: str) -> Outcome:
    engine = default_engine()
    variables = _variables(client, function)
    flagged = {}
    for name, value in sorted(variables.items()):
        types = sorted({span.type for span in engine.scan_text(f"{name}={value}")})
        if types:
            flagged[name] = ", ".join(types)
    return not flagged, {"function": function, "variables": sorted(variables), "flagged": flagged}


@control("lambda_log_event", "Lambda does not log incoming events (POWERTOOLS_LOGGER_LOG_EVENT off)", ["3.3.1"])
def check_lambda_log_event(client: LambdaClient, function: str) -> Outcome:
    value = _variables(client, function).get("POWERTOOLS_LOGGER_LOG_EVENT", "")
    on = value.strip().lower() in ("true", "1", "yes", "on")
    return not on, {"function": function, "POWERTOOLS_LOGGER_LOG_EVENT": "true" if on else (value or "unset")}


RESOURCES = "functions"
SERVICE = "lambda"
CHECKS: list[Check] = [check_lambda_env_secrets, check_lambda_log_event]
