"""Connect control: the contact flow passes the PCI flow lint (``ivr.flowlint.lint``).

A flow is named by a file path (an export), a flow dict, or a contact-flow ARN
(``arn:aws:connect:REGION:ACCOUNT:instance/ID/contact-flow/ID``), whose published content is read with
``DescribeContactFlow`` — the flow Connect runs, not the file it was deployed from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ivr.flowlint.lint import lint_file, lint_flow
from reports.controls import Check, Outcome, control

if TYPE_CHECKING:
    from mypy_boto3_connect import ConnectClient

_ARN_PARTS = 4  # instance / ID / contact-flow / ID


def _deployed(client: ConnectClient, arn: str) -> tuple[str, Any]:
    parts = arn.split(":", 5)[-1].split("/")
    if len(parts) != _ARN_PARTS or parts[0] != "instance" or parts[2] != "contact-flow":
        raise ValueError("flow: expected arn:aws:connect:REGION:ACCOUNT:instance/ID/contact-flow/ID")
    flow = client.describe_contact_flow(InstanceId=parts[1], ContactFlowId=parts[3])["ContactFlow"]
    return str(flow.get("Name") or parts[3]), json.loads(flow["Content"])


@control("connect_flow_lint", "Connect flow keeps card capture out of logs, recordings and attributes",
         ["3.3.1", "3.3.1.2"])
def check_connect_flow(client: ConnectClient, flow: str | Path | Mapping[str, Any]) -> Outcome:
    if isinstance(flow, Mapping):
        name, problems = str(flow.get("Metadata", {}).get("name", "flow")), lint_flow(flow)
    elif isinstance(flow, str) and flow.startswith("arn:"):
        name, content = _deployed(client, flow)
        problems = lint_flow(content)
    else:
        name, problems = Path(flow).name, lint_file(flow)
    return not problems, {"flow": name, "problems": [str(p) for p in problems]}


RESOURCES = "flows"
SERVICE = "connect"
CHECKS: list[Check] = [check_connect_flow]
