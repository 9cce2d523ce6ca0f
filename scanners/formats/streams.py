"""Stream helpers for readers: byte counting, bomb limits, peeking and spooling to a temporary file."""

from __future__ import annotations

import io
import tempfile
from typing import Any

from scanners.engine.textio import Readable
from scanners.errors import BombError
from scanners.formats.base import Limits, Stream

HEAD = 8192


class Counted(io.RawIOBase):
    """Counts the bytes read from ``inner`` (the compressed side of a decompressor)."""

    def __init__(self, inner: Readable) -> None:
        self._inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self._inner.read(len(buf))
        buf[: len(data)] = data
        self.count += len(data)
        return len(data)


class Limited(Counted):
    """The decompressed side: raises ``BombError`` past ``limits.max_member_bytes`` or ``limits.max_ratio``.

    ``compressed`` is either a fixed size (a zip member's stored size) or a ``Counted`` stream read so far.
    """

    def __init__(self, inner: Readable, limits: Limits, compressed: int | Counted) -> None:
        super().__init__(inner)
        self._limits = limits
        self._compressed = compressed

    def readinto(self, buf: Any) -> int:
        n = super().readinto(buf)
        lim = self._limits
        if self.count > lim.max_member_bytes:
            raise BombError(f"decompressed size over the limit of {lim.max_member_bytes} bytes (possible bomb)")
        src = self._compressed if isinstance(self._compressed, int) else self._compressed.count
        if self.count > lim.ratio_floor and self.count > lim.max_ratio * max(src, 1):
            raise BombError(f"compression ratio over the limit of {lim.max_ratio:g}:1 (possible bomb)")
        return n


def buffered(stream: Readable) -> io.BufferedReader:
    """A stream with ``peek``."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream if isinstance(stream, io.RawIOBase) else _Raw(stream), 1 << 16)


def peek(stream: Any, size: int = HEAD) -> bytes:
    """Up to ``size`` bytes at the current position without consuming them (``stream`` must have ``peek``)."""
    head: bytes = stream.peek(size)[:size]
    return head


def seekable(stream: Stream, limits: Limits) -> Stream:
    """``stream`` itself when it can seek, else a temporary file holding its bytes (at most max_spool_bytes)."""
    try:
        if stream.seekable():
            stream.seek(stream.tell())
            return stream
    except (OSError, ValueError, AttributeError):
        pass
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - closed by the caller's ExitStack
    copied = 0
    while chunk := stream.read(1 << 20):
        copied += len(chunk)
        if copied > limits.max_spool_bytes:
            spool.close()
            raise BombError(f"larger than the spool limit of {limits.max_spool_bytes} bytes for random access")
        spool.write(chunk)
    spool.seek(0)
    return spool


class _Raw(io.RawIOBase):
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self._inner.read(len(buf))
        buf[: len(data)] = data
        return len(data)

