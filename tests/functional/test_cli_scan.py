"""``spc scan`` on files: exit codes, JSON/SARIF/text contracts, coverage and clear errors."""

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PAN = "4111111111111111"


def spc(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SPC_KEY_FILE=str(tmp / "fp.key"))
    return subprocess.run(
        [sys.executable, "-m", "scanners.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "logs"
    (root / "nested").mkdir(parents=True)
    (root / "app.log").write_text("start\nuser paid with 4111 1111 1111 1111 today\nend\n")
    (root / "events.jsonl").write_text('{"a": 1}\n{"b": 2}\n{"card": "5555555555554444"}\n')
    with gzip.open(root / "nested" / "old.log.gz", "wt") as fh:
        fh.write("line one\nline two\nline three 378282246310005\n")
    (root / "clean.csv").write_text("id,amount\n1,50.00\n")
    return root


def test_json_contract(tree: Path, tmp_path: Path) -> None:
    out = spc("scan", str(tree), "--format", "json", tmp=tmp_path)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert doc["verdict"] == "leaks"
    got = {(Path(f["location"]["path"]).name, f["location"]["line"], f["type"]) for f in doc["findings"]}
    assert got == {("app.log", 2, "pan"), ("events.jsonl", 3, "pan"), ("old.log.gz", 3, "pan")}
    for f in doc["findings"]:
        assert set(f) >= {"type", "detector", "source", "location", "masked", "fingerprint"}
        assert f["source"] == "file" and f["fingerprint"].startswith("hmac-sha256:")
    assert {Path(c["location"]["path"]).name for c in doc["coverage"]} == {
        "app.log",
        "events.jsonl",
        "old.log.gz",
        "clean.csv",
    }
    assert PAN not in out.stdout and "5555555555554444" not in out.stdout and PAN not in out.stderr


def test_clean_exit_zero_and_fingerprints_stable(tmp_path: Path) -> None:
    (tmp_path / "ok.log").write_text("nothing to see 1748503543012\n")
    out = spc("scan", str(tmp_path / "ok.log"), "--format", "json", tmp=tmp_path)
    assert out.returncode == 0 and json.loads(out.stdout)["verdict"] == "clean"


def test_fingerprints_stable_across_runs(tree: Path, tmp_path: Path) -> None:
    a = json.loads(spc("scan", str(tree), "--format", "json", tmp=tmp_path).stdout)
    b = json.loads(spc("scan", str(tree), "--format", "json", tmp=tmp_path).stdout)
    assert [f["fingerprint"] for f in a["findings"]] == [f["fingerprint"] for f in b["findings"]]


def test_image_makes_the_scan_incomplete_and_other_binary_is_read_by_its_text_runs(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 100)
    (tmp_path / "ok.log").write_text("fine\n")
    out = spc("scan", str(tmp_path), "--format", "json", tmp=tmp_path)
    doc = json.loads(out.stdout)
    assert out.returncode == 2 and doc["verdict"] == "incomplete"
    skipped = [c for c in doc["coverage"] if c["status"] == "skipped"]
    assert [Path(c["location"]["path"]).name for c in skipped] == ["photo.png"]
    assert "binary" in skipped[0]["reason"]
    (blob,) = [c for c in doc["coverage"] if c["location"]["path"].endswith("blob.bin")]
    assert blob["status"] == "scanned" and "text runs" in blob["reason"]


def test_exclusion_with_justification_keeps_the_scan_complete(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "ok.log").write_text("fine\n")
    out = spc(
        "scan",
        str(tmp_path),
        "--exclude",
        "*.bin=firmware images, reviewed 2026-11",
        "--format",
        "json",
        tmp=tmp_path,
    )
    doc = json.loads(out.stdout)
    assert out.returncode == 0, out.stdout
    assert any(c["status"] == "excluded" and "firmware" in c["reason"] for c in doc["coverage"])


def test_sarif(tree: Path, tmp_path: Path) -> None:
    out = spc("scan", str(tree), "--format", "sarif", tmp=tmp_path)
    doc = json.loads(out.stdout)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert len(results) == 3
    regions = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results)
    assert regions == [2, 3, 3]
    assert all(r["properties"]["value_fingerprint"].startswith("hmac-sha256:") for r in results)
    assert len({r["partialFingerprints"]["spcLocationValue/v2"] for r in results}) == 3


def test_text_and_out_file(tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "result.txt"
    out = spc("scan", str(tree), "--out", str(target), tmp=tmp_path)
    assert out.returncode == 1 and out.stdout == ""
    text = target.read_text()
    assert "411111******1111" in text and "verdict: leaks" in text and PAN not in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["scan", "/definitely/not/here"], "expected an existing file or directory"),
        (["scan", ".", "--since", "yesterday-ish"], "--since: expected a duration"),
        (["scan", ".", "--exclude", "nojustification"], "--exclude: expected GLOB=JUSTIFICATION"),
        (["scan", "s3://"], "expected s3://BUCKET"),
        (["scan", "cloudwatch:"], "expected cloudwatch:LOG_GROUP_PREFIX"),
    ],
)
def test_bad_input_is_a_clear_error(args: list[str], expected: str, tmp_path: Path) -> None:
    out = spc(*args, tmp=tmp_path)
    assert out.returncode == 2
    assert expected in out.stderr
    assert "Traceback" not in out.stderr


