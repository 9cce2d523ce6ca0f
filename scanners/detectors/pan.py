"""Primary account numbers written as digits: every brand's IIN ranges and lengths, Luhn, plausible grouping.

Separators (one between digits): space, dash, dot, slash, tab, middle dot, a bullet, `` | `` outside a table row,
Unicode spaces, dashes, zero-width characters; Unicode digits. Never part of a longer digit run or a token. Quiet
unless a test card: the whole value of an id-, time- or phone-like key (``"orderId": ...``), an answer to a question
for an order number, twelve digits keyed at an IVR step. An expiry and code right after it are reported too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH
from scanners.cards.pangroups import ASCII_SEP, UNICODE_SPECIAL, window_pans
from scanners.cards.panscreen import needs_windows
from scanners.cards.pantriggers import PRINTED_13, PRINTED_19, iin_led, needs_window
from scanners.detectors import companions
from scanners.detectors.base import Detector
from scanners.detectors.dialogue import answers_id_question
from scanners.detectors.ivr_steps import keyed_at_id_step
from scanners.engine.finding import CardDataType, Span

_B = r"(?:^|[^0-9A-Za-z_]|\\[ntr])"  # a token start, also right after a JSON-escaped line break or tab
_E = "(?:[^0-9A-Za-z_]|$)"


class PanDetector(Detector):
    id: ClassVar[str] = "pan"
    priority: ClassVar[int] = 10
    type: ClassVar[CardDataType] = "pan"
    triggers: ClassVar[tuple[str, ...]] = (
        # contiguous: an IIN-led run as long as the shortest PAN under that IIN (a bounded end check is slow in
        # hyperscan; the whole run is judged in Python)
        *(_B + t for t in iin_led()),
        # 4-4-4(-4)(-x) groups, with any separator, commas included (speech-to-text and DTMF lists)
        _B + rf"[1-9][0-9]{{3}}(?:{ASCII_SEP}[0-9]{{4}}){{2,3}}(?:{ASCII_SEP}[0-9]{{1,4}})?",
        # 4-6-5 (Amex, other 15-digit cards), 4-6-4 (Diners), 4-3-3-3 and 6+13 (``pantriggers.PRINTED_13``, ``_19``)
        _B + rf"(?:[1-9][0-9]{{3}}{ASCII_SEP}[0-9]{{6}}{ASCII_SEP}[0-9]{{4,5}}|{PRINTED_13}|{PRINTED_19})",
        # a separator between every digit
        _B + rf"[0-9](?:{ASCII_SEP}[0-9]){{{MIN_LENGTH - 1},{MAX_LENGTH - 1}}}" + _E,
    )
    margin: ClassVar[int | None] = 8 + companions.REACH
    unicode_chars = UNICODE_SPECIAL  # a Unicode digit, separator or zero-width character: others take the ASCII path
    screen = staticmethod(needs_window)  # the engine calls it for every trigger hit: no wrapper call
    screen_batch = staticmethod(needs_windows)  # ... and this one for many hits at once

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        return self.find_windows(text, [(pos, len(text) if endpos is None else endpos)])

    def find_windows(self, text: str, windows: list[tuple[int, int]]) -> Iterator[Span]:
        for pos, endpos in windows:  # a card cut by the window's start may own a date inside it: read it whole
            for start, end, digits, test in window_pans(text, [(companions.run_start(text, pos), endpos)]):
                if not test and (answers_id_question(text, start, end) or keyed_at_id_step(text, start, digits)):
                    continue
                if start >= pos:
                    yield Span(start, end, "pan", self.id, digits, test_card=test)
                yield from (s for s in companions.after_pan(text, end, endpos, self.id, test) if s.start >= pos)


DETECTOR = PanDetector
