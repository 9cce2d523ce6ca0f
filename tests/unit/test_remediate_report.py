"""The report side of remediation: a finding a signed record removed shows ``remediated`` with the record, and
PCI DSS 12.10.7 is In Place only when every finding has one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reports.model.core import build_model
from reports.remediate.record import remediated_in, write_record
from reports.signing import LocalSigner
from scanners.engine.core import default_engine

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def finding(fp: str, key: str) -> dict[str, Any]:
    return {"type": "pan", "detector": "pan", "source": "s3", "location": {"bucket": "b", "key": key, "line": 1},
            "masked": "411111******1111", "fingerprint": fp}


def run(*findings: dict[str, Any]) -> dict[str, Any]:
    return {"findings": list(findings), "started": "2026-01-31T02:00:00+00:00",
            "coverage": [{"source": "s3", "location": {"bucket": "b", "key": "k"}, "status": "scanned",
                          "items_scanned": 1, "bytes_scanned": 10}]}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    record = {"kind": "spc-remediation", "version": 1, "id": "rec-1", "mode": "apply", "status": "remediated",
              "items": [{"item": "s3://b/k1", "status": "remediated", "fingerprints": ["hmac-sha256:aa"]}]}
    write_record(tmp_path, record, LocalSigner(tmp_path / "key.pem"), default_engine())
    return tmp_path


def row(model: Any, ident: str) -> Any:
    return next(r for r in model.requirements if r.id == ident)


@pytest.mark.parametrize(
    ("findings", "statuses", "pci"),
    [
        # the tool shows the remediation; the assessor still confirms tickets and root cause (issue 14's honest rows)
        ([finding("hmac-sha256:aa", "k1")], {"remediated"}, "Partially evidenced"),
        ([finding("hmac-sha256:aa", "k1"), finding("hmac-sha256:aa", "k2")], {"remediated", "new"}, "Not in Place"),
    ],
)
def test_remediated_status_and_12_10_7(records: Path, findings: list[dict[str, Any]], statuses: set[str],
                                       pci: str) -> None:
    model = build_model([run(*findings)], now=NOW, remediated=remediated_in(records))
    assert {f.status for f in model.findings} == statuses
    assert {f.record for f in model.findings if f.status == "remediated"} == {"rec-1"}
    assert row(model, "12.10.7").status == pci
    if pci == "Partially evidenced":
        assert "rec-1" in row(model, "12.10.7").evidence[0].note


def test_without_records_findings_fail_12_10_7() -> None:
    model = build_model([run(finding("hmac-sha256:aa", "k1"))], now=NOW)
    assert [f.status for f in model.findings] == ["new"]
    assert row(model, "12.10.7").status == "Not in Place"
    assert row(model, "12.10.7").evidence[0].note == "1 finding(s) without a signed remediation record"
