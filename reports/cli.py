"""``spc report RUN... --out DIR``, ``spc verify DIR``, and the auditor's kit ``spc sample`` / ``spc annotate``: the
arguments; the commands are in ``reports.commands`` and ``reports.annotate``, imported only when one runs."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    r = sub.add_parser("report", help="render and sign an evidence report from run JSON (html, md, json, pdf)")
    r.add_argument("runs", nargs="+", type=Path, metavar="RUN.json", help="run JSON files; the newest is this run")
    r.add_argument("--out", type=Path, required=True, help="report directory to write")
    r.add_argument("--format", default="all", help="comma-separated: html, md, json, pdf, csv, population, ocsf, "
                   "asff, oscal (default all)")
    r.add_argument("--waivers", type=Path, help="waivers file (JSON or TOML)")
    r.add_argument("--previous", type=Path, help="previous report directory: chain the manifest, keep history")
    r.add_argument("--remediation", type=Path, metavar="DIR",
                   help="signed remediation records (spc remediate --out): their findings show as remediated")
    r.add_argument("--prepared-by", help="the person who ran and prepared this report (name, role)")
    r.add_argument("--approved-by", help="the person who approved this report (name, role)")
    r.add_argument("--annotations", type=Path, help="a signed assessor overlay (spc annotate) to carry forward")
    key = r.add_mutually_exclusive_group()
    key.add_argument("--key-file", type=Path, help="local EC P-256 signing key (default: $SPC_SIGNING_KEY or "
                     "~/.config/spc/signing.pem, created on first use)")
    key.add_argument("--kms-key-id", help="sign with this KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY)")
    r.set_defaults(func="reports.commands:cmd_report")
    p = sub.add_parser("verify", help="check a signed report directory offline (exit 0 valid and trusted, "
                       "1 not valid, 3 valid but the signer is not trusted)")
    p.add_argument("directory", type=Path)
    p.add_argument("--public-key", type=Path, help="trusted public key PEM to pin")
    p.add_argument("--trust", type=Path, metavar="FILE",
                   help="trusted signing-key fingerprints, one 'sha256:<hex>' a line")
    p.add_argument("--previous", type=Path, help="previous run's directory, to check the chain link")
    p.set_defaults(func="reports.commands:cmd_verify")


def register_kit(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    s = sub.add_parser("sample", help="draw a reproducible sample of a signed report's examined items")
    s.add_argument("directory", type=Path)
    s.add_argument("--seed", required=True, help="any text; the same seed gives the same sample")
    s.add_argument("--size", type=int, required=True)
    s.set_defaults(func="reports.annotate:cmd_sample")
    a = sub.add_parser("annotate", help="record the assessor's item statuses as a signed overlay of a report")
    a.add_argument("directory", type=Path, help="the signed report directory")
    a.add_argument("--statuses", type=Path, required=True, help="CSV or JSON: ref, status, note")
    a.add_argument("--by", required=True, help="the assessor (name, company)")
    a.add_argument("--out", type=Path, required=True, help="overlay directory to write")
    a.add_argument("--key-file", type=Path, required=True, help="the assessor's EC P-256 signing key (PEM)")
    a.set_defaults(func="reports.annotate:cmd_annotate")
