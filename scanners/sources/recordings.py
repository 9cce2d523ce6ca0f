"""Call-recordings source: WAV objects in S3, keypad tones decoded to text the detectors read.

Formats are those of ``scanners.audio.wav``; other audio (``UnsupportedAudioError``) is ``skipped`` with the reason,
S3 failures are ``error``. Audio is streamed in blocks of ``BLOCK_SECONDS``; every channel is decoded.
Each keypad entry (``scanners.audio.keypad``) becomes one ``Record`` located by ``{bucket, key, offset_seconds}``
(its first tone). Its text is the labelled entries around it on one line (``card number: ..., expiry:
MM/YY, cvv: ...``) so the detectors see the context, with ``report_from``/``report_until`` limited to the
entry; character offsets into that text mean nothing to a reader, so they are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from scanners.audio.dtmf import DtmfDecoder, Tone
from scanners.audio.keypad import Entry, entries
from scanners.audio.wav import read_header
from scanners.engine.finding import Coverage, Record
from scanners.errors import UnsupportedAudioError
from scanners.formats.gz import gzip_error
from scanners.sources.base import TargetContext, excluded, excluded_entry, split_s3
from scanners.sources.retry import classify
from scanners.sources.s3 import S3Source, open_stream

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

CONTEXT = 3  # labelled entries either side in a record's text
BLOCK_SECONDS = 30


@dataclass
class RecordingsSource:
    TARGET_PREFIX: ClassVar[str] = "recordings:"
    TARGET_HELP: ClassVar[str] = "recordings:s3://BUCKET[/PREFIX]"

    client: S3Client = field(repr=False)
    bucket: str
    prefix: str = ""
    exclude: dict[str, str] = field(default_factory=dict, kw_only=True)  # glob -> justification
    kind: str = field(default="recordings", init=False)
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> RecordingsSource:
        bucket, prefix = split_s3(target.removeprefix(cls.TARGET_PREFIX), "recordings target")
        return cls(ctx.clients("s3"), bucket, prefix, exclude=dict(ctx.exclude))

    def records(self) -> Iterator[Record]:
        scope = {"bucket": self.bucket, "prefix": self.prefix}
        listed = 0
        try:
            for obj in S3Source(self.client, self.bucket, self.prefix).objects():
                listed += 1
                if (why := excluded(obj["Key"], self.exclude)) is not None:
                    self.coverage.append(excluded_entry(self.kind, {"bucket": self.bucket, "key": obj["Key"]}, why))
                    continue
                yield from self._recording(obj["Key"])
        except Exception as exc:  # listing failed: the rest of the scope is unknown
            self.coverage.append(Coverage(self.kind, scope, "error", classify(exc)))
            return
        if not listed:
            self.coverage.append(Coverage(self.kind, scope, "skipped", "no object matches the prefix"))

    def _recording(self, key: str) -> Iterator[Record]:
        cov = Coverage(self.kind, {"bucket": self.bucket, "key": key}, "scanned")
        self.coverage.append(cov)
        try:
            tones = self._tones(key, cov)
        except UnsupportedAudioError as exc:  # the message names the format, never content
            cov.status, cov.reason = "skipped", str(exc)
            return
        except Exception as exc:
            cov.status, cov.reason = "error", classify(exc)
            return
        cov.items_scanned = 1
        yield from self._records(key, entries(tones))

    def _tones(self, key: str, cov: Coverage) -> list[Tone]:
        resp = self.client.get_object(Bucket=self.bucket, Key=key)
        with open_stream(resp["Body"]) as stream:
            fmt, remaining = read_header(stream)
            decoder = DtmfDecoder(fmt.rate, fmt.channels)
            block = BLOCK_SECONDS * fmt.rate * fmt.channels * fmt.width
            while remaining is None or remaining > 0:
                raw = stream.read(block if remaining is None else min(block, remaining))
                if not raw:
                    break
                cov.bytes_scanned += len(raw)
                remaining = None if remaining is None else remaining - len(raw)
                decoder.feed(fmt.decode(raw))
            if (damage := gzip_error(stream)) is not None:
                raise damage
        return decoder.tones()

    def _records(self, key: str, found: list[Entry]) -> Iterator[Record]:
        for i, entry in enumerate(found):
            window = found[max(0, i - CONTEXT) : i + CONTEXT + 1]
            parts = [f"{e.label}: {e.digits}" for e in window]
            before = i - max(0, i - CONTEXT)
            start = sum(len(p) + 2 for p in parts[:before])
            yield Record(
                text=", ".join(parts),
                source=self.kind,
                location={"bucket": self.bucket, "key": key, "offset_seconds": round(entry.starts[0], 3)},
                first_line=None,
                report_from=start,
                report_until=start + len(parts[before]),
                locate_offset=False,
            )
