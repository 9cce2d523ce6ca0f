"""Shared checks for the per-format table tests: scan bytes as a file, and the bad-input contract.

Every hostile or broken input must end with a clear reason naming the format and an incomplete verdict: never a
crash, never ``clean``, and never a card value in the output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import default_engine
from scanners.engine.finding import Coverage, Record
from scanners.engine.pipeline import run_scan
from scanners.formats.base import Limits
from scanners.formats.canaries import CANARY_PAN, format_canaries
from scanners.formats.examine import examine
from scanners.sources.files import FileSource

ENGINE = default_engine()
CANARIES = {c.format: c for c in format_canaries().files}
TEXT = f"refund for card {CANARY_PAN} approved"


@dataclass(frozen=True)
class Bad:
    """A broken or hostile input and the reason words its coverage must carry."""

    id: str
    data: Callable[[], bytes]
    reason: str


def scan_bytes(tmp_path: Path, data: bytes, name: str = "upload.bin") -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    result = run_scan([FileSource([path])], engine=ENGINE, fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    return result.to_dict()


def check_bad(tmp_path: Path, case: Bad) -> dict[str, Any]:
    out = scan_bytes(tmp_path, case.data())
    assert out["verdict"] in ("incomplete", "leaks"), out
    if out["verdict"] == "leaks":  # what could be read is reported, and the rest is still marked incomplete
        assert out["summary"]["incomplete_items"] > 0, out["coverage"]
    reasons = " | ".join(c.get("reason") or "" for c in out["coverage"] if c["status"] != "scanned")
    assert case.reason in reasons, reasons
    assert CANARY_PAN not in repr(out)
    return out


def walk(data: bytes, limits: Limits) -> tuple[list[Record], Coverage, list[Coverage]]:
    """``examine`` directly, with custom limits."""
    cov = Coverage("file", {"path": "x"}, "scanned")
    items: list[Coverage] = []
    records = list(examine(io.BytesIO(data), cov, items.append, limits=limits))
    return records, cov, items


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


def flipped(data: bytes, at: float = 0.5, width: int = 16) -> bytes:
    i = int(len(data) * at)
    return data[:i] + bytes(b ^ 0x5A for b in data[i : i + width]) + data[i + width :]
