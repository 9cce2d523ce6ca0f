"""Keyed fingerprints of card data (PCI DSS 3.5.1.1): HMAC-SHA256 under a managed key, never a plain hash.

Two keyers: a local key file (created 0600 on first use, refused when group/other can read it) and AWS KMS
``GenerateMac`` with an HMAC_256 key. Fingerprints are ``hmac-sha256:<hex>`` and stable for the same key, so the
same value found on different nights de-duplicates.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from scanners.aws import error_name
from scanners.errors import FingerprintError, KeyFileError

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient

KEY_BYTES = 32
PREFIX = "hmac-sha256:"
_BLOCK = 64  # SHA-256 block size: the HMAC key is padded (or first hashed) to this


class Fingerprinter(Protocol):
    def fingerprint(self, kind: str, value: str) -> str:
        """A stable keyed digest of ``value`` for card-data type ``kind``."""
        ...


def default_key_path() -> Path:
    env = os.environ.get("SPC_KEY_FILE")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "spc" / "fingerprint.key"


def _create_key_file(path: Path) -> None:
    """Write a new key to a private temp file, then link it into place: concurrent first uses agree on one key
    and nobody ever reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(KEY_BYTES) + "\n")
        with contextlib.suppress(FileExistsError):  # another process or thread created it first: use theirs
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _message(kind: str, value: str) -> bytes:
    return f"{kind}:{value}".encode()


class LocalKeyFingerprinter:
    """HMAC-SHA256 under a 32-byte key kept in a 0600 file."""

    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise KeyFileError(f"fingerprint key: expected at least {KEY_BYTES} bytes")
        # HMAC (RFC 2104) with the padded key's inner and outer SHA-256 states computed once: each fingerprint then
        # costs two state copies, not a new HMAC object (the same digest as hmac.new, about 3x faster).
        block = hashlib.sha256(key).digest() if len(key) > _BLOCK else key
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block.ljust(_BLOCK, b"\0")))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block.ljust(_BLOCK, b"\0")))

    def __repr__(self) -> str:
        return "LocalKeyFingerprinter(key=<hidden>)"

    @classmethod
    def from_path(cls, path: Path | None = None, *, create: bool = True) -> LocalKeyFingerprinter:
        path = path or default_key_path()
        try:
            if not path.exists():
                if not create:
                    raise KeyFileError(f"fingerprint key file {path}: expected an existing file")
                _create_key_file(path)
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                raise KeyFileError(
                    f"fingerprint key file {path}: permissions {mode:04o} let others read it; expected 0600"
                )
            raw = path.read_text().strip()
        except OSError as exc:
            raise KeyFileError(
                f"fingerprint key file {path}: cannot be read or created ({exc.strerror})"
            ) from exc
        try:
            key = bytes.fromhex(raw)
        except ValueError as exc:
            raise KeyFileError(
                f"fingerprint key file {path}: expected {KEY_BYTES * 2} hex characters"
            ) from exc
        return cls(key)

    def fingerprint(self, kind: str, value: str) -> str:
        inner, outer = self._inner.copy(), self._outer.copy()
        inner.update(_message(kind, value))
        outer.update(inner.digest())
        return PREFIX + outer.hexdigest()


class KmsFingerprinter:
    """HMAC-SHA256 computed by KMS ``GenerateMac`` (key spec HMAC_256); the key never leaves KMS.

    Results are cached per value under an ephemeral in-memory HMAC key, so repeated values cost one API call
    and the cache holds no card value.
    """

    def __init__(self, client: KMSClient, key_id: str) -> None:
        self._client = client
        self._key_id = key_id
        self._ephemeral = secrets.token_bytes(KEY_BYTES)
        self._cache: dict[bytes, str] = {}

    def __repr__(self) -> str:
        return f"KmsFingerprinter(key_id={self._key_id!r})"

    def fingerprint(self, kind: str, value: str) -> str:
        message = _message(kind, value)
        slot = hmac.new(self._ephemeral, message, hashlib.sha256).digest()
        cached = self._cache.get(slot)
        if cached is not None:
            return cached
        try:
            resp = self._client.generate_mac(Message=message, KeyId=self._key_id, MacAlgorithm="HMAC_SHA_256")
        except Exception as exc:  # botocore ClientError / EndpointConnectionError
            code = error_name(exc)
            raise FingerprintError(f"KMS GenerateMac with key {self._key_id} failed: {code}") from exc
        out = PREFIX + bytes(resp["Mac"]).hex()
        self._cache[slot] = out
        return out


def fingerprinter_for(
    key_id: str | None, kms_client: Callable[[], KMSClient], key_file: Path | None = None
) -> Fingerprinter:
    """The one choice between keys: KMS ``GenerateMac`` with ``key_id`` when given (the client is made only then);
    else ``$SPC_FINGERPRINT_KEY`` (64 hex characters from a CI secret store: the same fingerprints on every machine
    that shares it) unless a ``key_file`` is named; else the local key file (``key_file``, ``$SPC_KEY_FILE`` or the
    default path)."""
    if key_id:
        return KmsFingerprinter(kms_client(), key_id)
    shared = os.environ.get("SPC_FINGERPRINT_KEY", "").strip()
    if shared and key_file is None:
        try:
            key = bytes.fromhex(shared)
        except ValueError as exc:
            raise KeyFileError("SPC_FINGERPRINT_KEY: expected 64 hex characters (a 32-byte key)") from exc
        if len(key) != KEY_BYTES:
            raise KeyFileError("SPC_FINGERPRINT_KEY: expected 64 hex characters (a 32-byte key)")
        return LocalKeyFingerprinter(key)
    return LocalKeyFingerprinter.from_path(key_file)
