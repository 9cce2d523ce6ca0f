"""Tamper evidence for a report directory: a signed manifest of SHA-256 digests, chained to the previous run.

``manifest.json`` lists every file's digest plus the digest and signature of the previous manifest (as CloudTrail
digest files do). ``manifest.sig`` is an ECDSA P-256 / SHA-256 signature over the manifest bytes, made by a local key
pair on the embedded default or by a KMS asymmetric key (``Sign`` over the digest). ``public_key.pem`` ships beside
it; ``verify`` needs nothing else and no network. Trust is explicit: the shipped key proves integrity only, so a
verification is *trusted* only against a pinned key (``--public-key``) or a trust list of key fingerprints
(``--trust``; a fingerprint is ``sha256:`` + the SHA-256 of the key's DER SubjectPublicKeyInfo, what
``openssl pkey -pubin -outform DER | sha256sum`` prints). The manifest binds the runs it reports (ids, scope,
time window) and a sequence number one above the previous manifest's; ``verify --previous`` checks the link, the
sequence and that the runs follow the previous report's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reports.errors import SigningError
from reports.signers import ALGORITHM, KMS_RAW_LIMIT, KmsSigner, LocalSigner, Signer, key_fingerprint

__all__ = ["ALGORITHM", "KMS_RAW_LIMIT", "KmsSigner", "LocalSigner", "Signer", "Verification", "key_fingerprint",
           "load_trust", "run_binding", "sha256_file", "sign_directory", "verify_directory"]

MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "public_key.pem"
_SIGNING_FILES = (MANIFEST, SIGNATURE, PUBLIC_KEY)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_binding(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What the manifest binds about the runs it reports: their ids, the scope and the time window."""
    ids = [str(r.get("run_id") or r.get("id") or "") for r in runs]
    starts = [_epoch(r.get("started") or (r.get("summary") or {}).get("started")) for r in runs]
    ends = [_epoch(r.get("finished") or (r.get("summary") or {}).get("finished")) for r in runs]
    targets = sorted({str(t.get("target")) for r in runs for t in (r.get("targets") or ()) if isinstance(t, Mapping)})
    return {"run_ids": ids, "scope": targets,
            "window": {"start": min((s for s in starts if s is not None), default=None),
                       "end": max((e for e in ends if e is not None), default=None)}}


def _epoch(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            from datetime import datetime

            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


def sign_directory(
    directory: Path, signer: Signer, *, previous: Path | None = None, created_by: str = "",
    files: Sequence[str] | None = None, binding: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write manifest.json, manifest.sig and public_key.pem into ``directory``; return the manifest.

    ``files`` names exactly the files to sign (the ones just written); without it every file present is."""
    names = sorted(files) if files is not None else [
        p.relative_to(directory).as_posix() for p in sorted(directory.rglob("*")) if p.is_file()]
    digests = {name: sha256_file(directory / name) for name in names if name not in _SIGNING_FILES}
    link = _previous(previous)
    manifest: dict[str, Any] = {
        "version": 2,
        "sequence": _sequence(previous) + 1,
        "key_fingerprint": key_fingerprint(signer.public_key_pem()),
        "runs": dict(binding or {}),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "created_by": created_by,
        "algorithm": ALGORITHM,
        "key_id": signer.key_id,
        "files": digests,
        "previous": link,
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


def _sequence(previous: Path | None) -> int:
    if previous is None:
        return 0
    try:
        data = json.loads((previous / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return 0
    seq = data.get("sequence") if isinstance(data, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else 0


def load_trust(path: Path) -> set[str]:
    """A trust file: one key fingerprint (``sha256:<hex>``) a line; ``#`` comments and blank lines ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningError(f"--trust {path}: cannot be read") from exc
    out = set()
    for n, line in enumerate(lines, 1):
        item = line.split("#", 1)[0].strip().lower()
        if not item:
            continue
        if not item.startswith("sha256:") or len(item) != 71 or any(c not in "0123456789abcdef" for c in item[7:]):
            raise SigningError(f"--trust {path} line {n}: expected sha256: followed by 64 hex digits")
        out.add(item)
    return out


@dataclass
class Verification:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    key_fingerprint: str = ""
    files_checked: int = 0
    trusted: bool = False  # the signer was pinned or is on the trust list

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)


def verify_directory(
    directory: Path, *, public_key_pem: bytes | None = None, previous: Path | None = None,
    trusted: set[str] | None = None,
) -> Verification:
    """Check the signature, then every file's digest; list every difference, not just the first.

    ``trusted`` is set only when the key was pinned (``public_key_pem``) or its fingerprint is in ``trusted``."""
    result = Verification()
    try:
        body = (directory / MANIFEST).read_bytes()
        signature = base64.b64decode((directory / SIGNATURE).read_text().strip(), validate=True)
        pem = public_key_pem or (directory / PUBLIC_KEY).read_bytes()
        key = serialization.load_pem_public_key(pem)
        manifest = json.loads(body)
    except (OSError, ValueError, UnicodeDecodeError, TypeError) as exc:
        result.fail(f"{MANIFEST}/{SIGNATURE}/{PUBLIC_KEY}: missing or malformed ({type(exc).__name__})")
        return result
    result.key_fingerprint = key_fingerprint(pem)
    result.trusted = public_key_pem is not None or result.key_fingerprint in (trusted or set())
    if not isinstance(key, ec.EllipticCurvePublicKey):
        result.fail("public key: expected an EC P-256 key")
        return result
    try:
        key.verify(signature, body, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        result.fail(f"{MANIFEST}: signature does not match (manifest changed or signed by another key)")
        return result
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in listed.items()):
        result.fail(f"{MANIFEST}: expected a JSON object whose \"files\" maps file names to SHA-256 digests")
        return result
    for name, digest in sorted(listed.items()):
        if name.startswith("/") or ".." in Path(name).parts:
            result.fail(f"{MANIFEST}: file name outside the report directory")
            continue
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
        _check_chain(manifest, previous, result)
    return result


def _check_chain(manifest: dict[str, Any], previous: Path, result: Verification) -> None:
    """The link, the sequence and the runs must follow the previous report: no rollback, no fork, no replay."""
    if manifest.get("previous") != _previous(previous):
        result.fail(f"chain: manifest does not link to the previous run in {previous}")
    try:
        prior = json.loads((previous / MANIFEST).read_bytes())
    except (OSError, ValueError) as exc:
        result.fail(f"chain: previous {MANIFEST} missing or malformed ({type(exc).__name__})")
        return
    if not isinstance(prior, dict):
        result.fail(f"chain: previous {MANIFEST}: expected a JSON object")
        return
    if manifest.get("sequence") != _sequence(previous) + 1:
        result.fail("chain: sequence number does not follow the previous report (rollback or fork)")
    runs, before = manifest.get("runs"), prior.get("runs")
    if isinstance(runs, dict) and isinstance(before, dict):
        ids, prior_ids = runs.get("run_ids") or [""], before.get("run_ids") or [""]
        if ids[-1] and ids[-1] in prior_ids:
            result.fail("chain: this report's newest run was already reported by the previous one (replay)")
        end, prior_end = (runs.get("window") or {}).get("end"), (before.get("window") or {}).get("end")
        if isinstance(end, int | float) and isinstance(prior_end, int | float) and end <= prior_end:
            result.fail("chain: the runs do not follow the previous report's (older or the same window)")
