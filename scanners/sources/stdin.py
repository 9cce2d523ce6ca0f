"""Standard input (``spc scan -``): one stream, read once, gunzipped by magic bytes, line-numbered as a file."""

from __future__ import annotations

import io
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, ClassVar

from scanners.engine.finding import Coverage, Record
from scanners.engine.textio import TextReader
from scanners.errors import BinaryContentError, GzipDamage
from scanners.formats.gz import gzip_error
from scanners.sources._parallel import open_stream
from scanners.sources.base import TargetContext
from scanners.sources.retry import classify

NAME = "<stdin>"


@dataclass
class StdinSource:
    TARGET_PREFIX: ClassVar[str] = "-"
    TARGET_HELP: ClassVar[str] = "- (standard input)"

    stream: BinaryIO = field(repr=False)
    kind: str = "file"
    coverage: list[Coverage] = field(default_factory=list)

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> StdinSource:
        return cls(sys.stdin.buffer)

    def records(self) -> Iterator[Record]:
        cov = Coverage(self.kind, {"path": NAME}, "scanned")
        reader: TextReader | None = None
        try:
            stream = open_stream(_Body(self.stream))
            reader = TextReader(stream, source=self.kind, location=cov.location, coverage=cov, binary_runs=True)
            yield from reader.records()
            if (damage := gzip_error(stream)) is not None:
                raise damage
            if reader.note is not None and cov.status == "scanned":
                cov.reason = reader.note
            if reader.decode_errors:
                cov.status = "error"
                cov.reason = f"invalid UTF-8 ({reader.decode_errors} undecodable sequences; the rest was scanned)"
        except BinaryContentError as exc:
            cov.status, cov.reason = "skipped", str(exc)
        except (OSError, EOFError, zlib.error, GzipDamage) as exc:
            cov.status, cov.reason = "error", classify(exc)
        finally:
            if reader is not None:
                cov.items_scanned, cov.bytes_scanned = reader.lines, reader.bytes_read
            self.coverage.append(cov)


class _Body:
    """``read(n)`` and ``close()`` over a binary stream, as ``open_stream`` expects of a body."""

    def __init__(self, stream: BinaryIO | io.BufferedIOBase) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        return None
