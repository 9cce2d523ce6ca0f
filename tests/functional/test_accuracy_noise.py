"""False alarms on the third corpus (``tests/benchmarks/corpus_noise.py``): records AWS services and Stripe write on
their own, with their ids, counters, timestamps, account numbers and card metadata, and no card data. Target: no
finding at all (issue 11). Messages name shape and line only, never a value."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests` is not an installed package
    sys.path.insert(0, str(ROOT))

from scanners.cards.fingerprint import LocalKeyFingerprinter  # noqa: E402
from scanners.engine.core import Backend, Engine  # noqa: E402
from scanners.engine.pipeline import run_scan  # noqa: E402
from scanners.sources.files import FileSource  # noqa: E402
from tests.benchmarks.baselines import regex_luhn  # noqa: E402
from tests.benchmarks.corpus_noise import generate  # noqa: E402


@pytest.mark.parametrize("backend", ["hyperscan", "re"])
def test_service_records_raise_no_alarm(backend: Backend, tmp_path: Path) -> None:
    path = generate(tmp_path, mb=1.5, seed=20261205)
    scan = run_scan([FileSource([path])], engine=Engine(backend=backend),
                    fingerprinter=LocalKeyFingerprinter(b"k" * 32))
    assert [c.status for c in scan.coverage] == ["scanned"]
    lines = path.read_text().split("\n")
    alarms = [(lines[int(f.location["line"]) - 1][:24], f.type) for f in scan.findings]
    assert alarms == []


def test_a_generic_regex_and_luhn_scan_raises_alarms_on_it(tmp_path: Path) -> None:
    """The corpus is a real test: its ids and counters pass a naive card check often."""
    generate(tmp_path, mb=0.5, seed=7)
    assert len(list(regex_luhn(tmp_path))) > 100
