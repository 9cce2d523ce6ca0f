"""``spc demo --leak-drill --remediate``: the drill's findings traced, planned, applied and re-scanned.

Runs on the demo's started local stack, after its nightly scan: the run JSON, the trace, the plan and the signed
record go to ``DIR/remediation/`` (so the report's signed manifest covers them); canary findings are left alone
(they are planted on purpose each night). The nightly scan then runs again over the same targets, and the
drill's items must be clean in it. Masked stream copies go to the evidence bucket under ``quarantine/``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.remediate.items import store_of
from reports.remediate.record import Remediated, remediated_in
from reports.remediate.run import TraceOptions, remediate, trace
from reports.signing import Signer
from scanners.aws import ClientFactory

CANARY_GROUPS = "/spc/canary/"


@dataclass
class DrillOutcome:
    traced: list[dict[str, Any]]
    plan: dict[str, Any]
    record: dict[str, Any]
    record_path: Path | None
    rescan_left: list[str] = field(default_factory=list)  # drill items still holding card data after the re-scan

    @property
    def remediated(self) -> Remediated | None:
        return remediated_in(self.record_path.parent) if self.record_path else None


def not_canary(canary_bucket: str) -> Callable[[Mapping[str, Any]], bool]:
    def keep(finding: Mapping[str, Any]) -> bool:
        loc = finding["location"]
        return not str(loc.get("log_group", "")).startswith(CANARY_GROUPS) and loc.get("bucket") != canary_bucket

    return keep


def remediation_drill(
    clients: ClientFactory, run: Mapping[str, Any], names: Mapping[str, str], out: Path,
    rescan: Callable[[], Mapping[str, Any]], *, signer: Signer | None = None,
) -> DrillOutcome:
    """Trace, plan, apply (bypassing the audit bucket's one-day GOVERNANCE retention) and re-scan."""
    folder = out / "remediation"
    folder.mkdir(parents=True, exist_ok=True)
    run_path = folder / "run.json"
    run_path.write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    keep = not_canary(names["canary_bucket"])
    traced = trace(TraceOptions(run_path, keep=keep), clients)
    (folder / "trace.json").write_text(json.dumps(traced, indent=2, default=str) + "\n", encoding="utf-8")
    args = argparse.Namespace(run=run_path, finding=[], all=True, plan=True, apply=False, out=folder,
                              quarantine=f"s3://{names['evidence_bucket']}/quarantine", bypass_governance=True,
                              kms_key_id=names["scanner_key"], key_file=None, signing_key=None)
    plan, _ = remediate(args, record_id="plan", clients=clients, keep=keep)
    (folder / "plan.json").write_text(json.dumps(plan, indent=2, default=str) + "\n", encoding="utf-8")
    args.plan, args.apply = False, True
    record, path = remediate(args, record_id=f"{run.get('run_id') or 'drill'}", clients=clients, signer=signer,
                             keep=keep)
    after = rescan()
    drill_items = {where for f in run.get("findings", []) if keep(f) and (where := store_of(f))}
    left = sorted({f"{w[0]}:{'/'.join(w[1])}" for f in after.get("findings", [])
                   if keep(f) and (w := store_of(f)) in drill_items})
    (folder / "rescan.json").write_text(json.dumps({"verdict_of_drill_items": "leaks" if left else "clean",
                                                    "items_left": left}, indent=2) + "\n", encoding="utf-8")
    return DrillOutcome(traced, plan, record, path, left)
