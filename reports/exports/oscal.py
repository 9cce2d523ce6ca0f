"""OSCAL 1.1 assessment-results: one result for this report, an observation per requirement row and per finding,
and a finding per requirement row (``satisfied`` only when In Place; OSCAL has no "partially satisfied", so a
partially evidenced row is ``not-satisfied`` with the reason in its remarks)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from reports.exports._common import iso, stable_uuid

if TYPE_CHECKING:
    from reports.model.core import ReportModel

NAME, FILE, TITLE = "oscal", "assessment-results.oscal.json", "OSCAL assessment results"
OSCAL_VERSION = "1.1.2"
_REASON = {"In Place": "pass", "Not in Place": "fail"}  # Partially evidenced / Not Tested: "other"


def _control_id(req_id: str) -> str:
    return "pci-" + req_id.lower().replace(".", "-")


def render(report: ReportModel) -> str:
    s = report.scope
    run = s.run_id
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for r in report.requirements:
        obs = stable_uuid("oscal-obs", run, r.id)
        observations.append({"uuid": obs, "title": f"Evidence for {r.id}", "description": r.shows or "none",
                             "methods": ["TEST"], "collected": iso(s.finished if s.finished[:1].isdigit()
                                                                    else s.started),
                             "remarks": f"Not shown: {r.not_shown}"})
        findings.append({"uuid": stable_uuid("oscal-finding", run, r.id), "title": f"{r.id}: {r.status}",
                         "description": r.title, "target": {"type": "objective-id", "target-id": _control_id(r.id),
                                                           "status": {"state": "satisfied" if r.status == "In Place"
                                                                      else "not-satisfied",
                                                                      "reason": _REASON.get(r.status, "other"),
                                                                      "remarks": r.status}},
                         "related-observations": [{"observation-uuid": obs}],
                         "remarks": r.not_shown})
    for f in report.findings:
        observations.append({"uuid": stable_uuid("oscal-obs", run, f.fingerprint, f.where),
                             "title": f"{f.ref} {f.type} in {f.source}", "methods": ["TEST"],
                             "description": f"{f.masked} at {f.where} ({f.status}"
                                            + (", published test card)" if f.test_card else ")"),
                             "collected": iso(f.last_seen)})
    doc = {"assessment-results": {
        "uuid": stable_uuid("oscal-ar", run),
        "metadata": {"title": f"Card-data evidence report {run}", "last-modified": iso(s.generated),
                     "version": s.tool_version or "0", "oscal-version": OSCAL_VERSION,
                     "remarks": f"Prepared by {s.prepared_by}; approved by {s.approved_by}."},
        "import-ap": {"href": "#no-assessment-plan", "remarks": "No OSCAL assessment plan: the plan is the nightly "
                      "scan configuration recorded in report.json (scope, provenance)."},
        "results": [{"uuid": stable_uuid("oscal-result", run), "title": f"{report.standard}: {report.banner}",
                     "description": "; ".join(report.reasons) or "no reasons recorded", "start":
                     iso(s.window_start), "end": iso(s.window_end),
                     "reviewed-controls": {"control-selections": [{"include-controls": [
                         {"control-id": _control_id(r.id)} for r in report.requirements]}]},
                     "observations": observations, "findings": findings}],
    }}
    return json.dumps(doc, indent=2) + "\n"
