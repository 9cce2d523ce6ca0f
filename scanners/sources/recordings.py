"""Call-recordings source: WAV objects in S3, keypad tones decoded to text the detectors read.

WAV: PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float, A-law (format 6), mu-law (format 7), also inside
WAVE_FORMAT_EXTENSIBLE; any rate from 4 kHz, any channel count (each channel decoded, presses merged). Other
encodings, and objects that are not RIFF/WAVE, are ``skipped`` with the reason. Audio is streamed in blocks.

Key presses become *entries*: runs ended by ``#``, ``*``, a letter key or a pause over ``MAX_PAUSE``
seconds; a run longer than a card number that starts with a valid PAN is cut after it. After a PAN entry, a
4-digit MMYY entry followed by a 3-4 digit one is the expiry and the CVV; otherwise an entry as long as the
brand's CVV is the CVV. Each entry becomes one ``Record`` located by ``{bucket, key, offset_seconds}`` (its
first tone). Its text is the labelled entries around it on one line (``card number: ..., expiry: MM/YY,
cvv: ...``) so the detectors see the context, with ``report_from``/``report_until`` limited to the entry.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from scanners.cards import brand_of, is_pan
from scanners.dtmf import DtmfDecoder, Tone
from scanners.finding import Coverage, Record
from scanners.sources.retry import classify, with_backoff
from scanners.sources.s3 import S3Source, open_stream

MAX_PAUSE = 1.5  # seconds between presses that still belong to one entry
CONTEXT = 3  # labelled entries either side in a record's text
BLOCK_SECONDS = 30
_PCM, _FLOAT, _ALAW, _MULAW, _EXTENSIBLE = 1, 3, 6, 7, 0xFFFE
_WIDTHS = {_PCM: (1, 2, 3, 4), _FLOAT: (4, 8), _ALAW: (1,), _MULAW: (1,)}


def _g711_tables() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Linear values (full scale 1.0) of every mu-law and A-law byte (ITU-T G.711)."""
    codes = np.arange(256)
    u = ~codes & 0xFF
    mu = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 7)) - 0x84
    mu = np.where(u & 0x80, -mu, mu)
    a = codes ^ 0x55
    seg, man = (a >> 4) & 7, a & 0x0F
    alaw = np.where(seg == 0, (man << 4) + 8, ((man << 4) + 0x108) << np.maximum(seg - 1, 0))
    alaw = np.where(a & 0x80, alaw, -alaw)
    return mu / 32768.0, alaw / 32768.0


MULAW, ALAW = _g711_tables()


@dataclass(frozen=True, slots=True)
class WavFormat:
    code: int
    channels: int
    rate: int
    width: int  # bytes per sample

    def decode(self, raw: bytes) -> NDArray[np.float64]:
        """Samples as floats in [-1, 1], shape (frames, channels); a trailing partial frame is dropped."""
        usable = len(raw) - len(raw) % (self.width * self.channels)
        data = np.frombuffer(raw, dtype=np.uint8, count=usable)
        if self.code in (_MULAW, _ALAW):
            out = (MULAW if self.code == _MULAW else ALAW)[data]
        elif self.code == _FLOAT:
            out = data.view("<f4" if self.width == 4 else "<f8").astype(np.float64)
        elif self.width == 1:
            out = (data.astype(np.float64) - 128.0) / 128.0
        elif self.width == 3:
            b = data.reshape(-1, 3).astype(np.int32)
            out = ((b[:, 0] | b[:, 1] << 8 | b[:, 2] << 16) << 8 >> 8) / float(1 << 23)
        else:
            out = data.view("<i2" if self.width == 2 else "<i4") / float(1 << (8 * self.width - 1))
        return np.asarray(out, dtype=np.float64).reshape(-1, self.channels)


def _read(stream: BinaryIO, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) < size:
        raise ValueError(f"WAV {what}: expected {size} bytes, the file ends first")
    return data


