"""The bad-input matrix of issue 10: never a false clean.

Each case runs ``spc scan`` (every output format) or a cloud source on the moto server and asserts the exit code,
the verdict, the coverage reason and that no card value appears in any output. The memory cases (100k tiny files,
a 200 MB line, 200k findings) are in ``tests/benchmarks/bench_badinput.py``.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.cli.main import main
from scanners.cli.output import FORMATS
from scanners.cli.scan import EXIT
from scanners.engine.pipeline import ScanResult, run_scan
from scanners.sources.base import Source
from scanners.sources.cloudwatch import CloudWatchSource
from scanners.sources.s3 import S3Source
from scanners.sources.targets import parse_target

PAN = "4111111111111111"
PANS = (PAN, "5555555555554444", "378282246310005")
CVV = "294"


def _clean_of_card_values(*outputs: str) -> None:
    for out in outputs:
        for pan in PANS:
            assert pan not in out


def scan_all(*args: str, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict[str, Any], str, str]:
    """``spc scan ARGS`` in-process in text, json and sarif: (exit code, JSON doc, text, sarif); every exit alike."""
    monkeypatch.setenv("SPC_KEY_FILE", str(tmp / "fp.key"))
    outs: dict[str, str] = {}
    codes = set()
    for fmt in ("text", "json", "sarif"):
        out = tmp / f"out.{fmt}"
        codes.add(main(["scan", *args, "--format", fmt, "--out", str(out), "--no-progress", "--jobs", "1"]))
        outs[fmt] = out.read_text()
    assert len(codes) == 1, codes
    json.loads(outs["sarif"])
    _clean_of_card_values(*outs.values())
    return codes.pop(), json.loads(outs["json"]), outs["text"], outs["sarif"]


def reasons(doc: dict[str, Any]) -> dict[str, str]:
    """Not-complete coverage entries: a name (path, key, group...) -> status: reason."""
    out = {}
    for c in doc["coverage"]:
        if c["status"] in ("scanned",):
            continue
        loc = c["location"]
        name = str(loc.get("path") or loc.get("key") or loc.get("log_group") or loc.get("log_group_prefix")
                   or loc.get("prefix") or loc)
        out[Path(name).name if "path" in loc else name] = f"{c['status']}: {c.get('reason')}"
    return out


# -- files ------------------------------------------------------------------------------------------------------


@pytest.fixture
def locked_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory that cannot be listed (mode 000; root's read override is taken away by patching listdir)."""
    locked = tmp_path / "tree" / "locked"
    locked.mkdir(parents=True)
    (locked / "secret.log").write_text(f"card {PAN}\n")
    locked.chmod(0)
    if os.geteuid() == 0:
        real = os.listdir

        def listdir(path: Any = ".") -> list[str]:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(os, "listdir", listdir)
    yield locked
    locked.chmod(stat.S_IRWXU)


