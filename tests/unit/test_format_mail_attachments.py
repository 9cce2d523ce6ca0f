"""Binary mail attachments (a base64 MIME part holding an xlsx, a PDF, a zip...) read as the file would be read."""

from __future__ import annotations

import os
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from scanners.formats.canaries import CANARY_PAN
from tests.unit.format_contract import CANARIES, TEXT, scan_bytes
from tests.unit.test_format_zip import make_zip

MAIL_TYPES = {"xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              "pdf": ("application", "pdf"), "zip": ("application", "zip"), "docx": ("application", "msword"),
              "bin": ("application", "octet-stream")}


def mail(filename: str, data: bytes, kind: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "cs@example-shop.test", "accounts@example-shop.test", "Export"
    msg.set_content("See attached.\n")
    maintype, subtype = MAIL_TYPES[kind]
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    msg.set_boundary("=_part_boundary_of_the_test")  # Python's own holds 19 random digits: now and then a card number
    return msg.as_bytes()


def body_line(raw: bytes, filename: str) -> int:
    """The mail's line (1-based) where the attachment's encoded body starts: after its header block."""
    lines = raw.split(b"\n")
    at = next(i for i, line in enumerate(lines) if filename.encode() in line)
    return at + next(i for i, line in enumerate(lines[at:]) if not line.strip()) + 2


@pytest.mark.parametrize(("fmt", "keys"), [("xlsx", {"sheet", "cell"}), ("pdf", {"page", "attachment_line"}),
                                           ("zip", {"member", "attachment_line"}), ("docx", {"part"})])
def test_a_binary_attachment_is_read_by_its_format(fmt: str, keys: set[str], tmp_path: Path) -> None:
    canary = CANARIES[fmt]
    raw = mail(canary.name, canary.data, fmt)
    out = scan_bytes(tmp_path, raw, "export.eml")
    (finding,) = [f for f in out["findings"] if f["type"] == "pan" and "attachment" in f["location"]]
    loc = finding["location"]
    assert loc["attachment"] == canary.name
    assert loc["line"] == body_line(raw, canary.name)
    assert keys <= set(loc)
    items = [c for c in out["coverage"] if c["location"].get("attachment") == canary.name]
    assert items and all(c["status"] == "scanned" and c["location"]["line"] == loc["line"] for c in items)
    assert CANARY_PAN not in repr(out)


def test_a_text_attachment_is_read_in_place_once(tmp_path: Path) -> None:
    raw = mail("report.csv", f"id,note\n1,{TEXT}\n".encode(), "bin")
    out = scan_bytes(tmp_path, raw, "report.eml")
    (finding,) = [f for f in out["findings"] if f["type"] == "pan"]
    assert "attachment" not in finding["location"]  # the base64 decoder's, on the mail's line
    assert not [c for c in out["coverage"] if "attachment" in c["location"]]


def test_an_unknown_binary_attachment_is_read_by_its_text_runs(tmp_path: Path) -> None:
    data = b"\x00\x01\x02\x03" * 64 + TEXT.encode() + b"\x00" * 64
    out = scan_bytes(tmp_path, mail("dump.bin", data, "bin"), "crash.eml")
    (finding,) = [f for f in out["findings"] if f["type"] == "pan"]
    assert finding["location"]["attachment"] == "dump.bin"
    assert "offset" in finding["location"]


def test_an_attachment_longer_than_a_record_and_inside_a_zip(tmp_path: Path) -> None:
    """A body over the reader's record size is gathered across records; a mail in an archive is read alike."""
    big = make_zip({"noise.bin": os.urandom(700_000), "cards.txt": f"a\n{TEXT}\n".encode()}, zipfile.ZIP_STORED)
    raw = mail("pack.zip", big, "zip")
    out = scan_bytes(tmp_path, raw, "pack.eml")
    (finding,) = [f for f in out["findings"] if f["type"] == "pan"]
    assert finding["location"]["member"] == "cards.txt"
    assert finding["location"]["attachment_line"] == 2
    outer = scan_bytes(tmp_path, make_zip({"mail/pack.eml": raw}), "mails.zip")
    (finding,) = [f for f in outer["findings"] if f["type"] == "pan"]
    assert finding["location"]["member"] == "mail/pack.eml!/cards.txt"
    assert finding["location"]["attachment"] == "pack.zip"


def test_a_body_that_ends_the_file_is_read_whole(tmp_path: Path) -> None:
    """A mail cut after its attachment (no closing boundary, no last line break): the last line is still read."""
    canary = CANARIES["xlsx"]
    raw = mail(canary.name, canary.data, "xlsx")
    out = scan_bytes(tmp_path, raw[: raw.rindex(b"\n--")].rstrip(b"\n"), "cut.eml")
    (finding,) = [f for f in out["findings"] if f["type"] == "pan"]
    assert finding["location"]["cell"] == "B2"


@pytest.mark.parametrize("cut", ["before", "inside"])
def test_an_mbox_scanned_in_ranges_keeps_the_mails_line(cut: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An mbox over ``SPLIT_AT`` is cut into line ranges scanned apart: an attachment item's ``line`` is the whole
    file's, whether the cut falls before its mail or inside its body (read on into the next range: whole, once)."""
    from scanners.cards.fingerprint import LocalKeyFingerprinter
    from scanners.engine import parallel
    from scanners.sources.files import FileSource
    from tests.unit.format_contract import ENGINE

    raw = mail("dump.bin", b"\x00\x01\x02\x03" * 8000 + TEXT.encode() + b"\x00" * 64, "bin")
    note = b"From cs@example-shop.test Mon Jan 12 10:00:00 2026\nSubject: note\n\nnothing here\n\n"
    before, after = (3000, 300) if cut == "before" else (1500, 1500)
    mbox = note * before + note.split(b"\n")[0] + b"\n" + raw + b"\n" + note * after
    (tmp_path / "support.mbox").write_bytes(mbox)
    body_at = mbox.index(b"\n\n", mbox.index(b"dump.bin")) + 2
    monkeypatch.setattr(parallel, "SPLIT_AT", len(mbox) - 1)  # two ranges, cut near the middle
    first, _ = parallel.split(tmp_path / "support.mbox", len(mbox))
    assert first.end is not None and (first.end < body_at - len(raw) // 2 if cut == "before" else body_at < first.end)
    findings, coverage = parallel.scan_files([FileSource([tmp_path])], jobs=2, engine=ENGINE,
                                             fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    (item,) = [c for c in coverage if c.location.get("attachment") == "dump.bin"]
    line = body_line(mbox, "dump.bin")
    assert item.location["line"] == line
    (finding,) = [f for f in findings if f.type == "pan"]
    assert (finding.location["attachment"], finding.location["line"]) == ("dump.bin", line)
    assert item.status == "scanned"
