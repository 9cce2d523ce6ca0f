"""What changed since the previous report: verdict, findings opened and closed, requirement rows, scope and coverage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _findings(report: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {(str(f.get("fingerprint")), str(f.get("where"))): f for f in report.get("findings") or ()
            if isinstance(f, Mapping)}


def _statuses(report: Mapping[str, Any]) -> dict[str, str]:
    return {str(r.get("id")): str(r.get("status")) for r in report.get("requirements") or () if isinstance(r, Mapping)}


def changes(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-ready comparison of ``current`` (this report's dict) with ``previous`` (the last report.json)."""
    if not previous:
        return {"previous": None, "lines": ["no previous report was given (--previous): nothing to compare"]}
    before, after = _findings(previous), _findings(current)
    opened = sorted(str(after[k].get("ref")) for k in after.keys() - before.keys())
    closed = sorted(str(before[k].get("ref")) for k in before.keys() - after.keys())
    old_req, new_req = _statuses(previous), _statuses(current)
    moved = [{"id": i, "from": old_req.get(i, "absent"), "to": s} for i, s in new_req.items() if old_req.get(i) != s]
    old_targets = set((previous.get("scope") or {}).get("targets") or ())
    new_targets = set((current.get("scope") or {}).get("targets") or ())
    old_items = int((previous.get("summary") or {}).get("items_scanned") or 0)
    new_items = int((current.get("summary") or {}).get("items_scanned") or 0)
    lines = [f"verdict {previous.get('banner', '?')} -> {current.get('banner', '?')}",
             f"{len(opened)} finding(s) new since the previous report, {len(closed)} no longer present",
             f"items scanned {old_items:,} -> {new_items:,}"]
    lines += [f"requirement {m['id']}: {m['from']} -> {m['to']}" for m in moved]
    lines += [f"target added: {t}" for t in sorted(new_targets - old_targets)]
    lines += [f"target removed: {t}" for t in sorted(old_targets - new_targets)]
    return {"previous": str((previous.get("scope") or {}).get("run_id") or ""), "opened": opened, "closed": closed,
            "requirements": moved, "targets_added": sorted(new_targets - old_targets),
            "targets_removed": sorted(old_targets - new_targets), "lines": lines}
