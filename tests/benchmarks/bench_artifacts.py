"""Cold init of the payment Lambda from its deployable artifact, and every function's artifact size.

``python -m tests.benchmarks.bench_artifacts [--runs 5]``

Builds (or reuses) the x86_64 artifacts under build/lambda/x86_64/ (``deploy.package``), starts the local stack
(moto server, Stripe and Bedrock emulators), then spawns ``python<runtime> -I -S`` with only the payment artifact
and the runtime's boto3 on sys.path, imports the template's Handler and answers one validate event, as a Lambda
cold start does. Prints the figures next to the target (cold init, import + first validate, <= 1.0 s) and the
third-party distributions the payment path loaded; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from deploy.template import functions

from ivr.connect_crypto import encrypt_customer_input
from ivr.local.stack import LocalStack
from tests.artifacts.run import build, distributions, providers, run, runtime_python

EVENTS = Path(__file__).resolve().parents[1] / "events"
TARGET_S = 1.0
PAYMENT = "IvrFunction"


def validate_event(stack: LocalStack, pan: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EVENTS / "connect_validate.json").read_text())
    doc["Details"]["ContactData"]["ContactId"] = str(uuid.uuid4())
    cipher = encrypt_customer_input(pan, key_id=stack.key_id, certificate_pem=stack.certificate_pem.encode())
    doc["Details"]["Parameters"] = {"mode": "validate", "field": "card_number", "card_number": cipher}
    return doc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    fns = {fn.logical_id: fn for fn in functions()}
    print("artifact sizes (x86_64, unzipped; Lambda's limit 250 MB):")
    built = {}
    for logical_id, fn in fns.items():
        built[logical_id] = build(fn)
        print(f"  {logical_id:24} {built[logical_id].size / 2**20:6.1f} MB")
    payment = built[PAYMENT]
    python = runtime_python(payment.function)
    if python is None:
        raise SystemExit(f"no python{payment.function.python_version} here: set RUNTIME_PYTHON")
    spawn = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([python, "-I", "-S", "-c", "pass"], check=True)
        spawn.append(time.perf_counter() - t0)
    with LocalStack(key_bits=2048) as stack:
        rows = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = run(payment, python, [validate_event(stack, "4242424242424242")])
            wall = time.perf_counter() - t0
            assert result["calls"][0]["answer"]["result"] == "valid", result["calls"][0]["answer"]
            rows.append((result["import_seconds"], result["calls"][0]["seconds"], wall))
    imp, first, wall = (statistics.median(col) for col in zip(*rows, strict=True))
    cold = imp + first
    print(f"\npayment cold init from the artifact ({python}, median of {args.runs}):")
    print(f"  import {imp:.3f} s + first validate {first:.3f} s = {cold:.3f} s  (target <= {TARGET_S:.1f} s: "
          f"{'met' if cold <= TARGET_S else 'MISSED'});  process wall incl. spawn {wall:.3f} s, "
          f"bare spawn {statistics.median(spawn):.3f} s")
    dists = distributions(payment.path)
    loaded = providers(dists, set(result["modules"]))
    print(f"  distributions loaded: {', '.join(sorted(loaded))}")
    print(f"  in the artifact, not loaded by import + validate: {', '.join(sorted(set(dists) - loaded)) or '-'}")


if __name__ == "__main__":
    main()
