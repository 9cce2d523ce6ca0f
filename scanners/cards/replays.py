"""rrweb session recordings' input events (``detectors.replay_inputs``): an event's typed text and input id, the
events of the same input after it, a full card number typed into another input before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan

HEAD = r'"source": ?5, ?"text": ?"'  # an IncrementalSnapshot event's data of source Input (5), its text first
INPUT = re.compile(HEAD + r'(?P<text>[^"\\]{0,40})"[^{}]{0,80}?"id": ?(?P<id>[0-9]+)')
_EVENTS, _REACH = 8, 4000  # events back to the card's (and ahead to a longer value), characters searched


def extended(text: str, end: int, field: str, value: str) -> bool:
    """A later event of the same input, within ``_EVENTS`` events, holds a longer value starting with this one."""
    later = text[end : end + _REACH]
    cut = next((i for n, i in enumerate(_starts(later)) if n == _EVENTS), len(later))
    return any(e["id"] == field and e["text"].startswith(value) and len(e["text"]) > len(value)
               for e in INPUT.finditer(later, 0, cut))


def card_before(text: str, start: int, field: str) -> bool:
    """Another input's event at most ``_EVENTS`` events before ``start`` holds a full card number."""
    lo = max(0, start - _REACH)
    marks = list(_starts(text[lo:start]))
    lo += marks[-_EVENTS - 1] if len(marks) > _EVENTS else 0
    return any(e["id"] != field and is_pan(e["text"].replace(" ", "")) for e in INPUT.finditer(text, lo, start))


def _starts(chunk: str) -> Iterator[int]:
    """Where each event (its ``"timestamp"`` member) stands in ``chunk``."""
    return (m.start() for m in re.finditer('"timestamp"', chunk))

