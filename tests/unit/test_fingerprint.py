import hashlib
import hmac
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from scanners.cards.fingerprint import KmsFingerprinter, LocalKeyFingerprinter
from scanners.errors import FingerprintError, KeyFileError


def test_key_file_created_0600_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "k.key"
    a = LocalKeyFingerprinter.from_path(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    b = LocalKeyFingerprinter.from_path(path)
    assert a.fingerprint("pan", "4111111111111111") == b.fingerprint("pan", "4111111111111111")
    assert a.fingerprint("pan", "4111111111111111").startswith("hmac-sha256:")
    assert a.fingerprint("pan", "4111111111111111") != a.fingerprint("cvv", "4111111111111111")
    assert "4111" not in repr(a)


def test_different_keys_give_different_fingerprints(tmp_path: Path) -> None:
    a = LocalKeyFingerprinter.from_path(tmp_path / "a")
    b = LocalKeyFingerprinter.from_path(tmp_path / "b")
    assert a.fingerprint("pan", "4111111111111111") != b.fingerprint("pan", "4111111111111111")


@pytest.mark.parametrize(
    ("content", "mode", "expected"),
    [
        ("ab" * 32, 0o644, "permissions 0644"),
        ("not hex at all", 0o600, "expected 64 hex characters"),
        ("abcd", 0o600, "expected at least 32 bytes"),
    ],
)
def test_bad_key_files(tmp_path: Path, content: str, mode: int, expected: str) -> None:
    path = tmp_path / "k"
    path.write_text(content)
    os.chmod(path, mode)
    with pytest.raises(KeyFileError, match=expected) as info:
        LocalKeyFingerprinter.from_path(path)
    assert content not in str(info.value)


def test_missing_key_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="expected an existing file"):
        LocalKeyFingerprinter.from_path(tmp_path / "nope", create=False)


class FakeKms:
    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    def generate_mac(self, **kw: Any) -> dict[str, Any]:
        self.calls += 1
        if self.fail:
            err = Exception("boom")
            err.response = {"Error": {"Code": "AccessDeniedException"}}  # type: ignore[attr-defined]
            raise err
        assert kw["MacAlgorithm"] == "HMAC_SHA_256"
        return {"Mac": b"\x01" * 32}


def test_kms_caches_without_holding_values() -> None:
    kms = FakeKms()
    fp = KmsFingerprinter(kms, "alias/x")
    one = fp.fingerprint("pan", "4111111111111111")
    two = fp.fingerprint("pan", "4111111111111111")
    assert one == two and kms.calls == 1
    assert all("4111" not in repr(k) for k in fp._cache)


def test_kms_failure_is_translated_and_names_no_value() -> None:
    fp = KmsFingerprinter(FakeKms(fail=True), "alias/x")
    with pytest.raises(FingerprintError, match="AccessDeniedException") as info:
        fp.fingerprint("pan", "4111111111111111")
    assert "4111111111111111" not in str(info.value)


def test_concurrent_first_use_agrees_on_one_key(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "race" / "k.key"
    with ThreadPoolExecutor(16) as pool:
        fps = list(pool.map(lambda _: LocalKeyFingerprinter.from_path(path).fingerprint("pan", "x"), range(64)))
    assert len(set(fps)) == 1
    assert [p.name for p in path.parent.iterdir()] == ["k.key"]


@pytest.mark.parametrize("size", [32, 63, 64, 65, 100])
def test_local_fingerprint_is_standard_hmac_sha256(size: int) -> None:
    """The precomputed inner/outer states give exactly hmac.new's digest, for keys shorter and longer than a block."""
    key = bytes(range(7, 7 + size))
    fingerprinter = LocalKeyFingerprinter(key)
    for kind, value in [("cvv", "000"), ("expiry", "01/99"), ("credential", "AKIA" + "X" * 16), ("pan", "\u00e9" * 3)]:
        expected = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        assert fingerprinter.fingerprint(kind, value) == "hmac-sha256:" + expected
        assert fingerprinter.fingerprint(kind, value) == "hmac-sha256:" + expected  # the states are not consumed
