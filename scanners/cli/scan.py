"""``spc scan``: find card data in files, S3, CloudWatch Logs, Bedrock invocation logs and call recordings.

Test-card policy (the same in ``spc scan``, ``spc-pan-hook`` and reports): a published test card number is a
finding, marked ``test_card``, unless ``--exclude-test-cards`` is given; then it is left out of the findings and
counted in ``summary.test_cards_excluded`` so the run says what it did not report. The pre-commit hook defaults to
``--exclude-test-cards`` (fixtures in repositories hold test cards on purpose); ``--include-test-cards`` turns them
back on everywhere.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

from scanners.aws import default_clients
from scanners.cards.fingerprint import Fingerprinter, LocalKeyFingerprinter, fingerprinter_for
from scanners.cli.canaries import Planted, evaluate, planted
from scanners.cli.output import FORMATS, WRITERS
from scanners.engine.core import Engine
from scanners.engine.finding import Coverage, Record
from scanners.engine.parallel import MIN_PARALLEL_BYTES, default_jobs, scan_files, total_bytes
from scanners.engine.pipeline import NameGuard, ScanResult, run_scan
from scanners.engine.runtime import tune_scan_worker
from scanners.engine.spool import FindingSpool
from scanners.errors import ConfigError
from scanners.sources.base import Source
from scanners.sources.files import FileSource
from scanners.sources.targets import parse_since, parse_target, target_help

EXIT = {"clean": 0, "leaks": 1, "incomplete": 2}


def add_scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default text)")
    p.add_argument("--out", type=Path, help="write the result to this file instead of standard output")
    p.add_argument(
        "--key-file", type=Path, help="fingerprint key file (default ~/.config/spc/fingerprint.key)"
    )
    p.add_argument("--kms-key-id", help="KMS HMAC key for fingerprints (GenerateMac) instead of a local key")
    p.add_argument("--backend", choices=("auto", "hyperscan", "re"), default="auto", help="prefilter engine")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                   help="processes for local files (default: every CPU; 1 = this process only)")
    cards = p.add_mutually_exclusive_group()
    cards.add_argument("--include-test-cards", dest="test_cards", action="store_const", const="include",
                       help="report published test card numbers as findings, marked test_card (the default)")
    cards.add_argument("--exclude-test-cards", dest="test_cards", action="store_const", const="exclude",
                       help="leave published test card numbers out of the findings (counted in the summary)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("scan", help="scan targets for card data and credentials")
    p.add_argument(
        "targets",
        nargs="+",
        metavar="TARGET",
        help=target_help(),
    )
    p.add_argument("--since", help="time window for log sources: 24h, 7d, 30m or an ISO-8601 date")
    p.add_argument("--versions", action="store_true",
                   help="s3:// targets: also every noncurrent version and the delete-marker history")
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB=JUSTIFICATION",
        help="leave matching files, S3 keys, log groups or recordings out of scope, with the justification kept "
        "in coverage, the run JSON and the report",
    )
    p.add_argument("--canaries", action="store_true",
                   help="also plant published test cards in a private temporary directory and prove they are found "
                        "(detection-effectiveness evidence for the file source kind)")
    add_scan_options(p)
    p.set_defaults(func=cmd_scan)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("expected a whole number of processes, 1 or more")
    return int(value)


def parse_excludes(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        glob, sep, why = item.partition("=")
        if not sep or not glob.strip() or not why.strip():
            raise ConfigError("--exclude: expected GLOB=JUSTIFICATION with both parts non-empty")
        out[glob.strip()] = why.strip()
    return out


def fingerprinter_from(args: argparse.Namespace) -> Fingerprinter:
    return fingerprinter_for(args.kms_key_id, lambda: default_clients("kms"), args.key_file)


def scan_and_write(
    sources: list[Source], args: argparse.Namespace, *, canaries: list[Planted] | None = None
) -> ScanResult:
    fingerprinter = fingerprinter_from(args)
    with _progress(not args.no_progress and sys.stderr.isatty()) as progress:
        result = _scan(sources, args, fingerprinter, progress)
    if canaries is not None:
        evaluate(result, canaries)
    if getattr(args, "test_cards", None) == "exclude":
        kept = FindingSpool(f for f in result.findings if not f.test_card)
        result.test_cards_excluded = len(result.findings) - len(kept)
        result.findings = kept
    if not args.out:
        WRITERS[args.format](result, sys.stdout)
        return result
    try:
        with args.out.open("w", encoding="utf-8") as out:  # streamed: findings are never held as one string
            WRITERS[args.format](result, out)
    except OSError as exc:
        raise ConfigError(f"--out {args.out}: cannot be written ({exc.strerror})") from exc
    return result


def _scan(
    sources: list[Source], args: argparse.Namespace, fingerprinter: Fingerprinter, progress: _progress | None
) -> ScanResult:
    """Local files on ``--jobs`` processes when that pays; everything else (and KMS fingerprints) in this one."""
    engine = Engine(backend=args.backend)
    files = [s for s in sources if isinstance(s, FileSource)]
    jobs = getattr(args, "jobs", 1) or default_jobs()  # `spc demo --samples` has no --jobs: one process
    if (jobs < 2 or not files or not isinstance(fingerprinter, LocalKeyFingerprinter)
            or total_bytes(files, MIN_PARALLEL_BYTES) < MIN_PARALLEL_BYTES):
        if len(files) == len(sources):  # local files only: one thread reads and frees every record
            tune_scan_worker()
        return run_scan(sources, engine=engine, fingerprinter=fingerprinter, progress=progress)
    started = time.time()
    findings, coverage = scan_files(files, jobs=jobs, engine=engine, fingerprinter=fingerprinter,
                                    on_part=progress.part if progress else None)
    others = [s for s in sources if not isinstance(s, FileSource)]
    result = run_scan(others, engine=engine, fingerprinter=fingerprinter, progress=progress)
    guarded = NameGuard(engine, fingerprinter).guard(findings, coverage)  # names are data on this path too
    result.findings = FindingSpool(chain(guarded, result.findings))
    result.coverage[:0], result.started = coverage, started
    return result


def cmd_scan(args: argparse.Namespace) -> int:
    since = parse_since(args.since) if args.since else None
    excludes = parse_excludes(args.exclude)
    sources = [parse_target(t, since_ms=since, exclude=excludes, versions=args.versions) for t in args.targets]
    if not args.canaries:
        return EXIT[scan_and_write(sources, args).verdict]
    with planted() as (canary_source, canaries):
        return EXIT[scan_and_write([*sources, canary_source], args, canaries=canaries).verdict]


class _progress:
    """A rich progress line on a terminal (bytes and items seen); nothing when output is piped."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.items = 0

    def __enter__(self) -> _progress | None:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        self._bar = Progress(
            TextColumn("scanning"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[items]} records"),
            transient=True,
            console=Console(stderr=True),
        )
        self._bar.start()
        self._task = self._bar.add_task("scan", total=None, items=0)
        return self

    def __call__(self, record: Record) -> None:
        """One record scanned in this process."""
        self.items += 1
        self._bar.update(self._task, advance=len(record.text) - record.report_from, items=self.items)

    def part(self, cov: Coverage) -> None:
        """One file (or file range) scanned by a worker process."""
        self.items += cov.items_scanned
        self._bar.update(self._task, advance=cov.bytes_scanned, items=self.items)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()
