"""Steps of a remediation, what each needs, and how an AWS failure becomes a named, recorded outcome.

A step is planned (``--plan``) or run (``--apply``). Every outcome is recorded: ``done``, ``refused`` (the item
changed since the scan, or the finding is gone), ``conflict`` (Object Lock), ``failed`` (missing permission,
throttled past retries, any other error, by code), ``not-emulated`` (the local stack lacks the API) or ``not-run``
(an earlier step of the item stopped it). Nothing is half-done without the record saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from reports.remediate.content import Matcher
from scanners.aws import ClientFactory, error_code
from scanners.engine.finding import Coverage

if TYPE_CHECKING:
    from botocore.client import BaseClient

T = TypeVar("T")
THROTTLED = {"Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "SlowDown",
             "RequestLimitExceeded", "LimitExceededException"}
DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "403"}
NOT_EMULATED = {"NotImplemented", "InvalidAction", "UnknownOperationException", "404", "500", "501"}  # moto: 500


class StepFailed(Exception):
    """Stops an item: the step's status and detail are already set."""


@dataclass
class Step:
    item: str
    action: str
    needs: tuple[str, ...]
    status: str = "planned"
    detail: str = ""
    pin: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.item, "action": self.action, "needs": list(self.needs),
                               "status": self.status, "detail": self.detail}
        if self.pin:
            out["pin"] = self.pin
        return out

    def stop(self, status: str, detail: str) -> StepFailed:
        self.status, self.detail = status, detail
        return StepFailed(detail)


@dataclass
class Context:
    clients: ClientFactory
    matcher: Matcher
    scanned_at: datetime
    apply: bool
    quarantine: tuple[str, str] | None = None
    bypass_governance: bool = False
    local: bool = False  # the clients point at a loopback endpoint (the local stack)


def is_local(client: BaseClient) -> bool:
    host = urlsplit(str(getattr(getattr(client, "meta", None), "endpoint_url", ""))).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def call(step: Step, what: str, fn: Callable[[], T], *, local: bool = False) -> T:
    """Run one AWS call for ``step``; a failure stops the item with a message naming the call, never a value."""
    try:
        return fn()
    except Exception as exc:
        code = error_code(exc) or type(exc).__name__
        if code in DENIED:
            raise step.stop("failed", f"{what}: access denied: the role needs {', '.join(step.needs)}") from exc
        if code in THROTTLED:
            raise step.stop("failed", f"{what}: throttled past retries ({code}); run --apply again later") from exc
        if local and code in NOT_EMULATED:
            raise step.stop("not-emulated", f"{what}: not emulated locally (the moto server has no such API)") from exc
        raise step.stop("failed", f"{what}: {code}") from exc


def not_run(steps: list[Step], reason: str) -> None:
    for step in steps:
        if step.status == "planned":
            step.status, step.detail = "not-run", reason


def rescan_result(fingerprints: frozenset[str], findings: list[Any], coverage: list[Coverage]) -> dict[str, Any]:
    """The re-scan of an item: clean only when it was read completely and none of the values is left."""
    left = sorted({f.fingerprint for f in findings} & fingerprints)
    complete = bool(coverage) and all(c.complete for c in coverage)
    reasons = sorted({str(c.reason) for c in coverage if not c.complete})
    verdict = "leaks" if left else ("clean" if complete else "incomplete")
    out: dict[str, Any] = {"verdict": verdict, "fingerprints_left": left, "other_findings": len(findings) - len(
        [f for f in findings if f.fingerprint in fingerprints])}
    if reasons:
        out["incomplete"] = reasons
    return out
