"""``python -m deploy lock|requirements|package``: see the Makefile targets of the same names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deploy import package, requirements
from deploy.template import function, functions

MB = 1024 * 1024


def _package(args: argparse.Namespace) -> int:
    fns = [function(args.function)] if args.function else functions()
    if args.out and len(fns) != 1:
        print("--out needs --function", file=sys.stderr)
        return 2
    for fn in fns:
        out = Path(args.out) if args.out else None
        artifact = package.build(fn, args.arch or None, out, force=args.force)
        state = "built" if artifact.rebuilt else "up to date"
        print(f"{fn.logical_id:24} {artifact.architecture:7} {artifact.size / MB:7.1f} MB  {state}  {artifact.path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    lock = sub.add_parser("lock", help="resolve pyproject.toml's dependencies into sam/requirements/lock.txt")
    lock.add_argument("--uv", default="uv")
    lock.add_argument("--upgrade", action="store_true")
    reqs = sub.add_parser("requirements", help="write sam/requirements/<LogicalId>.txt from the lock")
    reqs.add_argument("--uv", default="uv")
    pkg = sub.add_parser("package", help="build the functions' artifacts")
    pkg.add_argument("--function", help="one logical id (default: every function)")
    pkg.add_argument("--arch", help="arm64 or x86_64 (default: the template's)")
    pkg.add_argument("--out", help="output directory (with --function; default build/lambda/...)")
    pkg.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    args = parser.parse_args(argv)
    if args.command == "lock":
        print(requirements.write_lock(args.uv, upgrade=args.upgrade))
        return 0
    if args.command == "requirements":
        for path in requirements.write_function_requirements(args.uv):
            print(path)
        return 0
    return _package(args)


if __name__ == "__main__":
    sys.exit(main())
