"""``spc call``, ``spc simulate`` and ``spc lint-flow`` as a user runs them (local stack on 127.0.0.1)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

import ivr.local.stack as stack_module
from ivr.cli import register
from scanners.cards.brands import luhn_valid
from scanners.cli.main import command

FLOWS = Path(__file__).resolve().parents[1] / "events" / "flows"
VISA = "4242424242424242"


@pytest.fixture(autouse=True)
def _quick_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """RSA-2048 flow keys instead of 4096 keep these tests fast; the format is the same."""
    real = stack_module.flow_key
    monkeypatch.setattr(stack_module, "flow_key", lambda bits=4096: real(2048))


def spc(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="spc")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = command(args.func)(args)  # the module:function name spc resolves when the command runs
    return code


def test_call_approved(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", f"{VISA}#1230#123#1") == 0
    out = capsys.readouterr().out
    assert "ending in 4242" in out and "result code: success; charged: 1 (reference " in out
    assert "You : ................#" in out
    assert VISA not in out


def test_call_declined(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", "4000000000000002#1230#123#1", "--amount", "12.34") == 0
    out = capsys.readouterr().out
    assert "declined" in out and "result code: declined; charged: 0" in out and "12.34" in out


def test_call_mistyped_then_good(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", f"4242424242424241#{VISA}#1230#123#1") == 0
    out = capsys.readouterr().out
    assert "That isn't a valid card number." in out and "charged: 1" in out


def test_call_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", f"{VISA}#1230#123#1", "--language", "es-US") == 0
    out = capsys.readouterr().out
    assert "Va a pagar 50 libras con la tarjeta Visa que termina en 4242" in out and "result code: success" in out


def test_call_interactive_keypad(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{VISA}\n1230\n123\n1"))
    assert spc("call") == 0
    out = capsys.readouterr().out
    assert "Type keypad keys" in out and "charged: 1" in out and VISA not in out


def test_call_hang_up_after_the_card_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", f"{VISA}#H") == 0
    out = capsys.readouterr().out
    assert "[the caller hung up]" in out and "ended: caller hung up; result code: caller-hung-up; charged: 0" in out
    assert "expiry date" in out and VISA not in out


def test_call_interactive_hang_up(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{VISA}\n1230\nH\n"))
    assert spc("call") == 0
    out = capsys.readouterr().out
    assert "H = hang up" in out and "result code: caller-hung-up; charged: 0" in out and VISA not in out


def test_call_cancel_at_the_confirmation(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", f"{VISA}#1230#123#3") == 0
    out = capsys.readouterr().out
    assert "or 3 to cancel" in out and "result code: caller-aborted; charged: 0" in out


def test_call_rejects_impossible_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("call", "--keys", "4242-4242") == 2
    err = capsys.readouterr().err
    assert "keys: expected only 0-9" in err and "4242" not in err


def test_call_warns_about_a_broken_flow(capsys: pytest.CaptureFixture[str]) -> None:
    from ivr.commands import _warn_lint
    from ivr.local.connect.caller import load_flow

    _warn_lint(load_flow(FLOWS / "lambda-timeout-10s.json"))
    assert "warning: this flow breaks 1 PCI flow rule(s), e.g. PCI-LAMBDA-TIMEOUT" in capsys.readouterr().err
    _warn_lint(load_flow())
    assert capsys.readouterr().err == ""


def _unseen_cards(path: Path) -> list[tuple[str, str, str]]:
    """Luhn-valid Visa and Mastercard numbers outside every published test list, with odd CVVs."""
    cards: list[tuple[str, str, str]] = []
    for prefix, cvv in (("491761337", "913"), ("539983124", "587"), ("455701982", "642")):
        body = prefix + "000000"
        check = next(d for d in "0123456789" if luhn_valid(body + d))
        cards.append((body + check, "0931", cvv))
    path.write_text("# PAN MMYY CVV\n" + "".join(f"{p} {e} {c}\n" for p, e, c in cards))
    return cards


def test_simulate_with_faults_leaves_no_card_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cards = _unseen_cards(tmp_path / "cards.txt")
    dump = tmp_path / "dump"
    assert (
        spc(
            "simulate",
            "--calls",
            "16",
            "--cards",
            str(tmp_path / "cards.txt"),
            "--faults",
            "--seed",
            "7",
            "--dump",
            str(dump),
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "calls: 16" in out and "duplicate charges: 0" in out
    assert "dumped files containing a simulated card number: 0" in out
    files = [p for p in dump.rglob("*") if p.is_file()]
    kinds = {p.relative_to(dump).parts[0] for p in files}
    assert {"s3", "logs", "dynamodb", "transcripts.jsonl", "stdout.txt", "stderr.txt"} <= kinds
    assert any(p.suffix == ".wav" for p in files)
    for pan, expiry, cvv in cards:
        needles = [pan.encode(), f'"{cvv}"'.encode(), f"{expiry}{cvv}".encode(), f"{expiry}#{cvv}".encode()]
        leaking = [str(p.relative_to(dump)) for p in files if any(n in p.read_bytes() for n in needles)]
        assert leaking == []


def test_simulate_default_cards(capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("simulate", "--calls", "4", "--seed", "1") == 0
    out = capsys.readouterr().out
    assert "calls: 4" in out and "charges: " in out


@pytest.mark.parametrize(
    "content", ["4242424242424242 1230\n", "4242424242424242 12/30 123\n", "# only a comment\n", "a b c\n"]
)
def test_simulate_rejects_a_bad_cards_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    path = tmp_path / "cards.txt"
    path.write_text(content)
    assert spc("simulate", "--calls", "1", "--cards", str(path)) == 2
    err = capsys.readouterr().err
    assert "expected" in err and "4242" not in err.replace(str(path), "")


def test_simulate_needs_a_positive_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        spc("simulate", "--calls", "0")
    assert exc.value.code == 2
    assert "at least 1 call" in capsys.readouterr().err


def test_lint_flow(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = Path(stack_module.FLOW_PATH)
    assert spc("lint-flow", str(bundled)) == 0
    assert "passes" in capsys.readouterr().out
    assert spc("lint-flow", str(FLOWS / "recording-on-during-capture.json")) == 1
    assert "PCI-RECORDING" in capsys.readouterr().out
    assert spc("lint-flow", "--format", "json", str(FLOWS / "missing-error-branch.json")) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False and {p["rule"] for p in doc["problems"]} == {"PCI-ERRORS"}


def test_lint_flow_on_an_unreadable_file_could_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert spc("lint-flow", str(tmp_path / "missing.json")) == 2  # not checked: never "1 problem found"
    assert "cannot read the flow file" in capsys.readouterr().err
    assert spc("lint-flow", str(tmp_path)) == 2  # a directory is not a flow file
