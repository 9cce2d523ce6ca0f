"""gzip (RFC 1952), also multi-member: a compression layer of the same item, bomb-limited."""

from __future__ import annotations

import gzip as gzip_lib
from collections.abc import Iterator
from typing import IO, cast

from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Limited


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    yield Part({}, stream=Limited(gzip_lib.GzipFile(fileobj=cast(IO[bytes], counted), mode="rb"), ctx.limits, counted))


def canary(text: str) -> bytes:
    return gzip_lib.compress(text.encode(), mtime=0)


FORMAT = Format("gzip", lambda head: head[:2] == b"\x1f\x8b", read, canary=canary, order=10)
