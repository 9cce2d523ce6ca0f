"""Canaries end to end on moto: plant in every source kind, scan with the sources, prove each is found.

A deleted canary is missed and the report turns INCOMPLETE; canary findings never count as leaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reports.controls import ControlResult
from reports.evidence.canary import KINDS, canary_targets, evaluate, plant
from reports.model.core import build_model
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.decoders import default_decoders
from scanners.detectors.cvv import CvvDetector
from scanners.detectors.expiry import ExpiryDetector
from scanners.detectors.pan import PanDetector
from scanners.detectors.track import TrackDetector
from scanners.engine.core import Engine, default_engine
from scanners.engine.pipeline import run_scan
from scanners.sources.targets import parse_target

Clients = Callable[..., Any]
BUCKET = "spc-evidence"
ENGINE = Engine([PanDetector(), TrackDetector(), CvvDetector(), ExpiryDetector()], list(default_decoders()))


def _plant_all(boto_clients: Clients) -> list[Any]:
    boto_clients("s3").create_bucket(Bucket=BUCKET)
    canaries = []
    for kind in KINDS:
        location = f"s3://{BUCKET}" if kind in ("s3", "recordings") else None
        canaries += plant(kind, boto_clients, location, run_id="night-1")
    return canaries


def _scan(boto_clients: Clients, canaries: list[Any]) -> dict[str, Any]:
    sources = [parse_target(t, clients=boto_clients) for t in canary_targets(canaries)]
    result = run_scan(sources, engine=ENGINE, fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    return result.to_dict()


CONTROL = ControlResult("s3_encryption", "S3 encryption", "pass", {"bucket": BUCKET}, ("3.5.1",), BUCKET)


def test_every_planted_canary_is_found(boto_clients: Clients) -> None:
    canaries = _plant_all(boto_clients)
    kinds_forms = {(c.kind, c.form) for c in canaries}
    assert {"plain", "spaced", "json", "base64", "gzip", "cvv", "expiry", "track"} <= {f for k, f in kinds_forms
                                                                                        if k == "cloudwatch"}
    assert {("recordings", "dtmf"), ("recordings", "dtmf_cvv"), ("bedrock", "prompt"), ("s3", "gzip")} <= kinds_forms
    for c in canaries:  # a canary keeps only the masked value
        assert not default_engine().scan_text(repr(c) + str(c.to_dict()))
    run = _scan(boto_clients, canaries)
    results = evaluate(canaries, run["findings"])
    missed = [r.canary.id for r in results if r.status == "missed"]
    assert missed == []
    assert {r.found_by for r in results if r.canary.kind == "bedrock"} == {"cloudwatch"}
    run["canaries"] = [r.to_dict() for r in results]
    model = build_model([run], controls=[CONTROL])
    assert model.findings == ()  # canary findings are expected, not leaks
    assert model.canary_findings >= len(canaries)
    assert model.verdict == "clean"
    assert {cell.status for _, cells in model.canary_matrix.rows for cell in cells} <= {"found", "none"}


def test_a_missed_canary_makes_the_run_incomplete(boto_clients: Clients) -> None:
    canaries = _plant_all(boto_clients)
    gone = next(c for c in canaries if c.kind == "s3" and c.form == "json")
    boto_clients("s3").delete_object(Bucket=BUCKET, Key=gone.location["key"])
    run = _scan(boto_clients, canaries)
    results = evaluate(canaries, run["findings"])
    assert [r.canary.id for r in results if r.status == "missed"] == [gone.id]
    run["canaries"] = [r.to_dict() for r in results]
    model = build_model([run])
    assert model.verdict == "incomplete"
    assert any("1 of" in reason and "canaries" in reason for reason in model.reasons)
    a3251 = next(r for r in model.requirements if r.id == "A3.2.5.1")
    assert a3251.status == "Not in Place"


def test_plant_refuses_when_cloudwatch_rejects_the_events(boto_clients: Clients) -> None:
    from reports.errors import ReportError

    with pytest.raises(ReportError, match="now_ms: CloudWatch rejected canary events"):
        plant("cloudwatch", boto_clients, now_ms=1_000_000_000_000)  # 2001: far older than CloudWatch accepts
