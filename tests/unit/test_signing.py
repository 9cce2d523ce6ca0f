import base64
import json
from pathlib import Path
from typing import Any

import pytest

from reports.errors import SigningError
from reports.signing import (
    MANIFEST,
    SIGNATURE,
    KmsSigner,
    LocalSigner,
    key_fingerprint,
    load_trust,
    run_binding,
    sign_directory,
    verify_directory,
)


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, LocalSigner]:
    d = tmp_path / "run1"
    (d / "assets").mkdir(parents=True)
    (d / "report.html").write_text("<h1>PASS</h1>")
    (d / "report.json").write_text('{"verdict": "clean"}')
    (d / "assets" / "trend.svg").write_text("<svg/>")
    signer = LocalSigner(tmp_path / "keys" / "signing.pem")
    sign_directory(d, signer, created_by="tester")
    return d, signer


def test_untouched_directory_verifies(signed: tuple[Path, LocalSigner]) -> None:
    d, _ = signed
    result = verify_directory(d)
    assert result.ok and result.files_checked == 3 and result.problems == []


def test_key_file_is_private(signed: tuple[Path, LocalSigner], tmp_path: Path) -> None:
    assert (tmp_path / "keys" / "signing.pem").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (lambda d: (d / "report.html").write_text("<h1>PASS!</h1>"), "report.html: content differs"),
        (lambda d: (d / "assets" / "trend.svg").unlink(), "assets/trend.svg: missing"),
        (lambda d: (d / "extra.txt").write_text("x"), "extra.txt: not in the signed manifest"),
        (lambda d: (d / MANIFEST).write_text((d / MANIFEST).read_text().replace("tester", "mallory")),
         "signature does not match"),
        (lambda d: (d / SIGNATURE).write_text("not base64!"), "missing or malformed"),
    ],
)
def test_any_change_is_named(signed: tuple[Path, LocalSigner], tamper: Any, problem: str) -> None:
    d, _ = signed
    tamper(d)
    result = verify_directory(d)
    assert not result.ok
    assert any(problem in p for p in result.problems), result.problems


def test_one_flipped_byte_is_caught(signed: tuple[Path, LocalSigner]) -> None:
    d, _ = signed
    data = bytearray((d / "report.html").read_bytes())
    data[3] ^= 0x01
    (d / "report.html").write_bytes(bytes(data))
    assert verify_directory(d).problems == ["report.html: content differs from the signed digest"]


def test_pinned_key_rejects_a_resigned_directory(signed: tuple[Path, LocalSigner], tmp_path: Path) -> None:
    d, signer = signed
    trusted = signer.public_key_pem()
    (d / "report.html").write_text("<h1>forged</h1>")
    sign_directory(d, LocalSigner(tmp_path / "attacker.pem"))
    assert verify_directory(d).ok  # self-consistent...
    assert not verify_directory(d, public_key_pem=trusted).ok  # ...but not by the trusted key


def test_chain_links_to_previous_run(signed: tuple[Path, LocalSigner], tmp_path: Path) -> None:
    first, signer = signed
    second = tmp_path / "run2"
    second.mkdir()
    (second / "report.json").write_text("{}")
    manifest = sign_directory(second, signer, previous=first)
    assert manifest["previous"]["manifest_sha256"]
    assert verify_directory(second, previous=first).ok
    (first / MANIFEST).write_text((first / MANIFEST).read_text() + " ")
    assert any("chain" in p for p in verify_directory(second, previous=first).problems)


def test_bad_key_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SigningError, match="expected a readable EC P-256 PEM private key"):
        LocalSigner(bad)


def test_kms_failure_is_translated() -> None:
    class Down:
        def sign(self, **kw: Any) -> None:
            err = Exception("x")
            err.response = {"Error": {"Code": "KMSInvalidStateException"}}  # type: ignore[attr-defined]
            raise err

    with pytest.raises(SigningError, match="KMS sign with key k1 failed: KMSInvalidStateException"):
        KmsSigner(Down(), "k1").sign(b"m")


def test_manifest_is_json_with_digests(signed: tuple[Path, LocalSigner]) -> None:
    d, _ = signed
    doc = json.loads((d / MANIFEST).read_text())
    assert set(doc["files"]) == {"report.html", "report.json", "assets/trend.svg"}
    assert all(len(v) == 64 for v in doc["files"].values())


def test_spc_verify_exit_codes(signed: tuple[Path, LocalSigner], capsys: pytest.CaptureFixture[str]) -> None:
    from scanners.cli.main import main

    d, signer = signed
    assert main(["verify", str(d)]) == 3  # valid, but nobody pinned the signer
    out = capsys.readouterr().out
    assert "OK   3 files" in out and "UNTRUSTED signer" in out and "--public-key" in out
    pem = d.parent / "pinned.pem"
    pem.write_bytes(signer.public_key_pem())
    assert main(["verify", str(d), "--public-key", str(pem)]) == 0
    capsys.readouterr()
    (d / "report.html").write_text("changed")
    assert main(["verify", str(d)]) == 1
    assert "FAIL report.html: content differs" in capsys.readouterr().out


