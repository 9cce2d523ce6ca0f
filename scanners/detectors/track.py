"""Magnetic-stripe track data: track 1 ``%B<PAN>^<NAME>^<YYMM>...?`` and track 2 ``;<PAN>=<YYMM>...?``.

Sentinels are optional; track 2 may use ``D`` as separator (EMV tag 57). The PAN must be valid and the month 01-12.
Without a sentinel, track 2 needs the three-digit service code; a 12-digit PAN (Maestro) needs both sentinels.
Each track yields a ``track`` span over the whole track and a ``pan`` span over exactly the PAN digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.context import follows_digits, line_start
from scanners.engine.finding import CardDataType, Span

_TRACK = re.compile(
    r"(?P<s1>%)?B(?P<p1>[0-9]{13,19})\^[A-Za-z /.'\-]{0,26}\^[0-9]{2}(?P<m1>[0-9]{2})(?:[0-9 ]*[0-9])?(?P<e1>\?)?"
    r"|(?P<s2>;)?(?P<p2>[0-9]{12,19})(?P<sep>[=D])[0-9]{2}(?P<m2>[0-9]{2})(?P<d2>[0-9]*)F*(?P<e2>\?)?"
)
_MAX = {"1": 79, "2": 40}


class TrackDetector(Detector):
    id: ClassVar[str] = "track"
    priority: ClassVar[int] = 20
    type: ClassVar[CardDataType] = "track"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (r"[0-9]{13}\^", r"[0-9]{13}[=D][0-9]{4}", r";[0-9]{12}=[0-9]{4}")
    margin: ClassVar[int | None] = 80

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        at, cut = max(pos - 2, line_start(text, pos)), min(len(text), endpos + 96)
        if not any(follows_digits(text, c, at, cut, 12 if c == "=" else 13) for c in "^=D"):  # as ``_TRACK``'s PANs
            return
        while (m := _TRACK.search(text, at, cut)) is not None and m.start() < endpos:
            t = "1" if m["p1"] else "2"
            if not _valid(text, m, t):
                at = m.start() + 1
                continue
            at, pan, test = m.end(), m["p" + t], is_test_pan(m["p" + t])
            if pos <= m.start() and m.end() <= endpos:
                yield Span(m.start(), m.end(), "track", self.id, m.group(), test_card=test)
            if pos <= m.start("p" + t) and m.end("p" + t) <= endpos:
                yield Span(m.start("p" + t), m.end("p" + t), "pan", self.id, pan, test_card=test)


def _valid(text: str, m: re.Match[str], t: str) -> bool:
    """Not glued to a preceding token (unless a sentinel starts it), not too long, month 01-12, a real PAN."""
    before = text[m.start() - 1] if m.start() else " "
    glued = before.isascii() and (before.isalnum() or before == "_") and not m["s" + t]
    bare = t == "2" and not (m["s2"] and m["e2"] if len(m["p2"]) == 12 else m["s2"] or m["e2"] or len(m["d2"]) > 2)
    too_long, month = len(m.group()) > _MAX[t], m["m" + t]
    return not (glued or bare or too_long or not "01" <= month <= "12") and is_pan(m["p" + t])


DETECTOR = TrackDetector
