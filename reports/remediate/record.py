"""The signed remediation record: what was found, what was done, the pins, counts, re-scan result, who ran it.

A record file is ``{"record": {...}, "signature": {...}}``; the signature is ECDSA P-256 / SHA-256 over the
record's canonical JSON (sorted keys, no spaces), made with ``reports.signing``'s signers (a local key or a KMS
key), with the public key beside it. ``verify_records(DIR)`` checks every ``remediation-*.json`` in a directory
offline; ``spc verify`` calls it. The record holds masked values and keyed fingerprints only, and is scanned by
the detectors before it is written.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reports.errors import CardDataInReport, RemediationError
from reports.remediate.items import Item, store_of
from reports.signing import ALGORITHM, Signer
from scanners.engine.core import Engine

PATTERN = "remediation-*.json"
KIND = "spc-remediation"


def canonical(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def sign_record(record: Mapping[str, Any], signer: Signer) -> dict[str, Any]:
    return {"record": dict(record), "signature": {
        "algorithm": ALGORITHM, "key_id": signer.key_id,
        "public_key_pem": signer.public_key_pem().decode(),
        "value": base64.b64encode(signer.sign(canonical(record))).decode(),
    }}


def write_record(directory: Path, record: Mapping[str, Any], signer: Signer, engine: Engine) -> Path:
    """Sign and write ``remediation-<id>.json`` into ``directory``; refused when it would hold card data."""
    body = json.dumps(sign_record(record, signer), indent=2, sort_keys=True) + "\n"
    if engine.contains_card_data(json.dumps(record)):
        raise CardDataInReport("remediation record: it would hold card data; nothing was written")
    path = directory / f"remediation-{record['id']}.json"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise RemediationError(f"--out {directory}: cannot write the record ({exc.strerror})") from exc
    return path


def verify_record(path: Path, public_key_pem: bytes | None = None) -> list[str]:
    """Problems with one record file (an empty list when its signature holds, under the pinned key if given)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        record, sig = doc["record"], doc["signature"]
        pem = public_key_pem or str(sig["public_key_pem"]).encode()
        key = serialization.load_pem_public_key(pem)
        value = base64.b64decode(str(sig["value"]), validate=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{path.name}: expected a signed remediation record ({type(exc).__name__})"]
    if not isinstance(key, ec.EllipticCurvePublicKey) or record.get("kind") != KIND:
        return [f"{path.name}: expected an EC P-256 signed {KIND} record"]
    try:
        key.verify(value, canonical(record), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return [f"{path.name}: signature does not match (record changed or signed by another key)"]
    return []


def _paths(directory: Path) -> list[Path]:
    """Records in ``directory`` or in its ``remediation/`` folder (where ``spc demo --remediate`` puts them)."""
    return sorted([*directory.glob(PATTERN), *directory.glob(f"remediation/{PATTERN}")]) if directory.is_dir() else []


def verify_records(directory: Path, public_key_pem: bytes | None = None) -> tuple[int, list[str]]:
    """(records checked, problems) for every remediation record in ``directory``."""
    paths = _paths(directory)
    return len(paths), [p for path in paths for p in verify_record(path, public_key_pem)]


def records_in(directory: Path) -> list[dict[str, Any]]:
    """The records (signature checked) in ``directory``, for the report: invalid ones are left out."""
    out = []
    for path in _paths(directory):
        if not verify_record(path):
            out.append(json.loads(path.read_text(encoding="utf-8"))["record"])
    return out


@dataclass(frozen=True)
class Remediated:
    """``(fingerprint, item) -> record id`` for every item a valid record shows remediated (re-scan clean);
    called with a finding, the id of the record that removed it, or ``""``."""

    done: Mapping[tuple[str, str], str]

    def __call__(self, finding: Mapping[str, Any]) -> str:
        where = store_of(finding) if isinstance(finding.get("location"), Mapping) else None
        item = Item(where[0], where[1], ()).name if where else ""
        return self.done.get((str(finding.get("fingerprint")), item), "")

    def __bool__(self) -> bool:
        return bool(self.done)


def remediated_in(directory: Path | None) -> Remediated | None:
    if directory is None:
        return None
    if not directory.is_dir():
        raise RemediationError(f"--remediation {directory}: expected a directory of remediation records")
    return Remediated({(fp, str(item.get("item"))): str(rec["id"]) for rec in records_in(directory)
                       if rec.get("mode") == "apply" for item in rec.get("items", [])
                       if item.get("status") == "remediated" for fp in item.get("fingerprints", [])})
