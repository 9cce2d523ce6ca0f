"""Parse ``spc scan`` targets and time windows into sources. The only place that builds boto3 clients for scans."""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

from scanners.aws import ClientFactory, default_clients
from scanners.errors import ConfigError
from scanners.sources.base import Source
from scanners.sources.files import FileSource

_DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
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


def _split_s3(url: str, field: str) -> tuple[str, str]:
    rest = url.removeprefix("s3://")
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise ConfigError(f"{field}: expected s3://BUCKET[/PREFIX]")
    return bucket, prefix


def parse_target(
    target: str,
    *,
    clients: ClientFactory = default_clients,
    since_ms: int | None = None,
    until_ms: int | None = None,
    exclude: dict[str, str] | None = None,
    versions: bool = False,
) -> Source:
    """One source for one target: a path, ``s3://``, ``cloudwatch:``, ``bedrock`` or ``recordings:s3://``.

    The time window (``since_ms``..``until_ms``, inclusive) applies to log events, invocation records and S3
    objects (by LastModified); files and recordings are always scanned whole.
    """
    if target.startswith("s3://"):
        from scanners.sources.s3 import S3Source

        bucket, prefix = _split_s3(target, "target")
        return S3Source(clients("s3"), bucket, prefix, start_ms=since_ms, end_ms=until_ms, versions=versions)
    if target.startswith("recordings:"):
        from scanners.sources.recordings import RecordingsSource

        bucket, prefix = _split_s3(target.removeprefix("recordings:"), "recordings target")
        return RecordingsSource(clients("s3"), bucket, prefix)
    if target.startswith("cloudwatch:"):
        from scanners.sources.cloudwatch import CloudWatchSource

        prefix = target.removeprefix("cloudwatch:")
        if not prefix:
            raise ConfigError("cloudwatch target: expected cloudwatch:LOG_GROUP_PREFIX")
        return CloudWatchSource(clients("logs"), prefix, start_ms=since_ms, end_ms=until_ms)
    if target == "bedrock":
        from scanners.sources.bedrock import BedrockSource

        return BedrockSource(clients("bedrock"), clients("logs"), clients("s3"), start_ms=since_ms, end_ms=until_ms)
    path = Path(target)
    if not path.exists():
        raise ConfigError(
            f"target {target!r}: expected an existing file or directory, s3://, cloudwatch:, "
            "bedrock or recordings:s3://"
        )
    return FileSource([path], exclude=dict(exclude or {}))
