"""S3Source against moto server: text, gzip (by magic bytes), JSON, line numbers, versions and every failure.

AccessDenied, KMS denied and throttling are simulated by wrapping the real moto client so ``get_object`` raises
``ClientError`` for one key (moto ignores IAM, its deny policies ignore conditions and SSE-KMS is metadata
only). NoSuchKey (deleted during the scan) and NoSuchBucket are real moto behaviour.
"""

from __future__ import annotations

import gzip
import json
import time
from typing import Any, cast

import pytest
from botocore.exceptions import ClientError

from scanners.engine.finding import Record, verdict_of
from scanners.sources import retry
from scanners.sources.s3 import S3Source

PAN = "4111111111111111"
PAN2 = "5555555555554444"
BUCKET = "audit-logs"
HEX_TEXT = "".join(f"{i:08x} " for i in range(5000)).encode()  # compresses badly, so 200 bytes is a cut stream


@pytest.fixture
def s3(boto_clients: Any) -> Any:
    client = boto_clients("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)  # fixed bytes: stable test ids across xdist workers


def lines_of(records: list[Record], needle: str) -> list[tuple[str, int]]:
    """(key, line) of every occurrence of ``needle`` reported by its owning record."""
    out = []
    for r in records:
        start = 0
        while (i := r.text.find(needle, start)) >= 0:
            start = i + 1
            if i >= r.report_from and (r.report_until is None or i < r.report_until):
                assert r.first_line is not None
                out.append((r.location["key"], r.first_line + r.text.count("\n", 0, i)))
    return sorted(out)


def scan(source: S3Source) -> tuple[list[Record], dict[str, Any]]:
    records = list(source.records())
    return records, {c.location.get("key", "<scope>"): c for c in source.coverage}


def test_text_gzip_and_json_with_decompressed_line_numbers(s3: Any) -> None:
    text = f"line one\nline two\ncard {PAN} here\n".encode()
    jsonl = b"".join(json.dumps({"n": i, "msg": PAN2 if i == 41 else "ok"}).encode() + b"\n" for i in range(100))
    pretty = json.dumps({"a": 1, "card": {"number": PAN}}, indent=2).encode()
    s3.put_object(Bucket=BUCKET, Key="logs/app.log", Body=text)
    s3.put_object(Bucket=BUCKET, Key="logs/events.jsonl.gz", Body=gz(jsonl))
    s3.put_object(Bucket=BUCKET, Key="logs/no-suffix", Body=gz(text))  # gzip found by magic bytes
    s3.put_object(Bucket=BUCKET, Key="logs/doc.json", Body=pretty)
    s3.put_object(Bucket=BUCKET, Key="other/skip.log", Body=text)

    records, cov = scan(S3Source(s3, BUCKET, "logs/"))

    assert lines_of(records, PAN) == [("logs/app.log", 3), ("logs/doc.json", 4), ("logs/no-suffix", 3)]
    assert lines_of(records, PAN2) == [("logs/events.jsonl.gz", 42)]
    assert all(dict(r.location) == {"bucket": BUCKET, "key": r.location["key"]} for r in records)
    assert all(r.source == "s3" for r in records)
    assert set(cov) == {"logs/app.log", "logs/events.jsonl.gz", "logs/no-suffix", "logs/doc.json"}
    assert all(c.status == "scanned" for c in cov.values())
    assert cov["logs/events.jsonl.gz"].bytes_scanned == len(jsonl)
    assert cov["logs/events.jsonl.gz"].items_scanned == 100
    assert cov["logs/no-suffix"].items_scanned == 3
    assert verdict_of([], list(cov.values())) == "clean"


def test_object_versions(s3: Any) -> None:
    s3.create_bucket(Bucket="versioned")
    s3.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket="versioned", Key="a.log", Body=f"x\n{PAN}\n".encode())["VersionId"]
    v2 = s3.put_object(Bucket="versioned", Key="a.log", Body=b"clean now\n")["VersionId"]
    s3.put_object(Bucket="versioned", Key="gone.log", Body=f"{PAN2}\n".encode())
    s3.delete_object(Bucket="versioned", Key="gone.log")  # delete marker: the old version is still readable

    records, _ = scan(S3Source(s3, "versioned", versions=True))
    hits = {(r.location["key"], r.location["version_id"]) for r in records if PAN in r.text or PAN2 in r.text}
    assert ("a.log", v1) in hits
    assert {k for k, _ in hits} == {"a.log", "gone.log"}
    assert {r.location["version_id"] for r in records if r.location["key"] == "a.log"} == {v1, v2}

    latest, _ = scan(S3Source(s3, "versioned"))
    assert [r.text for r in latest] == ["clean now\n"]
    assert "version_id" not in latest[0].location


TRUNCATED = "gzip: truncated: the stream ends before its end marker (the text before the cut was scanned)"


