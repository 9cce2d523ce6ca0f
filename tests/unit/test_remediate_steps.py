"""How an AWS failure becomes a recorded step outcome: named call, what was expected, never a fake success."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from reports.remediate.steps import Step, StepFailed, call, not_run


def fail(code: str) -> None:
    raise ClientError({"Error": {"Code": code, "Message": "secret 4242424242424242"}}, "Op")


@pytest.mark.parametrize(
    ("code", "local", "status", "detail"),
    [
        ("AccessDenied", False, "failed", "PutObject: access denied: the role needs s3:PutObject"),
        ("ThrottlingException", False, "failed", "PutObject: throttled past retries (ThrottlingException)"),
        ("SlowDown", False, "failed", "PutObject: throttled past retries (SlowDown)"),
        ("500", True, "not-emulated", "PutObject: not emulated locally"),
        ("500", False, "failed", "PutObject: 500"),
        ("NoSuchKey", False, "failed", "PutObject: NoSuchKey"),
    ],
)
def test_failures_are_named(code: str, local: bool, status: str, detail: str) -> None:
    step = Step("s3://b/k", "write-masked-version", ("s3:PutObject",))
    with pytest.raises(StepFailed):
        call(step, "PutObject", lambda: fail(code), local=local)
    assert step.status == status and step.detail.startswith(detail)
    assert "4242" not in step.detail


def test_success_and_not_run() -> None:
    step, later = Step("i", "a", ()), Step("i", "b", ())
    assert call(step, "X", lambda: 5) == 5
    later.status = "planned"
    not_run([step, later], "not run: earlier step refused")
    assert (step.status, later.status, later.detail) == ("not-run", "not-run", "not run: earlier step refused")
