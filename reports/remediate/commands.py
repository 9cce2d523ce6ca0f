"""The ``spc trace`` and ``spc remediate`` commands (arguments and exit codes: ``reports.remediate.cli``)."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

from reports.errors import ReportError
from reports.remediate.run import TraceOptions, remediate, trace
from scanners.errors import ScanError


def _fail(command: str, exc: Exception) -> int:
    print(f"spc {command}: could not run: {exc}", file=sys.stderr)
    return 2


def cmd_trace(args: argparse.Namespace) -> int:
    try:
        traced = trace(TraceOptions(run=args.run, findings=args.finding))
    except (ReportError, ScanError) as exc:
        return _fail("trace", exc)
    if args.format == "json":
        print(json.dumps(traced, indent=2, default=str))
    else:
        for t in traced:
            print(f"{t['source']:<11}{t['type']:<8}{t['masked']:<18}{t['fingerprint'][:24]}…")
            print(f"  origin: {_flat(t['origin'])}")
            print(f"  fix:    {t['fix']}")
            for note in t["notes"]:
                print(f"  note:   {note}")
    return 1 if any(n.startswith("lookup failed") for t in traced for n in t["notes"]) else 0


def _flat(origin: dict[str, Any]) -> str:
    return "; ".join(f"{k}={v}" for k, v in origin.items() if v not in (None, "", [], {}))


def cmd_remediate(args: argparse.Namespace) -> int:
    try:
        record, path = remediate(args, record_id=uuid.uuid4().hex[:12])
    except (ReportError, ScanError) as exc:
        return _fail("remediate", exc)
    if args.format == "json":
        print(json.dumps(record, indent=2, default=str))
    else:
        for item in record["items"]:
            print(f"{item['status'].upper():<11}{item['item']}")
            for step in item["steps"]:
                print(f"  [{step['status']}] {step['action']}: {step['detail']}  (needs {', '.join(step['needs'])})")
            if "rescan" in item:
                print(f"  re-scan: {item['rescan']['verdict']}")
        for line in record["unsupported"]:
            print(f"SKIPPED    {line}")
        print(f"{record['status']}: {len(record['items'])} item(s)" + (f"; signed record: {path}" if path else ""))
    ok = record["status"] in ("remediated", "ready", "nothing-to-do")
    return 0 if ok else 1
