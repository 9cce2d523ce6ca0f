"""Card numbers and their YYMM expiry in the PAN column of fixed-width batch records (settlement, chargeback and
draft files: ``D12345678 MERCHANT NAME <pan field><yymm>...``). The column is judged over all the records of one type
in the text, once per text; the rules and reasons are in ``scanners.cards.fixedcols``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.fixedcols import LINE_START, Census, census, column_pans, record_line
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class ColumnPanDetector(Detector):
    id: ClassVar[str] = "column_pan"
    priority: ClassVar[int] = 18
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (LINE_START,)
    margin: ClassVar[int | None] = None

    def __init__(self) -> None:
        self._seen: tuple[str, Census] | None = None  # the last text and its census (its windows come in a row)

    def screen(self, text: str, start: int, end: int) -> bool:
        return record_line(text, end)  # the line the trigger hit (its start: no start offset is asked for)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        if self._seen is None or self._seen[0] is not text:
            self._seen = (text, census(text))
        pan = ""
        for start, end, kind, value in column_pans(text, pos, endpos, self._seen[1]):
            pan = value if kind == "pan" else pan
            if pos <= start and end <= endpos:
                yield Span(start, end, "pan" if kind == "pan" else "expiry", self.id, value,
                           test_card=is_test_pan(pan))


DETECTOR = ColumnPanDetector
