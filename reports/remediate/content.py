"""Card values inside stored bytes: which fingerprints an item holds, and a copy with those values masked.

The engine finds spans, the run's fingerprinter keys them, and only spans whose fingerprint the run reported are
touched: each is replaced by its mask (first six and last four of a PAN; CVV and expiry fully masked), every other
byte stays as it was. gzip content is masked inside and compressed again. Recordings are read the way the
recordings source reads them (keypad tones decoded to labelled entries), through a one-object client.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from reports.errors import RemediationError
from scanners.cards.fingerprint import Fingerprinter
from scanners.cards.masking import mask
from scanners.engine.core import Engine
from scanners.engine.pipeline import run_scan
from scanners.sources.recordings import RecordingsSource

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

GZIP_MAGIC = b"\x1f\x8b"
MAX_BYTES = 512 << 20  # an item is masked in memory; larger ones are refused, never half-written


class _OneObject:
    """The two S3 calls a source makes, answered from bytes in memory (to read one stored version)."""

    def __init__(self, bucket: str, key: str, data: bytes) -> None:
        self.bucket, self.key, self.data = bucket, key, data

    def list_objects_v2(self, **_kw: Any) -> dict[str, Any]:
        return {"Contents": [{"Key": self.key, "LastModified": datetime.now(UTC), "Size": len(self.data)}]}

    def get_object(self, **_kw: Any) -> dict[str, Any]:
        return {"Body": io.BytesIO(self.data), "ContentType": "application/octet-stream"}


@dataclass
class Matcher:
    engine: Engine
    fingerprinter: Fingerprinter

    def text_fingerprints(self, text: str) -> set[str]:
        return {self.fingerprinter.fingerprint(s.type, s.value) for s in self.engine.scan_text(text)}

    def held(self, store: str, address: tuple[str, str], data: bytes) -> set[str]:
        """Every fingerprint found in one stored version of an item."""
        if store == "recordings":
            one = cast("S3Client", _OneObject(*address, data))  # answers the two calls the source makes
            source = RecordingsSource(one, address[0], address[1])
            result = run_scan([source], engine=self.engine, fingerprinter=self.fingerprinter)
            if not all(c.complete for c in result.coverage):
                reasons = "; ".join(str(c.reason) for c in result.coverage if not c.complete)
                raise RemediationError(f"recordings:s3://{address[0]}/{address[1]}: cannot be decoded ({reasons})")
            return {f.fingerprint for f in result.findings}
        return self.text_fingerprints(text_of(data, address))

    def mask_text(self, text: str, fingerprints: Iterable[str]) -> tuple[str, int]:
        """``text`` with every span whose fingerprint is in ``fingerprints`` replaced by its mask."""
        wanted, out, at, count = set(fingerprints), [], 0, 0
        for span in self.engine.scan_text(text):
            if span.start < at or self.fingerprinter.fingerprint(span.type, span.value) not in wanted:
                continue
            out += [text[at : span.start], mask(span.type, span.value)]
            at, count = span.end, count + 1
        out.append(text[at:])
        return "".join(out), count

    def mask_bytes(self, data: bytes, fingerprints: Iterable[str], address: tuple[str, str]) -> tuple[bytes, int]:
        """A masked copy of an object's bytes (gzip kept gzip); the number of values masked."""
        masked, count = self.mask_text(text_of(data, address), fingerprints)
        body = masked.encode("utf-8")
        return (gzip.compress(body, mtime=0) if data[:2] == GZIP_MAGIC else body), count

    def mask_all(self, text: str) -> str:
        """Every card value in ``text`` masked (quarantine copies keep no card data at all)."""
        out, at = [], 0
        for span in self.engine.scan_text(text):
            if span.start >= at:
                out += [text[at : span.start], mask(span.type, span.value)]
                at = span.end
        out.append(text[at:])
        return "".join(out)


def text_of(data: bytes, address: tuple[str, str]) -> str:
    """The text of an object (gunzipped by magic bytes); strict UTF-8, so masking keeps every other byte."""
    where = f"s3://{address[0]}/{address[1]}"
    if len(data) > MAX_BYTES:
        raise RemediationError(f"{where}: {len(data)} bytes: expected at most {MAX_BYTES} to mask in memory")
    try:
        raw = gzip.decompress(data) if data[:2] == GZIP_MAGIC else data
        return raw.decode("utf-8")
    except (OSError, EOFError) as exc:
        raise RemediationError(f"{where}: expected readable gzip ({type(exc).__name__})") from exc
    except UnicodeDecodeError as exc:
        raise RemediationError(f"{where}: expected UTF-8 text (masking would change other bytes)") from exc


def wanted_types(findings: Iterable[Mapping[str, Any]]) -> set[str]:
    return {str(f.get("type")) for f in findings}
