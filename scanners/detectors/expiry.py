"""Card expiry dates (``MM/YY``) after a keyword (``vocabulary``: exp, expires, valid thru, exp_month, XpryDt...) in
every shape ``monthyear.date_after`` reads, a few keys below it, in a table column it heads or as month and year members
of its object (``structure``, ``monthyear.structured_dates``), or as a caller's whole answer to a question for it
(``dialogue``); never a date a duration follows (``date_subject``) or in a card-metadata object (``card_summary``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import ClassVar

from scanners.cards.tables import CELL, HTML_CELL, SHEET_CELL
from scanners.detectors.base import Detector
from scanners.detectors.card_objects import CardObjects
from scanners.detectors.chatlog import TRIGGERS as CHAT_LINES
from scanners.detectors.context import keywords
from scanners.detectors.date_subject import no_card_date
from scanners.detectors.dialogue import may_answer
from scanners.detectors.held_values import HOLDERS, PAIR, PART, SETTER, SQL_VALUE
from scanners.detectors.monthyear import DATE_TRIGGERS, date_after, structured_dates
from scanners.detectors.speech_turns import TURN
from scanners.detectors.vocabulary import Expiry
from scanners.detectors.weak_labels import reads_dotted, verb_names_card
from scanners.engine.finding import CardDataType, Span

_VALUE = r"[0-9]{1,4}[/\-]?[0-9]{2}"  # a date held by a generic value key or a table cell (or a part: a digit)


class ExpiryDetector(Detector):
    id: ClassVar[str] = "expiry"
    priority: ClassVar[int] = 40
    type: ClassVar[CardDataType] = "expiry"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (
        Expiry.KEYWORD, *(h + _VALUE for h in (*HOLDERS, CELL, HTML_CELL, SHEET_CELL)), PART + "[0-9]", TURN,
        SETTER + _VALUE, PAIR + _VALUE, *DATE_TRIGGERS, SQL_VALUE + _VALUE + r"'[ \t]*[,)]", *CHAT_LINES)
    margin: ClassVar[int | None] = 96
    _rx = re.compile(Expiry.WORD, re.ASCII | re.MULTILINE)
    _metadata: ClassVar[CardObjects] = CardObjects()  # swapped as one tuple: safe to share

    def screen(self, text: str, start: int, end: int) -> bool:
        # a processor's card object: its expiry is card metadata; a speech or chat turn: only one that may be an answer
        return may_answer(text, start, end) and not self._metadata.holds(text, start)  # the cheaper check first

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, seen = len(text) if endpos is None else endpos, set()
        for hit in chain(self._after_keywords(text, pos, endpos), structured_dates(text, pos, endpos)):
            if pos <= hit[0] and hit[1] <= endpos and hit[0] not in seen and not no_card_date(text, *hit[:2]):
                seen.add(hit[0])
                yield Span(hit[0], hit[1], "expiry", self.id, hit[2])

    def _after_keywords(self, text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=Expiry.NEEDLES, lower=Expiry.LOWER):
            if verb_names_card(text, s, e) and not self._metadata.holds(text, s) and (hit := date_after(
                    self._rx, text, (s, e), Expiry.FILLERS, Expiry.LOWER, dotted=reads_dotted(text, s, e))):
                yield hit


DETECTOR = ExpiryDetector
