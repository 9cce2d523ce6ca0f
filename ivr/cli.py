"""``spc call``, ``spc simulate``, ``spc lint-flow`` and ``spc doctor``: the local phone line, the flow linter and the
deployment's prerequisites (``register_doctor``; the command is in ``ivr.doctor_cli``).

Registered by ``scanners.cli.main`` through ``register(subparsers)``; the commands are in ``ivr.commands``,
imported only when one runs (they load the local stack). Exit codes: ``call`` 0 when the call ran to its
end, 2 on an error or an unsupported block; ``simulate`` 0, 2 on an error; ``lint-flow`` 0 when the flow passes,
1 with problems, 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from scanners.cli.main import call_count


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    call = sub.add_parser("call", help="call the bundled Connect payment flow on the local stack")
    call.add_argument("--keys", help='keypad presses, e.g. "4242424242424242#1230#123#1"; H hangs up there, '
                      '3 at the confirmation cancels (default: type them)')
    call.add_argument("--amount", default="50.00", help="amount due set on the contact (default 50.00)")
    call.add_argument("--flow", type=Path, help="another flow export to run instead of sam/flows/payment.json")
    call.add_argument("--language", help="contact attribute language, e.g. es-US (default en-US)")
    call.add_argument("--speak", action="store_true", help="also speak the prompts with espeak-ng if installed")
    call.set_defaults(func="ivr.commands:cmd_call")

    sim = sub.add_parser("simulate", help="run many calls on the local stack and count outcomes and charges")
    sim.add_argument("--calls", type=call_count, required=True, help="number of calls")
    sim.add_argument("--cards", type=Path, help="file of 'PAN MMYY CVV' lines (default: Stripe test cards)")
    sim.add_argument("--faults", action="store_true", help="inject Stripe, Bedrock, S3 and retry faults")
    sim.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sim.add_argument("--dump", type=Path, help="write every sink (S3, logs, prompts, recordings...) here")
    sim.set_defaults(func="ivr.commands:cmd_simulate")

    lint = sub.add_parser("lint-flow", help="check a Connect flow export against the PCI rules")
    lint.add_argument("flow", type=Path, help="flow-language JSON export")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--assume-logging", action="store_true", help="flow logging is already on when it starts")
    lint.add_argument(
        "--assume-recording", action="store_true", help="IVR recording is already on (instance default, earlier flow)"
    )
    lint.set_defaults(func="ivr.commands:cmd_lint_flow")


def register_doctor(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    doc = sub.add_parser("doctor", help="check a deployed (or the local) stack's operational prerequisites")
    doc.add_argument("--stage", default=os.environ.get("SPC_STAGE", "prod"), help="the Stage parameter (default prod)")
    doc.add_argument("--local", action="store_true", help="check a freshly provisioned local stack instead")
    doc.add_argument("--stack-name", help="CloudFormation stack for the outputs (default spc-<stage>)")
    doc.add_argument("--alert-topic", help="alert topic ARN (default: the stack's AlertTopicArn output)")
    doc.add_argument("--key-secret-id", help="Connect private-key secret (default: the template's name)")
    doc.add_argument("--expect-mode", choices=("test", "live"), help="the Stripe key mode this stage must use")
    doc.add_argument("--format", choices=("text", "json"), default="text")
    doc.set_defaults(func="ivr.doctor_cli:cmd_doctor")
