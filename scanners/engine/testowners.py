"""A security code or expiry that belongs to a published test card is a test value too (``test_card``).

Its card is the PAN found nearest to it on its own line (``Using test card 4242… exp 07/29 cvc 123``, a SQL row), or
else the PAN nearest to it in its record: the JSON object enclosing it, or its line with its indented siblings (a
YAML fixture entry, an element's attributes one a line), or else in the record holding that one (the line before it
with its own siblings: the form around such an input). Only a PAN the scanner found and marked a published test card
lends the mark; a record without a found PAN, or whose nearest PAN is not a test card, leaves the value as it is. A
CSV export's columns are scanned apart: there the reader names the rows whose card is a test card (``test_lines``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace

from scanners.detectors.records import enclosing_object, indented_block
from scanners.engine.finding import Span

COMPANIONS = frozenset({"cvv", "expiry"})


def _line(text: str, at: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    return lo, len(text) if hi < 0 else hi


def _owner(text: str, span: Span, pans: list[Span], starts: list[int]) -> Span | None:
    """The PAN ``span`` belongs to: the nearest on its line, else the nearest in its record; None without one.
    ``pans`` are in order of start (``starts``): the ones inside a stretch are found by bisection, so a file with a
    test card on every line costs a search per value, not a pass over every card."""
    for lo, hi in _stretches(text, span.start):
        inside = [p for p in pans[bisect_left(starts, lo) : bisect_right(starts, hi)] if p.end <= hi]
        if inside:
            return min(inside, key=lambda p: abs(p.start - span.start))
    return None


def _stretches(text: str, at: int) -> Iterator[tuple[int, int]]:
    """Its line, its record, the record holding that one (each read only when the one before holds no card)."""
    yield _line(text, at)
    record = enclosing_object(text, at) or indented_block(text, at)
    yield record
    if record[0]:
        yield indented_block(text, record[0] - 1)  # the element or entry holding it


def mark_test_companions(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with each CVV and expiry whose card (``_owner``) is a published test card marked ``test_card``."""
    if not any(s.test_card and s.type == "pan" for s in spans):
        return spans
    pans = sorted((s for s in spans if s.type == "pan"), key=lambda s: s.start)
    starts = [p.start for p in pans]
    return [replace(s, test_card=True)
            if s.type in COMPANIONS and not s.test_card and _test_owned(text, s, pans, starts) else s for s in spans]


def _test_owned(text: str, span: Span, pans: list[Span], starts: list[int]) -> bool:
    owner = _owner(text, span, pans, starts)
    return owner is not None and owner.test_card
