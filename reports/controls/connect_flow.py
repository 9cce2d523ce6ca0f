"""Connect control: the contact flow export passes the PCI flow lint (``ivr.flowlint.lint``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reports.controls import Check, Outcome, control


@control("connect_flow_lint", "Connect flow keeps card capture out of logs, recordings and attributes",
         ["3.3.1", "3.3.1.2"])
def check_connect_flow(client: Any, flow: str | Path | Mapping[str, Any]) -> Outcome:
    try:
        from ivr.flowlint.lint import lint_file, lint_flow
    except ImportError:
        return "error", {"reason": "not available: the flow linter (ivr.flowlint.lint) is not installed"}
    if isinstance(flow, Mapping):
        name, problems = str(flow.get("Metadata", {}).get("name", "flow")), lint_flow(flow)
    else:
        name, problems = Path(flow).name, lint_file(flow)
    return not problems, {"flow": name, "problems": [str(p) for p in problems]}


CHECKS: list[Check] = [check_connect_flow]
