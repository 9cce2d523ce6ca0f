"""``spc demo`` runs here (registered by ``reports.demo.cli``): the local phone line, the evidence job, a signed report.

``spc demo [--out DIR] [--leak-drill] [--calls N] [--seed S]`` exits as every command does: 0 PASS, 1 FAIL,
2 INCOMPLETE or could not run. ``spc demo --samples`` keeps the old demo: scan the bundled sample logs (planted
test card data) and print the findings.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from ivr.errors import IvrError
from reports.demo.run import run_demo
from reports.errors import ReportError
from reports.evidence.canary import KINDS
from scanners.aws import error_code
from scanners.cli.scan import scan_and_write
from scanners.errors import ScanError
from scanners.sources.files import FileSource

MAX_FINDINGS = 12
WIDTH = 140


def sample_dir() -> Path:
    return Path(str(resources.files("scanners") / "samples"))


def cmd_samples(args: argparse.Namespace) -> int:
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


def _why(exc: BaseException) -> str:
    """A failure in one line: our own errors name the field (never a value); others by class and AWS code."""
    if isinstance(exc, IvrError | ReportError | ScanError):
        return str(exc)
    code = error_code(exc)
    return f"{type(exc).__name__}" + (f" ({code})" if code else "")


def cmd_demo(args: argparse.Namespace) -> int:
    if args.samples:
        return cmd_samples(args)
    out: Path = args.out or Path("evidence")
    if out.exists() and not out.is_dir():
        print(f"spc demo: could not run: --out {out}: expected a directory (it is a file)", file=sys.stderr)
        return 2

    def progress(message: str) -> None:
        print(f"spc demo: {message}...", file=sys.stderr, flush=True)

    try:
        result = run_demo(out, leak_drill=args.leak_drill, calls=args.calls, seed=args.seed, progress=progress,
                          remediate=args.remediate)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # the composition root: whatever stopped the demo, say so and exit 2
        print(f"spc demo: could not run: {_why(exc)}", file=sys.stderr)
        return 2
    print("\n".join(summary_lines(result)))
    return {"clean": 0, "leaks": 1}.get(result.model.verdict, 2)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"


def _clip(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _evidence(control: Any) -> str:
    """Why a control did not pass: its reason, else what it saw."""
    evidence = control.evidence
    return str(evidence.get("reason") or "; ".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in evidence.items() if v != control.resource))


def summary_lines(result: Any) -> list[str]:
    """The one-screen summary: calls, drill, per-source coverage and findings, canaries, controls, verdict."""
    model = result.model
    lines = [f"Calls: {sum(result.calls.values())} ({_counts(result.calls)}); "
             f"confirmations: {_counts(result.confirmations)}"]
    for mistake in result.mistakes:
        lines.append(f"Leak drill ({mistake.kind}): {mistake.what}")
    rows = {row.type: row for row in model.sources}
    leaks = Counter(f.source for f in model.findings if f.status != "waived")
    canaries = Counter(r.canary.kind for r in result.canaries)
    found = Counter(r.canary.kind for r in result.canaries if r.status == "found")
    lines += ["", f"{'source':<12}{'items scanned':>14}{'bytes':>12}{'findings':>10}{'canaries found':>16}"]
    for kind in [*KINDS, *sorted(set(rows) - set(KINDS))]:
        row = rows.get(kind)
        items, size = (row.items_scanned, row.bytes_scanned) if row else (0, 0)
        state = "" if row is None or row.complete else "  (incomplete)"
        lines.append(f"{kind:<12}{items:>14,}{size:>12,}{leaks.get(kind, 0):>10}"
                     f"{found.get(kind, 0):>9}/{canaries.get(kind, 0):<6}{state}")
    status = Counter(c.status for c in result.controls)
    lines += ["", f"Controls: {status.get('pass', 0)} pass, {status.get('fail', 0)} fail, "
                  f"{status.get('error', 0)} not checked"]
    for c in result.controls:
        if c.status != "pass":
            lines.append(_clip(f"  {c.status:<5} {c.id} ({c.resource}): {_evidence(c)}"))
    lines += ["", f"{model.banner} ({model.verdict})"]
    lines += [f"  - {reason}" for reason in model.reasons]
    shown = [f for f in model.findings if f.status != "waived"][:MAX_FINDINGS]
    lines += [_clip(f"  {f.source:<11}{f.type:<8}{f.masked:<18}{f.where}") for f in shown]
    if len(shown) < sum(leaks.values()):
        lines.append(f"  ... and {sum(leaks.values()) - len(shown)} more in the report")
    fixed = getattr(result, "remediation", None)
    if fixed is not None:
        items = fixed.record.get("items", [])
        lines += ["", f"Remediation: {sum(1 for t in fixed.traced if t['fix'])}/{len(fixed.traced)} finding(s) "
                      f"traced; {sum(1 for i in items if i['status'] == 'remediated')}/{len(items)} item(s) "
                      f"remediated; re-scan of those items: {'clean' if not fixed.rescan_left else 'NOT clean'}"]
        lines += [_clip(f"  {i['status']:<11}{i['item']}") for i in items]
        lines.append(f"  record: {fixed.record_path}")
    others = ", ".join(sorted(p.name for p in result.out.glob("report.*") if p.name != "report.html"))
    lines.append(f"Report: {result.out / 'report.html'} ({others} beside it; check it with: spc verify {result.out})")
    return [line.rstrip() for line in lines]
