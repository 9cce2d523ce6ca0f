"""Stream helpers for readers: byte counting, bomb limits, peeking and spooling to a temporary file."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from typing import Any

from scanners.engine.textio import Readable
from scanners.errors import BombError, FormatError
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

    @property
    def error(self) -> Exception | None:
        """The damage that ended the inner stream early and is raised once its text was read (a tar member's)."""
        return getattr(self._inner, "error", None)


class Guarded(io.RawIOBase):
    """``inner``'s bytes, ended at the first read error that ``catch`` names instead of raising it: the error (as
    ``wrap`` words it) is kept in ``error`` for the reader to raise once the text read before it was scanned, so that
    text is not lost (a file that breaks while read, a tar member the archive ends inside). Reads ask ``inner`` for at
    most ``piece`` bytes (``tarfile`` drops a read it cannot fill whole: small reads lose little)."""

    def __init__(self, inner: Any, catch: tuple[type[Exception], ...] = (Exception,),
                 wrap: Callable[[Exception], Exception] = lambda exc: exc, piece: int | None = None) -> None:
        self._inner, self._catch, self._wrap, self._piece = inner, catch, wrap, piece
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self._inner.read(len(buf) if self._piece is None else min(len(buf), self._piece))
        except self._catch as exc:
            self.error = self._wrap(exc)
            return 0
        buf[: len(data)] = data
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


class Inflated(io.RawIOBase):
    """Decompressed bytes of one or more concatenated streams (xz, bzip2) read from ``raw`` with ``make()``'s
    decompressor objects; zero padding between streams is skipped.

    A cut or damaged stream ends the output (reads return ``b""``) instead of raising, with the reason kept in
    ``error``: the reader raises it after the text decompressed before the damage was scanned and counted (the
    library file objects raise at once, and the text buffered before the cut is lost). As ``gz.Gunzip`` does.
    """

    def __init__(self, raw: Readable, make: Callable[[], Any], magic: bytes, damage: type[Exception]) -> None:
        self._raw, self._make, self._magic, self._damage = raw, make, magic, damage
        self._dec = make()
        self._input = b""  # compressed bytes after the end of a stream, not yet given to a decompressor
        self._started = False  # the current decompressor was given data
        self._done = False
        self.error: FormatError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        out = b""
        while not out and not self._done:
            out = self._step(len(buf))
        buf[: len(out)] = out
        return len(out)

    def _step(self, size: int) -> bytes:
        data = b""
        if self._dec.needs_input:
            data, self._input = self._input or self._raw.read(1 << 16), b""
            if not data:
                self._done = True
                if self._started:
                    self._fail("truncated: the stream ends before its end marker (the text before the cut was scanned)")
                return b""
            if not self._started:  # a stream starts here, after any zero padding
                data = data.lstrip(b"\x00")
                if not data:
                    return b""
                if not data.startswith(self._magic[: len(data)]):
                    self._fail("corrupt: data after the last stream is not of this format (not read)")
                    return b""
        self._started = True
        try:
            out: bytes = self._dec.decompress(data, size)
        except self._damage:
            self._fail("corrupt: invalid compressed data (the text before it was scanned)")
            return b""
        if self._dec.eof:  # what follows the end marker starts the next stream
            self._input, self._dec, self._started = self._dec.unused_data, self._make(), False
        return out

    def _fail(self, why: str) -> None:
        self._done = True
        self.error = FormatError(why)


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

