"""Detect a stream's format by its first bytes and walk it: archives member by member, documents page by page.

``examine`` turns one item (a file, an object, a member) into records and coverage: every member, sheet, page or
row group is an item of its own in coverage (``on_item``), located by the item's location plus a suffix
(``member`` joined with ``!/`` when archives nest, ``sheet``/``cell``, ``page``, ``row_group``/``column``/``row``).
Plain text inside a container goes through ``TextReader`` as any file does (binary content by its text runs).
Library exceptions are translated here into reasons that name the format and never quote the data.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import replace
from functools import cache
from typing import Any

from scanners.engine.finding import Coverage, Record
from scanners.engine.textio import Readable, TextReader
from scanners.errors import BombError, FormatError
from scanners.extensions import modules_of
from scanners.formats._mailparts import MAX_BODY_CHARS, Attachment, Attachments
from scanners.formats.base import Context, Format, Limits, Part, Stream
from scanners.formats.streams import buffered, peek, seekable

DEFAULT_LIMITS = Limits()
PACKAGE = "smart-payment-caller"


@cache
def registry() -> tuple[Format, ...]:
    """Every format module in this folder (a module defining ``FORMAT`` or ``FORMATS``), in detection order."""
    found: list[Format] = []
    for module in modules_of(__package__ or "scanners.formats"):
        found.extend(getattr(module, "FORMATS", ()))
        if isinstance(getattr(module, "FORMAT", None), Format):
            found.append(module.FORMAT)
    return tuple(sorted(found, key=lambda f: (f.order, f.name)))


def detect(head: bytes) -> Format | None:
    """The format whose magic bytes start ``head``; None for text or unrecognised content."""
    return next((f for f in registry() if f.detect(head)), None)


def install_hint(fmt: Format) -> str | None:
    """Why ``fmt`` cannot be read here (a missing module, with the pip command), or None when it can."""
    missing = [m for m in fmt.requires if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    extra = f"{PACKAGE}[{fmt.extra}]" if fmt.extra else " ".join(missing)
    return f"{fmt.name}: reader not installed ({', '.join(missing)}): not examined; pip install '{extra}'"


def examine(
    stream: Readable, cov: Coverage, on_item: Callable[[Coverage], None], *, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Record]:
    """Records of the item ``cov`` describes; its members, pages... are reported through ``on_item``."""
    with ExitStack() as stack:
        yield from _Walk(cov.source, on_item, limits, stack).item(stream, cov, 0, [])


def with_attachments(
    records: Iterable[Record], cov: Coverage, on_item: Callable[[Coverage], None], *, limits: Limits = DEFAULT_LIMITS,
    more: Callable[[], Iterable[Record]] | None = None,
) -> Iterator[Record]:
    """The records of a text item read outside ``examine`` (a plain file), then those of its binary mail
    attachments, each an item of its own reported through ``on_item``. ``more``: the text after ``records`` (the
    next ranges of a file scanned in ranges), read only to finish an attachment's body that runs into it."""
    with ExitStack() as stack:
        yield from _Walk(cov.source, on_item, limits, stack).mail(records, cov, 0, more)


