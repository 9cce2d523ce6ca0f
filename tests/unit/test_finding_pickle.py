"""Findings cross processes (the parallel pool's results) and spill to disk (``FindingSpool``) pickled: every field
comes back, whatever its value, through every pickle protocol."""

import dataclasses
import pickle

import pytest

from scanners.engine.finding import Finding
from scanners.engine.spool import FindingSpool

PLAIN = Finding("pan", "pan", "file", {"path": "/var/log/app.log", "line": 3, "column": 9}, "411111******1111",
                "f" * 64)
EVERY_FIELD = Finding("credential", "aws_key", "s3", {"bucket": "b", "key": "k.json", "line": 7}, "AKIA************",
                      "0" * 64, test_card=True, encoding=("base64", "percent"))


@pytest.mark.parametrize("finding", [PLAIN, EVERY_FIELD])
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_finding_round_trips(finding: Finding, protocol: int) -> None:
    back = pickle.loads(pickle.dumps(finding, protocol=protocol))
    assert back == finding
    assert [getattr(back, f.name) for f in dataclasses.fields(Finding)] == [
        getattr(finding, f.name) for f in dataclasses.fields(Finding)]


def test_every_field_differs_from_its_default() -> None:
    """``EVERY_FIELD`` would show a field that pickling drops (a default would come back equal)."""
    for f in dataclasses.fields(Finding):
        assert f.default is dataclasses.MISSING or getattr(EVERY_FIELD, f.name) != f.default, f.name


def test_spool_spilled_findings_come_back_whole() -> None:
    spool = FindingSpool(keep=1)
    spool.extend([PLAIN, EVERY_FIELD, PLAIN])
    assert list(spool) == [PLAIN, EVERY_FIELD, PLAIN]
