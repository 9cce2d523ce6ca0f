"""Plan or apply the remediation of a run's findings, item by item, then re-scan what was changed.

Each item goes to the module of its store (``s3``, ``recordings``, ``cloudwatch``; Bedrock logs go to the store
they were read from). After ``--apply`` every item is re-scanned with the scanner's own source, and an item is
``remediated`` only when no step was refused, failed, in conflict or not run, no stored version still holds a
value, and that re-scan is clean for the item's values.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from reports.remediate.cloudwatch import remediate_stream
from reports.remediate.items import Item
from reports.remediate.recordings import silence_offsets
from reports.remediate.s3 import remediate_object
from reports.remediate.steps import Context, Step, rescan_result
from scanners.engine.pipeline import run_scan
from scanners.sources.base import Source
from scanners.sources.cloudwatch import CloudWatchSource
from scanners.sources.recordings import RecordingsSource
from scanners.sources.s3 import S3Source

BLOCKING = ("refused", "failed", "conflict", "not-run")


def remediate_item(item: Item, ctx: Context) -> dict[str, Any]:
    steps: list[Step]
    if item.store == "cloudwatch":
        steps, counts = remediate_stream(item, ctx)
    else:
        address, fps, name = item.address, item.fingerprints, item.name
        if item.store == "recordings":
            offsets = [float(f["location"].get("offset_seconds", -1)) for f in item.findings]
            steps, counts = remediate_object(item, ctx, lambda data: silence_offsets(data, offsets, name),
                                             lambda data: ctx.matcher.held("recordings", address, data))
        else:
            steps, counts = remediate_object(item, ctx, lambda data: ctx.matcher.mask_bytes(data, fps, address),
                                             lambda data: ctx.matcher.held("s3", address, data))
    out: dict[str, Any] = {
        "item": item.name, "store": item.store, "sources": item.sources, "fingerprints": sorted(item.fingerprints),
        "steps": [s.to_dict() for s in steps], "counts": counts,
    }
    statuses = {s.status for s in steps}
    blocked = [s for s in BLOCKING if s in statuses]
    if not ctx.apply:
        out["status"] = blocked[0] if blocked else "ready"
        return out
    out["rescan"] = rescan(item, ctx)
    left = counts.get("versions_holding_after", 0)
    clean = out["rescan"]["verdict"] == "clean" and not left
    out["status"] = "remediated" if clean and not blocked else (blocked[0] if blocked else "not-clean")
    return out


def rescan(item: Item, ctx: Context) -> dict[str, Any]:
    """The item scanned again by the scanner's own source; only findings in this item count."""
    first, second = item.address
    source: Source
    if item.store == "cloudwatch":
        source = CloudWatchSource(ctx.clients("logs"), first, exact=True)
    elif item.store == "recordings":
        source = RecordingsSource(ctx.clients("s3"), first, second)
    else:
        source = S3Source(ctx.clients("s3"), first, keys=[second])
    result = run_scan([source], engine=ctx.matcher.engine, fingerprinter=ctx.matcher.fingerprinter)
    mine = [f for f in result.findings if _in_item(item, f.location)]
    coverage = [c for c in result.coverage if item.store == "cloudwatch" or c.location.get("key") in (None, second)]
    return rescan_result(item.fingerprints, mine, coverage)


def _in_item(item: Item, location: Mapping[str, Any]) -> bool:
    if item.store == "cloudwatch":
        return location.get("log_stream") == item.address[1]
    return location.get("key") == item.address[1]


def overall(items: list[dict[str, Any]], unsupported: list[str], apply: bool) -> str:
    if not items and not unsupported:
        return "nothing-to-do"
    if apply:
        done = all(i["status"] == "remediated" for i in items) and not unsupported
        return "remediated" if done else "partial" if any(i["status"] == "remediated" for i in items) else "failed"
    return "ready" if all(i["status"] == "ready" for i in items) and not unsupported else "blocked"


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
