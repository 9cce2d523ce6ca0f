"""Synthetic run JSON for tests, benchmarks and screenshots: realistic shapes, masked values only.

``sample_runs(nights=7)`` returns one run per night (oldest first) over every source kind, with canary results,
controls and, unless ``leaks=False``, findings in cloudwatch, s3, bedrock and recordings. ``skip_nights`` leaves
gaps; ``findings`` adds that many extra findings to the newest run (for size benchmarks).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from reports.controls import ControlResult
from reports.evidence.canary import KINDS, LOG_GROUP_PREFIX
from reports.evidence.payloads import published_test_pans
from scanners.cards.masking import mask

_FORMS = {"cloudwatch": ("plain", "spaced", "json", "base64", "gzip"), "s3": ("plain", "json", "gzip"),
          "bedrock": ("prompt", "output"), "recordings": ("dtmf",)}


def _fp(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()  # stands in for an HMAC in samples


def _finding(kind: str, n: int, day: str, *, fresh: bool = False) -> dict[str, Any]:
    """One finding; values repeat across nights (same fingerprint: "known") unless ``fresh``."""
    pans = list(published_test_pans().values())
    value = n % len(pans)
    masked = mask("pan", pans[value])
    ms = int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000) - 3_600_000
    locations: dict[str, dict[str, Any]] = {
        "cloudwatch": {"log_group": "/aws/lambda/ivr-payment", "log_stream": f"{day}/[$LATEST]a1b2c3",
                       "timestamp": ms + n * 977, "event_id": f"e{n:06d}"},
        "s3": {"bucket": "spc-audit", "key": f"audit/{day}/contact-{n:04d}.json", "line": 3 + n % 40},
        "bedrock": {"request_id": f"req-{n:05d}", "model_id": "imported-model/confirm", "part": "input",
                    "log_group": "/aws/bedrock/invocations", "log_stream": "aws/bedrock/modelinvocations",
                    "timestamp": ms + n * 1013},
        "recordings": {"bucket": "spc-recordings", "key": f"connect/{day}/call-{n:04d}.wav",
                       "offset_seconds": 12.5 + n % 30},
        "file": {"path": f"/var/log/ivr/app-{n % 9}.log", "line": 100 + n},
    }
    kind_type = "cvv" if kind == "recordings" and n % 5 == 1 else "pan"
    return {"type": kind_type, "detector": kind_type, "source": kind, "location": locations[kind],
            "masked": masked if kind_type == "pan" else "***",
            "fingerprint": _fp(kind_type, value, day if fresh else ""), "test_card": True}


def _coverage(day: str, *, gap: bool) -> list[dict[str, Any]]:
    cov: list[dict[str, Any]] = [
        {"source": "cloudwatch", "location": {"log_group": "/aws/lambda/ivr-payment"}, "status": "scanned",
         "items_scanned": 18_240, "bytes_scanned": 5_312_000},
        {"source": "cloudwatch", "location": {"log_group": f"{LOG_GROUP_PREFIX}cloudwatch"}, "status": "scanned",
         "items_scanned": 43, "bytes_scanned": 3_400},
        {"source": "s3", "location": {"bucket": "spc-audit", "key": f"audit/{day}/batch.json.gz"},
         "status": "scanned", "items_scanned": 2_210, "bytes_scanned": 1_104_000},
        {"source": "bedrock", "location": {"config": "model-invocation-logging"}, "status": "scanned",
         "items_scanned": 0, "bytes_scanned": 0},
        {"source": "bedrock", "location": {"log_group": "/aws/bedrock/invocations"}, "status": "scanned",
         "items_scanned": 412, "bytes_scanned": 902_000},
        {"source": "recordings", "location": {"bucket": "spc-recordings", "key": f"connect/{day}/call-0001.wav"},
         "status": "scanned", "items_scanned": 6, "bytes_scanned": 480_044},
    ]
    if gap:
        cov.append({"source": "s3", "location": {"bucket": "spc-audit", "key": f"audit/{day}/locked.json"},
                    "status": "error", "reason": "access denied (AccessDenied)", "items_scanned": 0,
                    "bytes_scanned": 0})
    return cov


def sample_canaries(*, miss: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Canary results for every kind x form x brand; kinds named in ``miss`` miss their first form."""
    missed = set(miss)
    out: list[dict[str, Any]] = []
    for kind in KINDS:
        for form in _FORMS[kind]:
            for brand, pan in published_test_pans().items():
                status = "missed" if kind in missed and form == _FORMS[kind][0] and brand == "visa" else "found"
                where = ({"bucket": "spc-evidence", "key": f"spc-canary/{kind}/run/{form}-{brand}.txt"}
                         if kind in ("s3", "recordings") else
                         {"log_group": f"{LOG_GROUP_PREFIX}{kind}", "log_stream": "run", "timestamp": len(out)})
                out.append({"id": f"{kind}/{form}/{brand}", "kind": kind, "form": form, "type": "pan",
                            "brand": brand, "location": where, "masked": mask("pan", pan), "status": status,
                            "found_by": "" if status == "missed" else ("cloudwatch" if kind == "bedrock" else kind)})
    return out


