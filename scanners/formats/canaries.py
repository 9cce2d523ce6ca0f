"""One small file per readable format, each holding a known test card, so a nightly run proves each reader works.

``format_canaries()`` returns ``FormatCanary`` entries: the file name to plant (the suffix is for people: the
scanner detects formats by content), the bytes, the format and where in the file the card is (the location suffix
a finding will carry). Formats whose writer library is not installed are listed in ``missing`` with the reason.
Only published test card numbers are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanners.cards.masking import mask
from scanners.formats.examine import install_hint, registry

CANARY_PAN = "4111111111111111"  # Visa's published test number
SUFFIX = {"gzip": "log.gz", "bzip2": "log.bz2", "xz": "log.xz", "zstd": "log.zst", "tar": "tar", "zip": "zip",
          "xlsx": "xlsx", "xls": "xls", "docx": "docx", "pdf": "pdf", "parquet": "parquet", "avro": "avro",
          "csv": "csv"}
WHERE: dict[str, dict[str, Any]] = {
    "tar": {"member": "var/log/canary.log"}, "zip": {"member": "exports/canary.txt"},
    "xlsx": {"sheet": "Chargebacks", "cell": "B2"}, "xls": {"sheet": "Chargebacks", "cell": "B2"},
    "docx": {"part": "word/document.xml", "paragraph": 2}, "pdf": {"page": 1},
    "parquet": {"row_group": 0, "column": "note", "row": 2}, "avro": {"column": "note", "row": 2},
    "sqlite": {"table": "contact", "rowid": 2},
}


@dataclass(frozen=True, slots=True)
class FormatCanary:
    format: str
    name: str
    data: bytes = field(repr=False)
    where: Mapping[str, Any]
    masked: str


@dataclass(frozen=True, slots=True)
class Canaries:
    files: tuple[FormatCanary, ...]
    missing: Mapping[str, str]  # format -> why no canary could be written here


def format_canaries(pan: str = CANARY_PAN) -> Canaries:
    """A canary file for every format with a writer (the PAN must be a published test card number)."""
    text = f"refund for card {pan} approved"
    files: list[FormatCanary] = []
    missing: dict[str, str] = {}
    for fmt in registry():
        if fmt.canary is None:
            continue
        hint = install_hint(fmt)
        data = None if hint else fmt.canary(text)
        if data is None:
            missing[fmt.name] = hint or f"{fmt.name}: no writer installed for a canary"
            continue
        files.append(FormatCanary(fmt.name, f"canary.{SUFFIX.get(fmt.name, fmt.name)}", data,
                                  WHERE.get(fmt.name, {}), mask("pan", pan)))
    return Canaries(tuple(files), missing)
