"""``spc demo [--out DIR] [--leak-drill] [--calls N] [--seed S] [--samples]``: the arguments only; the command is
``reports.demo.commands.cmd_demo``, imported when ``spc demo`` runs (it loads the local stack)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scanners.cli.main import call_count
from scanners.cli.output import FORMATS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo", help="run calls on the local stack, scan every source, and write a signed evidence report"
    )
    p.add_argument("--out", type=Path, help="report directory (default ./evidence); with --samples: a result file")
    p.add_argument("--leak-drill", action="store_true",
                   help="switch on the prototype's mistakes (card data in logs, audit, prompt and recording)")
    p.add_argument("--remediate", action="store_true",
                   help="then trace the findings, remediate them (plan, apply, signed record) and scan again")
    p.add_argument("--calls", type=call_count, default=12, help="number of calls (default 12)")
    p.add_argument("--seed", type=int, default=0, help="random seed for amounts and extra calls (default 0)")
    p.add_argument("--samples", action="store_true", help="instead, scan the bundled sample logs and print findings")
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="with --samples: output format")
    p.add_argument("--key-file", type=Path, help="with --samples: fingerprint key file")
    p.add_argument("--kms-key-id", help="with --samples: KMS HMAC key for fingerprints")
    p.add_argument("--backend", choices=("auto", "hyperscan", "re"), default="auto", help="with --samples")
    p.add_argument("--no-progress", action="store_true", help="with --samples: never show a progress bar")
    p.set_defaults(func="reports.demo.commands:cmd_demo")  # loads the local stack only when run


