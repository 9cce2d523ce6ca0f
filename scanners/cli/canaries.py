"""``spc scan --canaries``: prove detection on local targets (PCI DSS A3.2.5.1) in the same run.

Published test card numbers of several brands are written, in plain, base64 and gzip form, one per file, into a
fresh private temporary directory (never into the user's targets), which is scanned with the same engine as the
targets. Each canary is then ``found`` (a finding of its type at its file) or ``missed``. Canary findings are kept
out of the run's findings (they are not leaks); a missed canary is an ``error`` coverage entry, so the run cannot
be clean. The run JSON gets ``canaries`` in the shape ``spc report`` reads; canaries prove the ``file`` source
kind only, so a report over cloud targets scanned this way stays INCOMPLETE for those kinds.
"""

from __future__ import annotations

import base64
import gzip
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanners.cards.brands import TEST_PANS, brand_of
from scanners.cards.masking import mask
from scanners.engine.finding import Coverage
from scanners.engine.pipeline import ScanResult
from scanners.engine.spool import FindingSpool
from scanners.sources.files import FileSource

KIND = "file"
PANS = ("4242424242424242", "5555555555554444", "378282246310005", "6011111111111117")
FORMS = ("plain", "base64", "gzip")


@dataclass(frozen=True)
class Planted:
    id: str
    form: str
    brand: str
    masked: str
    path: Path

    def to_dict(self, status: str) -> dict[str, Any]:
        return {"id": self.id, "kind": KIND, "form": self.form, "type": "pan", "brand": self.brand,
                "masked": self.masked, "location": {"path": str(self.path)}, "status": status,
                "found_by": KIND if status == "found" else ""}


def _payload(pan: str, form: str) -> bytes:
    line = f"canary payment card_number={pan} status=declined\n".encode()
    if form == "base64":
        return b"canary payload=" + base64.b64encode(line) + b"\n"
    if form == "gzip":
        return gzip.compress(line)
    return line


@contextmanager
def planted() -> Iterator[tuple[FileSource, list[Planted]]]:
    """A file source over freshly planted canaries; the directory is removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="spc-canary-"))
    try:
        out = []
        for pan in PANS:
            if pan not in TEST_PANS:  # only published test numbers are ever planted
                continue
            brand = brand_of(pan)
            name = brand.name if brand else "unknown"
            for form in FORMS:
                path = root / f"canary-{name}-{form}.log"
                path.write_bytes(_payload(pan, form))
                out.append(Planted(f"{KIND}/{name}/{form}", form, name, mask("pan", pan), path))
        yield FileSource([root]), out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def evaluate(result: ScanResult, canaries: list[Planted]) -> None:
    """Mark each canary found or missed, take canary findings out of the findings, record misses as coverage."""
    paths = {str(c.path) for c in canaries}
    hits = {(f.location.get("path"), f.masked) for f in result.findings if f.type == "pan"}
    result.findings = FindingSpool(f for f in result.findings if f.location.get("path") not in paths)
    result.canaries = []
    for c in canaries:
        found = (str(c.path), c.masked) in hits
        result.canaries.append(c.to_dict("found" if found else "missed"))
        if not found:
            result.coverage.append(Coverage(KIND, {"canary": c.id}, "error", "canary not detected"))