def test_unwritable_out_is_a_clear_error(tree: Path, tmp_path: Path) -> None:
    out = spc("scan", str(tree), "--out", str(tmp_path / "missing" / "x.json"), tmp=tmp_path)
    assert out.returncode == 2 and "--out" in out.stderr and "Traceback" not in out.stderr


def test_no_progress_bar_when_piped(tree: Path, tmp_path: Path) -> None:
    out = spc("scan", str(tree), tmp=tmp_path)
    assert "scanning" not in out.stderr and "\x1b[" not in out.stderr


def test_both_backends_agree(tree: Path, tmp_path: Path) -> None:
    fast = json.loads(spc("scan", str(tree), "--format", "json", "--backend", "auto", tmp=tmp_path).stdout)
    slow = json.loads(spc("scan", str(tree), "--format", "json", "--backend", "re", tmp=tmp_path).stdout)
    assert fast["findings"] == slow["findings"]


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty
    import select

    big = tmp_path / "big.log"
    big.write_text(("some ordinary log line with id 12345 and nothing else\n") * 200_000)
    master, slave = pty.openpty()
    env = dict(os.environ, SPC_KEY_FILE=str(tmp_path / "fp.key"), COLUMNS="100", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "scanners.cli", "scan", str(big), "--out", str(tmp_path / "o")],
                            stderr=slave, stdout=subprocess.DEVNULL, env=env)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0
    assert b"scanning" in seen


def test_invalid_utf8_is_scanned_but_incomplete(tmp_path: Path) -> None:
    # valid UTF-8 at the head, then a stray Latin-1 byte (a file read whole as Latin-1 is no error: test_textio)
    body = "café card 4111 1111 1111 1111\n".encode() + b"ok\n" * 4000 + "naïve\n".encode("latin-1")
    (tmp_path / "latin1.log").write_bytes(body)
    (tmp_path / "fine.log").write_text("ok\n")
    doc = json.loads(spc("scan", str(tmp_path), "--format", "json", tmp=tmp_path).stdout)
    assert [f["location"]["line"] for f in doc["findings"]] == [1]
    bad = [c for c in doc["coverage"] if c["status"] == "error"]
    assert [Path(c["location"]["path"]).name for c in bad] == ["latin1.log"]
    assert "invalid UTF-8" in bad[0]["reason"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("settlements.csv", "order_id,created,cvc,exp_month,exp_year,card_number\nA17,2026-11-01,737,12,29,{pan}\n"),
        ("settlements.tsv",
         "order_id\tcreated\tcvc\texp_month\texp_year\tcard_number\nA17\t2026-11-01\t737\t12\t29\t{pan}\n"),
    ],
)
def test_csv_header_gives_context_to_cells(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "exports" / name
    path.parent.mkdir()
    path.write_text(text.format(pan=PAN))
    runs = [spc("scan", str(path), "--format", "json", "--backend", b, tmp=tmp_path) for b in ("auto", "re")]
    assert [r.returncode for r in runs] == [1, 1], runs[0].stderr
    fast, slow = (json.loads(r.stdout) for r in runs)
    assert fast["findings"] == slow["findings"]
    got = {(f["type"], f["location"]["column"], f["location"]["row"], f["location"]["line"]) for f in fast["findings"]}
    assert got == {("cvv", "cvc", 2, 2), ("expiry", "exp_month", 2, 2), ("pan", "card_number", 2, 2)}
    shown = json.dumps([{k: v for k, v in f.items() if k != "fingerprint"} for f in fast["findings"]])
    assert PAN not in runs[0].stdout and "737" not in shown
