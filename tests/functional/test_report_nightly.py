"""A report built from the documents ``scanners.jobs.nightly`` writes, plus canaries planted and evaluated alongside."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reports.controls import ControlResult
from reports.evidence.config import JobConfig
from reports.evidence.job import run_evidence_job
from reports.model.core import build_model
from reports.render import build_report
from reports.signing import LocalSigner, verify_directory
from scanners.cards.fingerprint import LocalKeyFingerprinter

Clients = Callable[..., Any]


def test_report_from_nightly_evidence(boto_clients: Clients, tmp_path: Path) -> None:
    s3, logs = boto_clients("s3"), boto_clients("logs")
    for bucket in ("audit", "evidence", "canaries"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="audit", Key="2026/01/31/contact-1.json", Body=b'{"status": "APPROVED", "last4": "4242"}\n')
    logs.create_log_group(logGroupName="/aws/lambda/ivr")
    config = JobConfig.from_env({"SCAN_TARGETS": "s3://audit/,cloudwatch:/aws/lambda/", "EVIDENCE_BUCKET": "evidence",
                                 "SCAN_SETTLE_SECONDS": "0", "CANARY_KINDS": "cloudwatch,s3",
                                 "CANARY_S3_URI": "s3://canaries/spc-canary/"})
    run = run_evidence_job(config, boto_clients, fingerprinter=LocalKeyFingerprinter(b"k" * 32), full=True)
    stored = json.loads(s3.get_object(Bucket="evidence", Key=run["evidence"].removeprefix("s3://evidence/"))["Body"]
                        .read())
    unproven = build_model([stored])  # no control in this job's scope: the configuration is not proven, never PASS
    assert (unproven.verdict, unproven.reasons) == ("incomplete", ("configuration controls were not run in this run",))
    control = ControlResult("s3_encryption", "S3 encryption", "pass", {"bucket": "audit"}, ("3.5.1",), "audit")
    model = build_report([stored], tmp_path / "report", formats=("html", "json"),
                         signer=LocalSigner(tmp_path / "k.pem"), controls=[control])
    assert model.summary["canaries_found"] == model.summary["canaries"] == len(stored["canaries"]) > 0
    assert model.findings == ()
    assert model.verdict == "clean", model.reasons
    assert model.scope.run_id == run["run_id"]
    assert set(model.scope.targets) == set(stored["scope"]["targets"])
    assert {s.type for s in model.sources} == {"s3", "cloudwatch"}
    assert verify_directory(tmp_path / "report").ok