def test_unlistable_directory_inside_a_tree_is_incomplete(
    locked_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (locked_dir.parent / "ok.log").write_text("nothing here\n")
    code, doc, text, _ = scan_all(str(locked_dir.parent), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"locked": "error: directory not listed: permission denied"}
    assert "locked  NOT SCANNED (error): directory not listed: permission denied" in text


def test_unlistable_directory_as_the_target_is_named(
    locked_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, doc, _, _ = scan_all(str(locked_dir), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"locked": "error: directory not listed: permission denied"}


def test_symlinked_directory_is_followed_and_a_loop_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "app.log").write_text(f"card {PAN}\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "linked").symlink_to(real, target_is_directory=True)
    (real / "loop").symlink_to(real, target_is_directory=True)
    code, doc, _, _ = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (1, "leaks")
    assert [f["location"]["path"] for f in doc["findings"]] == [str(tree / "linked" / "app.log")]
    [loop] = [c for c in doc["coverage"] if c["status"] == "excluded"]
    assert loop["location"] == {"path": str(tree / "linked" / "loop"), "same_as": str(tree / "linked")}
    assert "already scanned" in loop["reason"]


def test_a_file_reached_twice_is_scanned_once_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    (tree / "links").mkdir(parents=True)
    (tree / "z.log").write_text(f"card {PAN}\n")
    (tree / "links" / "alias.log").symlink_to(tree / "z.log")  # listed before z.log, but a file link is walked last
    os.link(tree / "z.log", tree / "zz-hard.log")  # a hard link: the same file under a second name
    code, doc, _, _ = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (1, "leaks")
    assert [f["location"]["path"] for f in doc["findings"]] == [str(tree / "z.log")]
    again = [c for c in doc["coverage"] if c["status"] == "excluded"]
    assert [c["location"] for c in again] == [{"path": str(tree / name), "same_as": str(tree / "z.log")}
                                              for name in ("zz-hard.log", "links/alias.log")]
    assert all("file already scanned under another name" in c["reason"] for c in again)


@pytest.mark.parametrize("where", ["inside", "target"])
def test_fifo_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    os.mkfifo(tree / "pipe")
    target = tree if where == "inside" else tree / "pipe"
    code, doc, _, _ = scan_all(str(target), tmp=tmp_path, monkeypatch=monkeypatch)  # a hang fails by timeout
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"pipe": "skipped: not a regular file (FIFO; never opened)"}


def test_dev_zero_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, doc, _, _ = scan_all("/dev/zero", tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"zero": "skipped: not a regular file (character device; never opened)"}


def test_broken_symlink_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "gone").symlink_to(tmp_path / "nowhere")
    code, doc, _, _ = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, reasons(doc)) == (2, {"gone": "error: broken symlink"})


def test_card_number_in_a_file_name_is_a_finding_and_masked_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / f"export-{PAN}.csv").write_text("id,amount\n1,50.00\n")
    code, doc, text, sarif = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)  # no PAN in any output
    assert (code, doc["verdict"]) == (1, "leaks")
    [finding] = doc["findings"]
    assert finding["location"] == {"path": str(tree / "export-411111******1111.csv"), "name_field": "path"}
    assert doc["coverage"][0]["location"]["path"].endswith("export-411111******1111.csv")
    assert "(in the path name)" in text and "411111******1111" in sarif


def test_card_number_in_an_archive_member_or_attachment_name_is_masked_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile
    from email.message import EmailMessage

    tree = tmp_path / "tree"
    tree.mkdir()
    with zipfile.ZipFile(tree / "a.zip", "w") as archive:
        archive.writestr(f"cust_{PAN}.txt", "nothing here\n")
    inner = tree / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("notes.txt", "nothing here\n")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = "report", "a@example.com", "b@example.com"
    mail.set_content("see attached")
    mail.add_attachment(inner.read_bytes(), maintype="application", subtype="zip", filename=f"cust_{PAN}.zip")
    mail.set_boundary("b0undary")
    (tree / "m.eml").write_bytes(bytes(mail))
    inner.unlink()
    code, doc, _, _ = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)  # no PAN in any output
    assert (code, doc["verdict"]) == (1, "leaks")
    member = [f for f in doc["findings"] if f["location"].get("name_field") == "member"]
    assert [f["location"]["member"] for f in member] == ["cust_411111******1111.txt"]
    named = {c["location"].get("attachment") for c in doc["coverage"]} - {None}
    assert named == {"cust_411111******1111.zip"}


def test_newline_and_bidi_in_a_name_cannot_forge_a_text_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "x\nverdict: clean  findings: 0").write_text(f"card {PAN}\n")
    (tree / "evil\u202egol.txt").write_text(f"card {PAN}\n")
    code, doc, text, _ = scan_all(str(tree), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (1, "leaks")
    assert [line for line in text.splitlines() if line.startswith("verdict:")] == [text.splitlines()[-1]]
    assert "x\\x0averdict: clean" in text and "evil\\u202egol.txt" in text and "\u202e" not in text


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_numbers_for_every_line_ending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eol: str) -> None:
    path = tmp_path / "app.log"
    path.write_bytes(eol.join(["one", "two", f"three {PAN}", "four", f"  {PAN}", ""]).encode())
    code, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert [(f["location"]["line"], f["location"]["column"]) for f in doc["findings"]] == [(3, 7), (5, 3)]
    assert doc["coverage"][0]["items_scanned"] == 5


