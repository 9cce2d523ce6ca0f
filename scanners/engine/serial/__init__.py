"""Strings inside binary serialisations (Java serialization, Python pickle, BSON, CBOR, MessagePack, ...), read by
parsing their bytes, never by deserialising them: the input is untrusted.

A binary item is read by its text runs (``scanners.engine.textruns``), which miss what these formats do to card
data: a type or length byte that is a printable letter glued to the digits (Java's ``t`` before the next string,
CBOR's ``p`` announcing 16 bytes of text), a three-letter key below the run minimum (MessagePack ``\\xa3cvv``), a
key and its value in separate runs (BSON's int32 length between them). A walker recognises its format by its
first bytes (a magic, or a structure a random blob does not hold) and yields each string as a line at its byte
offset, ``key: value`` where the format names it, so the detectors judge it as they judge text.

One module per format in this folder, each defining ``detect(head) -> bool`` (cheap: the first bytes only) and
``walk(data) -> Walked | None`` (None when the bytes are not that format after all). A walk ends where its format
ends (the rest of the item is read by its text runs from there) or at ``textruns`` ' cap of bytes walked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import cast

from scanners.extensions import modules_of


@dataclass(frozen=True, slots=True)
class Walked:
    """The lines of a walk (byte offset, text), in offset order, and where the format's bytes end."""

    lines: list[tuple[int, str]]
    end: int
    format: str


Detect = Callable[[bytes], bool]
Walk = Callable[[bytes], Walked | None]


@cache
def walkers() -> tuple[tuple[Detect, Walk], ...]:
    """``(detect, walk)`` of every walker module in this folder, in name order."""
    return tuple((cast(Detect, m.detect), cast(Walk, m.walk)) for m in modules_of(__package__ or __name__))


def candidate(head: bytes) -> bool:
    """Some walker recognises the first bytes of ``head``."""
    return any(detect(head) for detect, _ in walkers())


def walk(data: bytes) -> Walked | None:
    """The walk of ``data`` by the recognising walker that reads furthest into it, or None."""
    best: Walked | None = None
    for detect, run in walkers():
        if detect(data) and (got := run(data)) is not None and (best is None or got.end > best.end):
            best = got
    return best
