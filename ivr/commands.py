"""The ``spc call``, ``spc simulate`` and ``spc lint-flow`` commands (arguments in ``ivr.cli``)."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ivr.errors import IvrError
from ivr.flowlint.lint import RULES, Assume, lint_file, lint_flow, unreadable
from ivr.local import simulate as sim
from ivr.local.connect.caller import InteractiveKeypad, ScriptedKeypad, load_flow, place_call, runner_for
from ivr.local.simcards import default_cards, load_cards
from ivr.local.simulate import transcripts
from ivr.local.sinks import LambdaLogs, dump_sinks
from ivr.local.stack import LocalStack


# -- lint-flow -----------------------------------------------------------------------------------------------
def cmd_lint_flow(args: argparse.Namespace) -> int:
    problems = lint_file(args.flow, Assume(logging=args.assume_logging, ivr_recording=args.assume_recording))
    if unreadable(problems):
        print(f"spc lint-flow: error: {args.flow}: {problems[0].message}", file=sys.stderr)
        return 2
    if args.format == "json":
        doc = {
            "flow": str(args.flow),
            "ok": not problems,
            "problems": [
                {"rule": p.rule, "action": p.action, "name": p.name, "message": p.message, "fix": p.fix}
                for p in problems
            ],
        }
        print(json.dumps(doc, indent=2))
    elif problems:
        for p in problems:
            print(p)
        rules = sorted({p.rule for p in problems})
        print(f"\n{len(problems)} problem(s) in {args.flow}:")
        for rule in rules:
            print(f"  {rule}: {RULES[rule]}")
    else:
        print(f"{args.flow}: passes {len(RULES)} PCI flow rules")
    return 1 if problems else 0


# -- call ----------------------------------------------------------------------------------------------------
class _Printer:
    def __init__(self, speak: bool, *, keys_echoed: bool = False) -> None:
        self._keys_echoed = keys_echoed  # a TTY keypad already echoed dots as keys were typed
        self._espeak = shutil.which("espeak-ng") if speak else None
        if speak and not self._espeak:
            print("spc call: espeak-ng is not installed; printing only", file=sys.stderr)

    def __call__(self, kind: str, text: str) -> None:
        if kind == "say":
            print(f"  IVR : {text}", flush=True)
            if self._espeak:
                subprocess.run([self._espeak, "--", text], check=False, capture_output=True)  # noqa: S603
        elif kind == "keys":
            print("" if self._keys_echoed else f"  You : {text}", flush=True)
        else:
            print(f"  {text}", flush=True)


def cmd_call(args: argparse.Namespace) -> int:
    try:
        keypad: Any = ScriptedKeypad(args.keys) if args.keys is not None else InteractiveKeypad()
        printer = _Printer(args.speak, keys_echoed=args.keys is None and sys.stdin.isatty())
        flow = load_flow(args.flow) if args.flow else None
        if flow is not None:
            _warn_lint(flow)
        print("Starting the local phone line (moto, Stripe and Bedrock emulators)...", file=sys.stderr, flush=True)
        with LocalStack() as stack:
            if args.keys is None:
                print("Type keypad keys (Enter = #, H = hang up); end of input (Ctrl-D) = silence.", flush=True)
            print(f"Calling the payment line, amount due {args.amount} {stack.currency}", flush=True)
            with LambdaLogs(stack.client("logs"), stack.names["lambda_log_group"]):
                result = place_call(runner_for(stack, flow), keypad, amount=args.amount, on_event=printer,
                                    language=args.language)
            charges = [
                pi for pi in stack.stripe.charges() if pi.get("metadata", {}).get("contact_id") == result.contact_id
            ]
    except IvrError as exc:
        print(f"spc call: error: {exc}", file=sys.stderr)
        return 2
    last = next((c.result for c in reversed(result.lambda_calls) if c.mode == "charge" and c.result), None)
    code = result.result_code or "none"
    print(
        f"\nCall {result.contact_id} ended: {result.outcome}; result code: {code}; charged: {len(charges)}"
        + (f" (reference {last.get('reference')})" if last and last.get("result") == "approved" else "")
    )
    if result.sink_errors:
        print("sink errors: " + ", ".join(result.sink_errors), file=sys.stderr)
    if result.stopped:
        print(f"spc call: {result.outcome}: {result.stopped}", file=sys.stderr)
    if result.outcome == "failed":
        return 1
    return 0 if result.outcome in ("disconnected", "transferred", "ended", "in queue", "caller hung up") else 2


def _warn_lint(flow: dict[str, Any]) -> None:
    problems = lint_flow(flow)
    if problems:
        print(f"warning: this flow breaks {len(problems)} PCI flow rule(s), e.g. {problems[0]}", file=sys.stderr)


# -- simulate ------------------------------------------------------------------------------------------------
def cmd_simulate(args: argparse.Namespace) -> int:
    out, err = io.StringIO(), io.StringIO()
    try:
        cards = load_cards(args.cards) if args.cards else default_cards()
        print(f"Starting the local phone line for {args.calls} calls...", file=sys.stderr, flush=True)
        with LocalStack() as stack:
            logs = LambdaLogs(stack.client("logs"), stack.names["lambda_log_group"])
            with logs, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                summary, results = sim.run_simulation(
                    stack, calls=args.calls, cards=cards, faults=args.faults, seed=args.seed
                )
            sim.count_confirmations(summary, logs.lines)
            lines = summary.lines()
            if args.dump:
                counts = _dump(args.dump, stack, results, out=out.getvalue(), err=err.getvalue(), lines=lines)
                found = sim.find_pans(args.dump, cards)
                lines += [
                    f"dumped to {args.dump}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
                    f"dumped files containing a simulated card number: {found}",
                ]
    except IvrError as exc:
        print(f"spc simulate: error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def _dump(root: Path, stack: Any, results: list[Any], *, out: str, err: str, lines: list[str]) -> dict[str, int]:
    try:
        root.mkdir(parents=True, exist_ok=True)
        counts = dump_sinks(stack, root)
        (root / "transcripts.jsonl").write_text(
            "".join(json.dumps(t) + "\n" for t in transcripts(results)), encoding="utf-8"
        )
        (root / "stdout.txt").write_text(out, encoding="utf-8")
        (root / "stderr.txt").write_text(err, encoding="utf-8")
        (root / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise IvrError(f"--dump {root}: cannot write ({type(exc).__name__})") from exc
    return counts
