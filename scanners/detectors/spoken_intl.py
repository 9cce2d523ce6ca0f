"""Card numbers and security codes spoken as digit words of a language written in Latin letters (Spanish, French,
German, Portuguese, Italian, Dutch, Polish, Turkish: ``number_words``): a run of one language's digit words that is
a valid card number (``cuatro uno uno uno …``, also with some groups said as numerals: ``4111 uno uno uno 1111 …``;
in French also by pairs: ``quarante et un onze …``),
or 3-4 digits right after a security-code label in that language (``el código de seguridad es siete …``;
``vocabulary``). Scripts no ASCII trigger can name are ``spoken_script``'s. A number an id label names is quiet
(``número da apólice cinco oito …``: ``idkeys.id_keyed``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.cards.idkeys import id_keyed
from scanners.detectors.base import Detector
from scanners.detectors.context import gap_ok, line_end, line_start
from scanners.detectors.number_words import COPULA, PAIR_TRIGGER, TRIGGER, pair_runs, runs
from scanners.detectors.vocabulary import Cvv
from scanners.engine.finding import CardDataType, Span

_LABEL = re.compile(f"(?:{Cvv.INTL_LOWER.pattern})[^ \t,:]*", re.ASCII)


class SpokenIntlDetector(Detector):
    id: ClassVar[str] = "spoken_intl"
    priority: ClassVar[int] = 51
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True  # an accented letter is one '?' to the trigger, a '.' in it
    triggers: ClassVar[tuple[str, ...]] = (TRIGGER, PAIR_TRIGGER)
    margin: ClassVar[int | None] = None  # a spoken card runs to 150+ characters: look at the whole line

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lo, hi = line_start(text, pos), line_end(text, max(pos, endpos - 1))
        for start, end, digits in [*runs(text, lo, hi, numerals=True), *pair_runs(text, lo, hi)]:
            if not (pos <= start and end <= endpos):
                continue
            if 13 <= len(digits) <= 19 and is_pan(digits):
                if id_keyed(text, start):
                    continue  # "número da apólice cinco oito …", "Kundennummer sechs …": an id's label names it
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))
            elif 3 <= len(digits) <= 4 and _labelled(text, start):
                yield Span(start, end, "cvv", self.id, digits)


def _labelled(text: str, start: int) -> bool:
    """A security-code label in another language ends right before ``start``, only filler words between."""
    before = text[max(line_start(text, start), start - 64) : start]
    label = max(_LABEL.finditer(before.lower()), key=lambda m: m.start(), default=None)
    return label is not None and gap_ok(before[label.end() :].translate(COPULA), Cvv.INTL_FILLERS)


DETECTOR = SpokenIntlDetector
