"""The Detector and Decoder extension points.

A detector declares *triggers*: ASCII regexes valid for both hyperscan and Python ``re`` (no look-around, no
back-references, no possessive quantifiers). The engine runs every trigger over the text in one pass and calls
``find`` only on windows around trigger hits: ``[hit_start - margin, hit_end + margin]`` clipped to the lines the
hit spans (a trigger may span lines: a multipart part's header and its value), or with ``margin=None`` the whole
line of the hit's last character (a line longer than ``engine.LINE_REACH`` is given only that far either side of
the hit). Lines containing any non-ASCII character are given whole (within the
same reach of the character) to every unit that is not ``ascii_only``, so Unicode digits and spaces need no trigger;
a unit that names the characters it reads there (``unicode_chars``) is given only the lines holding one.

Contract for ``find(text, pos, endpos)``:
- report only spans with ``pos <= start`` and ``end <= endpos``;
- judge token boundaries against the full ``text`` (``text[start - 1]``, ``text[end]``), never the window edge, so
  the same value is reported the same way whatever window it is seen through;
- every span it can report lies within ``margin`` characters of a match of one of its triggers, on a line that
  match spans (when the line is ASCII). This is what lets the hyperscan and ``re`` back ends give identical findings.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from scanners.engine.finding import CardDataType, Span

if TYPE_CHECKING:  # numpy is loaded by the first batch screen only (``engine.core.BATCH_MIN`` hits in a text)
    import numpy as np
    from numpy.typing import NDArray


class Detector(ABC):
    id: ClassVar[str]
    type: ClassVar[CardDataType]
    triggers: ClassVar[tuple[str, ...]]
    margin: ClassVar[int | None] = 64
    priority: ClassVar[int] = 100  # discovery order: lower first (the first reporter of a span wins)
    # True when find() only ever matches ASCII text: then non-ASCII lines are not handed over whole, the triggers
    # (run on the text with each non-ASCII character replaced by '?') decide as for any other line.
    ascii_only: ClassVar[bool] = False
    unicode_chars: ClassVar[re.Pattern[str] | None] = None  # a non-ASCII line is given whole only when it holds one

    @abstractmethod
    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        """Yield spans found in ``text[pos:endpos]`` (offsets are into ``text``)."""

    def screen(self, text: str, start: int, end: int) -> bool:
        """False when the trigger hit ``text[start:end]`` can yield no span (override to save work; see above)."""
        return True

    def screen_batch(self, data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int8]:
        """``screen`` for all of a text's hits at once (its bytes, one per character, a ``?`` for each non-ASCII one;
        the hits' starts and ends): each hit's answer as an int8 column, 1 (keep) or 0 (drop), or -1 where ``screen``
        must decide (override to save work)."""
        import numpy as np

        return np.full(len(starts), -1, dtype=np.int8)

    def find_windows(self, text: str, windows: list[tuple[int, int]]) -> Iterator[Span]:
        """Spans in each of several disjoint windows; override only to do the same thing faster."""
        for pos, endpos in windows:
            yield from self.find(text, pos, endpos)


@dataclass(frozen=True, slots=True)
class Decoded:
    """An encoded segment ``text[start:end]`` and what it decodes to. ``encoding`` names the layers peeled.
    ``lines``: the decoded text keeps the segment's lines one for one (a dump rewritten line by line), so a value
    found on its n-th line is reported on the segment's n-th line instead of over the whole segment;
    ``line_starts``: where each of the segment's lines begins in the decoded text, for a decoding that joins lines
    (quoted-printable soft breaks), to the same end; ``same_places``: each decoded character stands where its source
    character does (a decoding that rewrites characters one for one), so a value is reported at its own place, on
    the line and column it is on, even inside a text the engine was given as one line (a CSV cell's lines joined);
    ``places``: where each decoded character's source begins in the segment (relative to ``start``), and the
    segment's length last, for a decoding that shortens escapes (``%34`` to ``4``), so a value is reported at its own
    place, and on its own row when the segment is itself text decoded from a dump."""

    start: int
    end: int
    text: str = field(repr=False)
    encoding: tuple[str, ...]
    lines: bool = False
    line_starts: tuple[int, ...] = field(default=(), repr=False)
    same_places: bool = False
    places: tuple[int, ...] = field(default=(), repr=False)


class Decoder(ABC):
    id: ClassVar[str]
    triggers: ClassVar[tuple[str, ...]]
    margin: ClassVar[int | None] = None
    ascii_only: ClassVar[bool] = False
    unicode_chars: ClassVar[re.Pattern[str] | None] = None  # as for a detector
    priority: ClassVar[int] = 100  # discovery order: lower first
    # True when a segment is a value's token decoded where it stands inside its record (a percent-encoded field, a
    # base64 value): an expiry found in it is judged in the record around it (``engine.decoded_metadata``); False
    # for a decoder that puts a record back together (a split line, SQL binds, a DynamoDB item)
    in_place: ClassVar[bool] = False

    @abstractmethod
    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        """Yield decoded segments found in ``text[pos:endpos]``; skip anything that does not decode to text."""
