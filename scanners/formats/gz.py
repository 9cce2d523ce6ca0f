"""gzip (RFC 1952), also multi-member: a compression layer of the same item, bomb-limited.

Every gzip read path (local files, S3 objects, standard input, archive members, nested gzip) goes through
``Gunzip``, so a truncated or corrupt stream still gives every byte decompressed before the damage: the damage ends
the stream and is reported after the text before it was scanned (``gzip_error``).
"""

from __future__ import annotations

import gzip as gzip_lib
import io
import zlib
from collections.abc import Iterator
from typing import Any

from scanners.engine.textio import Readable
from scanners.errors import GzipDamage
from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Limited

MAGIC = b"\x1f\x8b"
_INPUT = 1 << 16  # compressed bytes per read


class Gunzip(io.RawIOBase):
    """Decompressed bytes of a gzip stream (members read one after another, zero padding between them skipped).

    A buffered ``GzipFile.read(n)`` drops what it decompressed in that call when the stream turns out truncated
    (``EOFError``) or corrupt (``zlib.error``); here the damage ends the stream (reads return ``b""``) and is kept
    in ``error``. Before each step the decompressor is copied, so a corrupt block is found again byte by byte from
    the copy and the output before it is kept. zlib checks each member's CRC-32 and length (a mismatch is damage).
    Data after a member that is neither zero padding nor another member is damage too (not read).
    """

    def __init__(self, raw: Readable) -> None:
        self._raw = raw
        self._inflate = zlib.decompressobj(31)
        self._input = b""  # compressed bytes not yet given to the decompressor
        self._out = b""  # decompressed bytes not yet handed out
        self._in_member = False  # inside a member (else at the start, or between members)
        self._started = False  # a member was seen
        self._done = False
        self.error: GzipDamage | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        size = len(buf)
        while not self._out and not self._done:
            self._out = self._step(size)
        out, self._out = self._out[:size], self._out[size:]
        buf[: len(out)] = out
        return len(out)

    def _more(self) -> bool:
        data = self._raw.read(_INPUT)
        self._input += data
        return bool(data)

    def _step(self, size: int) -> bytes:
        if not self._input and not self._more():
            return self._end()
        if not self._in_member:  # a member starts here, after any zero padding
            while True:
                self._input = self._input.lstrip(b"\x00")
                if len(self._input) >= 2 or not self._more():
                    break
            if not self._input:
                self._done = True
                return b""
            if not self._input.startswith(MAGIC):
                self._fail("corrupt: data after the last member is not gzip (not read)" if self._started
                           else "corrupt: no gzip header")
                return b""
            self._in_member = self._started = True
        data, self._input = self._input, b""
        checkpoint = self._inflate.copy()
        try:
            out = self._inflate.decompress(data, size)
        except zlib.error:
            return self._salvage(checkpoint, data)
        self._input = self._inflate.unconsumed_tail
        if self._inflate.eof:  # the rest of the input (zlib keeps it in both attributes then) starts what follows
            self._input = self._inflate.unused_data
            self._inflate, self._in_member = zlib.decompressobj(31), False
        return out

    def _end(self) -> bytes:
        self._done = True
        if not self._in_member:
            return b""
        out = self._inflate.flush()
        self._fail("truncated: the stream ends before its end marker (the text before the cut was scanned)")
        return out

    def _salvage(self, inflate: Any, data: bytes) -> bytes:
        """The output of ``data`` up to the byte where the decompressor fails (fed one byte at a time)."""
        out = []
        try:
            for i in range(len(data)):
                out.append(inflate.decompress(data[i : i + 1]))
        except zlib.error:
            pass
        self._fail("corrupt: invalid compressed data (the text before it was scanned)")
        return b"".join(out)

    def _fail(self, why: str) -> None:
        self._done = True
        self.error = GzipDamage(why)


def gunzipped(raw: Readable) -> io.BufferedReader:
    """``raw`` decompressed, with ``peek``; ``gzip_error`` tells afterwards whether it was damaged."""
    return io.BufferedReader(Gunzip(raw), 1 << 16)


def gzip_error(stream: object) -> GzipDamage | None:
    """The damage that ended ``stream`` (``gunzipped`` or a ``Gunzip``); None when read whole or not gzip."""
    inner = getattr(stream, "raw", stream)
    return inner.error if isinstance(inner, Gunzip) else None


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    gunzip = Gunzip(counted)
    yield Part({}, stream=Limited(gunzip, ctx.limits, counted))
    if gunzip.error is not None:  # the text before the damage was examined: now end the item with the reason
        raise gunzip.error


def canary(text: str) -> bytes:
    return gzip_lib.compress(text.encode(), mtime=0)


FORMAT = Format("gzip", lambda head: head[:2] == MAGIC, read, canary=canary, order=10)
