"""tar (and tar.gz/bz2/xz/zst through the compression layers): members located, links skipped, broken tars."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest

from tests.unit.format_contract import TEXT, Bad, check_bad, scan_bytes, truncated

NOISE = "".join(f"{i:08x} " for i in range(20000)).encode()


def make_tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tf:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link-to-secrets")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        tf.addfile(link)
    return out.getvalue()


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_members_located_through_compression(mode: str, tmp_path: Path) -> None:
    out = scan_bytes(tmp_path, make_tar({"logs/a.log": b"ok\n", "../../logs/b.log": f"x\n{TEXT}\n".encode()}, mode))
    (finding,) = out["findings"]
    assert finding["location"]["member"] == "logs/b.log" and finding["location"]["line"] == 2
    assert [c["location"].get("member") for c in out["coverage"]] == [None, "logs/a.log", "logs/b.log"]


BAD = [
    Bad("truncated-in-member", lambda: truncated(make_tar({"a.log": NOISE + TEXT.encode()}), 0.5),
        "corrupt or truncated tar"),
    Bad("truncated-gz", lambda: truncated(gzip.compress(make_tar({"a.log": NOISE}), mtime=0), 0.5), "tar"),
    Bad("corrupt-header", lambda: make_tar({"a.log": b"x"})[:148] + b"garbage!" + make_tar({"a.log": b"x"})[156:],
        "corrupt or truncated tar"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_bad_input_is_never_clean(case: Bad, tmp_path: Path) -> None:
    check_bad(tmp_path, case)


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:xz"])
def test_an_archive_cut_inside_a_member_keeps_what_was_read(mode: str, tmp_path: Path) -> None:
    """The cut member's text before the cut is scanned and counted, and the counters of the archive and its
    members count what was read; the archive and the cut member are still named not fully read."""
    log = "".join(f"{i} {TEXT}\n" for i in range(3000)).encode()
    out = scan_bytes(tmp_path, truncated(make_tar({"a.log": f"x\n{TEXT}\n".encode(), "b.log": log}, mode), 0.6))
    archive, first, cut = out["coverage"]
    assert (archive["status"], archive["items_scanned"]) == ("error", 2)
    assert (first["status"], first["items_scanned"], first["bytes_scanned"]) == ("scanned", 2, len(TEXT) + 3)
    assert cut["status"] == "error" and "ends inside this member" in cut["reason"], cut
    lines = {f["location"]["line"] for f in out["findings"] if f["location"]["member"] == "b.log"}
    assert len(lines) > 1000 and set(range(1, cut["items_scanned"])) <= lines
    assert len(log) // 2 < cut["bytes_scanned"] < len(log)
