"""The format extension point: one module per format in this folder, each defining ``FORMAT``.

A format is detected by its first bytes (never by name) and read into ``Part`` items: a member stream that is
examined in turn (its own format detected, one nesting level deeper), text with a location suffix (sheet and cell,
page, column and row), or a reason the part was not examined. Every part is an item of its own in coverage.
Readers raise ``FormatError`` (or any library exception, translated once by ``scanners.formats.examine``) for
corrupt or hostile input; they never raise for one bad member when the rest can still be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from scanners.engine.textio import Readable

Stream = IO[bytes]


@dataclass(frozen=True, slots=True)
class Limits:
    """Hostile-input limits; each one that is hit is reported in coverage, never silently applied."""

    max_depth: int = 10  # nesting levels of archives/compression (Macie reads 10)
    max_ratio: float = 250.0  # decompressed / compressed bytes of one member or stream
    ratio_floor: int = 1 << 20  # the ratio is only judged once this many bytes came out
    max_member_bytes: int = 2 << 30  # decompressed bytes of one member
    max_members: int = 1_000_000  # members of one archive (Macie reads 1,000,000)
    max_spool_bytes: int = 4 << 30  # a non-seekable stream copied to a temporary file for random access
    max_name_chars: int = 512  # archive member names are cut to this


@dataclass(frozen=True, slots=True)
class Text:
    """Text inside a part; ``where`` adds to the part's location (``{"cell": "B2"}``).

    ``first_line`` is the 1-based line (or row, when ``line_key`` is ``"row"``) of ``text[0]``; ``None`` when the
    text has no lines (a cell). ``row_to_line``: for rows, the file line of a row is its row number plus this.
    ``report_from``, ``report_until``, ``first_column`` and ``byte_offsets``: as in ``scanners.engine.finding.Record``
    (text before ``report_from`` is context only, a header repeated before a chunk of rows).
    """

    text: str
    where: dict[str, Any] = field(default_factory=dict)
    first_line: int | None = None
    line_key: str = "line"
    row_to_line: int | None = None
    report_from: int = 0
    report_until: int | None = None
    first_column: int = 1
    byte_offsets: tuple[tuple[int, int], ...] = ()
    test_lines: frozenset[int] = frozenset()  # as in ``Record``: rows whose card is a published test card


@dataclass(slots=True)
class Part:
    """One item of a container: exactly one of ``stream``, ``texts`` or ``skipped``/``failed`` is set."""

    where: dict[str, Any]
    stream: Readable | None = None  # bytes examined in turn (format detected again, one level deeper)
    texts: Iterable[Text] | None = None
    skipped: str | None = None  # not examined on purpose or by limit (status "skipped")
    failed: str | None = None  # could not be read (status "error")
    size: int = 0  # compressed/stored bytes, for the ratio limit


@dataclass(frozen=True, slots=True)
class Context:
    limits: Limits
    depth: int
    layers: list[str]  # format names of this item so far; a reader may refine the last (a zip that is an xlsx)


Reader = Callable[[Stream, Context], Iterator[Part]]


@dataclass(frozen=True, slots=True)
class Format:
    """A format's detection, reader and canary writer.

    A part with an empty ``where`` belongs to the item itself (a compression layer's decompressed stream, a
    file-wide text, a reason the whole item is not examined); a named part is an item of its own.
    ``seekable`` readers need random access: a non-seekable stream is spooled to a temporary file first.
    ``requires`` names the modules the reader imports; when one is missing the item is reported not examined
    with ``pip install 'smart-payment-caller[EXTRA]'``. ``canary(text)`` returns a small file of this format
    holding ``text`` (None when no writer is available).
    """

    name: str
    detect: Callable[[bytes], bool]
    read: Reader
    seekable: bool = False
    requires: tuple[str, ...] = ()
    extra: str | None = None
    canary: Callable[[str], bytes | None] | None = None
    order: int = 50  # detection order: lower first (specific containers before generic ones)


def sanitize_member(name: str, limit: int) -> str:
    """A member name safe to show: no absolute paths, ``..``, backslashes or control characters; cut to ``limit``."""
    name = name.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    clean = "/".join(parts)
    clean = "".join(ch if ch.isprintable() else "?" for ch in clean)
    return (clean[:limit] + "…") if len(clean) > limit else clean or "(unnamed)"
