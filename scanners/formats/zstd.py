"""Zstandard (``zstandard`` from the ``formats`` extra): a compression layer of the same item, bomb-limited,
every frame read."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from scanners.formats.base import Context, Format, Part, Stream
from scanners.formats.streams import Counted, Limited

MAGIC = b"\x28\xb5\x2f\xfd"


def _zstd() -> Any:
    return importlib.import_module("zstandard")


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    counted = Counted(stream)
    reader = _zstd().ZstdDecompressor().stream_reader(counted, read_across_frames=True)
    yield Part({}, stream=Limited(reader, ctx.limits, counted))


def canary(text: str) -> bytes | None:
    try:
        return bytes(_zstd().ZstdCompressor().compress(text.encode()))
    except ImportError:
        return None


FORMAT = Format("zstd", lambda head: head[:4] == MAGIC, read, requires=("zstandard",),
                extra="formats", canary=canary, order=10)
