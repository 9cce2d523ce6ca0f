"""Card expiry dates and security codes after a label in a script no ASCII trigger can name (``有効期限：09/27``,
``समाप्ति ०२/२८``, ``تاريخ الانتهاء ٠١/٢٧``, ``유효기간 12/27``, ``セキュリティコード 123``, ``{"有效期": "09/27"}``), as
payment pages, chats and voice bots in those languages write them; the words are in ``intl_words``.

Such a label is all non-ASCII, so no ASCII trigger can name it: this detector is not ``ascii_only`` and the engine
hands it every line that holds a non-ASCII character whole; one search for a letter every label holds
(``intl_words.LEADS``) rejects almost every line without a label (the value is read by ``card_dates.date_at`` and
``spoken.code_at``, as after an English keyword; a date said in digit words by ``spoken.spoken_date``). Digits of
the label's own script (Devanagari, Arabic-Indic, full-width) are read in the Unicode-digits decoder's folded line,
which holds the same label."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Detector
from scanners.detectors.card_dates import date_at
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.context import line_end, line_start
from scanners.detectors.date_subject import clause_subject, no_card_date
from scanners.detectors.intl_words import LABEL, LEADS
from scanners.detectors.spoken import code_at, spoken_date
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.engine.finding import CardDataType, Span


class IntlLabelDetector(Detector):
    id: ClassVar[str] = "labels_intl"
    priority: ClassVar[int] = 42
    type: ClassVar[CardDataType] = "expiry"  # and "cvv": each span names its own
    ascii_only: ClassVar[bool] = False
    triggers: ClassVar[tuple[str, ...]] = ()  # every line with a non-ASCII character is handed over

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        lo = max(0, pos - 64)
        if LEADS.search(text, lo, endpos) is None:
            return
        for m in LABEL.finditer(text, lo, endpos):
            if m["exp"]:
                # (or said in words after it, as speech-to-text writes a caller: "data ważności zero cztery trzy zero")
                hit = date_at(text, m.end(), Expiry.FILLERS, dotted=True) or spoken_date(text, m.end(), Expiry.FILLERS)
                if hit and pos <= hit[0] and hit[1] <= endpos and not no_card_date(text, *hit[:2]):
                    yield Span(hit[0], hit[1], "expiry", self.id, hit[2])
            elif m["weak"] and not holds_card_number(text, line_start(text, m.start()), line_end(text, m.end())):
                continue  # a verification code with no card number on its line: an SMS one-time password
            elif clause_subject(text, m.start()):
                continue  # a coupon's code (``クーポンのセキュリティコード``)
            elif (code := code_at(text, m.end(), Cvv.FILLERS)) and pos <= code[0] and code[1] <= endpos:
                yield Span(code[0], code[1], "cvv", self.id, code[2])


DETECTOR = IntlLabelDetector
