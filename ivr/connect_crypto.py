"""Amazon Connect encrypted customer input (Store customer input with a flow security key).

Connect encrypts the stored DTMF entry with the AWS Encryption SDK: one encrypted data key wrapped with
RSA-OAEP-SHA512 under the uploaded public key, provider id ``AmazonConnect``, key info = the flow's key id,
and the signed non-committing suite AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384 (message format v1), base64
encoded. The SDK's default commitment policy refuses that suite, so decryption allows it explicitly. When the
caller enters nothing, Connect stores the literal ``Timeout`` instead of a ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import threading
from functools import lru_cache

import aws_encryption_sdk
from aws_encryption_sdk.identifiers import Algorithm, CommitmentPolicy, EncryptionKeyType, WrappingAlgorithm
from aws_encryption_sdk.internal.crypto.wrapping_keys import WrappingKey
from aws_encryption_sdk.key_providers.raw import RawMasterKey
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ivr.errors import ConfigError, DecryptionError, NoEntry

PROVIDER_ID = "AmazonConnect"
TIMEOUT = "Timeout"
CONNECT_SUITE = Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
FRAME_LENGTH = 4096
MAX_CIPHERTEXT_CHARS = 16_384  # a DTMF entry under RSA-4096 is about 1.2 KB of base64

_DECRYPT_CLIENT = aws_encryption_sdk.EncryptionSDKClient(
    commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, max_encrypted_data_keys=1
)
_ENCRYPT_CLIENT = aws_encryption_sdk.EncryptionSDKClient(
    commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT, max_encrypted_data_keys=1
)
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _private_master_key(private_key_pem: bytes, key_id: str) -> RawMasterKey:
    """Parsing and checking an RSA-4096 key costs ~0.3 s, so it is done once per key."""
    try:
        wrapping = WrappingKey(WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, private_key_pem, EncryptionKeyType.PRIVATE)
    except Exception as exc:  # cryptography ValueError / TypeError / UnsupportedAlgorithm
        raise ConfigError("private key: expected an unencrypted PEM RSA private key") from exc
    return RawMasterKey(provider_id=PROVIDER_ID, key_id=key_id.encode(), wrapping_key=wrapping)


def load_private_key(private_key_pem: bytes, key_id: str) -> None:
    """Parse and cache the key now (at Lambda init) so the first call does not pay for it."""
    _private_master_key(private_key_pem, key_id)


def decrypt_customer_input(ciphertext: str, *, private_key_pem: bytes, key_id: str) -> str:
    """The caller's entry from a Connect ciphertext.

    Raises ``NoEntry`` for Connect's literal ``Timeout`` and ``DecryptionError`` for anything that is not a
    message for this key (wrong key or key id, tampered, truncated, not base64). Errors carry no plaintext.
    """
    value = ciphertext.strip()
    if value == TIMEOUT:
        raise NoEntry("no entry: Connect stored Timeout")
    if not value:
        raise DecryptionError("ciphertext: expected a base64 Encryption SDK message, got an empty string")
    if len(value) > MAX_CIPHERTEXT_CHARS:
        raise DecryptionError(f"ciphertext: expected at most {MAX_CIPHERTEXT_CHARS} characters")
    try:
        message = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("ciphertext: expected base64 text") from exc
    master_key = _private_master_key(private_key_pem, key_id)
    try:
        with _LOCK:  # RawMasterKey is not documented as thread-safe
            plaintext, header = _DECRYPT_CLIENT.decrypt(source=message, key_provider=master_key)
    except Exception as exc:  # the SDK raises several unrelated types; none carries plaintext
        raise DecryptionError(
            f"ciphertext: not decryptable with Connect key id {key_id} "
            f"(wrong key, tampered or not an Encryption SDK message: {type(exc).__name__})"
        ) from exc
    if not header.algorithm.is_signing():
        raise DecryptionError("ciphertext: expected a signed algorithm suite as Connect produces")
    try:
        return bytes(plaintext).decode("ascii")
    except UnicodeDecodeError as exc:
        raise DecryptionError("ciphertext: decrypted entry is not ASCII keypad input") from exc


def _public_key_pem(public_key_pem: bytes | None, certificate_pem: bytes | None) -> bytes:
    if certificate_pem is not None:
        try:
            cert = x509.load_pem_x509_certificate(certificate_pem)
        except ValueError as exc:
            raise ConfigError("certificate: expected a PEM X.509 certificate") from exc
        return cert.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    if public_key_pem is None:
        raise ConfigError("public key: expected public_key_pem or certificate_pem")
    return public_key_pem


def encrypt_customer_input(
    plaintext: str, *, key_id: str, public_key_pem: bytes | None = None, certificate_pem: bytes | None = None
) -> str:
    """Encrypt an entry exactly as Connect does (for the local flow runner and tests)."""
    pem = _public_key_pem(public_key_pem, certificate_pem)
    try:
        wrapping = WrappingKey(WrappingAlgorithm.RSA_OAEP_SHA512_MGF1, pem, EncryptionKeyType.PUBLIC)
    except Exception as exc:
        raise ConfigError("public key: expected a PEM RSA public key") from exc
    master_key = RawMasterKey(provider_id=PROVIDER_ID, key_id=key_id.encode(), wrapping_key=wrapping)
    message, _header = _ENCRYPT_CLIENT.encrypt(
        source=plaintext.encode("utf-8"), key_provider=master_key, algorithm=CONNECT_SUITE, frame_length=FRAME_LENGTH
    )
    return base64.b64encode(message).decode("ascii")
