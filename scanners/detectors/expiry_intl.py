"""Card expiry dates after a label in another language (``Ablaufdatum: 09/27``, ``Ablauf Monat: 08, Ablauf Jahr:
2031``, ``date de validité 09/27``, ``fecha de vencimiento``, ``validade``, ``scadenza``, ``vervaldatum``), in every
shape ``monthyear.date_after`` reads (month names of these languages: ``months``), with the English detector's checks
(a verb, ``gültig bis``, ``caduca``, ``vence``, ``expire en``, ``scade``, ``verloopt``: after a card word, as a label
(``weak_labels``), or before a month named with its year at a sentence's start, ``caduca el septiembre 2033``; no
card-metadata object, duration or other subject). Its own unit, so that English-only text pays nothing for these
words (``vocabulary``; other scripts: ``labels_intl``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.card_objects import CardObjects
from scanners.detectors.context import keywords
from scanners.detectors.date_subject import no_card_date
from scanners.detectors.months import named_month
from scanners.detectors.monthyear import date_after
from scanners.detectors.vocabulary import Expiry
from scanners.detectors.weak_labels import verb_names_card
from scanners.engine.finding import CardDataType, Span


class ExpiryIntlDetector(Detector):
    id: ClassVar[str] = "expiry_intl"
    priority: ClassVar[int] = 41
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True  # an accented letter is one '?' to the trigger, a '.' in it
    triggers: ClassVar[tuple[str, ...]] = (Expiry.INTL,)
    margin: ClassVar[int | None] = 96
    _rx = re.compile(Expiry.INTL, re.ASCII | re.MULTILINE)
    _metadata: ClassVar[CardObjects] = CardObjects()

    def screen(self, text: str, start: int, end: int) -> bool:
        return not self._metadata.holds(text, start)  # a processor's card object: its expiry is card metadata

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=Expiry.INTL_NEEDLES,
                             lower=Expiry.INTL_LOWER):
            hit = not self._metadata.holds(text, s) and date_after(
                self._rx, text, (s, e), Expiry.INTL_FILLERS, Expiry.INTL_LOWER, dotted=True)
            if not hit or not (verb_names_card(text, s, e) or named_month(text, s, *hit[:2])):
                continue  # a verb ("caduca", "gültig bis"): about a card, as a label, or a month named with its year
            if pos <= hit[0] and hit[1] <= endpos and not no_card_date(text, *hit[:2]):
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])


DETECTOR = ExpiryIntlDetector
