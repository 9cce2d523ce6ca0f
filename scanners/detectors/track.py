"""Magnetic-stripe track data: track 1 ``%B<PAN>^<NAME>^<YYMM>...?`` and track 2 ``;<PAN>=<YYMM>...?``.

The grammar (sentinels, separators, what makes a track valid) is ``cards.tracks``'s, shared with the PAN confounders.
Each track yields a ``track`` span over the whole track and a ``pan`` span over exactly the PAN digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.tracks import TRACK, key_card, track_number, valid_track
from scanners.detectors.base import Detector
from scanners.detectors.context import follows_digits, line_start
from scanners.engine.finding import CardDataType, Span


class TrackDetector(Detector):
    id: ClassVar[str] = "track"
    priority: ClassVar[int] = 20
    type: ClassVar[CardDataType] = "track"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (
        r"[0-9]{13}\^", r"%B[0-9]{12}\^", r"[0-9]{13}[=D][0-9]{4}", r";[0-9]{12}=[0-9]{4}")
    margin: ClassVar[int | None] = 80

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        at, cut = max(pos - 2, line_start(text, pos)), min(len(text), endpos + 96)
        if not any(follows_digits(text, c, at, cut, 13 if c == "D" else 12) for c in "^=D"):  # as ``TRACK``'s PANs
            return
        while (m := TRACK.search(text, at, cut)) is not None and m.start() < endpos:
            t = track_number(m)
            if not valid_track(text, m) or key_card(text, m.start("p" + t), m["p" + t]):
                at = m.start() + 1
                continue
            at, pan, test = m.end(), m["p" + t], is_test_pan(m["p" + t])
            if pos <= m.start() and m.end() <= endpos:
                yield Span(m.start(), m.end(), "track", self.id, m.group(), test_card=test)
            if pos <= m.start("p" + t) and m.end("p" + t) <= endpos:
                yield Span(m.start("p" + t), m.end("p" + t), "pan", self.id, pan, test_card=test)


DETECTOR = TrackDetector
