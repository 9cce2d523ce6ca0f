"""``spc trace RUN.json`` and ``spc remediate RUN.json (--plan | --apply)``.

trace: exit 0 when every chosen finding was traced, 1 when a look-up failed for one, 2 when it could not run.
remediate --plan: 0 when every item can be remediated, 1 when one is refused or in conflict, 2 could not run.
remediate --apply: 0 when every item is remediated (re-scan clean), 1 otherwise, 2 could not run; the signed
record is written in both cases where anything was attempted.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from reports.errors import ReportError
from reports.remediate.run import TraceOptions, remediate, trace
from scanners.errors import ScanError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    t = sub.add_parser("trace", help="tie each finding of a run to the code, flow or principal that wrote it")
    t.add_argument("run", type=Path, metavar="RUN.json")
    t.add_argument("--finding", action="append", default=[], metavar="FINGERPRINT", help="only this finding")
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.set_defaults(func=cmd_trace)
    r = sub.add_parser("remediate", help="plan or apply the removal of a run's findings, with a signed record")
    r.add_argument("run", type=Path, metavar="RUN.json")
    r.add_argument("--finding", action="append", default=[], metavar="FINGERPRINT", help="a finding to remediate")
    r.add_argument("--all", action="store_true", help="every finding of the run")
    mode = r.add_mutually_exclusive_group(required=True)
    mode.add_argument("--plan", action="store_true", help="list each action and what it needs; change nothing")
    mode.add_argument("--apply", action="store_true", help="do it, each step pinned to what was scanned")
    r.add_argument("--quarantine", metavar="s3://BUCKET/PREFIX", help="where masked copies of log streams go")
    r.add_argument("--bypass-governance", action="store_true",
                   help="delete versions under GOVERNANCE retention (needs s3:BypassGovernanceRetention)")
    r.add_argument("--out", type=Path, default=Path("remediation"), help="directory for the signed record")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.add_argument("--key-file", type=Path, help="the scan's fingerprint key file")
    r.add_argument("--kms-key-id", help="the scan's KMS HMAC fingerprint key")
    r.add_argument("--signing-key", type=Path, help="EC P-256 key that signs the record (default: the report key)")
    r.set_defaults(func=cmd_remediate)


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
