"""A card number whose last group is corrected later in the sentence (``cards.corrections``).

"charged card 5289 7025 9905 1941 (sorry I mean - last block is 1945)": the written number is no card, the one its
correction makes is; it is reported where the written number stands. The trigger is the correction: "last" in one
of five languages and the group's name or count, then its digits (an accented letter is one ``?`` to the trigger),
or "I mean" / "correction" and an ellipsis before them; the engine gives the hit's whole line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.corrections import corrected_pans
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_A = r"(?:.|\\u00[0-9a-f]{2})"  # an accented letter: one ``?``, or JSON's escape
_LAST = rf"(?:last|{_A}ltim[oa]s?|ultim[oa]s?|derni{_A}re?s?|letzte[nr]?)"
_NAME = (rf"(?:(?:four|five|[45]|cuatro|cinco|quatro|quatre|cinq|vier|f{_A}nf)(?: [^ \t\n0-9]{{6,13}})?|digits"
         rf"|d{_A}gitos|chiffres|ziffern|block|group|bloque|grupo|bloc|groupe|bloco|gruppe)")
_TAIL = r"[ \t]*(?:[^ \t\n0-9]{1,6}(?: be| read)?)?[ \t:=-]*(?:\.{2,3})?[ \t]*[0-9]"


class CorrectedPanDetector(Detector):
    id: ClassVar[str] = "corrected_pan"
    priority: ClassVar[int] = 63
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (
        rf"(?i){_LAST} {_NAME}{_TAIL}",
        rf"(?i)(?:quatre|4) derni{_A}res? chiffres{_TAIL}",  # French counts first: "les quatre derniers chiffres sont"
        rf"(?i)(?:i mean|i meant|correction|quise decir|correcci{_A}n|je veux dire|ich meine|korrektur|quer dizer"
        rf"|corre{_A}{_A}o)[ \t:,-]*\.{{2,3}}[ \t]*[0-9]",
    )
    margin: ClassVar[int | None] = None  # the written number stands before the hit on its line

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        stop = len(text) if endpos is None else endpos
        for start, end, digits in corrected_pans(text, pos, stop):
            yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = CorrectedPanDetector
