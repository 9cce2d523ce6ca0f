"""Optional: the nightly run's findings imported into AWS Security Hub (``BatchImportFindings``), off by default.

Turned on with ``SECURITY_HUB_IMPORT=true`` on the nightly function. The findings are the report's ASFF export
(``reports.exports.asff``: masked values and keyed fingerprints only, canary hits left out), sent in batches of 100
(the API's limit). What was imported and what failed is recorded in the run JSON, so the evidence says whether
the import happened; a failed import never fails the run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from reports.exports.asff import finding
from reports.model.core import build_model
from scanners.aws import ClientFactory, error_name

if TYPE_CHECKING:
    from mypy_boto3_securityhub.type_defs import AwsSecurityFindingTypeDef

log = logging.getLogger(__name__)
BATCH = 100  # BatchImportFindings accepts at most 100 findings per call


def import_findings(run: Mapping[str, Any], clients: ClientFactory) -> dict[str, Any]:
    """Import the run's findings; ``{"imported", "failed", "errors"}`` (error codes only, never values)."""
    model = build_model([run])
    findings = [finding(model, f) for f in model.findings]
    out: dict[str, Any] = {"imported": 0, "failed": 0, "errors": []}
    if not findings:
        return out
    hub = clients("securityhub")
    for start in range(0, len(findings), BATCH):
        batch = cast("list[AwsSecurityFindingTypeDef]", findings[start : start + BATCH])  # the ASFF export's shape
        try:
            answer = hub.batch_import_findings(Findings=batch)
        except Exception as exc:  # AccessDenied, not subscribed, throttled past retries: recorded, run goes on
            out["failed"] += len(batch)
            out["errors"].append(error_name(exc))
            log.error("Security Hub import failed: %s", error_name(exc))
            continue
        out["imported"] += int(answer.get("SuccessCount", 0))
        out["failed"] += int(answer.get("FailedCount", 0))
        out["errors"] += sorted({str(f.get("ErrorCode")) for f in answer.get("FailedFindings") or []})
    return out
