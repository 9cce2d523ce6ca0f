"""A report built from the documents ``scanners.jobs.nightly`` writes, plus canaries planted and evaluated alongside."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reports.controls import ControlResult
from reports.evidence.canary import canary_targets, evaluate, plant
from reports.model.core import build_model
from reports.render import build_report
from reports.signing import LocalSigner, verify_directory
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.jobs.nightly import Settings, run_nightly

Clients = Callable[..., Any]


def test_report_from_nightly_evidence(boto_clients: Clients, tmp_path: Path) -> None:
    s3, logs = boto_clients("s3"), boto_clients("logs")
    for bucket in ("audit", "evidence"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="audit", Key="2026/01/31/contact-1.json", Body=b'{"status": "APPROVED", "last4": "4242"}\n')
    logs.create_log_group(logGroupName="/aws/lambda/ivr")
    canaries = plant("cloudwatch", boto_clients) + plant("s3", boto_clients, "s3://evidence")
    targets = ("s3://audit/", "cloudwatch:/aws/lambda/", *canary_targets(canaries))
    settings = Settings.from_env({"SCAN_TARGETS": ",".join(targets), "EVIDENCE_BUCKET": "evidence",
                                  "SCAN_SETTLE_SECONDS": "0"})
    out = run_nightly(settings, clients=boto_clients, fingerprinter=LocalKeyFingerprinter(b"k" * 32), full=True)
    key = out["evidence"].removeprefix("s3://evidence/")
    run = json.loads(s3.get_object(Bucket="evidence", Key=key)["Body"].read())
    run["canaries"] = [r.to_dict() for r in evaluate(canaries, run["findings"])]
    unproven = build_model([run])  # a scan alone does not prove the configuration: never PASS
    assert (unproven.verdict, unproven.reasons) == ("incomplete", ("configuration controls were not run in this run",))
    control = ControlResult("s3_encryption", "S3 encryption", "pass", {"bucket": "audit"}, ("3.5.1",), "audit")
    model = build_report([run], tmp_path / "report", formats=("html", "json"), signer=LocalSigner(tmp_path / "k.pem"),
                         controls=[control])
    assert model.summary["canaries_found"] == model.summary["canaries"] == len(canaries)
    assert model.findings == ()
    assert model.verdict == "clean", model.reasons
    assert model.scope.run_id == out["run_id"]
    assert set(model.scope.targets) == set(targets)
    assert {s.type for s in model.sources} == {"s3", "cloudwatch"}
    assert verify_directory(tmp_path / "report").ok
