"""xz: a compression layer of the same item, bomb-limited."""

from __future__ import annotations

import lzma
from collections.abc import Iterator

from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Inflated, Limited


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    inflated = Inflated(counted, lzma.LZMADecompressor, b"\xfd7zXZ\x00", lzma.LZMAError)
    yield Part({}, stream=Limited(inflated, ctx.limits, counted))
    if inflated.error is not None:  # the text before the damage was examined: now end the item with the reason
        raise inflated.error


def canary(text: str) -> bytes:
    return lzma.compress(text.encode())


FORMAT = Format("xz", lambda head: head[:6] == b"\xfd7zXZ\x00", read, canary=canary, order=10)
