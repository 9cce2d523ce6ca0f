"""Files and directories on disk, recursive: plain text, JSON, JSON lines, CSV, logs, and gzip by magic bytes."""

from __future__ import annotations

import fnmatch
import gzip
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scanners.engine.finding import Coverage, Record
from scanners.engine.textio import BoundedReader, Readable, TextReader
from scanners.errors import BinaryContentError
from scanners.formats.examine import detect, examine
from scanners.formats.streams import peek

GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class FileSource:
    paths: list[Path]
    exclude: dict[str, str] = field(default_factory=dict)  # glob -> justification
    kind: str = "file"
    coverage: list[Coverage] = field(default_factory=list)

    def files(self) -> Iterator[Path]:
        for root in self.paths:
            if root.is_dir():
                for dirpath, dirnames, names in os.walk(root):
                    dirnames.sort()
                    for name in sorted(names):
                        yield Path(dirpath) / name
            else:
                yield root

    def excluded(self, path: Path) -> str | None:
        for pattern, why in self.exclude.items():
            if fnmatch.fnmatch(str(path), pattern) or fnmatch.fnmatch(path.name, pattern):
                return why
        return None

    def records(self) -> Iterator[Record]:
        for path in self.files():
            why = self.excluded(path)
            if why is not None:
                self.coverage.append(Coverage(self.kind, {"path": str(path)}, "excluded", f"excluded: {why}"))
                continue
            cov = Coverage(self.kind, {"path": str(path)}, "scanned")
            members: list[Coverage] = []  # archive members, sheets, pages: items of their own
            yield from read_part(FilePart(path), self.kind, cov, members)
            self.coverage.append(cov)
            self.coverage.extend(members)


@dataclass(frozen=True, slots=True)
class FilePart:
    """A whole file, or the byte range ``[start, end)`` of a plain-text file that starts at line ``first_line``."""

    path: Path
    start: int = 0
    end: int | None = None
    first_line: int = 1


def read_part(
    part: FilePart, kind: str, cov: Coverage, members: list[Coverage] | None = None
) -> Iterator[Record]:
    """The records of one file or file range; what was read, skipped or failed goes into ``cov``, and the coverage
    of archive members, sheets or pages (``scanners.formats``) into ``members``."""
    loc = {"path": str(part.path)}
    try:
        with part.path.open("rb") as raw:
            is_gzip = raw.read(2) == GZIP_MAGIC
            raw.seek(part.start)
            stream: Readable = gzip.GzipFile(fileobj=raw) if is_gzip else raw
            if part.end is not None:
                stream = BoundedReader(raw, part.end - part.start)
            elif detect(peek(stream)) is not None:  # an archive, document or columnar file: read by its format
                yield from examine(stream, cov, (members if members is not None else []).append)
                return
            reader = TextReader(stream, source=kind, location=loc, first_line=part.first_line)
            yield from reader.records()
        cov.items_scanned, cov.bytes_scanned = reader.lines, reader.bytes_read
        if reader.decode_errors:  # the readable text was scanned, but not every byte was understood
            cov.status = "error"
            cov.reason = f"invalid UTF-8 ({reader.decode_errors} undecodable sequences; the rest was scanned)"
    except BinaryContentError as exc:
        cov.status, cov.reason = "skipped", str(exc)
    except (OSError, EOFError, zlib.error) as exc:
        cov.status = "error"
        cov.reason = _reason(exc)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, gzip.BadGzipFile | zlib.error | EOFError):
        return "corrupt or truncated gzip"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "not found (deleted during the scan?)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"unreadable ({type(exc).__name__})"