def test_columns_are_right_inside_a_huge_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "one-line.log"
    at = 700_000  # well past the first 256K-character record
    path.write_text("header\n" + "x " * (at // 2) + f"{PAN} " + "y " * 1000 + "\n")
    code, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert [(f["location"]["line"], f["location"]["column"]) for f in doc["findings"]] == [(2, at + 1)]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _b64gz(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode(), mtime=0)).decode()


def test_decode_budget_used_up_is_incomplete_naming_the_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight blobs of just under 1 MiB decoded each use up the 8 MiB budget; the ninth holds the card."""
    text = "lorem ipsum dolor sit amet " * 38_800  # 1,047,600 characters: under the decoder's 1 MiB output cap
    path = tmp_path / "blobs.log"
    path.write_text(" ".join([_b64gz(text)] * 8 + [_b64gz(text + f" card {PAN}")]) + "\n")
    code, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"], doc["findings"]) == (2, "incomplete", [])
    assert reasons(doc) == {"blobs.log": "error: decode size budget used up with encoded content left"}


def test_decode_depth_reached_is_incomplete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f'{{"card_number": "{PAN}"}}'
    for _ in range(4):  # base64-of-gzip, four times: one layer more than the engine peels
        text = _b64gz(text)
    path = tmp_path / "deep.log"
    path.write_text(f"payload={text}\n")
    code, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"deep.log": "error: decode depth limit reached with encoded content left"}


@pytest.mark.parametrize(("layers", "code", "verdict"), [(2, 1, "leaks"), (3, 1, "leaks"), (4, 2, "incomplete")])
def test_plain_base64_nested_is_peeled_or_said(layers: int, code: int, verdict: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"payment card {PAN} ok".encode()
    for _ in range(layers):  # base64 of base64: the inner layers hold no digits for the text trigger to see
        text = base64.b64encode(text)
    path = tmp_path / "nested.log"
    path.write_bytes(b"data=" + text + b"\n")
    got, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (got, doc["verdict"]) == (code, verdict)
    if layers < 4:
        assert [f["encoding"] for f in doc["findings"]] == [["base64"] * layers]
    else:
        assert reasons(doc) == {"nested.log": "error: decode depth limit reached with encoded content left"}


def test_gzip_bomb_inside_base64_is_cut_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _b64gz(" " * (2 << 20) + f"card {PAN}")  # 2 MiB of spaces, then a card: about 2.7 KB encoded
    path = tmp_path / "bomb.log"
    path.write_text(f"blob={bomb}\n")
    code, doc, _, _ = scan_all(str(path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"bomb.log": "error: decoded content cut at the size limit"}


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("corrupt.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage that is not deflate", "gzip: corrupt"),
        ("truncated.gz", _truncated(gzip.compress(f"card {PAN} {{}}\n".encode() * 2000, mtime=0)),
         "gzip: truncated"),
        # UTF-8 text with a stray Latin-1 byte further on (a whole Latin-1 file is read as Latin-1: issue 11)
        ("mixed.log", "café ".encode() * 2000 + b"\ncaf\xe9\n", "invalid UTF-8"),
        ("utf16-nobom.log", f"card {PAN}\n".encode("utf-16-le"), None),
    ],
)
def test_unreadable_content_is_never_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, expected: str | None
) -> None:
    (tmp_path / name).write_bytes(data)
    code, doc, _, _ = scan_all(str(tmp_path / name), tmp=tmp_path, monkeypatch=monkeypatch)
    assert doc["verdict"] != "clean" and code in (1, 2)
    if expected is not None:
        assert code == 2 or doc["findings"]
        assert expected in reasons(doc)[name]


def test_binary_blob_is_read_by_its_text_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40 + f"\x00card {PAN}\x00".encode())
    code, doc, _, _ = scan_all(str(tmp_path / "blob.bin"), tmp=tmp_path, monkeypatch=monkeypatch)
    (cov,) = doc["coverage"]
    assert (code, cov["status"], [f["masked"] for f in doc["findings"]]) == (1, "scanned", ["411111******1111"])
    assert "text runs" in cov["reason"] and doc["findings"][0]["location"]["offset"] == 256 * 40 + 1


def test_utf16_with_bom_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "utf16.log").write_bytes(f"card {PAN}\n".encode("utf-16"))
    code, doc, _, _ = scan_all(str(tmp_path / "utf16.log"), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, [f["masked"] for f in doc["findings"]]) == (1, ["411111******1111"])


def test_findings_and_unread_items_say_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "leak.log").write_text(f"card {PAN}\n")
    (tmp_path / "blob.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)  # an image: not examined
    code, doc, text, _ = scan_all(str(tmp_path), tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"], doc["summary"]["incomplete_items"]) == (1, "leaks", 1)
    assert "verdict: leaks" in text and "(1 not fully scanned)" in text


def test_standard_input(tmp_path: Path) -> None:
    env = dict(os.environ, SPC_KEY_FILE=str(tmp_path / "fp.key"))
    run = subprocess.run([sys.executable, "-m", "scanners.cli", "scan", "-", "--format", "json"], input=f"a\nb {PAN}\n",
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout)
    assert [(f["location"]["path"], f["location"]["line"]) for f in doc["findings"]] == [("<stdin>", 2)]
    _clean_of_card_values(run.stdout, run.stderr)


@pytest.mark.parametrize(("flag", "count"), [(None, 1), ("--include-test-cards", 1), ("--exclude-test-cards", 0)])
def test_test_card_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str | None, count: int) -> None:
    (tmp_path / "app.log").write_text(f"card {PAN}\n")
    code, doc, _, _ = scan_all(str(tmp_path / "app.log"), *([flag] if flag else []), tmp=tmp_path,
                               monkeypatch=monkeypatch)
    assert (code, len(doc["findings"])) == ((1, 1) if count else (0, 0))
    assert doc["summary"]["test_cards_excluded"] == (1 - count)


def test_canaries_prove_detection_and_stay_out_of_the_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.log").write_text("nothing\n")
    code, doc, text, _ = scan_all(str(tmp_path / "ok.log"), "--canaries", tmp=tmp_path, monkeypatch=monkeypatch)
    assert (code, doc["verdict"], doc["findings"]) == (0, "clean", [])
    assert doc["canaries"] and {c["status"] for c in doc["canaries"]} == {"found"}
    assert {c["kind"] for c in doc["canaries"]} == {"file"}
    assert f"canaries found: {len(doc['canaries'])}/{len(doc['canaries'])}" in text


# -- cloud targets ----------------------------------------------------------------------------------------------


def _cloud(sources: list[Source], tmp: Path) -> tuple[int, dict[str, Any]]:
    result: ScanResult = run_scan(sources, fingerprinter=LocalKeyFingerprinter.from_path(tmp / "fp.key"))
    rendered = {fmt: render(result) for fmt, render in FORMATS.items()}
    _clean_of_card_values(*rendered.values())
    return EXIT[result.verdict], json.loads(rendered["json"])


class Faulty:
    """A boto3 client whose chosen operation fails (or runs ``before`` first)."""

    def __init__(self, client: Any, op: str, *, error: str | None = None, message: str = "m",
                 before: Callable[[], None] | None = None, after_calls: int = 0) -> None:
        self._client, self._op, self._error, self._message = client, op, error, message
        self._before, self._after, self.calls = before, after_calls, 0

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._client, name)
        if name != self._op:
            return real

        def call(**kw: Any) -> Any:
            self.calls += 1
            if self.calls > self._after:
                if self._before is not None:
                    self._before()
                if self._error is not None:
                    raise ClientError({"Error": {"Code": self._error, "Message": self._message}}, name)
            return real(**kw)

        return call


@pytest.fixture
def bucket(boto_clients: Any) -> Any:
    s3 = boto_clients("s3")
    s3.create_bucket(Bucket="logs")
    s3.put_object(Bucket="logs", Key="app/one.log", Body=b"hello\n")
    s3.put_object(Bucket="logs", Key=f"app/card-{PAN}.log", Body=b"clean body\n")
    s3.put_object(Bucket="logs", Key="app/logo.png", Body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return s3


@pytest.mark.parametrize("prefix", ["nothing/", "app/*.log"])
def test_s3_prefix_matching_nothing_is_incomplete(bucket: Any, tmp_path: Path, prefix: str) -> None:
    code, doc = _cloud([S3Source(bucket, "logs", prefix)], tmp_path)
    assert (code, doc["verdict"]) == (2, "incomplete")
    [entry] = doc["coverage"]
    assert entry["status"] == "skipped" and entry["reason"].startswith("no object matches the prefix")
    assert ("not globs" in entry["reason"]) == ("*" in prefix)


def test_exclude_applies_to_s3_keys_and_the_justification_is_kept(bucket: Any, tmp_path: Path) -> None:
    source = parse_target("s3://logs/app/", clients=lambda _: bucket, exclude={"*.png": "marketing images"})
    code, doc = _cloud([source], tmp_path)
    assert (code, doc["verdict"]) == (1, "leaks")  # the key holding a card number is a finding of its own
    [f] = doc["findings"]
    assert f["location"] == {"bucket": "logs", "key": "app/card-411111******1111.log", "name_field": "key"}
    excluded = [c for c in doc["coverage"] if c["status"] == "excluded"]
    assert [(c["location"]["key"], c["reason"]) for c in excluded] == [("app/logo.png", "excluded: marketing images")]


@pytest.mark.parametrize(
    ("error", "message", "reason"),
    [
        ("AccessDenied", "Access Denied", "access denied (AccessDenied)"),
        ("SlowDown", "Please reduce your request rate", "throttled past retries (SlowDown)"),
        ("KMS.DisabledException", "key disabled", "kms denied (KMS.DisabledException)"),
        ("AccessDenied", "not authorized to perform kms:Decrypt", "kms denied (AccessDenied)"),
    ],
)
def test_s3_get_failures_are_named(bucket: Any, tmp_path: Path, error: str, message: str, reason: str) -> None:
    client = Faulty(bucket, "get_object", error=error, message=f"{message} {PAN}")
    code, doc = _cloud([S3Source(client, "logs", "app/one")], tmp_path)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"app/one.log": f"error: {reason}"}


def test_s3_object_deleted_between_list_and_get(bucket: Any, tmp_path: Path) -> None:
    client = Faulty(bucket, "get_object", before=lambda: bucket.delete_object(Bucket="logs", Key="app/one.log"))
    code, doc = _cloud([S3Source(client, "logs", "app/one")], tmp_path)
    assert (code, reasons(doc)) == (2, {"app/one.log": "error: deleted during scan (NoSuchKey)"})


def test_s3_listing_throttled_past_retries(bucket: Any, tmp_path: Path) -> None:
    client = Faulty(bucket, "list_objects_v2", error="SlowDown")
    code, doc = _cloud([S3Source(client, "logs", "app/")], tmp_path)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert [c["reason"] for c in doc["coverage"]] == ["throttled past retries (SlowDown)"]


@pytest.fixture
def groups(boto_clients: Any) -> Any:
    logs = boto_clients("logs")
    now = int(time.time() * 1000) - 60_000
    for group in ("/app/api", "/app/noisy"):
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
        logs.put_log_events(logGroupName=group, logStreamName="s",
                            logEvents=[{"timestamp": now + i, "message": f"event {i}"} for i in range(300)])
    return logs


def test_cloudwatch_group_deleted_during_pagination(groups: Any, tmp_path: Path) -> None:
    client = Faulty(groups, "filter_log_events", after_calls=1,
                    before=lambda: groups.delete_log_group(logGroupName="/app/api"))
    code, doc = _cloud([CloudWatchSource(client, "/app/api", page_limit=100)], tmp_path)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert reasons(doc) == {"/app/api": "error: not found (ResourceNotFoundException)"}


def test_cloudwatch_exclude_and_empty_prefix(groups: Any, tmp_path: Path) -> None:
    source = parse_target("cloudwatch:/app/", clients=lambda _: groups, exclude={"/app/noisy": "debug only"})
    code, doc = _cloud([source], tmp_path)
    assert (code, doc["verdict"]) == (0, "clean")
    assert reasons(doc) == {"/app/noisy": "excluded: excluded: debug only"}
    code, doc = _cloud([CloudWatchSource(groups, "/nothing/")], tmp_path)
    assert (code, doc["verdict"]) == (2, "incomplete")
    assert doc["coverage"][0]["reason"].startswith("no object matches")