@pytest.mark.parametrize(
    ("key", "body", "status", "reason"),
    [
        ("corrupt.gz", b"\x1f\x8b\x08\x00" + b"garbage" * 50, "error",
         "gzip: corrupt: invalid compressed data (the text before it was scanned)"),
        ("cut.gz", gz(HEX_TEXT)[:200], "error", TRUNCATED),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "skipped",
         "binary content (PNG image): an image has no text layer (OCR is not done); not examined"),
        ("latin1.log", "caf\xe9 ok\n".encode("latin-1"), "scanned", None),  # a single-byte encoding reads whole
        ("mixed.log", "caf\xe9 ok\n".encode() + b"x" * 9000 + b"\ncaf\xe9\n", "error",
         "invalid UTF-8 (1 characters replaced)"),
        ("cut.jsonl", b'{"a": 1}\n{"b": "x', "error", "truncated JSON"),
        ("cut.json.gz", gz(b'[{"a": 1}, {"b"'), "error", "truncated JSON"),
        ("fine.jsonl", b'{"a": 1}\n{"b": 2}\n', "scanned", None),
        ("empty.log", b"", "scanned", None),
        ("brackets.log", b"[INFO] started (pid 4)", "scanned", None),
    ],
)
def test_unreadable_content_is_counted_with_its_reason(
    s3: Any, key: str, body: bytes, status: str, reason: str | None
) -> None:
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    s3.put_object(Bucket=BUCKET, Key="ok.log", Body=f"{PAN}\n".encode())
    records, cov = scan(S3Source(s3, BUCKET))
    assert (cov[key].status, cov[key].reason) == (status, reason)
    assert cov["ok.log"].status == "scanned"
    assert lines_of(records, PAN) == [("ok.log", 1)]
    assert verdict_of([], list(cov.values())) == ("clean" if status == "scanned" else "incomplete")


def test_array_typed_as_json_by_content_type_is_checked_for_truncation(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="export", Body=b'[{"a": 1}, {"b"', ContentType="application/json")
    s3.put_object(Bucket=BUCKET, Key="notes", Body=b'[{"a": 1}, {"b"', ContentType="text/plain")
    _, cov = scan(S3Source(s3, BUCKET))
    assert [(k, c.status, c.reason) for k, c in sorted(cov.items())] == [
        ("export", "error", "truncated JSON"), ("notes", "scanned", None)]


