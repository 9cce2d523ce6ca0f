"""Canaries without AWS: test numbers per brand, forms, evaluation, hygiene and input errors."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from reports.errors import ReportError
from reports.evidence.canary import (
    KINDS,
    Canary,
    canary_targets,
    evaluate,
    is_canary_location,
    plant,
)
from reports.evidence.payloads import bedrock_payloads, published_test_pans, spaced, text_payloads
from scanners.cards.brands import brand_of, is_pan, is_test_pan
from scanners.engine.core import default_engine
from scanners.engine.finding import Finding


def test_one_published_test_number_per_brand() -> None:
    pans = published_test_pans()
    assert {"visa", "mastercard", "amex", "discover", "jcb", "diners", "unionpay", "maestro"} <= set(pans)
    for brand, pan in pans.items():
        assert is_pan(pan) and is_test_pan(pan)
        found = brand_of(pan)
        assert found is not None and found.name == brand


@pytest.mark.parametrize(("length", "groups"), [(16, [4, 4, 4, 4]), (15, [4, 6, 5]), (19, [4, 4, 4, 4, 3]),
                                                 (14, [4, 4, 4, 2])])
def test_spaced_grouping(length: int, groups: list[int]) -> None:
    assert [len(g) for g in spaced("1" * length).split(" ")] == groups


def test_every_text_form_holds_what_it_claims() -> None:
    """Each payload, scanned by the default engine, yields the type its canary expects (forms needing a decoder
    the default engine lacks are skipped here and covered by the functional test with the full engine)."""
    engine = default_engine()
    decoders = {d.id for d in engine.decoders}
    payloads = [*text_payloads(gzip_in_text=False), *bedrock_payloads()]
    assert {p[0] for p in payloads} >= {"plain", "spaced", "json", "base64", "gzip", "cvv", "expiry", "track",
                                        "prompt", "output"}
    for form, kind, _brand, text in payloads:
        if form == "base64" and "base64" not in decoders:
            continue
        assert kind in {s.type for s in engine.scan_text(text)}, form


def canary(**loc: Any) -> Canary:
    return Canary("cloudwatch/r/plain/visa", "cloudwatch", "plain", "pan", "visa", loc, "424242******4242")


def test_evaluate_matches_on_type_and_location() -> None:
    c1 = canary(log_group="/spc/canary/cloudwatch", log_stream="r", timestamp=5)
    c2 = canary(log_group="/spc/canary/cloudwatch", log_stream="r", timestamp=6)
    hit = {"type": "pan", "source": "cloudwatch", "location": {"log_group": "/spc/canary/cloudwatch",
                                                               "log_stream": "r", "timestamp": 5, "event_id": "e"}}
    wrong_type = hit | {"type": "cvv", "location": dict(hit["location"], timestamp=6)}
    results = evaluate([c1, c2], [hit, wrong_type])
    assert [(r.status, r.found_by) for r in results] == [("found", "cloudwatch"), ("missed", "")]
    assert results[0].to_dict()["status"] == "found"


def test_evaluate_accepts_findings_objects() -> None:
    c = canary(bucket="b", key="spc-canary/s3/r/plain-visa.txt")
    f = Finding("pan", "pan", "s3", {"bucket": "b", "key": "spc-canary/s3/r/plain-visa.txt", "line": 1},
                "424242******4242", "ff")
    assert evaluate([c], [f])[0].status == "found"
    outside = dataclasses.replace(f, location={"bucket": "b", "key": "audit/x.txt", "line": 1})
    assert evaluate([c], [outside])[0].status == "missed"


@pytest.mark.parametrize(("location", "inside"), [
    ({"log_group": "/spc/canary/cloudwatch"}, True), ({"bucket": "b", "key": "spc-canary/s3/x"}, True),
    ({"log_group": "/aws/lambda/spc/canary"}, False), ({"bucket": "spc-canary", "key": "x"}, False), ({}, False),
])
def test_canary_namespace(location: dict[str, str], inside: bool) -> None:
    assert is_canary_location(location) is inside


def test_canary_targets_cover_each_location() -> None:
    cs = [canary(log_group="/spc/canary/bedrock", log_stream="r", timestamp=1),
          dataclasses.replace(canary(bucket="b", key="spc-canary/recordings/r/call-visa.wav"), kind="recordings"),
          canary(bucket="b", key="spc-canary/s3/r/plain-visa.txt"), canary(bucket="b", key="spc-canary/s3/r/j.txt")]
    assert canary_targets(cs) == ["cloudwatch:/spc/canary/bedrock", "recordings:s3://b/spc-canary/recordings/r/",
                                  "s3://b/spc-canary/s3/r/"]


class NoClients:
    def __call__(self, name: str) -> Any:
        raise AssertionError("no client may be built for a refused location")


@pytest.mark.parametrize(("kind", "location", "message"), [
    ("dynamodb", None, "kind: expected one of"),
    ("cloudwatch", "/aws/lambda/ivr-payment", "under /spc/canary/"),
    ("s3", None, "location: expected s3://"),
    ("s3", "s3://audit/logs/", "prefix under spc-canary/"),
    ("recordings", "audit", "location: expected s3://"),
])
def test_plant_refuses_locations_outside_the_canary_namespace(kind: str, location: str | None, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        plant(kind, NoClients(), location)


def test_canaries_hold_only_masked_values() -> None:
    """No field of a canary, its repr or its JSON holds a full card number (checked with the engine)."""
    engine = default_engine()
    cs = [canary(log_group="/spc/canary/cloudwatch", log_stream="r", timestamp=i) for i in range(2)]
    for result in evaluate(cs, []):
        assert not engine.scan_text(repr(result)) and not engine.scan_text(str(result.to_dict()))
    assert set(KINDS) == {"cloudwatch", "s3", "bedrock", "recordings"}
