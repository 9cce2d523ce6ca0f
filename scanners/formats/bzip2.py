"""bzip2: a compression layer of the same item, bomb-limited."""

from __future__ import annotations

import bz2
from collections.abc import Iterator

from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Inflated, Limited


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    inflated = Inflated(counted, bz2.BZ2Decompressor, b"BZh", OSError)
    yield Part({}, stream=Limited(inflated, ctx.limits, counted))
    if inflated.error is not None:  # the text before the damage was examined: now end the item with the reason
        raise inflated.error


def detect(head: bytes) -> bool:
    return head[:3] == b"BZh" and head[3:4] in tuple(bytes([c]) for c in b"123456789") and head[4:10] in (
        b"\x31\x41\x59\x26\x53\x59", b"\x17\x72\x45\x38\x50\x90")


def canary(text: str) -> bytes:
    return bz2.compress(text.encode())


FORMAT = Format("bzip2", detect, read, canary=canary, order=10)
