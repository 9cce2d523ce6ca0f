"""Card security codes (CVV/CVC/CID/CSC...): 3-4 digits as the value of, or right after, a keyword (``cvv=123``,
``card[cvc]=123``, ``<CardCode>123``, ``the security code is one two three``: shapes in ``spoken.code_at``), or a few
keys below it or in a table column it heads (``structure``), or as a caller's whole answer to a question that names
it, or keyed in at a Connect input block that prompts for it (``dialogue``). Only punctuation and filler words may
stand between, so ``"cvv_enabled": true`` lends nothing onward; a URL's ``cid=`` is a campaign or client id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import ClassVar

from scanners.cards.tables import cell_triggers
from scanners.detectors.bare_codes import BARE_CODE_TRIGGER, bare_codes
from scanners.detectors.base import Detector
from scanners.detectors.chatlog import ANSWER_TRIGGERS, answered
from scanners.detectors.context import goes_on, keywords
from scanners.detectors.dialogue import KEYED_CODE, answer_verdicts, keyed_answers, may_answer
from scanners.detectors.held_values import HOLDERS, PAIRED, PART, SQL_VALUE, held_code, held_values
from scanners.detectors.spoken import code_at
from scanners.detectors.vocabulary import Cvv
from scanners.detectors.weak_labels import code_at_label, lends_code
from scanners.engine.finding import CardDataType, Span


class CvvDetector(Detector):
    id: ClassVar[str] = "cvv"
    priority: ClassVar[int] = 30
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True
    # a keyword; a holder key, table cell, multipart part, INSERT value, set variable, pair (owner decides); an answer
    triggers: ClassVar[tuple[str, ...]] = (
        Cvv.KEYWORD, *(h + r"[0-9]{3,4}(?:[^0-9]|$)" for h in HOLDERS), HOLDERS[0] + r"[0-9] [0-9] [0-9]",
        *cell_triggers("[0-9]{3,4}"), PAIRED + "[0-9]", PART + "[0-9]{3,4}", *ANSWER_TRIGGERS,
        SQL_VALUE + r"[0-9]{3,4}'[ \t]*[,)]", KEYED_CODE, BARE_CODE_TRIGGER)
    margin: ClassVar[int | None] = 64
    _rx = re.compile(Cvv.KEYWORD, re.ASCII | re.MULTILINE)
    screen = staticmethod(may_answer)  # a speech or chat turn gets a window only when it may be an answer
    screen_batch = staticmethod(answer_verdicts)  # the same for a text's many hits: only turns reach ``screen``

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos, seen = len(text) if endpos is None else endpos, set[int]()
        held = (c for at in held_values(text, pos, endpos, Cvv.KEY) if (c := held_code(text, at)))
        asked = answered(text, pos, endpos, Cvv.QUESTION, lambda t, at: code_at(t, at, Cvv.FILLERS))  # turns, messages
        keyed = keyed_answers(text, pos, endpos, Cvv.ASKED)  # a Connect input block prompting for the code
        bare = bare_codes(text, pos, endpos)  # "expiry 09 31, code 428", "4111 ... 1111 code 428": a card's code
        for code in chain(self._after_keywords(text, pos, endpos), held, asked, keyed, bare):
            if pos <= code[0] and code[1] <= endpos and code[0] not in seen and not goes_on(text, *code[:2]):
                seen.add(code[0])
                yield Span(*code[:2], "cvv", self.id, code[2])

    def _after_keywords(self, text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
        for s, e in keywords(self._rx, text, pos, endpos, lookback=64, needles=Cvv.NEEDLES, lower=Cvv.LOWER):
            code = code_at_label(text, s, e)  # after the keyword, or said before it: "473 is the CID"
            if code is not None and lends_code(text, s, e):
                yield code

DETECTOR = CvvDetector
