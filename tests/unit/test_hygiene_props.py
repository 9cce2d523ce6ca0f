"""Card-data hygiene properties: nothing a scan produces ever carries a full PAN."""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.cards.brands import IIN_RANGES, luhn_valid
from scanners.cards.fingerprint import LocalKeyFingerprinter
from scanners.cards.masking import mask
from scanners.detectors.pan import PanDetector
from scanners.engine.core import Engine
from scanners.engine.finding import Record
from scanners.engine.pipeline import scan_records

FP = LocalKeyFingerprinter(b"k" * 32)
ENGINE = Engine([PanDetector()], [], backend="re")


def make_pan(seed: int) -> str:
    rnd = random.Random(seed)
    row = rnd.choice(IIN_RANGES)
    n = rnd.choice(row.lengths)
    body = str(rnd.randint(*row.bounds))[: n - 1]
    body += "".join(str(rnd.randrange(10)) for _ in range(n - 1 - len(body)))
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable")


@given(
    seed=st.integers(0, 10**9),
    sep=st.sampled_from(["", " ", "-", "  ", "\u00a0"]),
    prefix=st.text(alphabet='abc :=,{}"', max_size=20),
)
@settings(max_examples=200, deadline=None)
def test_findings_never_hold_the_pan(seed: int, sep: str, prefix: str) -> None:
    pan = make_pan(seed)
    shown = sep.join(pan[i : i + 4] for i in range(0, len(pan), 4))
    record = Record(text=f"{prefix} card {shown} done", source="file", location={"path": "p"})
    findings = list(scan_records([record], ENGINE, FP))
    assert findings, "a valid PAN of a known brand must be found"
    dumped = json.dumps([f.to_dict() for f in findings]) + repr(findings)
    # more than first six + last four would need 11 of its digits in a row somewhere
    assert not any(pan[i : i + 11] in dumped for i in range(len(pan) - 10))


@given(st.text(alphabet="0123456789", min_size=13, max_size=19))
def test_pan_mask_shows_at_most_first_six_and_last_four(digits: str) -> None:
    masked = mask("pan", digits)
    assert len(masked) == len(digits)
    assert sum(c.isdigit() for c in masked) <= 10
    assert masked[6:-4] == "*" * (len(digits) - 10)


@given(st.text(alphabet="0123456789", min_size=3, max_size=4))
def test_cvv_and_expiry_fully_masked(value: str) -> None:
    assert not any(c.isdigit() for c in mask("cvv", value) + mask("expiry", value))
