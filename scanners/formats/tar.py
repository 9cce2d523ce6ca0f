"""tar archives (ustar, GNU, pax), read as a stream: every regular file an item; links and devices hold no data.

Compressed tars (tar.gz, tar.bz2, tar.xz, tar.zst) arrive here through the compression layers.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from typing import IO, Any

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream, sanitize_member
from scanners.formats.streams import Limited

_PIECE = io.DEFAULT_BUFFER_SIZE  # tarfile drops a read it cannot fill whole: small reads lose at most this much


class _Member(io.RawIOBase):
    """A member's bytes; an archive that ends (or breaks) inside the member ends them instead of raising, with the
    reason kept in ``error`` (raised by the walk once the text before it was scanned, so that text is not lost)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self.error: FormatError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self.error is not None:
            return 0
        try:
            data = self._inner.read(min(len(buf), _PIECE))
        except (tarfile.TarError, EOFError, OSError) as exc:
            self.error = FormatError("truncated or corrupt: the archive ends inside this member (the text before "
                                     f"it was scanned; {type(exc).__name__})")
            return 0
        buf[: len(data)] = data
        return len(data)


def read(stream: Stream, ctx: Context) -> Iterator[Part]:
    lim = ctx.limits
    try:
        tf = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - closed below
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise FormatError("corrupt or truncated tar header") from exc
    with tf:
        n = 0
        try:
            for info in tf:
                if not info.isreg():
                    continue
                where = {"member": sanitize_member(info.name, lim.max_name_chars)}
                if n >= lim.max_members:
                    yield Part({"member": "(more members)"},
                               skipped=f"archive has more than the limit of {lim.max_members} members: "
                                       "the rest not examined")
                    return
                n += 1
                member = tf.extractfile(info)
                if member is None:
                    continue
                if info.size > lim.max_member_bytes:
                    yield Part(where, skipped=f"size {info.size} bytes over the member limit: not examined")
                    continue
                yield Part(where, stream=Limited(_Member(member), lim, info.size), size=info.size)
        except (tarfile.TarError, EOFError) as exc:
            raise FormatError(f"corrupt or truncated tar after {n} members") from exc


def detect(head: bytes) -> bool:
    return head[257:262] == b"ustar"


def canary(text: str) -> bytes:
    out = io.BytesIO()
    data = text.encode()
    with tarfile.open(fileobj=out, mode="w") as tf:
        info = tarfile.TarInfo("var/log/canary.log")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return out.getvalue()


FORMAT = Format("tar", detect, read, canary=canary, order=20)
