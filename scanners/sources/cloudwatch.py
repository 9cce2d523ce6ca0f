"""CloudWatch Logs source: every event of every log group under a prefix, within a time window.

One ``Record`` per log event, ``first_line=None``: an event is located by
``{log_group, log_stream, timestamp, event_id}`` (plus the pipeline's ``offset``), not by a line.
Pages are followed to the end (no 1,000-event cap); each API call backs off on throttling.
Coverage: one entry per log group (events and bytes); a group that fails mid-scan is an ``error`` entry
with the reason; a prefix matching no group is ``skipped``, so a mistyped prefix never passes as clean.
``start_ms`` and ``end_ms`` are inclusive epoch milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scanners.engine.finding import Coverage, Record
from scanners.sources.retry import classify, with_backoff


@dataclass
class CloudWatchSource:
    client: Any = field(repr=False)
    prefix: str
    start_ms: int | None = field(default=None, kw_only=True)
    end_ms: int | None = field(default=None, kw_only=True)
    page_limit: int | None = field(default=None, kw_only=True)  # events per call; None = the API default
    exact: bool = field(default=False, kw_only=True)  # only the group named exactly ``prefix``
    kind: str = field(default="cloudwatch", kw_only=True)
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    def log_groups(self) -> Iterator[str]:
        """Names of every log group under the prefix (all pages)."""
        args: dict[str, Any] = {"logGroupNamePrefix": self.prefix} if self.prefix else {}
        while True:
            page = with_backoff(lambda: self.client.describe_log_groups(**args), what="DescribeLogGroups")
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
                yield from self._group(group)
        except Exception as exc:  # listing failed: the rest of the scope is unknown
            self.coverage.append(self._entry({"log_group_prefix": self.prefix}, "error", classify(exc)))
            return
        if not found:
            self.coverage.append(
                self._entry({"log_group_prefix": self.prefix}, "skipped", "no log group matches the prefix")
            )

    def _group(self, group: str) -> Iterator[Record]:
        cov = self._entry({"log_group": group}, "scanned", None)
        args: dict[str, Any] = {"logGroupName": group}
        if self.start_ms is not None:
            args["startTime"] = self.start_ms
        if self.end_ms is not None:
            args["endTime"] = self.end_ms
        if self.page_limit is not None:
            args["limit"] = self.page_limit
        what = f"FilterLogEvents {group}"
        try:
            while True:
                page = with_backoff(lambda: self.client.filter_log_events(**args), what=what)
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
