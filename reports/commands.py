"""``spc report`` renders and signs an evidence report; ``spc verify`` checks one offline (arguments in
``reports.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reports.annotate import load_overlay
from reports.errors import CardDataInReport, ReportError, SigningError
from reports.model.runs import read_run_file
from reports.remediate.record import remediated_in, verify_records
from reports.render import FILES, PDF_HINT, build_report, parse_formats, pdf_available
from reports.signing import KmsSigner, LocalSigner, Signer, load_trust, verify_directory
from scanners.aws import default_clients

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient

UNTRUSTED = 3  # valid bytes and signature, but nobody said to trust the signer


def cmd_verify(args: argparse.Namespace) -> int:
    pinned = None
    trusted: set[str] = set()
    try:
        if args.public_key:
            pinned = args.public_key.read_bytes()
        if args.trust:
            trusted = load_trust(args.trust)
    except OSError as exc:
        print(f"spc verify: --public-key {args.public_key}: cannot be read ({exc.strerror})")
        return 1
    except SigningError as exc:
        print(f"spc verify: {exc}")
        return 1
    records, record_problems = verify_records(args.directory, pinned)  # signed remediation records, if any
    for problem in record_problems:
        print(f"FAIL {problem}")
    if records:
        print(f"{'FAIL' if record_problems else 'OK  '} {records} remediation record(s) checked")
        if not (args.directory / "manifest.json").exists():
            return 1 if record_problems else 0
    result = verify_directory(args.directory, public_key_pem=pinned, previous=args.previous, trusted=trusted)
    for problem in result.problems:
        print(f"FAIL {problem}")
    if not result.ok or record_problems:
        return 1
    print(f"OK   {result.files_checked} files match the manifest signed by key {result.key_fingerprint}")
    if result.trusted:
        return 0
    print(f"UNTRUSTED signer: the bytes and signature are valid, but the key was only the one shipped in the "
          f"directory. Pin it: spc verify {args.directory} --public-key KEY.pem, or --trust FILE listing "
          f"{result.key_fingerprint}")
    return UNTRUSTED


def _non_empty(path: Path) -> bool:
    try:
        return path.exists() and (not path.is_dir() or any(path.iterdir()))
    except OSError:
        return True


def _kms_client() -> KMSClient:
    return default_clients("kms")  # a missing region is a ConfigError naming it


def cmd_report(args: argparse.Namespace) -> int:
    if _non_empty(args.out):
        print(f"spc report: refused: --out {args.out} is not empty; earlier evidence is never overwritten "
              "(choose a new directory)", file=sys.stderr)
        return 2
    try:
        formats = parse_formats(args.format)
        runs = [read_run_file(p) for p in args.runs]
        signer: Signer | None = None
        if args.kms_key_id:
            signer = KmsSigner(_kms_client(), args.kms_key_id)
        elif args.key_file:
            signer = LocalSigner(args.key_file)
        notes = load_overlay(args.annotations) if args.annotations else []
        model = build_report(runs, args.out, formats=formats, signer=signer, previous=args.previous,
                             waivers=args.waivers, remediated=remediated_in(args.remediation),
                             prepared_by=args.prepared_by, approved_by=args.approved_by, annotations=notes)
    except CardDataInReport as exc:
        print(f"spc report: refused: {exc}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"spc report: error: {exc}", file=sys.stderr)
        return 2
    print(f"{model.banner} ({model.verdict}): {len(model.findings)} finding(s), "
          f"{model.summary['canaries_found']}/{model.summary['canaries']} canaries found")
    for reason in model.reasons:
        print(f"  - {reason}")
    if "pdf" in formats and not pdf_available():
        print(f"spc report: {PDF_HINT}", file=sys.stderr)
    print(f"report: {args.out / FILES[formats[0]]} (signed manifest in {args.out})")
    return 0
