"""zip: members located, traversal names sanitised, encrypted members, bombs, unknown methods, nesting, limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.engine.parallel import scan_files
from scanners.formats.base import Limits
from scanners.sources.files import FileSource
from tests.unit.format_contract import CANARIES, ENGINE, TEXT, Bad, check_bad, flipped, scan_bytes, truncated, walk


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' flag of every member (local and central headers), as a password-protected zip has."""
    out = bytearray(data)
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(sig)
        while i >= 0:
            out[i + flag_at] |= 0x01
            i = out.find(sig, i + 4)
    return bytes(out)


def with_method(data: bytes, method: int) -> bytes:
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        i = out.find(sig)
        out[i + at : i + at + 2] = method.to_bytes(2, "little")
    return bytes(out)


NOISE = "".join(f"{i:08x} " for i in range(20000)).encode()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("exports/2026/cards.csv", "exports/2026/cards.csv"),
        ("../../etc/cron.d/x", "etc/cron.d/x"),
        ("/abs/path.txt", "abs/path.txt"),
        ("dir\\win\\file.txt", "dir/win/file.txt"),
        ("bell\x07name.txt", "bell?name.txt"),
    ],
)
def test_member_is_located_and_its_name_sanitised(name: str, shown: str, tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, make_zip({"readme.txt": b"nothing\n", name: f"a\n{TEXT}\n".encode()}))
    (finding,) = out["findings"]
    assert finding["location"]["member"] == shown and finding["location"]["line"] == 2
    members = [c["location"].get("member") for c in out["coverage"]]
    assert members == [None, "readme.txt", shown]  # the archive, then every member an item of its own


def test_nested_archives_name_the_whole_path(tmp_path: Path) -> None:
    inner = make_zip({"deep/card.txt": TEXT.encode()})
    outer = make_zip({"batch/inner.zip": inner, "batch/logs.tar": CANARIES["tar"].data})
    out = scan_bytes(tmp_path, outer)
    assert sorted(f["location"]["member"] for f in out["findings"]) == [
        "batch/inner.zip!/deep/card.txt", "batch/logs.tar!/var/log/canary.log"]
    assert out["verdict"] == "leaks" and out["summary"]["incomplete_items"] == 0


def test_stored_members_are_read(tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, make_zip({"a.txt": TEXT.encode()}, zipfile.ZIP_STORED))
    assert [f["location"]["member"] for f in out["findings"]] == ["a.txt"]


BAD = [
    Bad("truncated", lambda: truncated(make_zip({"a.log": NOISE + TEXT.encode()})), "corrupt or truncated zip"),
    Bad("corrupt-member", lambda: flipped(make_zip({"a.log": NOISE + TEXT.encode()}), 0.4),
        "zip part: corrupt or unreadable data (BadZipFile)"),
    Bad("encrypted", lambda: encrypted(make_zip({"secret.txt": TEXT.encode()})),
        "encrypted zip member (password-protected): not examined"),
    Bad("bomb", lambda: make_zip({"zeros.log": b"0" * (8 << 20)}),
        "compression ratio over the limit of 250:1 (possible zip bomb)"),
    Bad("unknown-method", lambda: with_method(make_zip({"a.txt": TEXT.encode()}), 9),
        "zip compression method 9 not supported"),
    Bad("empty-central-directory", lambda: b"PK\x05\x06" + b"\0" * 10, "corrupt or truncated zip"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)


def test_encrypted_member_does_not_hide_the_others(tmp_path: Path) -> None:
    data = make_zip({"open.txt": TEXT.encode()})
    locked = encrypted(make_zip({"locked.txt": b"x"}))
    out = scan_bytes(tmp_path, make_zip({"open.zip": data, "locked.zip": locked}))
    assert out["verdict"] == "leaks" and out["summary"]["incomplete_items"] == 1


def test_member_count_limit_is_reported() -> None:
    data = make_zip({f"m{i}.txt": b"x\n" for i in range(10)})
    _, _, items = walk(data, Limits(max_members=4))
    assert [c.status for c in items] == ["scanned"] * 4 + ["skipped"]
    assert items[-1].reason == "archive has more than the limit of 4 members: the rest not examined"


def test_nesting_depth_limit_is_reported() -> None:
    data = TEXT.encode()
    for level in range(4):
        data = make_zip({f"level{level}.zip" if level else "card.txt": data})
    records, _, items = walk(data, Limits(max_depth=2))
    assert not records
    skipped = [c for c in items if c.status == "skipped"]
    assert [c.reason for c in skipped] == ["zip nested deeper than the limit of 2 levels: not examined"]


def test_process_pool_scan_keeps_every_member_item(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(make_zip({"x.txt": b"ok\n", "y/z.txt": TEXT.encode()}))
    (tmp_path / "b.log").write_text(TEXT + "\n")
    findings, coverage = scan_files([FileSource([tmp_path])], jobs=2, engine=ENGINE,
                                    fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    assert [(Path(c.location["path"]).name, c.location.get("member")) for c in coverage] == [
        ("a.zip", None), ("a.zip", "x.txt"), ("a.zip", "y/z.txt"), ("b.log", None)]
    assert [f.location.get("member") for f in findings] == ["y/z.txt", None]
