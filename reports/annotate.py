"""The auditor's kit: ``spc sample`` draws a reproducible sample of a report's population; ``spc annotate`` records
the assessor's per-item statuses as a signed overlay chained to the report; ``spc report --annotations`` carries it.

An overlay is a directory holding ``annotations.json``, signed with the report signing functions and linked to the
report's manifest (``previous``), so ``spc verify OVERLAY --previous REPORT`` checks both the overlay and that it
belongs to that exact report. Statuses: confirmed, false_match, test_data, remediated.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reports.errors import ReportError
from reports.signing import LocalSigner, Signer, sign_directory, verify_directory
from scanners.engine.core import default_engine

STATUSES = ("confirmed", "false_match", "test_data", "remediated")
OVERLAY = "annotations.json"
POPULATION = "population.csv"


def _verified(directory: Path, what: str) -> None:
    result = verify_directory(directory)
    if not result.ok:
        raise ReportError(f"{what} {directory}: does not verify ({'; '.join(result.problems[:3])})")


def read_population(report_dir: Path) -> list[dict[str, str]]:
    _verified(report_dir, "report")
    try:
        text = (report_dir / POPULATION).read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{report_dir}/{POPULATION}: cannot be read ({exc.strerror}); write the report with "
                          "--format including population") from exc
    return list(csv.DictReader(io.StringIO(text)))


def draw(rows: Sequence[Mapping[str, str]], seed: str, size: int) -> list[Mapping[str, str]]:
    """``size`` rows picked by ``random.Random(seed)`` (the same seed and population give the same sample)."""
    if size < 1:
        raise ReportError("--size: expected a positive number of items")
    rng = random.Random(f"spc-sample:{seed}")  # noqa: S311 -- reproducible on purpose, not a secret
    picked = rng.sample(list(rows), min(size, len(rows)))
    return sorted(picked, key=lambda r: str(r.get("ref") or ""))


def _statuses(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"--statuses {path}: cannot be read ({exc.strerror})") from exc
    try:
        raw = json.loads(text) if path.suffix == ".json" else list(csv.DictReader(io.StringIO(text)))
    except ValueError as exc:
        raise ReportError(f"--statuses {path}: expected JSON list or CSV with ref,status,note") from exc
    if not isinstance(raw, list):
        raise ReportError(f"--statuses {path}: expected a list of {{ref, status, note}}")
    engine = default_engine()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or set(item) - {"ref", "status", "note"}:
            raise ReportError(f"statuses[{i}]: expected only the fields ref, status, note")
        status = str(item.get("status") or "")
        if status not in STATUSES:
            raise ReportError(f"statuses[{i}].status: expected one of {', '.join(STATUSES)}")
        note = str(item.get("note") or "")
        if engine.contains_card_data(note):
            raise ReportError(f"statuses[{i}].note: must not contain card data")
        out.append({"ref": str(item.get("ref") or ""), "status": status, "note": note})
    return out


def annotate(report_dir: Path, statuses: Path, by: str, out: Path, signer: Signer) -> dict[str, Any]:
    """Write and sign the overlay of ``statuses`` on the verified report in ``report_dir``."""
    _verified(report_dir, "report")
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    known = {str(f.get("ref")): f for f in report.get("findings") or ()}
    known |= {r["ref"]: r for r in read_population(report_dir)}
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    items = []
    for i, s in enumerate(_statuses(statuses)):
        if s["ref"] not in known:
            raise ReportError(f"statuses[{i}].ref: expected a finding (F-...) or population (P-...) ref of the report")
        item = known[s["ref"]]
        items.append(s | {"fingerprint": str(item.get("fingerprint") or ""), "where": str(item.get("where") or ""),
                          "by": by, "at": now})
    doc = {"version": 1, "report_run_id": (report.get("scope") or {}).get("run_id"), "by": by, "at": now,
           "items": items}
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / OVERLAY).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"--out {out}: cannot write the overlay ({exc.strerror})") from exc
    sign_directory(out, signer, previous=report_dir, created_by=by)
    return doc


def load_overlay(overlay: Path) -> list[dict[str, Any]]:
    """The verified items of a signed overlay (for the next report)."""
    _verified(overlay, "--annotations")
    doc = json.loads((overlay / OVERLAY).read_text(encoding="utf-8"))
    return [dict(i) for i in doc.get("items") or () if isinstance(i, Mapping)]


def cmd_sample(args: argparse.Namespace) -> int:
    try:
        rows = draw(read_population(args.directory), args.seed, args.size)
    except ReportError as exc:
        print(f"spc sample: error: {exc}", file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["ref", "source", "where", "status"])
    for r in rows:
        writer.writerow([r.get("ref"), r.get("source"), r.get("where"), r.get("status")])
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    try:
        doc = annotate(args.directory, args.statuses, args.by, args.out, LocalSigner(args.key_file))
    except ReportError as exc:
        print(f"spc annotate: error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(doc['items'])} item status(es) signed in {args.out}; check with: spc verify {args.out} "
          f"--previous {args.directory}")
    return 0
