"""The data that flows through a scan: Record in, Span out of detectors, Finding and Coverage out of the pipeline.

Hygiene: a ``Span`` holds the matched value only long enough for the pipeline to mask and fingerprint it; its
``repr``/``str`` are masked. A ``Finding`` never holds the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

from scanners.cards.masking import mask

CardDataType = Literal["pan", "cvv", "expiry", "track", "credential"]
CARD_DATA_TYPES: tuple[CardDataType, ...] = ("pan", "cvv", "expiry", "track", "credential")
CoverageStatus = Literal["scanned", "skipped", "error", "excluded"]
Verdict = Literal["clean", "leaks", "incomplete"]
LineMarks = tuple[tuple[int, int], ...]  # ``Record.line_marks``


@dataclass(frozen=True, slots=True)
class Record:
    """A piece of text to scan and where it came from.

    ``location`` names the item (``{"path"}``, ``{"bucket", "key"}``, a CloudWatch event...). When the text is
    line-addressed, ``first_line`` is the 1-based line number of ``text[0]`` and findings get a ``line``.
    Lines end at ``\n``, ``\r\n`` or a lone ``\r``.
    Large items are cut into overlapping records: findings starting before ``report_from`` belong to the previous
    record and those starting at or after ``report_until`` to the next, so each is reported exactly once while
    detectors still see the surrounding context.
    """

    text: str = field(repr=False)
    source: str
    location: Mapping[str, Any]
    first_line: int | None = 1
    report_from: int = 0
    report_until: int | None = None
    locate_offset: bool = True  # for text without lines: add the character offset of a hit to its location
    line_key: str = "line"  # "row" for a column of tabular data: findings get a row number and no text column
    row_to_line: int | None = None  # rows of a delimited file: the file line a row starts on is row + this
    first_column: int = 1  # 1-based column of text[0] in its line (a record cut from inside a huge line)
    # text runs of a binary item, one a line (``scanners.engine.textruns``): the byte offset in the item of each
    # line's run; findings get ``offset`` (that of their run) and ``column`` instead of a line number
    run_offsets: tuple[int, ...] | None = None
    # of a line-structured binary item (``scanners.engine.runlines``): each run's line, column and bytes per
    # character; findings get the ``line`` and ``column`` an editor shows, and ``offset``, their own byte offset
    run_lines: tuple[tuple[int, int, int], ...] | None = None
    # of text without lines read out of a binary item in pieces (a database row's cells, a reassembled TCP stream):
    # (offset into ``text``, byte offset in the item) where each piece starts, ascending; findings get ``offset``,
    # their own byte offset (one byte a character from the piece's start), instead of the offset into ``text``
    byte_offsets: tuple[tuple[int, int], ...] = ()
    # (offset into ``text``, line of that character), ascending, from the reader that counted the lines anyway: the
    # pipeline places a finding by counting breaks from the nearest mark before it, not from ``text[0]``
    line_marks: LineMarks = field(default=(), repr=False, compare=False)
    coverage: Coverage | None = field(default=None, repr=False, compare=False)  # the item's entry, for limits
    # lines (rows of a column) whose card is a published test card: a CVV or expiry found on one is a test value too
    test_lines: frozenset[int] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Span:
    """A detector hit: offsets into the scanned text plus the canonical value (never shown)."""

    start: int
    end: int
    type: CardDataType
    detector: str
    value: str = field(repr=False, compare=False)
    test_card: bool = False
    encoding: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"Span({self.type}, {self.detector}, {self.start}:{self.end}, {mask(self.type, self.value)})"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class Finding:
    """A located, masked, fingerprinted hit. Holds no card value."""

    type: CardDataType
    detector: str
    source: str
    location: Mapping[str, Any]
    masked: str
    fingerprint: str
    test_card: bool = False
    encoding: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "detector": self.detector,
            "source": self.source,
            "location": dict(self.location),
            "masked": self.masked,
            "fingerprint": self.fingerprint,
            "test_card": self.test_card,
        }
        if self.encoding:
            out["encoding"] = list(self.encoding)
        return out

    def __reduce__(self) -> tuple[Callable[..., Finding], tuple[Any, ...]]:
        """Pickled as its field values, rebuilt by ``__init__``: a process pool sends every finding back to the
        parent and a spool writes them to disk, and the ``fields()`` walk of a frozen slotted dataclass's default
        ``__getstate__``/``__setstate__`` cost twice as much (2,690 findings: dumps 36 -> 11 ms, loads 36 -> 17)."""
        return Finding, _finding_values(self)


_finding_values = attrgetter(*(f.name for f in fields(Finding)))  # every field, in order: one added later too


@dataclass(slots=True)
class Coverage:
    """What happened to one item (file, object, log group...): scanned, skipped or failed, and why."""

    source: str
    location: Mapping[str, Any]
    status: CoverageStatus
    reason: str | None = None
    bytes_scanned: int = 0
    items_scanned: int = 0

    @property
    def complete(self) -> bool:
        return self.status in ("scanned", "excluded")

    def fail(self, reason: str) -> None:
        """Mark the item not fully examined, keeping every distinct reason."""
        if self.status in ("scanned", "excluded"):
            self.status, self.reason = "error", reason
        elif self.reason is None or reason not in self.reason.split("; "):
            self.reason = reason if self.reason is None else f"{self.reason}; {reason}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "location": dict(self.location),
            "status": self.status,
            "bytes_scanned": self.bytes_scanned,
            "items_scanned": self.items_scanned,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


def verdict_of(findings: Sized, coverage: list[Coverage]) -> Verdict:
    """Leaks beat everything; otherwise clean only when every item was examined (or excluded on purpose)."""
    if findings:
        return "leaks"
    if not coverage or not all(c.complete for c in coverage):
        return "incomplete"
    return "clean"