class _Walk:
    def __init__(self, source: str, on_item: Callable[[Coverage], None], limits: Limits, stack: ExitStack) -> None:
        self.source, self.on_item, self.limits, self.stack = source, on_item, limits, stack

    def item(
        self, stream: Readable, cov: Coverage, depth: int, layers: list[str], parent: str = "file"
    ) -> Iterator[Record]:
        """Examine ``stream`` as the item ``cov``; exceptions end the item with a reason, never the scan."""
        try:
            yield from self._item(stream, cov, depth, layers)
        except Exception as exc:
            cov.status, cov.reason = "error", reason(exc, layers or [f"{parent} part"])

    def _item(self, stream: Readable, cov: Coverage, depth: int, layers: list[str]) -> Iterator[Record]:
        buf = buffered(stream)
        fmt = detect(peek(buf))
        if fmt is None:
            yield from self._text(buf, cov, layers, depth)
            return
        layers.append(fmt.name)
        if (hint := install_hint(fmt)) is not None:
            cov.status, cov.reason = "skipped", hint
            return
        if depth >= self.limits.max_depth:
            cov.status = "skipped"
            cov.reason = f"{fmt.name} nested deeper than the limit of {self.limits.max_depth} levels: not examined"
            return
        readable: Stream = buf
        if fmt.seekable:
            readable = self.stack.enter_context(_closing(seekable(buf, self.limits)))
        count = 0
        try:
            for part in fmt.read(readable, Context(self.limits, depth + 1, layers)):
                if part.where:
                    count += 1
                    yield from self._part(part, cov.location, depth + 1, layers[-1])
                else:  # a layer of this same item: decompressed bytes, its text, or why it is not examined
                    yield from self._fill(part, cov, depth + 1, layers)
        finally:  # the members reached count even when the archive ends in damage (its reason is set by ``item``)
            if count:
                cov.items_scanned = count
        if count and cov.status == "scanned":
            cov.reason = f"{'/'.join(layers)}: {count} items inside, each listed on its own"

    def _part(self, part: Part, base: Mapping[str, Any], depth: int, parent: str) -> Iterator[Record]:
        cov = Coverage(self.source, _join(base, part.where), "scanned")
        try:
            yield from self._fill(part, cov, depth, [], parent)
            if (damage := getattr(part.stream, "error", None)) is not None:  # the member ended early (``Counted``)
                raise damage
        except Exception as exc:
            cov.status, cov.reason = "error", reason(exc, [f"{parent} part"])
        finally:
            self.on_item(cov)

    def _fill(self, part: Part, cov: Coverage, depth: int, layers: list[str], parent: str = "file") -> Iterator[Record]:
        if part.skipped is not None:
            cov.status, cov.reason = "skipped", part.skipped
        elif part.failed is not None:
            cov.status, cov.reason = "error", part.failed
        elif part.stream is not None:
            yield from self.item(part.stream, cov, depth, layers, parent)
        elif part.texts is not None:
            for text in part.texts:
                cov.items_scanned += 1
                cov.bytes_scanned += len(text.text)
                yield Record(text=text.text, source=self.source, location=_join(cov.location, text.where),
                             first_line=text.first_line, line_key=text.line_key, row_to_line=text.row_to_line,
                             report_from=text.report_from, report_until=text.report_until,
                             first_column=text.first_column, byte_offsets=text.byte_offsets,
                             test_lines=text.test_lines)

    def _text(self, stream: Stream, cov: Coverage, layers: list[str], depth: int) -> Iterator[Record]:
        reader = TextReader(stream, source=self.source, location=cov.location, binary_runs=True)
        try:
            yield from self.mail(reader.records(), cov, depth)
        finally:
            cov.bytes_scanned += reader.bytes_read
        cov.items_scanned += reader.lines
        if reader.note is not None and cov.status == "scanned":
            cov.reason = f"{'/'.join(layers)}: {reader.note}" if layers else reader.note
        if reader.decode_errors:
            cov.status = "error"
            cov.reason = f"invalid UTF-8 ({reader.decode_errors} characters replaced; the rest was scanned)"

    def mail(
        self, records: Iterable[Record], cov: Coverage, depth: int, more: Callable[[], Iterable[Record]] | None = None
    ) -> Iterator[Record]:
        """The records of a text item, then those of its binary mail attachments (``_mailparts``)."""
        mail = Attachments()
        for record in records:
            if record.run_offsets is None:
                mail.feed(record)
            yield record
        if more is not None:
            mail.follow(more)
        for part in mail.close(detect):
            yield from self._attachment(part, cov.location, depth + 1)

    def _attachment(self, part: Attachment, base: Mapping[str, Any], depth: int) -> Iterator[Record]:
        """A mail's binary attachment as an item of its own (``_mailparts``): located by the mail's ``line`` where its
        body starts; a line inside it (a PDF page's, a member's) is ``attachment_line``."""
        cov = Coverage(self.source, {**base, "attachment": part.name, "line": part.line}, "scanned")
        try:
            if part.over:
                cov.status = "skipped"
                cov.reason = f"mail attachment over {MAX_BODY_CHARS} base64 characters: not examined"
                return
            for record in self.item(io.BytesIO(part.data()), cov, depth, ["base64"], "mail"):
                yield _in_attachment(record)
        finally:
            self.on_item(cov)


def _in_attachment(record: Record) -> Record:
    """A record of a mail attachment, its own lines under ``attachment_line`` (the mail's ``line`` stays)."""
    if record.line_key != "line" and record.row_to_line is None and record.run_lines is None:
        return record
    return replace(record, line_key="attachment_line" if record.line_key == "line" else record.line_key,
                   row_to_line=None, run_lines=None)


def _join(base: Mapping[str, Any], where: Mapping[str, Any]) -> dict[str, Any]:
    out = {**base, **where}
    if "member" in base and "member" in where:
        out["member"] = f"{base['member']}!/{where['member']}"
    return out


class _closing:
    """Closes a spooled copy (never the caller's own stream) when the walk ends."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream

    def __enter__(self) -> Stream:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        if isinstance(self.stream, tempfile.SpooledTemporaryFile):
            self.stream.close()


def reason(exc: BaseException, layers: list[str]) -> str:
    """A reason naming the format and the kind of failure; library messages are never quoted (they may hold data)."""
    what = "/".join(layers) or "member"
    if isinstance(exc, FormatError | BombError):
        return f"{what}: {exc}"
    if isinstance(exc, EOFError):
        return f"{what}: truncated data ({type(exc).__name__})"
    if isinstance(exc, MemoryError):
        return f"{what}: too large to read within memory limits"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"{what}: corrupt or unreadable data ({type(exc).__name__})"
