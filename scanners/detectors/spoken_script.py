"""Card numbers spoken as digit words in a script no ASCII trigger can name (Hindi, Arabic, Japanese, Chinese,
Korean: ``spoken_digits``), as speech-to-text writes a caller reading the card out (a Contact Lens turn
``"Content": "六 二 四 〇 …"``, ``"오 공 일 구 …"``, ``"خمسة ثلاثة ستة …"``), digit by digit or with some groups
said as numerals (``4111 तीन पांच सात चार …``): a run that ``is_pan`` accepts. Not ``ascii_only``: the engine hands
it every line with a non-ASCII character; a scan for the first letter of any of those words, then one search for
three of them in a row (``_THREE``), rejects almost every such line. A security code said this way follows a label
``labels_intl`` reads (``spoken.code_at``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.context import line_end, line_start
from scanners.detectors.number_words import runs
from scanners.detectors.spoken_digits import DIGITS, ONE_CHARACTER, SCRIPTS
from scanners.engine.finding import CardDataType, Span
from scanners.lazy_re import lazy_compile


def _three(lang: str) -> str:
    word = "(?:" + "|".join(sorted(DIGITS[lang], key=lambda w: (-len(w), w))) + ")"
    sep = f"[ \t,.\\-、，]{{{0 if lang in ONE_CHARACTER else 1},3}}"
    return f"{word}{sep}{word}{sep}{word}"


_THREE = lazy_compile("|".join(_three(lang) for lang in SCRIPTS))
# The first letter of every digit word above: one class ``re`` scans for fast, so that a line with none (a name
# with an accent, an emoji) costs no try of ``_THREE`` at each of its characters
_LEADS = re.compile("[" + "".join(sorted({w[0] for lang in SCRIPTS for w in DIGITS[lang]})) + "]")


class SpokenScriptDetector(Detector):
    id: ClassVar[str] = "spoken_script"
    priority: ClassVar[int] = 52
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = False
    triggers: ClassVar[tuple[str, ...]] = ()  # every line with a non-ASCII character is handed over

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lead = _LEADS.search(text, pos, endpos)
        first = _THREE.search(text, lead.start(), endpos) if lead is not None else None
        if first is None:
            return
        lo, hi = line_start(text, first.start()), line_end(text, max(pos, endpos - 1))
        for start, end, digits in runs(text, lo, hi, numerals=True):
            if pos <= start and end <= endpos and 13 <= len(digits) <= 19 and is_pan(digits):
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = SpokenScriptDetector
