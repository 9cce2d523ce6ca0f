"""A base64 blob longer than a record: a line longer than the reader's chunk is cut into overlapping records, and a
blob's run then starts in a record's prefix (the previous record's text). A card decoded from it is reported once,
whatever the blob's neighbours; a compressed blob cut inside its stream makes the item incomplete, never clean."""

from __future__ import annotations

import base64
import gzip
import io
import json
import random

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.core import default_engine
from scanners.engine.finding import Coverage
from scanners.engine.limits import SEGMENT
from scanners.engine.pipeline import scan_records
from scanners.engine.textio import TextReader
from tests.unit.test_card_summary import _luhn

PAN = _luhn("411111111111111")  # the published Visa test number, check digit computed
CHUNK = 1 << 14


def _payload(pad: int, seed: int, *, card: bool = True) -> bytes:
    """A JSON record: ``pad`` random lowercase letters, then (with ``card``) the card and its expiry at the end."""
    rng = random.Random(seed)
    record: dict[str, object] = {"pad": "".join(rng.choice("abcdefghijklmnop") for _ in range(pad))}
    if card:
        record["card"] = {"number": PAN, "expiryDate": "10/2031"}
    return json.dumps(record).encode()


def _line(blob: bytes) -> str:
    return json.dumps({"id": "d744bf21-84e3-41a9", "blob": base64.b64encode(blob).decode()})


def _scan(text: str) -> tuple[list[tuple[str, int]], Coverage]:
    cov = Coverage("file", {"path": "x.jsonl"}, "scanned")
    reader = TextReader(io.BytesIO(text.encode()), source="file", location={"path": "x.jsonl"}, chunk_chars=CHUNK,
                        coverage=cov)
    found = scan_records(reader.records(), default_engine(), LocalKeyFingerprinter(b"k" * 32))
    return sorted((f.type, f.location["line"]) for f in found), cov


# pad sizes put the card's encoded characters past the first cut, in the middle of a record, and right at a cut
@pytest.mark.parametrize("pad", [14_000, 30_000, 36_000, 47_700, 49_000, 61_000])
@pytest.mark.parametrize("neighbours", [0, 1, 3])
def test_card_at_the_end_of_a_blob_longer_than_a_record_is_found_once(pad: int, neighbours: int) -> None:
    lines = [_line(_payload(CHUNK // 2 + 1000 * k, seed=k, card=False)) for k in range(neighbours)]
    text = "\n".join([*lines, _line(_payload(pad, seed=99))]) + "\n"
    found, cov = _scan(text)
    assert found == [("expiry", neighbours + 1), ("pan", neighbours + 1)]
    assert cov.status == "scanned"


def test_compressed_blob_cut_by_a_record_is_incomplete() -> None:
    text = _line(gzip.compress(_payload(120_000, seed=7), mtime=0)) + "\n"
    assert len(text) > 2 * CHUNK
    found, cov = _scan(text)
    assert cov.status == "error" and SEGMENT in (cov.reason or "")
    assert found == []  # the card lies past the cut: not found, and the item says so
