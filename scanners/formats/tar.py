"""tar archives (ustar, GNU, pax), read as a stream: every regular file an item; links and devices hold no data.

Compressed tars (tar.gz, tar.bz2, tar.xz, tar.zst) arrive here through the compression layers.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator

from scanners.errors import FormatError
from scanners.formats.base import Context, Format, Part, Stream, sanitize_member
from scanners.formats.streams import Guarded, Limited

_PIECE = io.DEFAULT_BUFFER_SIZE  # tarfile drops a read it cannot fill whole: small reads lose at most this much


def _cut(exc: Exception) -> FormatError:
    return FormatError("truncated or corrupt: the archive ends inside this member (the text before it was scanned; "
                       f"{type(exc).__name__})")


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
                body = Guarded(member, (tarfile.TarError, EOFError, OSError), _cut, _PIECE)
                yield Part(where, stream=Limited(body, lim, info.size), size=info.size)
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
