"""``spc trace RUN.json`` and ``spc remediate RUN.json (--plan | --apply)``: their arguments (the commands are in
``reports.remediate.commands``, imported only when one runs).

trace: exit 0 when every chosen finding was traced, 1 when a look-up failed for one, 2 when it could not run.
remediate --plan: 0 when every item can be remediated, 1 when one is refused or in conflict, 2 could not run.
remediate --apply: 0 when every item is remediated (re-scan clean), 1 otherwise, 2 could not run; the signed
record is written in both cases where anything was attempted.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    t = sub.add_parser("trace", help="tie each finding of a run to the code, flow or principal that wrote it")
    t.add_argument("run", type=Path, metavar="RUN.json")
    t.add_argument("--finding", action="append", default=[], metavar="FINGERPRINT", help="only this finding")
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.set_defaults(func="reports.remediate.commands:cmd_trace")
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
    r.set_defaults(func="reports.remediate.commands:cmd_remediate")
