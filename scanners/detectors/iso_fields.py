"""Card expiries in ISO 8583 field dumps as switches, acquirer hosts and test simulators print a message element by
element: ``DE014 (EXPIRATION DATE) [4] 2801``, ``Field 14: 2801``, ``fld 014: [2801]``, ``[014] 2801``. Element 14
holds the expiry as YYMM (ISO 8583:1987, ``n 4``), so its value is read year first; a length other than 4, a month
that is none or a year no card in use has keeps it quiet. The other elements of such a dump are read elsewhere: the
card number (element 2) and the track data (35, 45) by their own shapes, the STAN, RRN, dates and terminal ids are
no card data (``iso8583.NON_CARD_FIELDS``). The expiry of a message whose element 2 is masked (``411111******1111``)
stays quiet, as a masked card's expiry does everywhere (``date_subject.no_card_date``). Rules in
``scanners.cards.iso8583.dumped_expiries``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.iso8583 import DUMP_REACH, DUMP_TRIGGERS, dumped_expiries
from scanners.detectors.base import Detector
from scanners.detectors.date_subject import no_card_date
from scanners.engine.finding import CardDataType, Span


class IsoFieldsDetector(Detector):
    id: ClassVar[str] = "iso_fields"
    priority: ClassVar[int] = 45  # after the expiry detector: a dump it reads already keeps its reporter
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = DUMP_TRIGGERS
    margin: ClassVar[int | None] = DUMP_REACH

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for start, end, value in dumped_expiries(text, pos, endpos):
            if not no_card_date(text, start, end):
                yield Span(start, end, "expiry", self.id, value)


DETECTOR = IsoFieldsDetector
