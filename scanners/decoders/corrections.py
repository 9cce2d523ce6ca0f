"""A digit a caller corrects while reading a number out: ``... seven five, no wait, eight not five, nine ...`` (a
speech-to-text transcript, a Twilio ``SpeechResult``, a summary quoting the caller). The correction names both
digits: the one meant, then ``not`` and the one just said, which must be the digit said right before the
correction phrase (``no wait``, ``sorry``, ``I mean``, ``no, wait``); read with the correction applied, the number
is ``... seven eight nine ...``, the number the caller gave.

Each line holding such a correction is one segment, decoded to the line with each correction replaced by the digit
meant (English digit words or single numerals); the detectors then judge the number as said (brand, length, Luhn,
the card word or question before it). A correction whose ``not`` names another digit than the one just said ("five,
sorry, eight not six") is left as written: which digit it replaces is a guess.

Limits: lines longer than ``max_segment`` characters are skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.detectors.digit_words import DIGIT_WORDS
from scanners.lazy_re import lazy_compile

_PHRASE = r"(?:no,? wait|sorry|i mean)"
TRIGGERS = (rf"(?i:[a-z0-9], {_PHRASE}, [a-z0-9]+ not [a-z0-9])",)
_TRIGGER = re.compile(TRIGGERS[0])
_DIGIT = "(?:" + "|".join(DIGIT_WORDS) + "|[0-9])"
# the digit said, the correction phrase, the digit meant, "not" and the digit said again (with the comma after it)
CORRECTION = lazy_compile(
    rf"(?i:\b(?P<wrong>{_DIGIT}), {_PHRASE}, (?P<right>{_DIGIT}) not (?P<again>{_DIGIT})\b,?)"
)


def _digit(word: str) -> str:
    return word if word.isdigit() else DIGIT_WORDS[word.lower()]


def _meant(m: re.Match[str]) -> str:
    said = _digit(m["wrong"])
    if said != _digit(m["again"]) or said == _digit(m["right"]):
        return m.group()  # the correction names another digit: left as said
    return m["right"]


def apply_corrections(line: str) -> tuple[str, tuple[int, ...]]:
    """``line`` with each digit the caller corrected replaced by the one meant (``five, no wait, eight not five,
    nine`` reads ``eight nine``), and where each of its characters stands in ``line`` (``Decoded.places``: a value
    is reported at its own place, not over the line, which may be a stream's results joined)."""
    out: list[str] = []
    places: list[int] = []
    at = 0
    for m in CORRECTION.finditer(line):
        meant = _meant(m)
        if meant == m.group():
            continue
        out.append(line[at : m.start()] + meant)
        places.extend(range(at, m.start()))
        places.extend(range(m.start("right"), m.start("right") + len(meant)))
        at = m.end()
    out.append(line[at:])
    places.extend(range(at, len(line) + 1))
    return "".join(out), tuple(places)


class CorrectionsDecoder(BoundedDecoder):
    id = "corrections"
    priority = 33
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            line = text[s:e]
            decoded, places = apply_corrections(line)
            if decoded != line:
                yield Decoded(s, e, capped(decoded, self.max_output), ("corrections",), places=places)


DECODER = CorrectionsDecoder
