"""What a run file says was found, grouped into the items remediation works on.

A run (``spc scan --format json`` or a nightly run) holds masked findings with their locations. Findings are
grouped per stored item: an S3 object (``s3``, Bedrock logs in S3, recordings) or a CloudWatch log stream
(``cloudwatch``, Bedrock logs in CloudWatch). Only fingerprints and locations are read; a run never holds a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reports.errors import RemediationError
from reports.model.runs import read_run_file

STORES = ("s3", "cloudwatch", "recordings")
Keep = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Item:
    """One stored item holding findings: ``store`` is how it is remediated, ``address`` where it is."""

    store: str  # s3 | cloudwatch | recordings
    address: tuple[str, str]  # (bucket, key) or (log_group, log_stream)
    findings: tuple[Mapping[str, Any], ...]

    @property
    def name(self) -> str:
        if self.store == "cloudwatch":
            return f"cloudwatch:{self.address[0]} > {self.address[1]}"
        prefix = "recordings:" if self.store == "recordings" else ""
        return f"{prefix}s3://{self.address[0]}/{self.address[1]}"

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(str(f["fingerprint"]) for f in self.findings)

    @property
    def sources(self) -> list[str]:
        return sorted({str(f.get("source", "")) for f in self.findings})


@dataclass(frozen=True)
class Run:
    path: Path
    data: Mapping[str, Any]

    @property
    def findings(self) -> list[Mapping[str, Any]]:
        return list(self.data.get("findings") or [])

    @property
    def scanned_at(self) -> datetime:
        """When the scan finished: an item modified after this changed since the scan."""
        timings, summary = self.data.get("timings") or {}, self.data.get("summary") or {}
        try:
            if summary.get("finished"):
                return datetime.fromtimestamp(float(summary["finished"]), UTC)
            if timings.get("finished"):  # whole seconds: the end of that second
                return datetime.fromisoformat(str(timings["finished"])) + timedelta(seconds=1)
        except (TypeError, ValueError) as exc:
            raise RemediationError(f"{self.path}: timings.finished: expected an ISO-8601 time") from exc
        raise RemediationError(f"{self.path}: expected the scan's finish time (timings.finished or summary.finished)")

    @property
    def account(self) -> str | None:
        """The AWS account the run was made in (``scope.account``, first word), when it names one."""
        account = str((self.data.get("scope") or {}).get("account") or "").split(" ", 1)[0]
        return account if account.isdigit() else None


def load_run(path: Path) -> Run:
    expected = "a run JSON object with a findings list (spc scan or nightly)"
    data = read_run_file(path, RemediationError, expected)
    if not isinstance(data.get("findings"), list):
        raise RemediationError(f"{path}: expected {expected}")
    for n, finding in enumerate(data["findings"]):
        if not isinstance(finding, dict) or not isinstance(finding.get("location"), dict) or not finding.get(
            "fingerprint"
        ):
            raise RemediationError(f"{path}: findings[{n}]: expected an object with location and fingerprint")
    return Run(path, data)


def store_of(finding: Mapping[str, Any]) -> tuple[str, tuple[str, str]] | None:
    """Where a finding is stored, or ``None`` for sources remediation does not handle (local files)."""
    loc, source = finding["location"], finding.get("source")
    if source == "recordings" and loc.get("bucket") and loc.get("key"):
        return "recordings", (str(loc["bucket"]), str(loc["key"]))
    if source in ("cloudwatch", "bedrock") and loc.get("log_group") and loc.get("log_stream"):
        return "cloudwatch", (str(loc["log_group"]), str(loc["log_stream"]))
    if source == "bedrock" and loc.get("body"):
        bucket, _, key = str(loc["body"]).removeprefix("s3://").partition("/")
        return "s3", (bucket, key)
    if source in ("s3", "bedrock") and loc.get("bucket") and loc.get("key"):
        return "s3", (str(loc["bucket"]), str(loc["key"]))
    return None


def select(
    run: Run, fingerprints: Sequence[str], everything: bool, keep: Keep | None = None
) -> tuple[list[Item], list[str]]:
    """Items holding the chosen findings (``keep`` narrows them), and the findings that cannot be remediated."""
    if not everything and not fingerprints:
        raise RemediationError("--finding FINGERPRINT or --all: expected at least one finding to remediate")
    known = {str(f["fingerprint"]) for f in run.findings}
    missing = [fp for fp in fingerprints if fp not in known]
    if missing:
        raise RemediationError(f"--finding {missing[0]}: expected a fingerprint of a finding in {run.path}")
    chosen = [f for f in run.findings if (everything or str(f["fingerprint"]) in fingerprints)
              and (keep is None or keep(f))]
    return group(chosen)


def group(findings: Iterable[Mapping[str, Any]]) -> tuple[list[Item], list[str]]:
    grouped: dict[tuple[str, tuple[str, str]], list[Mapping[str, Any]]] = {}
    unsupported: list[str] = []
    for finding in findings:
        where = store_of(finding)
        if where is None:
            unsupported.append(f"{finding.get('source')} finding {finding['fingerprint']}: no remediation for "
                               "this source kind (fix local files by hand)")
            continue
        grouped.setdefault(where, []).append(finding)
    return [Item(store, address, tuple(fs)) for (store, address), fs in grouped.items()], unsupported
