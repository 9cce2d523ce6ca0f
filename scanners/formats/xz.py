"""xz: a compression layer of the same item, bomb-limited."""

from __future__ import annotations

import lzma
from collections.abc import Iterator
from typing import IO, cast

from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Limited


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    yield Part({}, stream=Limited(lzma.LZMAFile(cast(IO[bytes], counted), mode="rb"), ctx.limits, counted))  # noqa: SIM115 - read by the walk


def canary(text: str) -> bytes:
    return lzma.compress(text.encode())


FORMAT = Format("xz", lambda head: head[:6] == b"\xfd7zXZ\x00", read, canary=canary, order=10)
