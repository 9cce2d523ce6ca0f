"""CloudWatchSource against moto server: pagination past 1,000 events, time window, coverage, failures.

AccessDenied and throttling are simulated by wrapping the real moto client so a chosen call raises
``ClientError`` (moto does not enforce IAM here); a log group deleted mid-scan is real moto behaviour.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from scanners.engine.finding import verdict_of
from scanners.sources.cloudwatch import CloudWatchSource
from tests.functional.conftest import make_client

PAN = "4111111111111111"
T0 = (int(time.time()) - 3600) * 1000  # moto rejects events older than 14 days


def put_events(logs: Any, group: str, stream: str, events: list[tuple[int, str]]) -> None:
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    for i in range(0, len(events), 1000):
        batch = [{"timestamp": ts, "message": msg} for ts, msg in events[i : i + 1000]]
        logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=batch)


def client_error(code: str, op: str, message: str = "denied") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, op)


class Wrapped:
    """The real client, except ``filter_log_events`` on ``group`` runs ``hook`` first."""

    def __init__(self, real: Any, group: str, hook: Any) -> None:
        self.real, self.group, self.hook, self.calls = real, group, hook, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def filter_log_events(self, **kw: Any) -> Any:
        if kw["logGroupName"] == self.group:
            self.calls += 1
            self.hook(self)
        return self.real.filter_log_events(**kw)


@pytest.fixture
def logs(boto_clients: Any) -> Any:
    return boto_clients("logs")


def test_every_event_of_every_group_under_the_prefix_across_pages(logs: Any) -> None:
    events = [(T0 + i, f"request {i} ok") for i in range(1500)]
    events[1234] = (T0 + 1234, f"charge card={PAN} amount=5")
    put_events(logs, "/aws/lambda/payment-bot", "2026/01/01/[$LATEST]a", events[:800])
    put_events(logs, "/aws/lambda/payment-bot", "2026/01/01/[$LATEST]b", events[800:])
    put_events(logs, "/aws/lambda/payment-api", "s", [(T0, "hello")])
    put_events(logs, "/aws/lambda/other", "s", [(T0, f"pan {PAN}")])

    source = CloudWatchSource(logs, "/aws/lambda/payment", page_limit=100)
    records = list(source.records())

    assert len(records) == 1501
    assert {r.location["log_group"] for r in records} == {"/aws/lambda/payment-bot", "/aws/lambda/payment-api"}
    hit = [r for r in records if PAN in r.text]
    assert len(hit) == 1
    assert hit[0].source == "cloudwatch"
    assert hit[0].first_line is None
    loc = dict(hit[0].location)
    assert set(loc) == {"log_group", "log_stream", "timestamp", "event_id"}
    assert loc["log_group"] == "/aws/lambda/payment-bot"
    assert loc["log_stream"] == "2026/01/01/[$LATEST]b"
    assert loc["timestamp"] == T0 + 1234
    assert loc["event_id"]
    by_group = {c.location["log_group"]: c for c in source.coverage}
    assert by_group["/aws/lambda/payment-bot"].items_scanned == 1500
    assert by_group["/aws/lambda/payment-bot"].bytes_scanned == sum(len(m) for _, m in events)
    assert all(c.status == "scanned" for c in source.coverage)
    assert verdict_of([], source.coverage) == "clean"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(10, 19, list(range(10, 20))), (None, 2, [0, 1, 2]), (97, None, [97, 98, 99])],
)
def test_time_window_is_inclusive(logs: Any, start: int | None, end: int | None, expected: list[int]) -> None:
    put_events(logs, "/connect/flow-logs", "s", [(T0 + i, f"e{i}") for i in range(100)])
    source = CloudWatchSource(
        logs, "/connect/", start_ms=None if start is None else T0 + start, end_ms=None if end is None else T0 + end
    )
    got = sorted(int(r.text[1:]) for r in source.records())
    assert got == expected
    assert source.coverage[0].items_scanned == len(expected)


def test_exact_group_and_custom_kind(logs: Any) -> None:
    put_events(logs, "/bedrock/invocations", "s", [(T0, "a")])
    put_events(logs, "/bedrock/invocations-old", "s", [(T0, "b")])
    source = CloudWatchSource(logs, "/bedrock/invocations", exact=True, kind="bedrock")
    records = list(source.records())
    assert [(r.text, r.source) for r in records] == [("a", "bedrock")]
    assert [c.source for c in source.coverage] == ["bedrock"]


def test_prefix_matching_no_group_is_skipped_never_clean(logs: Any) -> None:
    source = CloudWatchSource(logs, "/aws/lambda/typo")
    assert list(source.records()) == []
    assert [(c.status, c.reason) for c in source.coverage] == [
        ("skipped", "no object matches (no log group has the prefix)")
    ]
    assert verdict_of([], source.coverage) == "incomplete"


def test_group_deleted_mid_scan_is_an_error_with_reason_and_others_still_scanned(logs: Any) -> None:
    put_events(logs, "/app/a", "s", [(T0 + i, f"a{i}") for i in range(300)])
    put_events(logs, "/app/b", "s", [(T0 + i, f"b{i}") for i in range(10)])

    def delete_on_second_page(w: Wrapped) -> None:
        if w.calls == 2:
            w.real.delete_log_group(logGroupName="/app/a")

    source = CloudWatchSource(Wrapped(logs, "/app/a", delete_on_second_page), "/app/", page_limit=100)
    records = list(source.records())
    by_group = {c.location["log_group"]: c for c in source.coverage}
    assert (by_group["/app/a"].status, by_group["/app/a"].reason) == (
        "error",
        "not found (ResourceNotFoundException)",
    )
    assert by_group["/app/a"].items_scanned == 100
    assert by_group["/app/b"].status == "scanned"
    assert len(records) == 110
    assert verdict_of([], source.coverage) == "incomplete"


def test_access_denied_on_one_group(logs: Any) -> None:
    put_events(logs, "/app/a", "s", [(T0, "x")])

    def deny(_: Wrapped) -> None:
        raise client_error("AccessDeniedException", "FilterLogEvents")

    source = CloudWatchSource(Wrapped(logs, "/app/a", deny), "/app/")
    assert list(source.records()) == []
    assert source.coverage[0].reason == "access denied (AccessDeniedException)"


def test_access_denied_on_listing_is_a_scope_error(logs: Any) -> None:
    class Denied:
        def describe_log_groups(self, **_: Any) -> Any:
            raise client_error("AccessDeniedException", "DescribeLogGroups")

    source = CloudWatchSource(Denied(), "/app/")
    assert list(source.records()) == []
    assert [(c.location, c.status, c.reason) for c in source.coverage] == [
        ({"log_group_prefix": "/app/"}, "error", "access denied (AccessDeniedException)")
    ]


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def throttled_client(moto_server: str, attempts: int, throttles: int) -> tuple[Any, list[str]]:
    """A logs client with botocore's retry layer (``attempts`` sends in all) whose first ``throttles``
    FilterLogEvents sends are throttled."""
    from botocore.awsrequest import AWSResponse

    client = make_client(moto_server, "logs", retries={"mode": "adaptive", "total_max_attempts": attempts})
    sent: list[str] = []

    def before_send(request: Any, **_: Any) -> Any:
        if "FilterLogEvents" not in str(request.headers.get("X-Amz-Target", b"")):
            return None
        sent.append("FilterLogEvents")
        if len(sent) > throttles:
            return None
        body = b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'
        return AWSResponse(request.url, 400, {"Content-Type": "application/x-amz-json-1.1"}, _Body(body))

    client.meta.events.register("before-send", before_send)
    return client, sent


def test_throttling_is_retried_by_botocore_then_succeeds(logs: Any, moto_server: str) -> None:
    put_events(logs, "/app/a", "s", [(T0 + i, f"a{i}") for i in range(5)])
    client, sent = throttled_client(moto_server, attempts=3, throttles=2)
    source = CloudWatchSource(client, "/app/")
    assert len(list(source.records())) == 5
    assert len(sent) == 3  # one retry layer: botocore's, no project loop on top
    assert source.coverage[0].status == "scanned"


def test_throttled_past_retries_is_incomplete(logs: Any, moto_server: str) -> None:
    put_events(logs, "/app/a", "s", [(T0, "a")])
    client, sent = throttled_client(moto_server, attempts=2, throttles=99)
    source = CloudWatchSource(client, "/app/")
    assert list(source.records()) == []
    assert len(sent) == 2  # botocore's attempts, not multiplied by a project retry loop
    assert source.coverage[0].reason == "throttled past retries (ThrottlingException)"
    assert verdict_of([], source.coverage) == "incomplete"
