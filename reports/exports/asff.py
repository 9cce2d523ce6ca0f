"""AWS Security Hub findings (ASFF, ``AwsSecurityFinding``), one per finding: the ``Findings`` list of a
``BatchImportFindings`` call. Account ``not recorded`` becomes ``000000000000`` (ASFF requires an account id)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from reports.exports._common import iso, severity

if TYPE_CHECKING:
    from reports.model.core import ReportModel

NAME, FILE, TITLE = "asff", "findings.asff.json", "AWS Security Hub findings (ASFF)"
_TEST = {False: " (published test card)", True: " (documentation example key)"}
_RESOURCE = {"s3": "AwsS3Bucket", "cloudwatch": "AwsLogsLogGroup", "bedrock": "Other", "recordings": "AwsS3Bucket"}


def finding(report: ReportModel, f: Any) -> dict[str, Any]:
    s = report.scope
    account = s.account if re.fullmatch(r"\d{12}", s.account) else "000000000000"
    region = s.region if re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", s.region) else "us-east-1"
    product = f"arn:aws:securityhub:{region}:{account}:product/{account}/default"
    sev = severity(f.type, f.test_card)
    return {
        "SchemaVersion": "2018-10-08", "Id": f"spc/{f.fingerprint}/{f.ref}", "ProductArn": product,
        "GeneratorId": f"spc-detector-{f.detector}", "AwsAccountId": account,
        "Types": ["Sensitive Data Identifications/Financial/CreditCardNumber"],
        "CreatedAt": iso(f.first_seen), "UpdatedAt": iso(f.last_seen), "FirstObservedAt": iso(f.first_seen),
        "LastObservedAt": iso(f.last_seen), "Severity": {"Label": sev},
        "Title": f"Card data ({f.type}) found in {f.source}" + (_TEST[f.type == "credential"] if f.test_card else ""),
        "Description": f"{f.type} {f.masked} at {f.where}. Values are masked; fingerprint {f.fingerprint}."[:1024],
        "Resources": [{"Type": _RESOURCE.get(f.source, "Other"), "Id": f.where[:512], "Region": region}],
        "Compliance": {"Status": "FAILED" if f.status != "waived" else "WARNING",
                       "RelatedRequirements": ["PCI DSS v4.0.1/3.5.1", "PCI DSS v4.0.1/12.10.7"]},
        "Workflow": {"Status": "SUPPRESSED" if f.status == "waived" else "NEW"},
        "RecordState": "ACTIVE", "ProductFields": {"spc/run_id": s.run_id, "spc/ref": f.ref,
                                                   "spc/test_card": str(f.test_card).lower()},
    }


def render(report: ReportModel) -> str:
    return json.dumps([finding(report, f) for f in report.findings], indent=2) + "\n"
