"""An expiry or security code given to a form field that its own name marks as one: an input whose ``autocomplete``
token is ``cc-exp`` or ``cc-csc`` (WHATWG autofill field names) with a ``value`` after it, its attributes on one line
or one a line (a Jest snapshot, which sorts them: ``autoComplete`` before ``value``; pretty-printed HTML); text a
Cypress command log's ``type`` typed into a selector naming the field (``type	#cc-exp, 06/28``, ``[name=cvc]``,
``[data-testid=card-cvc]``). The value must be the whole of what is held or typed: a month and year (``07 / 32``,
``06/2028``) for an expiry, 3 or 4 digits for a code; a selector naming a month or a year only names no date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.autofill import ATTR_VALUE, AUTOFILL, AUTOFILL_RX, REACH, TYPED, given, selector_kind
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class FieldValuesDetector(Detector):
    id: ClassVar[str] = "field_values"
    priority: ClassVar[int] = 45
    type: ClassVar[CardDataType] = "expiry"  # and "cvv"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (
        AUTOFILL.replace("(exp|csc)", "(?:exp|csc)") + "[^<>]*value=[\"'][0-9]", r"type[ \t]+[#.\[][^,\n]*, [0-9]")
    margin: ClassVar[int | None] = None  # the value is on the line a trigger ends on: no start offsets needed

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        found = [*self._attributes(text, pos, endpos), *self._typed(text, pos, endpos)]
        yield from sorted((s for s in found if pos <= s.start and s.end <= endpos), key=lambda s: s.start)

    def _attributes(self, text: str, pos: int, endpos: int) -> Iterator[Span]:
        for m in AUTOFILL_RX.finditer(text, max(0, pos - REACH), endpos):
            lt = text.rfind("<", max(0, m.start() - REACH), m.start())
            gt = text.find(">", m.end(), m.end() + REACH)
            if lt < 0 or gt < 0 or text.find(">", lt, m.start()) >= 0:
                continue  # not inside an element's opening tag
            value = ATTR_VALUE.search(text, m.end(), gt)
            if value is not None and (span := given(m[1], text, value.start(2), value.end(2), self.id)):
                yield span

    def _typed(self, text: str, pos: int, endpos: int) -> Iterator[Span]:
        stop = text.find("\n", endpos)  # whole lines: the same answer whatever the window
        for m in TYPED.finditer(text, text.rfind("\n", 0, pos) + 1, len(text) if stop < 0 else stop):
            if (kind := selector_kind(m[1])) is not None and (span := given(kind, text, m.start(2), m.end(2), self.id)):
                yield span


DETECTOR = FieldValuesDetector
