"""The signed remediation record: verified offline, any change or another key refused, card data never written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reports.errors import CardDataInReport
from reports.remediate.record import remediated_in, verify_records, write_record
from reports.signing import LocalSigner
from scanners.engine.core import default_engine


def record(**extra: Any) -> dict[str, Any]:
    return {"kind": "spc-remediation", "version": 1, "id": "r1", "mode": "apply", "status": "remediated",
            "items": [{"item": "s3://b/k", "status": "remediated", "fingerprints": ["hmac-sha256:aa"]},
                      {"item": "s3://b/other", "status": "conflict", "fingerprints": ["hmac-sha256:bb"]}],
            **extra}


def test_written_record_verifies_and_tampering_fails(tmp_path: Path) -> None:
    signer = LocalSigner(tmp_path / "key.pem")
    path = write_record(tmp_path / "out", record(), signer, default_engine())
    assert verify_records(tmp_path / "out") == (1, [])
    other = LocalSigner(tmp_path / "other.pem").public_key_pem()
    assert "signature does not match" in verify_records(tmp_path / "out", other)[1][0]
    doc = json.loads(path.read_text())
    doc["record"]["status"] = "failed"
    path.write_text(json.dumps(doc))
    assert "signature does not match" in verify_records(tmp_path / "out")[1][0]


def test_not_a_record(tmp_path: Path) -> None:
    (tmp_path / "remediation-x.json").write_text("{}")
    count, problems = verify_records(tmp_path)
    assert count == 1 and "expected a signed remediation record" in problems[0]


def test_record_with_card_data_is_not_written(tmp_path: Path) -> None:
    with pytest.raises(CardDataInReport):
        write_record(tmp_path / "out", record(note="4242424242424242"), LocalSigner(tmp_path / "k.pem"),
                     default_engine())
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_remediated_findings_are_matched_by_fingerprint_and_item(tmp_path: Path) -> None:
    write_record(tmp_path, record(), LocalSigner(tmp_path / "k.pem"), default_engine())
    done = remediated_in(tmp_path)
    assert done is not None
    ok = {"fingerprint": "hmac-sha256:aa", "source": "s3", "location": {"bucket": "b", "key": "k"}}
    elsewhere = {**ok, "location": {"bucket": "b", "key": "k2"}}
    conflict = {"fingerprint": "hmac-sha256:bb", "source": "s3", "location": {"bucket": "b", "key": "other"}}
    assert (done(ok), done(elsewhere), done(conflict)) == ("r1", "", "")
