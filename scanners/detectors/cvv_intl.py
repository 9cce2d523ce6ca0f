"""Card security codes after a label in another language (``Prüfziffer: 123``, ``cryptogramme 123``, ``crypto 123``,
``código de seguridad 123``) or a phrase naming where the code is printed (``les trois chiffres au dos sont 123``,
``el código de atrás es 123``, ``4-stelliger Code vorne 1234``), in every shape ``spoken.code_at`` reads, as the
CVV detector reads its English keywords. Its own unit, so that English-only text pays nothing for these words
(``vocabulary``; Japanese: ``japanese``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.chatlog import run_answers
from scanners.detectors.context import gap_ok, keywords, line_end
from scanners.detectors.number_words import code_after
from scanners.detectors.spoken import code_at, copula_code
from scanners.detectors.vocabulary import Cvv
from scanners.engine.finding import CardDataType, Span

_YEAR = re.compile("(?:19|20)[0-9]{2}")


class CvvIntlDetector(Detector):
    id: ClassVar[str] = "cvv_intl"
    priority: ClassVar[int] = 31
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True  # an accented letter is one '?' to the trigger, a '.' in it
    triggers: ClassVar[tuple[str, ...]] = (Cvv.INTL,)
    margin: ClassVar[int | None] = 64
    _rx = re.compile(Cvv.INTL, re.ASCII | re.MULTILINE)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        found = keywords(self._rx, text, pos, endpos, lookback=64, needles=Cvv.INTL_NEEDLES, lower=Cvv.INTL_LOWER)
        for s, e in found:
            code = copula_code(text, e, Cvv.INTL_FILLERS)  # "o código de segurança é 756": the copula folded
            if code is None:  # digit words of the label's language, a zero word first too ("null neun neun")
                code = code_after(text, e, line_end(text, e), lambda gap: gap_ok(gap, Cvv.INTL_FILLERS))
            if code is not None and _YEAR.fullmatch(code[2]) and text[s : s + 7].lower() == "crypto ":
                continue  # "crypto 2024": a year, not a French caller's "crypto" (cryptogramme)
            if code is not None and pos <= code[0] and code[1] <= endpos:
                yield Span(code[0], code[1], "cvv", self.id, code[2])
        # a caller's answer right after the question in a run of speech: "¿y el código de seguridad de atrás? 024"
        for code in run_answers(text, pos, endpos, Cvv.QUESTION, lambda t, at: code_at(t, at, Cvv.INTL_FILLERS)):
            if pos <= code[0] and code[1] <= endpos:
                yield Span(code[0], code[1], "cvv", self.id, code[2])


DETECTOR = CvvIntlDetector
