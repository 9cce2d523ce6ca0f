"""The auditor's kit end to end: report with prepared/approved by, a sample drawn twice, a signed annotation overlay
verified, tampered with, and carried into the next report; a report without WeasyPrint still writes the rest."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from reports.model.sample import sample_runs
from scanners.cli.main import main


def _report(tmp_path: Path, out: str, *extra: str, runs: list | None = None) -> Path:
    run_file = tmp_path / f"{out}-run.json"
    run_file.write_text(json.dumps((runs or sample_runs(3))[-1]))
    assert main(["report", str(run_file), "--out", str(tmp_path / out), "--format", "html,json,csv,population,oscal",
                 "--key-file", str(tmp_path / "org.pem"), *extra]) == 0
    return tmp_path / out


def _public(private_pem: Path) -> Path:
    """The public half of a local signing key, written beside it (what an auditor pins)."""
    key = serialization.load_pem_private_key(private_pem.read_bytes(), password=None)
    out = private_pem.with_suffix(".pub.pem")
    out.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
    return out


def test_sample_annotate_verify_and_carry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(tmp_path, "r1", "--prepared-by", "Ada Analyst", "--approved-by", "Ben CISO")
    doc = json.loads((report / "report.json").read_text())
    assert doc["scope"]["prepared_by"] == "Ada Analyst" and doc["scope"]["approved_by"] == "Ben CISO"
    assert doc["provenance"] == "not recorded" and doc["inventory"] == "not recorded"
    capsys.readouterr()

    assert main(["sample", str(report), "--seed", "qsa-2026", "--size", "3"]) == 0
    first = capsys.readouterr().out
    assert main(["sample", str(report), "--seed", "qsa-2026", "--size", "3"]) == 0
    assert capsys.readouterr().out == first
    picked = list(csv.DictReader(io.StringIO(first)))
    assert len(picked) == 3 and all(r["ref"].startswith("P-") for r in picked)

    statuses = tmp_path / "statuses.json"
    finding = doc["findings"][0]["ref"]
    statuses.write_text(json.dumps([{"ref": finding, "status": "test_data", "note": "canary"},
                                    {"ref": picked[0]["ref"], "status": "confirmed"}]))
    overlay = tmp_path / "overlay"
    assert main(["annotate", str(report), "--statuses", str(statuses), "--by", "Quinn QSA", "--out", str(overlay),
                 "--key-file", str(tmp_path / "qsa.pem")]) == 0
    qsa_key = _public(tmp_path / "qsa.pem")  # the assessor's own key, pinned
    assert main(["verify", str(overlay), "--previous", str(report), "--public-key", str(qsa_key)]) == 0

    nxt = _report(tmp_path, "r2", "--previous", str(report), "--annotations", str(overlay))
    carried = json.loads((nxt / "report.json").read_text())["annotations"]
    assert {(a["ref"], a["status"], a["by"]) for a in carried} == {(finding, "test_data", "Quinn QSA"),
                                                                   (picked[0]["ref"], "confirmed", "Quinn QSA")}
    assert "Assessor annotations" in (nxt / "report.html").read_text()
    changes = json.loads((nxt / "report.json").read_text())["changes"]
    assert changes["previous"] and any(line.startswith("verdict") for line in changes["lines"])

    data = json.loads((overlay / "annotations.json").read_text())
    data["items"][0]["status"] = "remediated"
    (overlay / "annotations.json").write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verify", str(overlay), "--previous", str(report), "--public-key", str(qsa_key)]) == 1
    assert "annotations.json: content differs" in capsys.readouterr().out
    assert main(["report", str(tmp_path / "r1-run.json"), "--out", str(tmp_path / "r3"), "--format", "json",
                 "--key-file", str(tmp_path / "org.pem"), "--annotations", str(overlay)]) == 2


def test_annotate_rejects_unknown_refs_statuses_and_card_data(tmp_path: Path, capsys) -> None:
    report = _report(tmp_path, "r1")
    for bad, message in (([{"ref": "F-99999", "status": "confirmed"}], "statuses[0].ref"),
                         ([{"ref": "P-00001", "status": "fine"}], "statuses[0].status: expected one of"),
                         ([{"ref": "P-00001", "status": "confirmed", "note": "card 4111 1111 1111 1111"}],
                          "statuses[0].note: must not contain card data")):
        (tmp_path / "s.json").write_text(json.dumps(bad))
        capsys.readouterr()
        assert main(["annotate", str(report), "--statuses", str(tmp_path / "s.json"), "--by", "Q",
                     "--out", str(tmp_path / "o"), "--key-file", str(tmp_path / "q.pem")]) == 2
        err = capsys.readouterr().err
        assert message in err and "4111" not in err


def test_report_reads_inventory_and_provenance_from_the_run(tmp_path: Path) -> None:
    runs = sample_runs(2)
    runs[-1]["provenance"] = {"caller_arn": "arn:aws:sts::123456789012:assumed-role/spc-scan/nightly",
                              "account": "123456789012", "region": "eu-west-2",
                              "window": {"start": "2026-01-30T02:00:00Z", "end": "2026-01-31T02:00:00Z"},
                              "tool": {"name": "spc", "version": "0.1.0", "build": "git:abc123",
                                       "source_sha256": "f" * 64}, "rules_sha256": "e" * 64}
    runs[-1]["inventory"] = {"complete": True, "left_out": [{"kind": "log_groups", "name": "/aws/lambda/refunds",
                                                             "why_likely": "log group of payment function refunds"}],
                             "not_examined": [], "kinds": {"log_groups": {"summary": "1 of 2 log groups in scope",
                                                                          "complete": True, "errors": [], "total": 2,
                                                                          "items": []}}}
    report = _report(tmp_path, "r", runs=runs)
    doc = json.loads((report / "report.json").read_text())
    assert doc["scope"]["caller_arn"].endswith("assumed-role/spc-scan/nightly")
    assert doc["scope"]["build"] == "git:abc123" and doc["scope"]["window_start"] == "2026-01-30T02:00:00Z"
    row = next(r for r in doc["requirements"] if r["id"] == "12.5.2")
    assert row["status"] == "Not in Place" and "/aws/lambda/refunds" in row["not_shown"]
    html = (report / "report.html").read_text()
    assert "1 of 2 log groups in scope" in html and "/aws/lambda/refunds" in html


def test_report_without_weasyprint_writes_the_rest(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(sample_runs(1)[-1]))
    assert main(["report", str(run_file), "--out", str(tmp_path / "r"), "--key-file", str(tmp_path / "k.pem")]) == 0
    assert "PDF not written: WeasyPrint is not installed" in capsys.readouterr().err
    names = {p.name for p in (tmp_path / "r").iterdir()}
    assert "report.pdf" not in names and {"report.html", "findings.ocsf.json", "population.csv"} <= names
    assert main(["verify", str(tmp_path / "r"), "--public-key", str(_public(tmp_path / "k.pem"))]) == 0


def test_pdf_footer_carries_verdict_and_run_id_and_no_page_is_near_empty() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from reports.model.core import build_model
    from reports.render import render_html

    model = build_model(sample_runs(7))
    doc = weasyprint.HTML(string=render_html(model, pdf=True)).render()
    texts = [[b.text for b in page._page_box.descendants() if getattr(b, "text", None)] for page in doc.pages]
    for n, page in enumerate(texts, 1):
        assert f"Card-data evidence report · {model.banner} · run {model.scope.run_id}" in page
        assert f"Page {n} of {len(texts)}" in page
    body = [sum(len(t) for t in page) for page in texts[:-1]]
    assert min(body) > 600, body  # a page with only its footer and a heading would be far below this
