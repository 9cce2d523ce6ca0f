"""The Source extension point.

A source is a dataclass whose fields are the scan scope, with its boto3 client passed in (never a module
global). ``records()`` streams ``Record`` objects lazily and, as it goes, appends one ``Coverage`` entry per item
(file, object, log group/stream...) to ``coverage``: scanned with bytes and item counts, or skipped / error with a
reason. After ``records()`` is exhausted, ``coverage`` is complete. A source never raises for one bad item; it
records the item as ``error`` and goes on. It raises ``SourceError`` only when the whole scope cannot be read.
A scope that matches nothing is one ``skipped`` entry ("no object matches ..."), never a clean scan.

Targets: each source module declares its own target syntax next to its code, ``TARGET_PREFIX`` (``"s3://"``;
a prefix ending in ``:`` or ``/`` is matched as a prefix, any other as the whole target; ``""`` is the fallback,
a local path) and ``from_target(target, ctx)``. ``scanners.sources.targets`` discovers them; a module of this
package that is not a source starts with ``_`` or sets ``NOT_A_SOURCE`` to say what it is instead.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from scanners.aws import ClientFactory, default_clients
from scanners.engine.finding import Coverage, Record
from scanners.errors import ConfigError

NOT_A_SOURCE = "the Source protocol and target context"


class Source(Protocol):
    kind: str  # "file", "s3", "cloudwatch", "bedrock", "recordings"
    coverage: list[Coverage]

    def records(self) -> Iterator[Record]: ...


@dataclass(frozen=True)
class TargetContext:
    """What every target of one ``spc scan`` shares: the clients, the time window and the out-of-scope globs."""

    clients: ClientFactory = default_clients
    since_ms: int | None = None  # inclusive epoch milliseconds
    until_ms: int | None = None
    exclude: Mapping[str, str] = field(default_factory=dict)  # glob -> justification
    versions: bool = False  # s3:// targets: every object version and delete marker (``spc scan --versions``)


class TargetSource(Protocol):
    """A source class as ``targets`` discovers it."""

    TARGET_PREFIX: ClassVar[str]
    TARGET_HELP: ClassVar[str]

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> Source: ...


def excluded(name: str, exclude: Mapping[str, str]) -> str | None:
    """The justification of the first ``--exclude`` glob matching ``name`` (whole, or its last ``/`` part)."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    for pattern, why in exclude.items():
        if fnmatch.fnmatchcase(name, pattern) or fnmatch.fnmatchcase(base, pattern):
            return why
    return None


def excluded_entry(kind: str, location: Mapping[str, object], why: str) -> Coverage:
    """The coverage entry of an item left out of scope on purpose; the justification is kept."""
    return Coverage(kind, location, "excluded", f"excluded: {why}")


def split_s3(url: str, field: str) -> tuple[str, str]:
    """``s3://BUCKET/PREFIX`` -> ``(bucket, prefix)``; ``field`` names the argument in the error."""
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    if not url.startswith("s3://") or not bucket:
        raise ConfigError(f"{field}: expected s3://BUCKET[/PREFIX]")
    return bucket, prefix
