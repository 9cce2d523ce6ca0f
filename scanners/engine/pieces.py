"""A reading that stands for the lines it was joined from: a container log line the runtime split into pieces.

Each piece of a split line is also read on its own, raw, and a piece alone says less than the whole line: the end
of a masked card number (``****8929 exp=01/30``) reads as a bare expiry, and the rest of a card number cut by the
split as a shorter number. So the findings on the pieces' own lines are replaced by those of the joined line, which
are reported on the piece where each value starts (``Decoded.line_starts``). The lines of another stream passed over
between the pieces are no pieces: their findings stay.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from scanners.detectors.base import Decoded
from scanners.engine.finding import Span

Line = tuple[int, int]  # a line's start and end (its newline, or the end of the text)


@dataclass(frozen=True, slots=True)
class Joined(Decoded):
    """Decoded text joined from the lines ``pieces`` (each line's ``(start, end)``), read in their place."""

    pieces: tuple[Line, ...] = field(default=(), repr=False)
    # The pieces that may be whole messages of their own, run into a neighbour's digits by the join (a stream's
    # units): a value such a piece says alone stays unless the joined reading finds one of its type on its line
    soft: tuple[Line, ...] = field(default=(), repr=False)


def replace_pieces(spans: list[Span], joined: list[Span], pieces: list[Line], soft: frozenset[Line] = frozenset(),
                   ) -> list[Span]:
    """``spans`` less those starting on one of the ``pieces`` lines (disjoint lines, in any order), plus ``joined``,
    the findings of the line joined from them. On a line of ``soft`` (``Joined.soft``), a value is dropped
    only when the joined reading finds on that line one of its type or one that holds it (the unit's digits read
    alone, a code, are part of the number the join completes).

    A value found through a further layer inside the joined line (a form body percent-decoded) is reported over the
    lines that layer's segment covers; the same value found on one of its pieces alone gives its own line, so that
    piece's finding is kept in its place."""
    pieces.sort()
    starts = [s for s, _ in pieces]
    out: list[Span] = []
    alone: dict[tuple[str, str], list[Span]] = {}
    for span in spans:
        k = bisect_right(starts, span.start) - 1
        if k < 0 or span.start > pieces[k][1] or (pieces[k] in soft and not any(
                j.start <= pieces[k][1] and pieces[k][0] <= j.end and (j.type == span.type or span.value in j.value)
                for j in joined)):
            out.append(span)
        else:
            alone.setdefault((span.type, span.value), []).append(span)
    kept: dict[int, Span] = {}
    for span in joined:
        twins = [t for t in alone.get((span.type, span.value), ()) if span.start <= t.start and t.end <= span.end]
        if len(span.encoding) > 1 and twins:
            kept.update((id(t), t) for t in twins)
        else:
            out.append(span)
    return out + list(kept.values())
