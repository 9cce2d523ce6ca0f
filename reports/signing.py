"""Tamper evidence for a report directory: a signed manifest of SHA-256 digests, chained to the previous run.

``manifest.json`` lists every file's digest plus the digest and signature of the previous manifest (as CloudTrail
digest files do). ``manifest.sig`` is an ECDSA P-256 / SHA-256 signature over the manifest bytes, made by a local key
pair on the embedded default or by a KMS asymmetric key (``Sign`` over the digest). ``public_key.pem`` ships beside
it; ``verify`` needs nothing else and no network, and accepts a pinned key to check who signed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reports.errors import SigningError
from scanners.aws import error_name

MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "public_key.pem"
_SIGNING_FILES = (MANIFEST, SIGNATURE, PUBLIC_KEY)
ALGORITHM = "ECDSA_SHA_256"
KMS_RAW_LIMIT = 4096


class Signer(Protocol):
    key_id: str

    def sign(self, message: bytes) -> bytes: ...
    def public_key_pem(self) -> bytes: ...


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class LocalSigner:
    """An EC P-256 key pair in a 0600 PEM file, created on first use."""

    def __init__(self, key_path: Path) -> None:
        self.key_path = key_path
        try:
            if not key_path.exists():
                key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
                fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pem)
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise SigningError(f"signing key {key_path}: expected a readable EC P-256 PEM private key") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise SigningError(f"signing key {key_path}: expected an EC P-256 key")
        self._key = key
        self.key_id = "local:" + _key_fingerprint(self.public_key_pem())

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message, ec.ECDSA(hashes.SHA256()))

    def public_key_pem(self) -> bytes:
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class KmsSigner:
    """A KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY); the private key never leaves KMS."""

    def __init__(self, client: Any, key_id: str) -> None:
        self._client = client
        self.key_id = key_id

    def _call(self, op: str, **kw: Any) -> dict[str, Any]:
        try:
            return dict(getattr(self._client, op)(KeyId=self.key_id, **kw))
        except Exception as exc:  # botocore ClientError / connection errors
            code = error_name(exc)
            raise SigningError(f"KMS {op} with key {self.key_id} failed: {code}") from exc

    def sign(self, message: bytes) -> bytes:
        # KMS takes at most 4096 bytes of RAW message; past that it signs our SHA-256 digest. Both verify the same.
        if len(message) <= KMS_RAW_LIMIT:
            out = self._call("sign", Message=message, MessageType="RAW", SigningAlgorithm=ALGORITHM)
        else:
            digest = hashlib.sha256(message).digest()
            out = self._call("sign", Message=digest, MessageType="DIGEST", SigningAlgorithm=ALGORITHM)
        return bytes(out["Signature"])

    def public_key_pem(self) -> bytes:
        der = bytes(self._call("get_public_key")["PublicKey"])
        key = serialization.load_der_public_key(der)
        return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_fingerprint(pem: bytes) -> str:
    return hashlib.sha256(pem).hexdigest()[:16]


def sign_directory(
    directory: Path, signer: Signer, *, previous: Path | None = None, created_by: str = ""
) -> dict[str, Any]:
    """Write manifest.json, manifest.sig and public_key.pem into ``directory``; return the manifest."""
    files = {
        p.relative_to(directory).as_posix(): sha256_file(p)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.relative_to(directory).as_posix() not in _SIGNING_FILES
    }
    manifest: dict[str, Any] = {
        "version": 1,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "created_by": created_by,
        "algorithm": ALGORITHM,
        "key_id": signer.key_id,
        "files": files,
        "previous": _previous(previous),
    }
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    signature = signer.sign(body)
    (directory / MANIFEST).write_bytes(body)
    (directory / SIGNATURE).write_text(base64.b64encode(signature).decode() + "\n")
    (directory / PUBLIC_KEY).write_bytes(signer.public_key_pem())
    return manifest


def _previous(previous: Path | None) -> dict[str, str] | None:
    """The chain link: digest and signature of the previous run's manifest, when there is one."""
    if previous is None or not (previous / MANIFEST).exists():
        return None
    return {
        "manifest_sha256": sha256_file(previous / MANIFEST),
        "signature": (previous / SIGNATURE).read_text().strip(),
    }


@dataclass
class Verification:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    key_fingerprint: str = ""
    files_checked: int = 0

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)


def verify_directory(
    directory: Path, *, public_key_pem: bytes | None = None, previous: Path | None = None
) -> Verification:
    """Check the signature, then every file's digest; list every difference, not just the first."""
    result = Verification()
    try:
        body = (directory / MANIFEST).read_bytes()
        signature = base64.b64decode((directory / SIGNATURE).read_text().strip(), validate=True)
        pem = public_key_pem or (directory / PUBLIC_KEY).read_bytes()
        key = serialization.load_pem_public_key(pem)
        manifest = json.loads(body)
    except (OSError, ValueError) as exc:
        result.fail(f"{MANIFEST}/{SIGNATURE}/{PUBLIC_KEY}: missing or malformed ({type(exc).__name__})")
        return result
    result.key_fingerprint = _key_fingerprint(pem)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        result.fail("public key: expected an EC P-256 key")
        return result
    try:
        key.verify(signature, body, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        result.fail(f"{MANIFEST}: signature does not match (manifest changed or signed by another key)")
        return result
    listed: dict[str, str] = manifest.get("files", {})
    for name, digest in sorted(listed.items()):
        path = directory / name
        if not path.is_file():
            result.fail(f"{name}: missing")
        elif sha256_file(path) != digest:
            result.fail(f"{name}: content differs from the signed digest")
        result.files_checked += 1
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).as_posix()
        if path.is_file() and rel not in listed and rel not in _SIGNING_FILES:
            result.fail(f"{rel}: not in the signed manifest")
    if previous is not None:
        link = _previous(previous)
        if manifest.get("previous") != link:
            result.fail(f"chain: manifest does not link to the previous run in {previous}")
    return result
