"""Decode limits reached during a scan, so an item with decodable content left unread is never called clean.

The engine (depth and size budget) and the decoders (output cut at their limit) call ``note_limit(reason)``;
the pipeline wraps each record's scan in ``collecting()`` and turns what was noted into a coverage reason for the
item the record came from. Outside ``collecting()`` nothing is recorded (e.g. the IVR's prompt guard).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SINK: ContextVar[set[str] | None] = ContextVar("spc_decode_limits", default=None)

DEPTH = "decode depth limit reached with encoded content left"
BUDGET = "decode size budget used up with encoded content left"
OUTPUT = "decoded content cut at the size limit"
SEGMENT = "encoded segment too long to decode"
# How far the engine's window reaches either side of a hit in a long line (``core.LINE_REACH``): a line up to this
# long is always given whole, a longer one may come in pieces (``decoders._common.trigger_lines``)
WINDOW_REACH = 4096


def note_limit(reason: str) -> None:
    sink = _SINK.get()
    if sink is not None:
        sink.add(reason)


def collecting_enabled() -> bool:
    """Whether a limit noted now would be recorded (callers skip extra work otherwise)."""
    return _SINK.get() is not None


@contextmanager
def collecting() -> Iterator[set[str]]:
    sink: set[str] = set()
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)
