"""One row per format: detection by content (never by name) and the card in its canary found at its location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.cli.output import where
from scanners.engine.core import default_engine
from scanners.engine.pipeline import run_scan
from scanners.formats.canaries import CANARY_PAN, WHERE, format_canaries
from scanners.formats.examine import detect, install_hint, registry
from scanners.sources.files import FileSource

CANARIES = {c.format: c for c in format_canaries().files}
READABLE = ["gzip", "bzip2", "xz", "zstd", "tar", "zip", "xlsx", "xls", "docx", "pdf", "parquet", "avro", "csv", "odf",
            "rtf", "sqlite"]


def scan_bytes(tmp_path: Path, name: str, data: bytes) -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    result = run_scan([FileSource([path])], engine=default_engine(), fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    return result.to_dict()


def test_every_format_module_is_registered() -> None:
    names = {f.name for f in registry()}
    assert set(READABLE) <= names
    assert {"PNG image", "7z archive", "RAR archive"} <= names


@pytest.mark.parametrize("fmt", READABLE)
def test_canary_is_found_at_its_location(fmt: str, tmp_path: Path) -> None:
    canary = CANARIES[fmt]
    # a misleading name: detection is by content only
    out = scan_bytes(tmp_path, "notes.txt", canary.data)
    assert out["verdict"] == "leaks", out["coverage"]
    (finding,) = out["findings"]
    assert finding["masked"] == "411111******1111"
    assert finding["test_card"] is True
    for key, value in WHERE.get(fmt, {}).items():
        assert finding["location"][key] == value, (key, finding["location"])
    assert all(c["status"] == "scanned" for c in out["coverage"])
    assert CANARY_PAN not in repr(out)


@pytest.mark.parametrize("fmt", READABLE)
def test_detection_by_magic_bytes(fmt: str) -> None:
    found = detect(CANARIES[fmt].data[:8192])
    expected = {"xlsx": "zip", "docx": "zip"}.get(fmt, fmt)  # office documents are zips, refined by their parts
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z archive"),
        (b"Rar!\x1a\x07\x01\x00", "RAR archive"),
        (b"\x7fELF\x02\x01\x01", None),  # executables are read by their text runs (textruns)
        (b"SQLite format 3\x00", "sqlite"),
        (b"\xd4\xc3\xb2\xa1\x02\x00\x04\x00", "pcap"),
        (b"plain text 4111 1111 1111 1111\n", None),
        (b'{"json": true}\n', None),
        (b"", None),
    ],
)
def test_detection_table(head: bytes, name: str | None) -> None:
    fmt = detect(head)
    assert (fmt.name if fmt else None) == name


def test_known_binary_formats_are_named_and_never_clean(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, "scan.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert out["verdict"] == "incomplete"
    (cov,) = out["coverage"]
    assert cov["status"] == "skipped" and "PNG image" in cov["reason"] and "not examined" in cov["reason"]


def test_missing_reader_library_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    parquet = next(f for f in registry() if f.name == "parquet")
    assert install_hint(parquet) == (
        "parquet: reader not installed (pyarrow): not examined; pip install 'smart-payment-caller[parquet]'"
    )
    out = scan_bytes(tmp_path, "ctr.parquet", CANARIES["parquet"].data)
    assert out["verdict"] == "incomplete"
    assert out["coverage"][0]["reason"].endswith("pip install 'smart-payment-caller[parquet]'")


def test_every_readable_format_has_a_canary() -> None:
    canaries = format_canaries()
    assert {c.format for c in canaries.files} == set(READABLE), canaries.missing
    assert all(CANARY_PAN not in c.masked and CANARY_PAN not in repr(c) for c in canaries.files)


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ({"path": "a.zip", "member": "x/y.log", "line": 3}, "a.zip:3 [member=x/y.log]"),
        ({"bucket": "b", "key": "k.xlsx", "sheet": "S", "cell": "B2"}, "s3://b/k.xlsx [sheet=S cell=B2]"),
        ({"path": "p.parquet", "row_group": 1, "column": "note", "row": 9},
         "p.parquet [row_group=1 column=note row=9]"),
        ({"path": "plain.log", "line": 2, "column": 7}, "plain.log:2"),
    ],
)
def test_text_output_names_the_place_inside(location: dict[str, Any], shown: str) -> None:
    assert where(location) == shown
