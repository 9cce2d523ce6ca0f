"""Card numbers written over two or more consecutive chat messages (Slack, Teams, Connect chat, Intercom, Zendesk
exports, Twilio Messages pages, WhatsApp webhook logs): the first message ends with digit groups after a card word,
the next ones of its author hold only digit groups; or, with no card word, the groups close the first message and the
joined groups are laid out as a card's; or two consecutive lines of one speaker in a transcript written a message a
line (``line_split``). The rules are in ``chat_split``; the number is reported on the first
message's digits, or, with no card word, on those of the message that makes it whole (the trigger's)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.detectors.base import Detector
from scanners.detectors.chat_split import LEAD, ONLY, completed_pans, split_pans
from scanners.detectors.context import line_start
from scanners.detectors.line_split import LINE, line_pans
from scanners.engine.finding import CardDataType, Span


class ChatSplitPanDetector(Detector):
    id: ClassVar[str] = "chat_split_pan"
    priority: ClassVar[int] = 71
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (LEAD, ONLY, LINE)
    # whole-line windows: the trigger's start offset (hyperscan's SOM with its bounded repeats) cost 16 % of the
    # combined trigger pass on the 60 MB corpus; the message's line holds its card word, digits and closing quote
    margin: ClassVar[int | None] = None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        # the card word lies up to 20 characters before the digits, the closing quote up to 12 after them
        lo, hi = max(0, pos - 24), min(len(text), endpos + 16)
        # a transcript's line is read from its start, wherever the window starts
        found = (*split_pans(text, lo, hi), *completed_pans(text, max(0, pos - 40), hi),
                 *line_pans(text, line_start(text, pos), hi))
        for start, end, digits in found:
            if pos <= start and end <= endpos:
                yield Span(start, end, "pan", self.id, digits, test_card=is_test_pan(digits))


DETECTOR = ChatSplitPanDetector
