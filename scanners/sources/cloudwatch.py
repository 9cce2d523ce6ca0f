"""CloudWatch Logs source: every event of every log group under a prefix, within a time window.

One ``Record`` per log event, ``first_line=None``: an event is located by
``{log_group, log_stream, timestamp, event_id}`` (plus the pipeline's ``offset``), not by a line.
Pages are followed to the end (no 1,000-event cap); throttling is retried by botocore (``scanners.aws.retry_config``).
Coverage: one entry per log group (events and bytes); a group that fails mid-scan (deleted, access denied,
throttled past retries) is an ``error`` entry with the reason; a prefix matching no group is ``skipped``, so a
mistyped prefix never passes as clean. Groups matching an ``exclude`` glob are ``excluded`` with the justification.
``start_ms`` and ``end_ms`` are inclusive epoch milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scanners.engine.finding import Coverage, Record
from scanners.errors import ConfigError
from scanners.sources.base import TargetContext, excluded, excluded_entry
from scanners.sources.retry import classify

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient


@dataclass
class CloudWatchSource:
    TARGET_PREFIX: ClassVar[str] = "cloudwatch:"
    TARGET_HELP: ClassVar[str] = "cloudwatch:LOG_GROUP_PREFIX"

    client: CloudWatchLogsClient = field(repr=False)
    prefix: str
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    page_limit: int | None = field(default=None, kw_only=True)  # events per call; None = the API default
    exact: bool = field(default=False, kw_only=True)  # only the group named exactly ``prefix``
    kind: str = field(default="cloudwatch", kw_only=True)
    exclude: dict[str, str] = field(default_factory=dict, kw_only=True)  # glob -> justification
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> CloudWatchSource:
        prefix = target.removeprefix(cls.TARGET_PREFIX)
        if not prefix:
            raise ConfigError("cloudwatch target: expected cloudwatch:LOG_GROUP_PREFIX")
        return cls(ctx.clients("logs"), prefix, start_ms=ctx.since_ms, end_ms=ctx.until_ms,
                   exclude=dict(ctx.exclude))

    def log_groups(self) -> Iterator[str]:
        """Names of every log group under the prefix (all pages)."""
        args: dict[str, Any] = {"logGroupNamePrefix": self.prefix} if self.prefix else {}
        while True:
            page = self.client.describe_log_groups(**args)
            for group in page.get("logGroups", []):
                if not self.exact or group["logGroupName"] == self.prefix:
                    yield group["logGroupName"]
            token = page.get("nextToken")
            if not token:
                return
            args["nextToken"] = token

    def records(self) -> Iterator[Record]:
        found = 0
        try:
            for group in self.log_groups():
                found += 1
                why = excluded(group, self.exclude)
                if why is not None:
                    self.coverage.append(excluded_entry(self.kind, {"log_group": group}, why))
                    continue
                yield from self._group(group)
        except Exception as exc:  # listing failed: the rest of the scope is unknown
            self.coverage.append(self._entry({"log_group_prefix": self.prefix}, "error", classify(exc)))
            return
        if not found:
            self.coverage.append(self._entry(
                {"log_group_prefix": self.prefix}, "skipped", "no object matches (no log group has the prefix)"))

    def _group(self, group: str) -> Iterator[Record]:
        cov = self._entry({"log_group": group}, "scanned", None)
        args: dict[str, Any] = {"logGroupName": group}
        if self.start_ms is not None:
            args["startTime"] = self.start_ms
        if self.end_ms is not None:
            args["endTime"] = self.end_ms
        if self.page_limit is not None:
            args["limit"] = self.page_limit
        try:
            while True:
                page = self.client.filter_log_events(**args)
                for event in page.get("events", []):
                    message = event.get("message", "")
                    cov.items_scanned += 1
                    cov.bytes_scanned += len(message.encode("utf-8", "replace"))
                    yield Record(
                        text=message,
                        source=self.kind,
                        location={
                            "log_group": group,
                            "log_stream": event.get("logStreamName", ""),
                            "timestamp": event.get("timestamp"),
                            "event_id": event.get("eventId", ""),
                        },
                        first_line=None,
                        coverage=cov,
                    )
                token = page.get("nextToken")
                if not token or token == args.get("nextToken"):
                    break
                args["nextToken"] = token
        except Exception as exc:  # AccessDenied, ResourceNotFound (deleted mid-scan), throttled...
            cov.status, cov.reason = "error", classify(exc)
        self.coverage.append(cov)

    def _entry(self, location: dict[str, Any], status: Any, reason: str | None) -> Coverage:
        return Coverage(source=self.kind, location=location, status=status, reason=reason)
