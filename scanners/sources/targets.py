"""Parse ``spc scan`` targets and time windows into sources. The only place that builds boto3 clients for scans.

Sources are discovered, not listed: every module of ``scanners.sources`` that is not a helper declares its
target syntax next to its code (``TARGET_PREFIX``, ``TARGET_HELP``, ``from_target``; see ``base``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from types import ModuleType

import scanners.sources as sources_package
from scanners.aws import ClientFactory, default_clients
from scanners.errors import ConfigError
from scanners.extensions import modules_of
from scanners.lazy_re import lazy_compile
from scanners.sources.base import Source, TargetContext, TargetSource

NOT_A_SOURCE = "target parsing and source discovery"

_DURATION = lazy_compile(r"^(\d+)\s*([smhdw])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, *, now: float | None = None) -> int:
    """``24h``, ``7d``, ``30m`` or an ISO-8601 date/time -> epoch milliseconds."""
    now = time.time() if now is None else now
    m = _DURATION.match(value.strip())
    if m:
        return int((now - int(m.group(1)) * _UNIT_SECONDS[m.group(2)]) * 1000)
    try:
        return int(datetime.fromisoformat(value.strip()).timestamp() * 1000)
    except ValueError as exc:
        raise ConfigError("--since: expected a duration like 24h, 7d, 30m or an ISO-8601 date/time") from exc


def source_classes() -> list[type[TargetSource]]:
    """Every source class of ``scanners.sources``, found by walking the package: a module that is not a helper
    (``_name`` or ``NOT_A_SOURCE``) must define exactly one class with ``TARGET_PREFIX`` and ``from_target``.
    Longest prefix first; the ``""`` fallback (local paths) last."""
    found: list[type[TargetSource]] = []
    for module in modules_of(sources_package.__name__):
        if hasattr(module, "NOT_A_SOURCE"):
            continue
        found.extend(source_classes_of(module))
    return sorted(found, key=lambda cls: -len(cls.TARGET_PREFIX))


def source_classes_of(module: ModuleType) -> list[type[TargetSource]]:
    """The source classes a module defines itself (not ones it imports)."""
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and obj.__module__ == module.__name__
            and isinstance(getattr(obj, "TARGET_PREFIX", None), str) and callable(getattr(obj, "from_target", None))]


def claims(cls: type[TargetSource], target: str) -> bool:
    prefix = cls.TARGET_PREFIX
    if not prefix:
        return True
    return target.startswith(prefix) if prefix.endswith((":", "/")) else target == prefix


def target_help() -> str:
    return ", ".join(cls.TARGET_HELP for cls in source_classes())


def parse_target(
    target: str,
    *,
    clients: ClientFactory = default_clients,
    since_ms: int | None = None,
    until_ms: int | None = None,
    exclude: Mapping[str, str] | None = None,
    versions: bool = False,
) -> Source:
    """One source for one target, by the first discovered source class that claims it.

    The time window (``since_ms``..``until_ms``, inclusive) applies to log events, invocation records and S3
    objects (by LastModified); files and recordings are always scanned whole. ``exclude`` applies to every kind.
    """
    ctx = TargetContext(clients=clients, since_ms=since_ms, until_ms=until_ms, exclude=dict(exclude or {}),
                        versions=versions)
    for cls in source_classes():
        if claims(cls, target):
            return cls.from_target(target, ctx)
    raise ConfigError(f"target: expected one of {target_help()}")  # pragma: no cover - files claim the rest
