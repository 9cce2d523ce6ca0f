"""Files and directories on disk, recursive: plain text, JSON, JSON lines, CSV, logs, and gzip by magic bytes (a
truncated or corrupt gzip is ``error`` after the text before the damage was scanned); binary content is read by its
text runs (``scanners.engine.textruns``).

Every path the walk meets is scanned or listed in coverage with its reason: a directory that cannot be listed
(``error``, permission denied), a FIFO, socket or device (``skipped``, never opened: "not a regular file"), a
broken symlink or an entry that vanished (``error``). Symlinks are followed, to files and directories alike;
a directory reached again (a symlink loop, or a second link to it) is listed as ``excluded`` ("directory already
scanned under another name", with ``same_as``) instead of being walked twice, and so is a file reached again (a
file symlink or hard link: same device and inode), its own path scanned (file symlinks are walked last).
``--exclude`` globs match the whole path or the file name.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, ClassVar

from scanners.engine.finding import Coverage, Record
from scanners.engine.textio import BoundedReader, Readable, TextReader
from scanners.errors import BinaryContentError, ConfigError
from scanners.formats.examine import detect, examine, with_attachments
from scanners.formats.gz import gunzipped, gzip_error
from scanners.formats.streams import peek
from scanners.sources.base import TargetContext, excluded, excluded_entry

GZIP_MAGIC = b"\x1f\x8b"
_SPECIAL = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"))


@dataclass
class FileSource:
    TARGET_PREFIX: ClassVar[str] = ""  # the fallback: anything no other source claims is a path
    TARGET_HELP: ClassVar[str] = "a file or directory path"

    paths: list[Path]
    exclude: Mapping[str, str] = field(default_factory=dict)  # glob -> justification
    kind: str = "file"
    coverage: list[Coverage] = field(default_factory=list)

    @classmethod
    def from_target(cls, target: str, ctx: TargetContext) -> FileSource:
        path = Path(target)
        if not os.path.lexists(path):
            raise ConfigError(f"target {target!r}: expected an existing file or directory, or a cloud target")
        return cls([path], exclude=dict(ctx.exclude))

    def entries(self) -> Iterator[Path | Coverage]:
        """Each regular file to scan, or the coverage entry of a path that will not be read, in walk order."""
        return (e if isinstance(e, Coverage) else e[0] for e in self.sized_entries())

    def sized_entries(self) -> Iterator[tuple[Path, int] | Coverage]:
        """``entries`` with each file's size from the walk's own ``stat`` (the process pool sizes its work by it)."""
        seen: dict[tuple[int, int], Path] = {}
        links: list[Path] = []  # file symlinks, walked last: a file reached by its own path too keeps that path
        for root in self.paths:
            yield from self._entry(root, seen, links)
        for link in links:
            yield from self._entry(link, seen, None)

    def files(self) -> Iterator[Path]:
        """The regular files to scan (what ``entries`` does not list with a reason)."""
        return (e for e in self.entries() if isinstance(e, Path))

    def excluded(self, path: Path) -> str | None:
        return excluded(str(path), self.exclude)

    def _entry(
        self, path: Path, seen: dict[tuple[int, int], Path], links: list[Path] | None
    ) -> Iterator[tuple[Path, int] | Coverage]:
        loc = {"path": str(path)}
        why = self.excluded(path)
        if why is not None:
            yield excluded_entry(self.kind, loc, why)
            return
        try:
            st = path.stat()  # follows symlinks
        except OSError as exc:
            reason = "broken symlink" if path.is_symlink() else _reason(exc)
            yield Coverage(self.kind, loc, "error", reason)
            return
        if stat.S_ISREG(st.st_mode) and links is not None and path.is_symlink():
            links.append(path)
        elif stat.S_ISREG(st.st_mode):
            yield from self._file(path, (st.st_dev, st.st_ino), st.st_size, seen)
        elif stat.S_ISDIR(st.st_mode):
            yield from self._directory(path, (st.st_dev, st.st_ino), seen, links)
        else:
            what = next((name for test, name in _SPECIAL if test(st.st_mode)), "special file")
            yield Coverage(self.kind, loc, "skipped", f"not a regular file ({what}; never opened)")

    def _file(
        self, path: Path, ident: tuple[int, int], size: int, seen: dict[tuple[int, int], Path]
    ) -> Iterator[tuple[Path, int] | Coverage]:
        if ident in seen:  # a file symlink or hard link to a file already scanned: one leak, reported once
            yield Coverage(self.kind, {"path": str(path), "same_as": str(seen[ident])}, "excluded",
                           "file already scanned under another name (symlink or hard link)")
            return
        seen[ident] = path
        yield path, size

    def _directory(
        self, path: Path, ident: tuple[int, int], seen: dict[tuple[int, int], Path], links: list[Path] | None
    ) -> Iterator[tuple[Path, int] | Coverage]:
        if ident in seen:
            yield Coverage(self.kind, {"path": str(path), "same_as": str(seen[ident])}, "excluded",
                           "directory already scanned under another name (symlink loop or second link)")
            return
        seen[ident] = path
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            yield Coverage(self.kind, {"path": str(path)}, "error", f"directory not listed: {_reason(exc)}")
            return
        for name in names:
            yield from self._entry(path / name, seen, links)

    def records(self) -> Iterator[Record]:
        for entry in self.entries():
            if isinstance(entry, Coverage):
                self.coverage.append(entry)
                continue
            cov = Coverage(self.kind, {"path": str(entry)}, "scanned")
            members: list[Coverage] = []  # archive members, sheets, pages: items of their own
            yield from read_part(FilePart(entry), self.kind, cov, members)
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
    reader: TextReader | None = None
    try:
        fd = os.open(part.path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO swapped in never blocks
        with os.fdopen(fd, "rb") as raw:
            if not stat.S_ISREG(os.fstat(raw.fileno()).st_mode):  # replaced by a FIFO or device since the walk
                cov.status, cov.reason = "skipped", "not a regular file (changed during the scan; never read)"
                return
            is_gzip = raw.read(2) == GZIP_MAGIC
            raw.seek(part.start)
            stream: Readable = gunzipped(raw) if is_gzip else raw
            if part.end is not None:
                stream = BoundedReader(raw, part.end - part.start)
            elif detect(peek(stream)) is not None:  # an archive, document or columnar file: read by its format
                yield from examine(stream, cov, (members if members is not None else []).append)
                _gzip_damage(stream, cov)
                return
            reader = TextReader(stream, source=kind, location=loc, first_line=part.first_line, coverage=cov,
                                binary_runs=True)
            more = None if part.end is None else lambda: _read_on(raw, part.end or 0, kind, loc)
            yield from with_attachments(reader.records(), cov, (members if members is not None else []).append,
                                        more=more)
        if _gzip_damage(stream, cov):
            return
        if reader.note is not None and cov.status == "scanned":
            cov.reason = reader.note
        if reader.decode_errors:  # the readable text was scanned, but not every byte was understood
            cov.status = "error"
            cov.reason = f"invalid UTF-8 ({reader.decode_errors} undecodable sequences; the rest was scanned)"
    except BinaryContentError as exc:
        cov.status, cov.reason = "skipped", str(exc)
    except (OSError, EOFError, zlib.error) as exc:
        cov.status = "error"
        cov.reason = _reason(exc)
    finally:
        if reader is not None:
            cov.items_scanned, cov.bytes_scanned = reader.lines, reader.bytes_read


def _read_on(raw: BinaryIO, at: int, kind: str, loc: Mapping[str, str]) -> Iterator[Record]:
    """The records after a range's end (a mail attachment's body running on into the next range)."""
    raw.seek(at)
    yield from TextReader(raw, source=kind, location=loc, binary_runs=True).records()


def _gzip_damage(stream: Readable, cov: Coverage) -> bool:
    """End the item with ``error`` when its gzip stream was truncated or corrupt (the text before was scanned)."""
    damage = gzip_error(stream)
    if damage is not None:
        cov.status, cov.reason = "error", f"gzip: {damage}"
    return damage is not None


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
