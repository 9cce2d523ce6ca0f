"""``spc demo``: scan the bundled sample of realistic logs with planted card data and print what was found."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from scanners.cli_scan import add_scan_options, scan_and_write
from scanners.sources.files import FileSource


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo", help="scan the bundled sample logs (planted test card data) and show the findings"
    )
    add_scan_options(p)
    p.set_defaults(func=cmd_demo)


def sample_dir() -> Path:
    return Path(str(resources.files("scanners") / "samples"))


def cmd_demo(args: argparse.Namespace) -> int:
    root = sample_dir()
    print(
        f"Scanning the bundled sample logs in {root} (every card number in them is a published test number)\n"
    )
    result = scan_and_write([FileSource([root])], args)
    found = {f.type for f in result.findings}
    print(
        f"\nThe demo planted pan, cvv, expiry, track and credential data; found: {', '.join(sorted(found))}"
    )
    return 0
