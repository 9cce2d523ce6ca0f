"""Zstandard (``zstandard`` from the ``formats`` extra): a compression layer of the same item, bomb-limited.

Every frame is read; a stream that ends inside a frame is an error (``zstandard``'s stream reader would return
what it had and stop quietly). Frames written with a checksum (the ``zstd`` command's default) are verified.
As for gzip, xz and bzip2, the damage ends the stream and is raised after the text before it was scanned.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from typing import Any

from scanners.engine.textio import Readable
from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Limited

MAGIC = b"\x28\xb5\x2f\xfd"
_IN = 1024  # input bytes per call: zstd reaches ~32,700:1, so one call yields at most ~32 MB


def _zstd() -> Any:
    return importlib.import_module("zstandard")


class _Frames(io.RawIOBase):
    """Decompressed bytes of every frame in ``inner``; input that ends mid-frame or is corrupt ends the output and
    is kept in ``error`` (the reader raises it once the text before it was read)."""

    def __init__(self, inner: Readable) -> None:
        self._inner = inner
        self._zstd = _zstd()
        self._obj = self._zstd.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._started = False
        self.error: FormatError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        while not self._pending:
            chunk = b"" if self.error else self._inner.read(_IN)
            if not chunk:
                if self._started and not self._obj.eof and self.error is None:
                    self.error = FormatError("truncated zstd frame (the text before the cut was scanned)")
                return 0
            while chunk:
                self._started = True
                try:
                    self._pending += self._obj.decompress(chunk)
                except self._zstd.ZstdError:
                    self.error = FormatError("corrupt zstd frame (the text before it was scanned)")
                    break
                chunk = b""
                if self._obj.eof:  # next frame, if any, starts in the unused input
                    chunk, self._started = self._obj.unused_data, False
                    self._obj = self._zstd.ZstdDecompressor().decompressobj()
        n = min(len(buf), len(self._pending))
        buf[:n], self._pending = self._pending[:n], self._pending[n:]
        return n


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    frames = _Frames(counted)
    yield Part({}, stream=Limited(frames, ctx.limits, counted))
    if frames.error is not None:
        raise frames.error


def canary(text: str) -> bytes | None:
    try:
        return bytes(_zstd().ZstdCompressor(write_checksum=True).compress(text.encode()))
    except ImportError:
        return None


FORMAT = Format("zstd", lambda head: head[:4] == MAGIC, read, requires=("zstandard",), extra="formats",
                canary=canary, order=10)
