"""``spc demo`` end to end on the local stack (127.0.0.1 only): a clean signed report, then the leak drill.

Each demo runs once per module (about 15 s each); the tests read what they wrote.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ivr.local.stack as stack_module
from ivr.errors import IvrError
from ivr.local.drill import DRILL_PAN
from ivr.local.simcards import TEST_CARDS
from reports.evidence.payloads import published_test_pans
from scanners.cards.brands import TEST_PANS
from scanners.cli.main import main

pytestmark = pytest.mark.slow
KINDS = {"cloudwatch", "s3", "bedrock", "recordings"}


@dataclass
class Demo:
    code: int
    out: Path
    stdout: str
    stderr: str

    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "report.json").read_text(encoding="utf-8"))
        return data


def _run(argv: list[str], capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str, str]:
    if argv[0] == "verify":  # pin the demo's signing key: the one shipped in the directory is not trusted
        from reports.signing import LocalSigner

        pinned = Path(os.environ["SPC_SIGNING_KEY"]).with_suffix(".pub.pem")
        pinned.write_bytes(LocalSigner(Path(os.environ["SPC_SIGNING_KEY"])).public_key_pem())
        argv = [*argv, "--public-key", str(pinned)]
    code = main(argv)
    if capsys is None:
        return code, "", ""
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def _env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPC_SIGNING_KEY", str(root / "keys" / "signing.pem"))
        mp.setenv("SPC_KEY_FILE", str(root / "keys" / "fingerprint.key"))
        real = stack_module.flow_key
        mp.setattr(stack_module, "flow_key", lambda bits=4096: real(2048))  # same format, faster key
        yield root


def _demo(root: Path, name: str, *extra: str) -> Demo:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["demo", "--out", str(root / name), *extra])
    return Demo(code, root / name, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def clean(_env: Path) -> Demo:
    return _demo(_env, "D")


@pytest.fixture(scope="module")
def drill(_env: Path, clean: Demo) -> Demo:  # after the clean run: it must not leak into it
    return _demo(_env, "D2", "--leak-drill")


def test_demo_is_clean_and_covers_every_source_kind(clean: Demo) -> None:
    assert clean.code == 0, clean.stderr
    report = clean.report()
    assert report["verdict"] == "clean", report["reasons"]
    assert report["findings"] == []
    scanned = {s["type"]: s for s in report["sources"]}
    assert set(scanned) >= KINDS
    for kind in KINDS:
        assert scanned[kind]["items_scanned"] > 0, kind
        assert scanned[kind]["complete"], scanned[kind]["skipped"]
    assert {c["kind"] for c in report["canaries"]} == KINDS
    assert [c["id"] for c in report["canaries"] if c["status"] != "found"] == []
    assert report["summary"]["canaries_found"] == report["summary"]["canaries"] > 0
    assert report["canary_findings"] >= report["summary"]["canaries"]


def test_demo_prints_verdict_path_and_per_source_summary(clean: Demo) -> None:
    assert "PASS (clean)" in clean.stdout
    assert f"Report: {clean.out / 'report.html'}" in clean.stdout
    assert "Calls: 12 (" in clean.stdout and "template 3" in clean.stdout  # throttle, cold start, time-out
    lines = {line.split()[0]: line.split() for line in clean.stdout.splitlines() if line.split()[:1]}
    for kind in KINDS:
        assert int(lines[kind][1].replace(",", "")) > 0 and lines[kind][3] == "0", lines[kind]


def test_demo_controls_are_honest_about_the_emulator(clean: Demo) -> None:
    controls = {(c["id"], c["resource"]): c for c in clean.report()["controls"]}
    by_id = {ident: c for (ident, _), c in controls.items()}
    for ident in ("s3_encryption", "s3_object_lock", "s3_public_access", "kms_rotation", "cloudwatch_retention",
                  "lambda_env_secrets", "lambda_log_event", "bedrock_logging", "connect_flow_lint"):
        assert by_id[ident]["status"] == "pass", by_id[ident]
    tls = by_id["s3_tls_only"]
    assert tls["status"] == "error" and tls["evidence"]["reason"].startswith("not emulated locally")


def test_verify_passes_then_fails_on_one_changed_byte(clean: Demo, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "D"
    shutil.copytree(clean.out, copy)
    code, out, _ = _run(["verify", str(copy)], capsys)
    assert code == 0, out
    html = copy / "report.html"
    data = bytearray(html.read_bytes())
    data[len(data) // 2] ^= 0x01
    html.write_bytes(bytes(data))
    code, out, _ = _run(["verify", str(copy)], capsys)
    assert code == 1
    assert "report.html" in out and "differs" in out
    assert "report.json" not in out


def test_leak_drill_fails_with_a_finding_in_every_source_kind(drill: Demo) -> None:
    assert drill.code == 1, drill.stderr  # FAIL exits 1, as every command does
    report = drill.report()
    assert report["verdict"] == "leaks"
    assert {f["source"] for f in report["findings"]} >= KINDS
    assert all(f["status"] == "new" for f in report["findings"])
    assert [c["id"] for c in report["canaries"] if c["status"] != "found"] == []
    failed = {c["id"] for c in report["controls"] if c["status"] == "fail"}
    assert {"lambda_log_event", "connect_flow_lint"} <= failed
    assert "FAIL (leaks)" in drill.stdout
    assert drill.stdout.count("Leak drill (") == 4


def test_the_drill_did_not_touch_the_clean_report(clean: Demo, drill: Demo) -> None:
    assert clean.report()["verdict"] == "clean"
    code, _, _ = _run(["verify", str(clean.out)])
    assert code == 0


def test_no_full_card_number_in_any_written_file(clean: Demo, drill: Demo) -> None:
    pans = {*TEST_PANS, *TEST_CARDS, *published_test_pans().values(), DRILL_PAN}
    for root in (clean.out, drill.out):
        files = [p for p in root.rglob("*") if p.is_file()]
        assert {p.name for p in files} >= {"report.html", "report.md", "report.json", "manifest.json"}
        for path in files:
            data = path.read_bytes()
            leaked = [pan[-4:] for pan in pans if pan.encode() in data]
            assert leaked == [], f"{path.name}: a full card number ending {leaked}"
    assert not any(pan in clean.stdout + drill.stdout + clean.stderr + drill.stderr for pan in pans)


# -- could not run: exit 2, the reason named, no value echoed ------------------------------------------------
def _failing(exc: BaseException) -> Any:
    def run_demo(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return run_demo


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (IvrError("stack: expected a started LocalStack"), "could not run: stack: expected a started LocalStack"),
        (ValueError("card 4242424242424242 rejected"), "could not run: ValueError"),
        (OSError(28, "No space left on device"), "could not run: OSError"),
    ],
)
def test_demo_that_cannot_run_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                      exc: BaseException, expected: str, tmp_path: Path) -> None:
    import reports.demo.commands

    monkeypatch.setattr(reports.demo.commands, "run_demo", _failing(exc))
    code, out, err = _run(["demo", "--out", str(tmp_path / "unused")], capsys)
    assert code == 2
    assert expected in err
    assert "4242424242424242" not in out + err


def test_demo_reports_a_client_error_by_its_code(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from botocore.exceptions import ClientError

    import reports.demo.commands

    error = ClientError({"Error": {"Code": "AccessDenied", "Message": "nope"}}, "PutObject")
    monkeypatch.setattr(reports.demo.commands, "run_demo", _failing(error))
    code, _, err = _run(["demo"], capsys)
    assert (code, err.strip()) == (2, "spc demo: could not run: ClientError (AccessDenied)")


def test_out_that_is_a_file_exits_2_before_starting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    target.write_text("not a directory", encoding="utf-8")
    code, _, err = _run(["demo", "--out", str(target)], capsys)
    assert code == 2
    assert f"--out {target}: expected a directory" in err
    assert "starting the local stack" not in err


@pytest.mark.parametrize(("value", "message"), [("0", "expected at least 1 call"),
                                                ("many", "expected a whole number of calls")])
def test_bad_calls_argument(capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--calls", value])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_samples_mode_still_scans_the_bundled_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = tmp_path / "samples.json"
    code, out, _ = _run(["demo", "--samples", "--format", "json", "--out", str(result),
                         "--key-file", str(tmp_path / "fp.key"), "--no-progress"], capsys)
    assert code == 0
    found = json.loads(result.read_text(encoding="utf-8"))
    assert {"pan", "cvv", "expiry", "track", "credential"} <= {f["type"] for f in found["findings"]}
    assert "found: credential, cvv, expiry, pan, track" in out
