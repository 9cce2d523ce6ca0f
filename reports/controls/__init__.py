"""Configuration evidence: one small check per service setting, each returning a ``ControlResult``.

A check reads configuration only (never data) and records what it saw as ``evidence``. ``@control`` turns a
function returning ``(ok, evidence)`` into ``check(client, resource) -> ControlResult``; a failure to read the
configuration becomes an ``error`` result naming the AWS error code, so a control that could not be checked is
never a pass. ``reports/pci_dss_v4.json`` cites controls by ``id``; each result lists the requirements it supports.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from scanners.aws import ClientFactory, error_name
from scanners.extensions import modules_of

ControlStatus = Literal["pass", "fail", "error"]
Outcome = tuple[bool | Literal["error"], dict[str, Any]]
Check = Callable[[Any, Any], "ControlResult"]


@dataclass(frozen=True, slots=True)
class ControlResult:
    id: str
    title: str
    status: ControlStatus
    evidence: Mapping[str, Any] = field(default_factory=dict)
    pci: tuple[str, ...] = ()
    resource: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "resource": self.resource,
                "evidence": dict(self.evidence), "pci": list(self.pci)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ControlResult:
        status = data.get("status")
        return cls(
            id=str(data.get("id", "")), title=str(data.get("title", "")),
            status=status if status in ("pass", "fail", "error") else "error",
            evidence=dict(data.get("evidence") or {}), pci=tuple(str(p) for p in data.get("pci") or ()),
            resource=str(data.get("resource", "")),
        )


def control(ident: str, title: str, pci: Iterable[str]) -> Callable[[Callable[[Any, Any], Outcome]], Check]:
    """Declare a check: its id, a one-line title, and the PCI DSS requirements it gives evidence for."""
    requirements = tuple(pci)

    def wrap(fn: Callable[[Any, Any], Outcome]) -> Check:
        @functools.wraps(fn)
        def check(client: Any, resource: Any) -> ControlResult:
            name = resource if isinstance(resource, str) else str(getattr(resource, "name", "") or ident)
            try:
                ok, evidence = fn(client, resource)
            except Exception as exc:  # botocore errors, connection failures, malformed responses
                reason = f"could not read the configuration ({error_name(exc)})"
                return ControlResult(ident, title, "error", {"reason": reason}, requirements, name)
            status: ControlStatus = "error" if ok == "error" else "pass" if ok else "fail"
            return ControlResult(ident, title, status, evidence, requirements, name)

        check.control_id = ident  # type: ignore[attr-defined]
        return check

    return wrap


@dataclass(frozen=True, slots=True)
class ControlModule:
    """One file of this folder: which resources it checks (a key of the scope), the client it needs, its checks."""

    name: str
    resources: str
    service: str
    checks: tuple[Check, ...]


def discover() -> list[ControlModule]:
    """Every control module in this folder, found by listing it: a new file is picked up with no other edit.

    A module declares ``RESOURCES`` (the scope key it checks), ``SERVICE`` (the boto3 client it needs, ``""`` for
    none) and ``CHECKS``; a module without them is an error, never silently skipped.
    """
    found: list[ControlModule] = []
    for module in modules_of(__name__):
        name = module.__name__.rpartition(".")[2]
        try:
            found.append(ControlModule(name, module.RESOURCES, module.SERVICE, tuple(module.CHECKS)))
        except AttributeError as exc:
            raise TypeError(f"reports/controls/{name}.py: expected RESOURCES, SERVICE and CHECKS") from exc
    return found


def run_controls(clients: ClientFactory, resources: Mapping[str, Iterable[Any]]) -> list[ControlResult]:
    """Every discovered check for the named resources.

    ``resources`` keys are the modules' ``RESOURCES``: ``buckets``, ``kms_keys``, ``log_groups``, ``functions``,
    ``flows`` (paths, flow dicts or contact-flow ARNs) and ``bedrock`` (truthy: check the account's
    model-invocation logging configuration).
    """
    out: list[ControlResult] = []
    for module in discover():
        raw = resources.get(module.resources) or ()
        items: list[Any] = ["model-invocation-logging"] if module.resources == "bedrock" and raw else list(raw)
        if not items:
            continue
        client = clients(module.service) if module.service else None
        out.extend(check(client, item) for item in items for check in module.checks)
    return out
