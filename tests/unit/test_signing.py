import json
from pathlib import Path
from typing import Any

import pytest

from reports.errors import SigningError
from reports.signing import MANIFEST, SIGNATURE, KmsSigner, LocalSigner, sign_directory, verify_directory


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

    d, _ = signed
    assert main(["verify", str(d)]) == 0
    assert "OK   3 files" in capsys.readouterr().out
    (d / "report.html").write_text("changed")
    assert main(["verify", str(d)]) == 1
    assert "FAIL report.html: content differs" in capsys.readouterr().out
