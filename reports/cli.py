"""``spc verify DIR``: check a report directory's signature and every file's digest, offline."""

from __future__ import annotations

import argparse
from pathlib import Path

from reports.signing import verify_directory


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("verify", help="check a signed report directory offline (exit 0 valid, 1 not)")
    p.add_argument("directory", type=Path)
    p.add_argument("--public-key", type=Path, help="trusted public key PEM to pin (default: the one shipped)")
    p.add_argument("--previous", type=Path, help="previous run's directory, to check the chain link")
    p.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    pinned = None
    if args.public_key:
        try:
            pinned = args.public_key.read_bytes()
        except OSError as exc:
            print(f"spc verify: --public-key {args.public_key}: cannot be read ({exc.strerror})")
            return 1
    result = verify_directory(args.directory, public_key_pem=pinned, previous=args.previous)
    for problem in result.problems:
        print(f"FAIL {problem}")
    if result.ok:
        print(f"OK   {result.files_checked} files match the manifest signed by key {result.key_fingerprint}")
        return 0
    return 1
