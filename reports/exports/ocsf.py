"""OCSF Data Security Finding (class 2006, category Findings) events, one per finding, as a JSON array."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reports.exports._common import moment, severity, stable_uuid

if TYPE_CHECKING:
    from reports.model.core import ReportModel

NAME, FILE, TITLE = "ocsf", "findings.ocsf.json", "OCSF Data Security Findings"
OCSF_VERSION = "1.1.0"
_SEVERITY_ID = {"INFORMATIONAL": 1, "LOW": 2, "MEDIUM": 3, "HIGH": 4, "CRITICAL": 5}
_STATUS_ID = {"new": 1, "known": 2, "waived": 3}  # New, In Progress, Suppressed


def _ms(text: str) -> int:
    return int(moment(text).timestamp() * 1000)


def event(report: ReportModel, f: Any) -> dict[str, Any]:
    sev = severity(f.type, f.test_card)
    waived = f.status == "waived"
    return {
        "metadata": {"version": OCSF_VERSION, "product": {"name": report.scope.tool, "vendor_name": "Smart Payment "
                     "Caller", "version": report.scope.tool_version}, "uid": stable_uuid("ocsf", f.fingerprint,
                                                                                        f.where),
                     "labels": ["test-card"] if f.test_card else []},
        "category_uid": 2, "category_name": "Findings", "class_uid": 2006, "class_name": "Data Security Finding",
        "activity_id": 4 if waived else 1, "activity_name": "Suppressed" if waived else "Create",
        "type_uid": 200600 + (4 if waived else 1), "severity_id": _SEVERITY_ID[sev], "severity": sev.title(),
        "time": _ms(f.last_seen), "status_id": _STATUS_ID.get(f.status, 99), "status": f.status,
        "finding_info": {"uid": f.ref + ":" + f.fingerprint, "title": f"{f.type} in {f.source}",
                         "desc": f"{f.type} ({f.masked}) at {f.where}", "first_seen_time": _ms(f.first_seen),
                         "last_seen_time": _ms(f.last_seen), "types": [f.type], "data_sources": [f.source]},
        "data_security": {"category_id": 3, "category": "Financial", "detection_system_id": 99,
                          "detection_system": "spc content scan", "detection_pattern": f.detector,
                          "data_lifecycle_state_id": 1, "data_lifecycle_state": "Data at-Rest",
                          "pattern_match": f.masked},
        "resources": [{"uid": f.where, "type": f.source, "region": report.scope.region}],
        "cloud": {"provider": "AWS", "region": report.scope.region, "account": {"uid": report.scope.account}},
    }


def render(report: ReportModel) -> str:
    return json.dumps([event(report, f) for f in report.findings], indent=2) + "\n"