def sample_controls(*, failing: Iterable[str] = ()) -> list[dict[str, Any]]:
    bad = set(failing)
    rows = [("s3_encryption", "spc-audit", ["3.5.1"]), ("s3_object_lock", "spc-audit", ["10.3.2", "10.3.3", "10.5.1"]),
            ("s3_public_access", "spc-audit", ["10.3.3"]), ("s3_tls_only", "spc-audit", ["4.2.1"]),
            ("kms_rotation", "alias/spc-audit", ["3.5.1.1", "3.7.4"]),
            ("cloudwatch_retention", "/aws/lambda/ivr-payment", ["3.2.1", "10.5.1"]),
            ("cloudwatch_encryption", "/aws/lambda/ivr-payment", ["3.5.1"]),
            ("bedrock_logging", "model-invocation-logging", ["10.2.1"]),
            ("lambda_env_secrets", "ivr-payment", ["8.6.2"]), ("lambda_log_event", "ivr-payment", ["3.3.1"]),
            ("connect_flow_lint", "payment.json", ["3.3.1", "3.3.1.2"])]
    return [ControlResult(ident, ident.replace("_", " "), "fail" if ident in bad else "pass",
                          {"resource": resource, "checked": "yes"}, tuple(pci), resource).to_dict()
            for ident, resource, pci in rows]


def sample_runs(
    nights: int = 7, *, leaks: bool = True, skip_nights: Iterable[int] = (), findings: int = 0,
    gap_last: bool = False, end: datetime | None = None,
) -> list[dict[str, Any]]:
    end = end or datetime(2026, 1, 31, 2, 0, tzinfo=UTC)
    skipped = set(skip_nights)
    runs = []
    for i in range(nights):
        if i in skipped:
            continue
        started = end - timedelta(days=nights - 1 - i)
        day = started.date().isoformat()
        last = i == nights - 1
        kinds = ("cloudwatch", "s3", "bedrock", "recordings")
        found = [_finding(kind, i * 3 + j, day, fresh=last and j % 2 == 0) for j, kind in enumerate(kinds)
                 if leaks and (last or j <= i % 4)]
        found += [_finding(("cloudwatch", "s3", "bedrock", "recordings", "file")[n % 5], 1000 + n, day)
                  for n in range(findings if last else 0)]
        runs.append({
            "verdict": "leaks" if found else "clean", "findings": found,
            "coverage": _coverage(day, gap=gap_last and last),
            "summary": {"findings": len(found)},
            "tool": {"name": "spc", "version": "0.1.0", "backend": "hyperscan",
                     "detectors": ["pan", "track", "cvv", "expiry", "credential"]},
            "run_id": f"{started:%Y%m%dT%H%M%SZ}-sample", "started": started.isoformat(),
            "finished": (started + timedelta(minutes=4)).isoformat(),
            "window": {"start_ms": int((started - timedelta(days=1)).timestamp() * 1000),
                       "end_ms": int(started.timestamp() * 1000)},
            "scope": {"account": "123456789012", "region": "eu-west-2", "run_by": "nightly-scan (Lambda)",
                      "targets": ["cloudwatch:/aws/lambda/", "s3://spc-audit/audit/", "bedrock",
                                  "recordings:s3://spc-recordings/connect/"]},
            "canaries": sample_canaries(), "controls": sample_controls(),
        })
    return runs
