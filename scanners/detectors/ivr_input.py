"""Card data collected at an IVR input step named only by the step (``ivr_steps``: a Twilio Gather's action URL or
Studio widget, an Asterisk Read() or AGI prompt, a CXone variable, a Nuance grammar, a CVP element): a 3-4 digit
answer to a step that asks for the security code (``/twilio/gather?step=cvv … Digits=217``), a month and year keyed
in at an expiry step (``Digits=0732``: MMYY or MMYYYY), and a speech result read out in digit words
(``SpeechResult=two+one+seven``; a card number spoken word by word is one at any step); an expiry keyed in at a
Connect input block that names it (``"Identifier": "CollectExpiry", "Results": "0929"``: ``dialogue.flow_inputs``;
its CVV is ``cvv``'s). A PIN, zip, account or amount step names neither: its digits stay quiet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_pan, is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.dialogue import FILLERS, KEYED_DATE, asks, flow_inputs
from scanners.detectors.digit_words import DIGIT_WORDS
from scanners.detectors.intl_words import EXPIRY_ASKED
from scanners.detectors.ivr_steps import TRIGGERS, inputs, speech_numbers
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.engine.finding import CardDataType, Span

_MMYY = re.compile(r"(?P<m>0[1-9]|1[0-2])/?(?P<y>[2-4][0-9]|20[2-4][0-9])")  # the slash: a Connect block's
_WORDS = FILLERS | Cvv.FILLERS

def _asks_cvv(step: str) -> bool:  # ``cid`` in a dial plan is the caller id
    return any(m.group() != "cid" for m in Cvv.ASKED.finditer(step))


class IvrInputDetector(Detector):
    id: ClassVar[str] = "ivr_input"
    priority: ClassVar[int] = 35
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (*TRIGGERS, KEYED_DATE)
    margin: ClassVar[int | None] = None  # the step is named on the line of the value (or read before it)

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for at, to, raw, kind, step in inputs(text, pos, endpos):
            start, end, value = at, to, raw
            if kind == "speech":
                said = speech_numbers(raw, _WORDS, DIGIT_WORDS)
                if said is None:
                    continue
                start, end, value = at + said[0], at + said[1], said[2]
                if 13 <= len(value) <= 19 and is_pan(value):
                    yield Span(start, end, "pan", self.id, value, test_card=is_test_pan(value))
                    continue
            if 3 <= len(value) <= 4 and _asks_cvv(step):
                yield Span(start, end, "cvv", self.id, value)
            elif (m := _MMYY.fullmatch(value)) and Expiry.LOWER.search(step):
                yield Span(start, end, "expiry", self.id, f"{m['m']}/{m['y'][-2:]}")
        for start, end, value, words in flow_inputs(text, pos, endpos):
            if (m := _MMYY.fullmatch(value)) and asks(words, EXPIRY_ASKED):
                yield Span(start, end, "expiry", self.id, f"{m['m']}/{m['y'][-2:]}")


DETECTOR = IvrInputDetector
