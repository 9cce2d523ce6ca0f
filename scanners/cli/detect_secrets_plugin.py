"""Our PAN detection as a detect-secrets plugin, and the ``spc-pan-hook`` pre-commit entry point.

detect-secrets: ``detect-secrets scan --plugin <this file> --disable-filter
detect_secrets.filters.heuristic.is_not_alphanumeric_string FILES`` (that filter drops every secret without a
letter, so without the option a PAN plugin reports nothing).

The plugin yields the *masked* PAN (first six, last four), never the digits: detect-secrets stores an unsalted
SHA-1 of each yielded value in its baseline, and for a PAN that hash can be brute-forced (PCI DSS asks for
keyed hashes). The price: ``detect-secrets audit`` cannot highlight the value on its line. Published test
cards are skipped unless the baseline's plugin entry sets ``"include_test_cards": true``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator, Iterator, Sequence
from functools import lru_cache
from typing import Any

from detect_secrets.plugins.base import BasePlugin

from scanners.cards.masking import mask
from scanners.cli.output import escape
from scanners.detectors.pan import PanDetector
from scanners.engine.core import default_engine
from scanners.engine.finding import CARD_DATA_TYPES, Span
from scanners.engine.textio import TextReader, count_breaks
from scanners.errors import BinaryContentError


@lru_cache(maxsize=1)
def _pan_detector() -> PanDetector:
    return PanDetector()


class PaymentCardDetector(BasePlugin):
    """Primary account numbers (IIN range, brand length, Luhn, grouping) from ``scanners.detectors.pan``."""

    secret_type = "Payment Card Number (PAN)"  # noqa: S105  # pragma: allowlist secret

    def __init__(self, include_test_cards: bool = False) -> None:
        self.include_test_cards = include_test_cards

    def analyze_string(self, string: str) -> Generator[str, None, None]:
        for span in _pan_detector().find(string):
            if self.include_test_cards or not span.test_card:
                yield mask("pan", span.value)

    def json(self) -> dict[str, Any]:
        return {**super().json(), "include_test_cards": self.include_test_cards}


def _file_spans(path: str) -> Iterator[tuple[int, Span]]:
    """(line, span) for every hit in the file; raises OSError or BinaryContentError."""
    engine = default_engine()
    with open(path, "rb") as stream:
        for record in TextReader(stream, source="file", location={"path": path}).records():
            for span in engine.scan_text(record.text):
                if span.start < record.report_from:
                    continue
                if record.report_until is not None and span.start >= record.report_until:
                    continue
                yield (record.first_line or 1) + count_breaks(record.text, 0, span.start), span


def main(argv: Sequence[str] | None = None) -> int:
    """``spc-pan-hook FILES...``: print ``path:line: type masked`` per hit; exit 1 on hits, 2 on errors."""
    parser = argparse.ArgumentParser(prog="spc-pan-hook", description="Fail when files hold card data.")
    parser.add_argument("files", nargs="*", metavar="FILE")
    cards = parser.add_mutually_exclusive_group()  # the policy of ``spc scan``; this hook defaults to exclude
    cards.add_argument("--include-test-cards", action="store_true", help="also fail on published test cards")
    cards.add_argument("--exclude-test-cards", action="store_false", dest="include_test_cards",
                       help="ignore published test card numbers (the default for this hook)")
    parser.add_argument(
        "--types", default=",".join(CARD_DATA_TYPES), help="comma-separated types to report (default: all)"
    )
    args = parser.parse_args(argv)
    types = {t.strip() for t in args.types.split(",") if t.strip()}
    if not types or not types <= set(CARD_DATA_TYPES):
        parser.error(f"--types: expected a comma-separated subset of {', '.join(CARD_DATA_TYPES)}")
    found = failed = 0
    for path in args.files:
        try:
            for line, span in _file_spans(path):
                if span.type not in types or (span.test_card and not args.include_test_cards):
                    continue
                notes = [*span.encoding, *(["test card"] if span.test_card else [])]
                suffix = f" ({', '.join(notes)})" if notes else ""
                print(f"{escape(path)}:{line}: {span.type} {mask(span.type, span.value)}{suffix}")
                found += 1
        except BinaryContentError:
            print(f"{path}: skipped (binary content)", file=sys.stderr)
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror or type(exc).__name__})", file=sys.stderr)
            failed += 1
    return 1 if found else 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
