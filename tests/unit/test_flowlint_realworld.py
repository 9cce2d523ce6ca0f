"""ivr.flowlint on public Connect flow exports (AWS default and sample flows, two custom flows), each with the
verdict we expect and why. Runs only where ../shared/realworld/connect-flows/ exists; the flows are not copied."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ivr.flowlint.lint import lint_file, unreadable

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "connect-flows"
if not REAL.is_dir():
    REAL = Path("/work/shared/realworld/connect-flows")
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="real-world Connect flows are not on this machine")

OK = "ok"
# flow file -> (expected rules, or "ok", or "unreadable"; why)
EXPECTED: dict[str, tuple[str | frozenset[str], str]] = {
    "_0x_gm_outbound.json": (OK, "logging on, recording on, but no card capture; Play prompt has no Error branch"),
    "_0x_whisper_flow.json": (OK, "prompts and a compare only"),
    "default_agent_hold.json": (OK, "a looping hold prompt has no next action by design"),
    "default_agent_transfer.json": (OK, "transfer to agent leaves the flow"),
    "default_agent_whisper.json": (OK, "whisper prompt"),
    "default_customer_hold.json": (OK, "hold loop"),
    "default_customer_queue.json": (OK, "queue loop"),
    "default_customer_whisper.json": (OK, "ends the flow"),
    "default_outbound.json": (OK, "enables agent/customer recording but captures nothing"),
    "default_queue_transfer.json": (OK, "hours and staffing checks, every designer error branch wired"),
    "sample_ab_test.json": ("unreadable", "not valid JSON in its source repository"),
    "sample_disconnect_flow.json": (OK, "menus (StoreInput False) are not card captures"),
    "sample_inbound_flow_first_contact_experience.json": (OK, "menus, tasks and transfers; no card data"),
    "sample_interruptible_queue_flow_with_callback.json": (
        OK,
        "the stored callback number has PhoneNumberValidation: not card data, Connect forbids encrypting it",
    ),
    "sample_lambda_integration.json": (OK, "Lambda with a 3 s limit and its error branch wired"),
    "sample_note_for_screenpop.json": (OK, "attributes and a queue transfer"),
    "sample_queue_configurations_flow.json": (OK, "menus, callbacks and queues; no card data"),
    "sample_queue_customer.json": (OK, "queue checks"),
    "sample_recording_behavior.json": (OK, "RecordedParticipants [] is off; no capture follows any setting"),
    "sample_secure_input_with_agent.json": (
        frozenset({"PCI-ENCRYPT"}),
        "encrypted card capture, but the certificate is the placeholder text 'Certificate to use for encryption'; "
        "the ciphertext in a contact attribute is not card data",
    ),
    "sample_secure_input_with_no_agent.json": (
        frozenset({"PCI-ENCRYPT"}),
        "same placeholder certificate as the agent variant",
    ),
}


def test_every_real_flow_has_an_expectation() -> None:
    assert {p.name for p in REAL.glob("*.json")} <= set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_flow_verdict(name: str) -> None:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{name} is not in this copy of the real-world flows")
    expected, why = EXPECTED[name]
    problems = lint_file(path)
    if expected == "unreadable":
        assert unreadable(problems), why
    elif expected == OK:
        assert problems == [], f"{why}: {[str(p) for p in problems]}"
    else:
        assert {p.rule for p in problems} == expected, why
        assert all(p.action and p.name and p.fix for p in problems)


@pytest.mark.parametrize(("name", "code"), [("sample_ab_test.json", 2), ("sample_queue_customer.json", 0),
                                            ("sample_secure_input_with_no_agent.json", 1)])
def test_cli_exit_codes_on_real_flows(name: str, code: int) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scanners.cli.main", "lint-flow", str(REAL / name)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr
