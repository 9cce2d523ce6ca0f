"""Detection-effectiveness canaries (PCI DSS A3.2.5.1): plant known test card data, prove the scan finds it.

``plant(kind, clients, location)`` writes published *test* card numbers of every brand, in every form a source
kind can hold, into an isolated canary location: CloudWatch log group ``/spc/canary/<kind>``, S3 prefix
``spc-canary/<kind>/<run>/`` (one object per canary, ``.gz`` for the gzip form), Bedrock-shaped invocation records
in ``/spc/canary/bedrock``, DTMF WAV calls for recordings. Canary locations must stay inside those namespaces, so
they never mix with real data and the report can set their findings apart. A ``Canary`` holds only the masked
value. ``evaluate(canaries, findings)`` marks each found or missed; one miss makes the run incomplete.
"""

from __future__ import annotations

import contextlib
import gzip
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from reports.errors import ReportError
from reports.evidence.payloads import (
    Payload,
    bedrock_payloads,
    canary_values,
    invocation_record,
    published_test_pans,
    text_payloads,
    value_in,
)
from scanners.audio.recording import Recording
from scanners.aws import ClientFactory
from scanners.formats.canaries import CANARY_PAN, format_canaries

if TYPE_CHECKING:
    from mypy_boto3_logs.type_defs import InputLogEventTypeDef
from scanners.cards.masking import mask
from scanners.engine.finding import CardDataType, Finding

KINDS = ("cloudwatch", "s3", "bedrock", "recordings")
LOG_GROUP_PREFIX = "/spc/canary/"
KEY_PREFIX = "spc-canary/"
Status = Literal["found", "missed"]


@dataclass(frozen=True, slots=True)
class Canary:
    """One planted test value: where it is and its masked form (never the value)."""

    id: str
    kind: str
    form: str
    type: CardDataType
    brand: str
    location: Mapping[str, Any]
    masked: str

    def matches(self, finding: Mapping[str, Any]) -> bool:
        where = finding.get("location") or {}
        return finding.get("type") == self.type and all(where.get(k) == v for k, v in self.location.items())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "form": self.form, "type": self.type, "brand": self.brand,
                "location": dict(self.location), "masked": self.masked}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Canary:
        kind_type = data.get("type")
        if kind_type not in ("pan", "cvv", "expiry", "track", "credential"):
            raise ReportError("canary.type: expected pan, cvv, expiry, track or credential")
        return cls(str(data.get("id", "")), str(data.get("kind", "")), str(data.get("form", "")), kind_type,
                   str(data.get("brand", "")), dict(data.get("location") or {}), str(data.get("masked", "")))


@dataclass(frozen=True, slots=True)
class CanaryResult:
    canary: Canary
    status: Status
    found_by: str = ""  # the source kind whose scan reported it

    def to_dict(self) -> dict[str, Any]:
        return self.canary.to_dict() | {"status": self.status, "found_by": self.found_by}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CanaryResult:
        return cls(Canary.from_dict(data), "found" if data.get("status") == "found" else "missed",
                   str(data.get("found_by", "")))


def _canary(kind: str, run_id: str, payload: Payload, location: Mapping[str, Any], value: str) -> Canary:
    form, kind_type, brand, _ = payload
    ident = "/".join(p for p in (kind, run_id, form, brand) if p)
    return Canary(ident, kind, form, kind_type, brand, dict(location), mask(kind_type, value))


@dataclass
class _Planter:
    clients: ClientFactory
    run_id: str
    now_ms: int
    planted: list[Canary] = field(default_factory=list)

    def log_events(self, kind: str, group: str, payloads: Iterable[Payload]) -> None:
        logs = self.clients("logs")
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_group(logGroupName=group)
        with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
            logs.create_log_stream(logGroupName=group, logStreamName=self.run_id)
        events: list[InputLogEventTypeDef] = []
        for i, payload in enumerate(payloads):
            ts = self.now_ms + i
            message = payload[3]
            if kind == "bedrock":
                when = datetime.fromtimestamp(ts / 1000, UTC)
                message = invocation_record(f"spc-canary-{self.run_id}-{i}", payload[0], message, when)
            events.append({"timestamp": ts, "message": message})
            where = {"log_group": group, "log_stream": self.run_id, "timestamp": ts}
            self.planted.append(_canary(kind, self.run_id, payload, where, value_in(payload)))
        answer = logs.put_log_events(logGroupName=group, logStreamName=self.run_id, logEvents=events)
        if answer.get("rejectedLogEventsInfo"):
            raise ReportError(f"now_ms: CloudWatch rejected canary events in {group} as too old or too new; "
                              "plant with the current time")

    def objects(self, kind: str, bucket: str, prefix: str, payloads: Iterable[Payload]) -> None:
        s3 = self.clients("s3")
        for payload in payloads:
            form, _, brand, text = payload
            key = f"{prefix}{self.run_id}/{form}-{brand or 'any'}.txt"
            body = text.encode() + b"\n"
            if form == "gzip":
                key, body = key + ".gz", gzip.compress(body, mtime=0)
            s3.put_object(Bucket=bucket, Key=key, Body=body)
            self.planted.append(_canary(kind, self.run_id, payload, {"bucket": bucket, "key": key}, value_in(payload)))

    def formats(self, bucket: str, prefix: str) -> dict[str, str]:
        """One object per readable file format (zip member, xlsx cell, PDF page, Parquet row, ...), so each night
        proves each reader; returns the formats that could not be written here, with the install hint."""
        s3, made = self.clients("s3"), format_canaries()
        for canary in made.files:
            key = f"{prefix}{self.run_id}/formats/{canary.name}"
            s3.put_object(Bucket=bucket, Key=key, Body=canary.data)
            payload: Payload = (f"format:{canary.format}", "pan", "visa", "")
            self.planted.append(_canary("s3", self.run_id, payload, {"bucket": bucket, "key": key}, CANARY_PAN))
        return dict(made.missing)

    def recordings(self, bucket: str, prefix: str) -> None:
        s3 = self.clients("s3")
        expiry, mmyy, cvv = canary_values()
        for n, (brand, pan) in enumerate(published_test_pans().items()):
            call = Recording()
            for prompt, keys in (("Card number", pan), ("Expiry", mmyy), ("Security code", cvv)):
                call.prompt(prompt)
                call.keys(keys + "#")
            key = f"{prefix}{self.run_id}/call-{brand}.wav"
            s3.put_object(Bucket=bucket, Key=key, Body=call.wav_bytes(), ContentType="audio/wav")
            where = {"bucket": bucket, "key": key}
            planted: list[tuple[Payload, str]] = [(("dtmf", "pan", brand, ""), pan)]
            if n == 0:
                planted += [(("dtmf_expiry", "expiry", "", ""), expiry), (("dtmf_cvv", "cvv", "", ""), cvv)]
            for payload, value in planted:
                self.planted.append(_canary("recordings", self.run_id, payload, where, value))


