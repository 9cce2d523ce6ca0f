"""Card numbers written over two or more chat messages of one person (Slack, Teams, Connect chat, Intercom,
Zendesk exports): the first message ends with digit groups after a card word, the next ones of its author hold only
digit groups. The rules are in ``chat_split``; the number is reported on the first message's digits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.chat_split import LEAD, split_pans
from scanners.engine.finding import CardDataType, Span


class ChatSplitPanDetector(Detector):
    id: ClassVar[str] = "chat_split_pan"
    priority: ClassVar[int] = 71
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (LEAD,)
    # whole-line windows: the trigger's start offset (hyperscan's SOM with its bounded repeats) cost 16 % of the
    # combined trigger pass on the 60 MB corpus; the message's line holds its card word, digits and closing quote
    margin: ClassVar[int | None] = None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        # the card word lies up to 20 characters before the digits, the closing quote up to 12 after them
        for start, end, digits in split_pans(text, max(0, pos - 24), min(len(text), endpos + 16)):
            if pos <= start and end <= endpos:
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = ChatSplitPanDetector
