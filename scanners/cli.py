"""``spc``: the command line and composition root. Subcommands live in their own modules and register here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scanners import __version__
from scanners.errors import ScanError


def build_parser() -> argparse.ArgumentParser:
    from scanners import cli_demo, cli_scan

    parser = argparse.ArgumentParser(
        prog="spc", description="Smart Payment Caller: PCI DSS card-data toolkit"
    )
    parser.add_argument("--version", action="version", version=f"spc {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_scan.register(sub)
    cli_demo.register(sub)
    from ivr import cli as ivr_cli
    from reports import cli as reports_cli  # the CLI is the composition root: the one place importing reports

    ivr_cli.register(sub)
    reports_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except ScanError as exc:
        print(f"spc: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("spc: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