def _bucket_prefix(kind: str, location: str | None) -> tuple[str, str]:
    if not location or not location.startswith("s3://"):
        raise ReportError(f"location: expected s3://BUCKET[/PREFIX] for {kind} canaries")
    bucket, _, prefix = location.removeprefix("s3://").partition("/")
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else f"{KEY_PREFIX}{kind}/"
    if not bucket or not prefix.startswith(KEY_PREFIX):
        raise ReportError(f"location: expected a bucket and a prefix under {KEY_PREFIX} for {kind} canaries")
    return bucket, prefix


def plant(
    kind: str, clients: ClientFactory, location: str | None = None, *, run_id: str | None = None,
    now_ms: int | None = None,
) -> list[Canary]:
    """Write the canaries of one source kind; ``location`` is a log group or ``s3://BUCKET[/PREFIX]``."""
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    run_id = run_id or datetime.fromtimestamp(now_ms / 1000, UTC).strftime("%Y%m%dT%H%M%SZ")
    planter = _Planter(clients, run_id, now_ms)
    if kind in ("cloudwatch", "bedrock"):
        group = location or f"{LOG_GROUP_PREFIX}{kind}"
        if not group.startswith(LOG_GROUP_PREFIX):
            raise ReportError(f"location: expected a log group under {LOG_GROUP_PREFIX} for {kind} canaries")
        payloads = bedrock_payloads() if kind == "bedrock" else text_payloads(gzip_in_text=True)
        planter.log_events(kind, group, payloads)
    elif kind == "s3":
        planter.objects(kind, *_bucket_prefix(kind, location), text_payloads(gzip_in_text=False))
    elif kind == "recordings":
        planter.recordings(*_bucket_prefix(kind, location))
    else:
        raise ReportError(f"kind: expected one of {', '.join(KINDS)}")
    return planter.planted


def plant_formats(
    clients: ClientFactory, location: str, *, run_id: str, now_ms: int | None = None
) -> tuple[list[Canary], dict[str, str]]:
    """The file-format canaries (s3 kind) under ``location``; and the formats with no canary here, with why."""
    planter = _Planter(clients, run_id, int(time.time() * 1000) if now_ms is None else now_ms)
    missing = planter.formats(*_bucket_prefix("s3", location))
    return planter.planted, missing


def canary_targets(canaries: Sequence[Canary]) -> list[str]:
    """``spc scan`` targets that cover the planted canaries (bedrock records are read from their log group)."""
    targets: dict[str, None] = {}
    for c in canaries:
        loc = c.location
        if "log_group" in loc:
            targets[f"cloudwatch:{loc['log_group']}"] = None
        else:
            folder = f"s3://{loc['bucket']}/{loc['key'].rsplit('/', 1)[0]}/"
            targets[("recordings:" if c.kind == "recordings" else "") + folder] = None
    return list(targets)


def is_canary_location(location: Mapping[str, Any]) -> bool:
    """True for an item inside the canary namespaces (log group or S3 key)."""
    group, key = str(location.get("log_group") or ""), str(location.get("key") or "")
    return group.startswith(LOG_GROUP_PREFIX) or key.startswith(KEY_PREFIX)


def evaluate(canaries: Sequence[Canary], findings: Iterable[Finding | Mapping[str, Any]]) -> list[CanaryResult]:
    """Found or missed, per canary, from the scan's findings."""
    candidates = [f.to_dict() if isinstance(f, Finding) else f for f in findings]
    candidates = [f for f in candidates if is_canary_location(f.get("location") or {})]
    results = []
    for canary in canaries:
        hit = next((f for f in candidates if canary.matches(f)), None)
        results.append(CanaryResult(canary, "found" if hit else "missed", str(hit.get("source", "")) if hit else ""))
    return results
