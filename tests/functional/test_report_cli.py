"""``spc report`` end to end: render, sign, verify, chain, waivers, refusal of card data, bad input, KMS signing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reports.model.sample import sample_controls, sample_runs
from scanners.cards.brands import TEST_PANS
from scanners.cli.main import main

FILES = {"report.html", "report.md", "report.json", "report.pdf", "manifest.json", "manifest.sig", "public_key.pem",
         "findings.csv", "population.csv", "findings.ocsf.json", "findings.asff.json", "assessment-results.oscal.json"}


@pytest.fixture(autouse=True)
def _signing_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPC_SIGNING_KEY", str(tmp_path / "keys" / "signing.pem"))


def verify(out: Path, *extra: str) -> int:
    """``spc verify OUT`` with the signing key pinned (the test's local key)."""
    import os

    from reports.signing import LocalSigner

    pem = out.parent / f"{out.name}.pinned.pem"
    pem.write_bytes(LocalSigner(Path(os.environ["SPC_SIGNING_KEY"])).public_key_pem())
    return main(["verify", str(out), "--public-key", str(pem), *extra])


def write_runs(folder: Path, runs: list[dict[str, Any]]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, run in enumerate(runs):
        path = folder / f"run-{i}.json"
        path.write_text(json.dumps(run))
        paths.append(str(path))
    return paths


def test_report_writes_every_format_signed_and_verify_catches_a_changed_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "evidence"
    assert main(["report", *write_runs(tmp_path / "runs", sample_runs(3)), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "FAIL (leaks)" in printed and str(out / "report.html") in printed
    assert {p.name for p in out.iterdir()} == FILES
    assert out.joinpath("report.pdf").read_bytes().startswith(b"%PDF-")
    assert json.loads(out.joinpath("report.json").read_text())["verdict"] == "leaks"
    assert verify(out) == 0
    assert main(["verify", str(out)]) == 3  # valid, but the signer was not pinned
    html = out / "report.html"
    data = bytearray(html.read_bytes())
    data[len(data) // 2] ^= 0x01
    html.write_bytes(bytes(data))
    capsys.readouterr()
    assert verify(out) == 1
    assert "report.html: content differs" in capsys.readouterr().out


def test_report_chains_to_the_previous_report_and_keeps_history(tmp_path: Path) -> None:
    runs = sample_runs(4)
    first, second = tmp_path / "night-3", tmp_path / "night-4"
    assert main(["report", *write_runs(tmp_path / "a", runs[:3]), "--out", str(first), "--format", "json"]) == 0
    assert main(["report", *write_runs(tmp_path / "b", runs[3:]), "--out", str(second), "--format", "json,html",
                 "--previous", str(first)]) == 0
    assert verify(second, "--previous", str(first)) == 0
    doc = json.loads((second / "report.json").read_text())
    assert doc["integrity"] == {"signed": True, "chained_to_previous": True,
                                "signer_fingerprint": json.loads((second / "manifest.json").read_text())[
                                    "key_fingerprint"]}
    earlier = {f["fingerprint"] for f in json.loads((first / "report.json").read_text())["findings"]}
    statuses = {f["fingerprint"]: f["status"] for f in doc["findings"]}
    assert any(fp in earlier for fp in statuses)
    assert all(status == "known" for fp, status in statuses.items() if fp in earlier)
    assert [p["night"] for p in doc["trend"]][:3] == ["2026-01-28", "2026-01-29", "2026-01-30"]


def test_report_applies_waivers(tmp_path: Path) -> None:
    runs = sample_runs(1)
    target = runs[0]["findings"][0]
    waivers = tmp_path / "waivers.json"
    waivers.write_text(json.dumps([{"id": "W-7", "fingerprint": target["fingerprint"], "justification": "fixture",
                                    "expires": "2999-12-31"}]))
    out = tmp_path / "out"
    assert main(["report", *write_runs(tmp_path, runs), "--out", str(out), "--format", "json",
                 "--waivers", str(waivers)]) == 0
    doc = json.loads((out / "report.json").read_text())
    assert {f["status"] for f in doc["findings"] if f["fingerprint"] == target["fingerprint"]} == {"waived"}
    assert doc["waivers"][0]["id"] == "W-7" and doc["waivers"][0]["matched"] >= 1


def test_report_refuses_card_data_and_leaves_the_directory_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["report", *write_runs(tmp_path / "good", sample_runs(1)), "--out", str(out), "--format", "html"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    pan = sorted(TEST_PANS)[0]
    runs = sample_runs(1)
    runs[0]["controls"] = sample_controls()
    runs[0]["controls"][0]["evidence"] = {"tag": f"card {pan}"}
    capsys.readouterr()
    fresh = tmp_path / "fresh"
    assert main(["report", *write_runs(tmp_path / "bad", runs), "--out", str(fresh), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "refused" in err and "report.html" in err and "card-data" in err
    assert pan not in err and pan[-4:] not in err
    assert not fresh.exists() or not any(fresh.iterdir())
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert verify(out) == 0


@pytest.mark.parametrize(("setup", "args", "message"), [
    (None, ["missing.json"], "missing.json: cannot be read"),
    ("{nope", ["bad.json"], "bad.json: expected run JSON"),
    ("[1, 2]", ["bad.json"], "bad.json: expected a JSON object"),
    ("{}", ["bad.json", "--format", "html,docx"], "--format: expected"),
    ("{}", ["bad.json", "--previous", "OUT"], "--previous: expected the previous report's directory"),
    ('{"findings": {}}', ["bad.json"], "runs[0]"),
])
def test_report_bad_input_exits_2_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str | None, args: list[str], message: str
) -> None:
    if setup is not None:
        (tmp_path / "bad.json").write_text(setup)
    out = tmp_path / "out"
    argv = [str(tmp_path / a) if a.endswith(".json") else str(out) if a == "OUT" else a for a in args]
    assert main(["report", *argv, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_report_signs_with_a_kms_key(
    tmp_path: Path, boto_clients: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    key = boto_clients("kms").create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    out = tmp_path / "out"
    assert main(["report", *write_runs(tmp_path, sample_runs(1)), "--out", str(out), "--format", "json",
                 "--kms-key-id", key]) == 0
    assert json.loads((out / "manifest.json").read_text())["key_id"] == key
    import hashlib

    der = boto_clients("kms").get_public_key(KeyId=key)["PublicKey"]
    trust = tmp_path / "trusted-keys.txt"
    trust.write_text(f"sha256:{hashlib.sha256(der).hexdigest()}  # the KMS signing key\n")
    assert main(["verify", str(out), "--trust", str(trust)]) == 0
    assert main(["report", *write_runs(tmp_path, sample_runs(1)), "--out", str(tmp_path / "o2"), "--format", "json",
                 "--kms-key-id", "no-such-key"]) == 2
    assert "KMS" in capsys.readouterr().err


def test_report_never_overwrites_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    runs = write_runs(tmp_path, sample_runs(1))
    assert main(["report", *runs, "--out", str(out), "--format", "html,md"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    assert main(["report", *runs, "--out", str(out), "--format", "json"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("an auditor's notes")
    assert main(["report", *runs, "--out", str(other), "--format", "json"]) == 2
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


def test_report_on_a_plain_scan_is_incomplete_and_names_the_missing_proof(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPC_KEY_FILE", str(tmp_path / "fp.key"))
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "app.log").write_text("nothing to see\n")
    run = tmp_path / "run.json"
    assert main(["scan", str(logs), "--format", "json", "--out", str(run), "--no-progress"]) == 0
    assert main(["report", str(run), "--out", str(tmp_path / "r"), "--format", "json,md"]) == 0
    doc = json.loads((tmp_path / "r" / "report.json").read_text())
    assert doc["verdict"] == "incomplete" and doc["banner"] == "INCOMPLETE"
    assert any("no canaries" in r for r in doc["reasons"])
    assert "PASS" not in capsys.readouterr().out
    proven = tmp_path / "proven.json"
    assert main(["scan", str(logs), "--canaries", "--format", "json", "--out", str(proven), "--no-progress"]) == 0
    assert main(["report", str(proven), "--out", str(tmp_path / "p"), "--format", "json,md"]) == 0
    doc = json.loads((tmp_path / "p" / "report.json").read_text())
    assert (doc["verdict"], doc["reasons"]) == ("clean", [])
    assert doc["integrity"]["signer_fingerprint"] in (tmp_path / "p" / "report.md").read_text()


def test_build_report_api_takes_controls_and_signer(tmp_path: Path) -> None:
    from reports.controls import ControlResult
    from reports.render import build_report
    from reports.signing import LocalSigner, verify_directory

    failing = ControlResult("s3_tls_only", "TLS only", "fail", {"bucket": "audit"}, ("4.2.1",), "audit")
    model = build_report(sample_runs(2, leaks=False), tmp_path / "out", formats=("json", "md"),
                         signer=LocalSigner(tmp_path / "k.pem"), controls=[failing])
    assert model.verdict == "clean"
    assert [r.status for r in model.requirements if r.id == "4.2.1"] == ["Not in Place"]
    doc = json.loads((tmp_path / "out" / "report.json").read_text())
    assert doc["controls"] == [failing.to_dict()]
    assert verify_directory(tmp_path / "out").ok