def _resign(d: Path, signer: LocalSigner, **kw: Any) -> None:
    for name in (MANIFEST, SIGNATURE, "public_key.pem"):
        (d / name).unlink()
    sign_directory(d, signer, **kw)


def test_reedited_and_resigned_with_another_key_is_not_trusted(
    signed: tuple[Path, LocalSigner], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attack of issue 10: edit, re-hash, re-sign with your own key. Valid bytes, but not the trusted key."""
    from scanners.cli.main import main

    d, signer = signed
    trust = tmp_path / "trusted.txt"
    trust.write_text(f"# the auditor's list\n{key_fingerprint(signer.public_key_pem())}\n")
    assert main(["verify", str(d), "--trust", str(trust)]) == 0
    (d / "report.html").write_text("<h1>PASS (edited)</h1>")
    _resign(d, LocalSigner(tmp_path / "mallory.pem"))
    capsys.readouterr()
    assert main(["verify", str(d)]) == 3  # the shipped key is the attacker's: never exit 0
    assert main(["verify", str(d), "--trust", str(trust)]) == 3
    pinned = tmp_path / "pinned.pem"
    pinned.write_bytes(signer.public_key_pem())
    assert main(["verify", str(d), "--public-key", str(pinned)]) == 1
    assert "signature does not match" in capsys.readouterr().out


@pytest.mark.parametrize("line", ["sha256:xyz", "md5:" + "0" * 64, "sha256:" + "0" * 63])
def test_trust_file_lines_must_be_fingerprints(tmp_path: Path, line: str) -> None:
    trust = tmp_path / "t.txt"
    trust.write_text(line + "\n")
    with pytest.raises(SigningError, match="line 1: expected sha256: followed by 64 hex digits"):
        load_trust(trust)


@pytest.mark.parametrize(
    "body", [b"[]", b'{"files": []}', b'{"files": {"a": 1}}', b"\xff\xfe", b'"text"', b"{"]
)
def test_malformed_manifest_is_a_clear_failure(signed: tuple[Path, LocalSigner], body: bytes) -> None:
    d, signer = signed
    (d / MANIFEST).write_bytes(body)
    (d / SIGNATURE).write_text(base64.b64encode(signer.sign(body)).decode())
    result = verify_directory(d, public_key_pem=signer.public_key_pem())
    assert not result.ok
    assert any(MANIFEST in p for p in result.problems)


def _report(root: Path, name: str, signer: LocalSigner, previous: Path | None, run_id: str, end: float) -> Path:
    d = root / name
    d.mkdir()
    (d / "report.json").write_text(json.dumps({"run": run_id}))
    sign_directory(d, signer, previous=previous, files=["report.json"],
                   binding=run_binding([{"run_id": run_id, "started": end - 60, "finished": end}]))
    return d


def test_chain_rejects_rollback_fork_and_replayed_runs(tmp_path: Path) -> None:
    signer = LocalSigner(tmp_path / "k.pem")
    pem = signer.public_key_pem()
    r1 = _report(tmp_path, "r1", signer, None, "run-1", 1000.0)
    r2 = _report(tmp_path, "r2", signer, r1, "run-2", 2000.0)
    r3 = _report(tmp_path, "r3", signer, r2, "run-3", 3000.0)
    assert verify_directory(r3, public_key_pem=pem, previous=r2).ok
    assert json.loads((r3 / MANIFEST).read_text())["sequence"] == 3
    rolled = verify_directory(r2, public_key_pem=pem, previous=r3)  # presenting an older report as the next one
    assert not rolled.ok and any("chain" in p for p in rolled.problems)
    fork = _report(tmp_path, "fork", signer, r1, "run-2b", 2500.0)  # a second report claiming to follow r1
    assert not verify_directory(fork, public_key_pem=pem, previous=r2).ok
    replay = _report(tmp_path, "replay", signer, r3, "run-3", 3000.0)
    problems = verify_directory(replay, public_key_pem=pem, previous=r3).problems
    assert any("replay" in p for p in problems) and any("do not follow" in p for p in problems)


def test_manifest_signs_exactly_the_files_named(tmp_path: Path) -> None:
    d = tmp_path / "r"
    d.mkdir()
    (d / "report.json").write_text("{}")
    (d / "notes.txt").write_text("not written by spc report")
    manifest = sign_directory(d, LocalSigner(tmp_path / "k.pem"), files=["report.json"])
    assert list(manifest["files"]) == ["report.json"]
    assert manifest["key_fingerprint"].startswith("sha256:")
    assert any("notes.txt: not in the signed manifest" in p for p in verify_directory(d).problems)