def test_truncated_gzip_still_scans_what_it_could_read(s3: Any) -> None:
    body = gz(f"{PAN}\n".encode() + b"filler line\n" * 200_000)
    s3.put_object(Bucket=BUCKET, Key="big.gz", Body=body[: len(body) // 2])
    records, cov = scan(S3Source(s3, BUCKET))
    assert cov["big.gz"].reason == TRUNCATED
    assert cov["big.gz"].bytes_scanned > 0
    assert lines_of(records, PAN) == [("big.gz", 1)]


class Failing:
    """The real client, except ``get_object`` for ``key`` raises (or runs ``hook``) first."""

    def __init__(self, real: Any, key: str, hook: Any) -> None:
        self.real, self.key, self.hook, self.calls = real, key, hook, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def get_object(self, **kw: Any) -> Any:
        if kw["Key"] == self.key:
            self.calls += 1
            self.hook(self, kw)
        return self.real.get_object(**kw)


def raises(code: str, message: str = "Access Denied") -> Any:
    def hook(_: Failing, __: dict[str, Any]) -> None:
        raise ClientError({"Error": {"Code": code, "Message": message}}, "GetObject")

    return hook


def delete_first(w: Failing, kw: dict[str, Any]) -> None:
    w.real.delete_object(Bucket=kw["Bucket"], Key=kw["Key"])


@pytest.mark.parametrize(
    ("hook", "reason", "calls"),
    [
        (raises("AccessDenied"), "access denied (AccessDenied)", 1),
        (
            raises("AccessDenied", "User: arn:aws:sts::1:assumed-role/scan is not authorized to perform: kms:Decrypt"),
            "kms denied (AccessDenied)",
            1,
        ),
        (raises("KMS.DisabledException", "key disabled"), "kms denied (KMS.DisabledException)", 1),
        (raises("SlowDown", "Please reduce your request rate."), "throttled past retries (SlowDown)", 1),  # one layer
        (delete_first, "deleted during scan (NoSuchKey)", 1),
    ],
)
def test_fetch_failures_are_per_object_errors(s3: Any, hook: Any, reason: str, calls: int) -> None:
    s3.put_object(Bucket=BUCKET, Key="bad.log", Body=f"{PAN}\n".encode())
    s3.put_object(Bucket=BUCKET, Key="good.log", Body=f"{PAN2}\n".encode())
    client = Failing(s3, "bad.log", hook)
    records, cov = scan(S3Source(client, BUCKET))
    assert (cov["bad.log"].status, cov["bad.log"].reason) == ("error", reason)
    assert client.calls == calls
    assert cov["good.log"].status == "scanned"
    assert [r.location["key"] for r in records] == ["good.log"]
    assert verdict_of([], list(cov.values())) == "incomplete"


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def test_throttling_is_retried_by_botocore_then_succeeds(s3: Any, moto_server: str) -> None:
    """One retry layer: botocore's (adaptive mode) retries a throttled GetObject; the project adds no loop."""
    from botocore.awsrequest import AWSResponse

    from tests.functional.conftest import make_client

    s3.put_object(Bucket=BUCKET, Key="a.log", Body=b"fine\n")
    client = make_client(moto_server, "s3", retries={"mode": "adaptive", "total_max_attempts": 3})
    sent: list[str] = []

    def before_send(request: Any, **_: Any) -> Any:
        if request.method != "GET" or not request.url.split("?")[0].endswith("/a.log"):
            return None
        sent.append(request.url)
        if len(sent) > 1:
            return None
        body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return AWSResponse(request.url, 503, {"Content-Type": "application/xml"}, _Body(body))

    client.meta.events.register("before-send", before_send)
    _, cov = scan(S3Source(client, BUCKET))
    assert cov["a.log"].status == "scanned"
    assert len(sent) == 2


def test_missing_bucket_is_a_scope_error(s3: Any) -> None:
    records, cov = scan(S3Source(s3, "no-such-bucket", "x/"))
    assert records == []
    assert [(c.location, c.status, c.reason) for c in cov.values()] == [
        ({"bucket": "no-such-bucket", "prefix": "x/"}, "error", "not found (NoSuchBucket)")
    ]


def test_last_modified_window_and_empty_scope(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="a.log", Body=b"a\n")
    now = int(time.time() * 1000)
    _, cov = scan(S3Source(s3, BUCKET, start_ms=now - 3_600_000, end_ms=now + 3_600_000))
    assert set(cov) == {"a.log"}
    _, later = scan(S3Source(s3, BUCKET, start_ms=now + 3_600_000))
    assert [(c.status, c.reason) for c in later.values()] == [
        ("scanned", "no object in the time window (nothing new)")
    ]
    _, nothing = scan(S3Source(s3, BUCKET, "typo/", start_ms=now + 3_600_000))
    assert [(c.status, c.reason) for c in nothing.values()] == [("skipped", "no object matches the prefix")
    ]


def test_explicit_keys_skip_listing(s3: Any) -> None:
    s3.put_object(Bucket=BUCKET, Key="a.log", Body=b"a\n")
    s3.put_object(Bucket=BUCKET, Key="b.log", Body=b"b\n")
    records, cov = scan(S3Source(s3, BUCKET, keys=["b.log", "missing.log"]))
    assert [r.text for r in records] == ["b\n"]
    assert cov["missing.log"].reason == "deleted during scan (NoSuchKey)"


def _ce(code: str, message: str = "x") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "GetObject")


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (_ce("AccessDenied"), "access denied (AccessDenied)"),
        (_ce("AccessDenied", "not authorized to perform: kms:Decrypt"), "kms denied (AccessDenied)"),
        (_ce("KMS.KMSInvalidStateException"), "kms denied (KMS.KMSInvalidStateException)"),
        (_ce("ThrottlingException"), "throttled past retries (ThrottlingException)"),
        (_ce("ServiceUnavailable"), "service error past retries (ServiceUnavailable)"),
        (_ce("NoSuchKey"), "deleted during scan (NoSuchKey)"),
        (_ce("ResourceNotFoundException"), "not found (ResourceNotFoundException)"),
        (_ce("InvalidObjectState"), "archived, not readable without restore (InvalidObjectState)"),
        (_ce("SomethingNew"), "service error (SomethingNew)"),
        (ClientError(cast(Any, {"ResponseMetadata": {"HTTPStatusCode": 403}}), "HeadObject"), "access denied (403)"),
        (EOFError("Compressed file ended"), "corrupt gzip (truncated stream)"),
        (gzip.BadGzipFile("Not a gzipped file"), "corrupt gzip"),
        (json.JSONDecodeError("Expecting value", "{", 1), "truncated or invalid JSON"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), "invalid UTF-8"),
        (RuntimeError(PAN), "unexpected error (RuntimeError)"),
    ],
)
def test_classify_names_the_failure_never_the_message(exc: BaseException, reason: str) -> None:
    assert retry.classify(exc) == reason


def test_one_retry_layer_is_botocores() -> None:
    """The project keeps no retry loop of its own: botocore's adaptive mode is the only one (issue 10)."""
    from scanners.aws import retry_config

    assert not hasattr(retry, "with_backoff")
    config = retry_config()
    assert config.retries is not None and config.retries["mode"] in ("adaptive", "standard")


def test_max_workers_must_be_positive() -> None:
    from scanners.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^max_workers: expected an integer >= 1"):
        S3Source(object(), BUCKET, max_workers=0)