def read_header(stream: BinaryIO) -> tuple[WavFormat, int | None]:
    """Parse up to the ``data`` chunk: the format and the data size (``None``: read to the end)."""
    riff = stream.read(12)
    if len(riff) < 12 or riff[:4] not in (b"RIFF", b"RF64") or riff[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file")
    fmt: WavFormat | None = None
    while True:
        cid, size = struct.unpack("<4sI", _read(stream, 8, "chunk header"))
        if cid == b"data":
            if fmt is None:
                raise ValueError("WAV data chunk: expected a fmt chunk before it")
            return fmt, None if riff[:4] == b"RF64" or size in (0, 0xFFFFFFFF) else size
        body = _read(stream, size + size % 2, "chunk")
        if cid == b"fmt ":
            fmt = _format(body[:size])


def _format(raw: bytes) -> WavFormat:
    if len(raw) < 16:
        raise ValueError("WAV fmt chunk: expected at least 16 bytes")
    code, channels, rate, _, align, bits = struct.unpack("<HHIIHH", raw[:16])
    if code == _EXTENSIBLE and len(raw) >= 26:
        code = struct.unpack("<H", raw[24:26])[0]
    width = align // channels if channels else 0
    if width not in _WIDTHS.get(code, ()):
        raise ValueError(f"unsupported WAV encoding (format 0x{code:04x}, {bits} bits per sample)")
    if rate < 4000:
        raise ValueError(f"unsupported WAV sample rate ({rate} Hz; DTMF needs at least 4000)")
    return WavFormat(code, channels, rate, width)


@dataclass(frozen=True, slots=True)
class Entry:
    digits: str = field(repr=False)
    starts: tuple[float, ...]
    label: str = "keypad"


def entries(tones: list[Tone]) -> list[Entry]:
    """Key presses grouped into entries, labelled as card number, expiry and CVV where they fit."""
    out: list[Entry] = []
    digits: list[Tone] = []
    for i, tone in enumerate(tones):
        if tone.key.isdigit():
            digits.append(tone)
        end = i + 1 == len(tones) or not tone.key.isdigit()
        if not end and tones[i + 1].start - tone.start - tone.duration > MAX_PAUSE:
            end = True
        if end and digits:
            out.extend(_split(Entry("".join(t.key for t in digits), tuple(t.start for t in digits))))
            digits = []
    return _label(out)


def _split(entry: Entry) -> list[Entry]:
    """Cut a run typed without terminators after a leading PAN (and an MMYY after it)."""
    if len(entry.digits) <= 19:
        return [entry]
    for n in (16, 15, 19, 14, 13, 17, 18):
        if is_pan(entry.digits[:n]):
            rest = Entry(entry.digits[n:], entry.starts[n:])
            cut = 4 if len(rest.digits) in (7, 8) and _mmyy(rest.digits[:4]) else len(rest.digits)
            tail = [Entry(rest.digits[:cut], rest.starts[:cut]), Entry(rest.digits[cut:], rest.starts[cut:])]
            return [Entry(entry.digits[:n], entry.starts[:n])] + [e for e in tail if e.digits]
    return [entry]


def _mmyy(digits: str) -> bool:
    return len(digits) == 4 and 1 <= int(digits[:2]) <= 12


def _label(found: list[Entry]) -> list[Entry]:
    out = list(found)
    for i, entry in enumerate(found):
        if not is_pan(entry.digits):
            continue
        brand = brand_of(entry.digits)
        cvv_lengths = (brand.cvv_length,) if brand else (3, 4)
        out[i] = Entry(entry.digits, entry.starts, "card number")
        nxt = found[i + 1 : i + 3]
        if len(nxt) == 2 and _mmyy(nxt[0].digits) and len(nxt[1].digits) in (3, 4):
            out[i + 1], out[i + 2] = Entry(*_as_expiry(nxt[0])), Entry(nxt[1].digits, nxt[1].starts, "cvv")
        elif nxt and len(nxt[0].digits) in cvv_lengths:
            out[i + 1] = Entry(nxt[0].digits, nxt[0].starts, "cvv")
        elif nxt and _mmyy(nxt[0].digits):
            out[i + 1] = Entry(*_as_expiry(nxt[0]))
    return out


def _as_expiry(entry: Entry) -> tuple[str, tuple[float, ...], str]:
    return f"{entry.digits[:2]}/{entry.digits[2:]}", entry.starts, "expiry"


@dataclass
class RecordingsSource:
    client: Any = field(repr=False)
    bucket: str
    prefix: str = ""
    kind: str = field(default="recordings", init=False)
    coverage: list[Coverage] = field(default_factory=list, init=False, repr=False)

    def records(self) -> Iterator[Record]:
        scope = {"bucket": self.bucket, "prefix": self.prefix}
        listed = 0
        try:
            for obj in S3Source(self.client, self.bucket, self.prefix).objects():
                listed += 1
                yield from self._recording(obj["Key"])
        except Exception as exc:  # listing failed: the rest of the scope is unknown
            self.coverage.append(Coverage(self.kind, scope, "error", classify(exc)))
            return
        if not listed:
            self.coverage.append(Coverage(self.kind, scope, "skipped", "no objects under the prefix"))

    def _recording(self, key: str) -> Iterator[Record]:
        cov = Coverage(self.kind, {"bucket": self.bucket, "key": key}, "scanned")
        self.coverage.append(cov)
        try:
            tones = self._tones(key, cov)
        except ValueError as exc:  # not a WAV we can decode: the message names the format, never content
            cov.status, cov.reason = "skipped", str(exc)
            return
        except Exception as exc:
            cov.status, cov.reason = "error", classify(exc)
            return
        cov.items_scanned = 1
        yield from self._records(key, entries(tones))

    def _tones(self, key: str, cov: Coverage) -> list[Tone]:
        get = self.client.get_object
        resp = with_backoff(lambda: get(Bucket=self.bucket, Key=key), what=f"GetObject {self.bucket}")
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
            )
