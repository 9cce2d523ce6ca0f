"""Who signs a report manifest: a local EC P-256 key pair or a KMS asymmetric key, and the keys' fingerprints."""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reports.errors import SigningError
from scanners.aws import error_name

if TYPE_CHECKING:
    from pathlib import Path

    from mypy_boto3_kms import KMSClient

ALGORITHM = "ECDSA_SHA_256"
KMS_RAW_LIMIT = 4096


class Signer(Protocol):
    key_id: str

    def sign(self, message: bytes) -> bytes: ...
    def public_key_pem(self) -> bytes: ...


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

    def __init__(self, client: KMSClient, key_id: str) -> None:
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


def key_fingerprint(pem: bytes) -> str:
    """``sha256:`` + hex SHA-256 of the key's DER SubjectPublicKeyInfo (the same as openssl computes)."""
    key = serialization.load_pem_public_key(pem)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + hashlib.sha256(der).hexdigest()
