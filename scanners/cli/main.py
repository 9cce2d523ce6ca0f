"""``spc``: the command line. Each package contributes its own subcommands through the ``spc.commands`` entry points
declared in ``pyproject.toml`` (a ``register(subparsers)`` function per package), so this base layer imports
neither ``ivr`` nor ``reports``.

A subcommand's ``func`` is either a callable or a ``"module:function"`` name, imported only when that command
runs: ``spc scan`` does not load the local stack (moto, emulators) that ``spc demo`` needs. ``spc scan`` is this
layer's own command: when it is the command given, it is registered directly and the entry points (and the other
packages' registrations) are not read at all, so a scan starts without what it does not use.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from scanners import __version__
from scanners.cli import scan
from scanners.errors import ScanError

GROUP = "spc.commands"
Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def call_count(text: str) -> int:
    """The argparse type of a number of calls (``spc simulate --calls``, ``spc demo --calls``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number of calls") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected at least 1 call")
    return value


def registrations() -> list[tuple[str, Register]]:
    """The installed command groups, in a stable order (by entry-point name)."""
    from importlib.metadata import entry_points  # 0.05 s with the scan of installed distributions: only when needed

    found = sorted(entry_points(group=GROUP), key=lambda ep: ep.name)
    return [(ep.name, ep.load()) for ep in found]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``spc`` parser; with ``command="scan"`` only ``spc scan`` is registered (it parses the same)."""
    parser = argparse.ArgumentParser(prog="spc", description="Smart Payment Caller: PCI DSS card-data toolkit")
    parser.add_argument("--version", action="version", version=f"spc {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups = [("scan", scan.register)] if command == "scan" else registrations()
    if not groups:
        parser.error(f"no commands installed: the {GROUP} entry points are missing (pip install -e .)")
    for _name, register in groups:
        register(sub)
    return parser


def command(func: Callable[[argparse.Namespace], int] | str) -> Callable[[argparse.Namespace], int]:
    """The function behind a subcommand; a ``"module:function"`` name is imported now."""
    if callable(func):
        return func
    module, _, name = func.partition(":")
    found: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        code: int = command(args.func)(args)
    except ScanError as exc:
        print(f"spc: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("spc: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
