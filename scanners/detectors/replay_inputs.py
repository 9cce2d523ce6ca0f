"""A card's expiry and security code typed into their own inputs of an rrweb session recording (red-team round 76).

rrweb records an input's value as an IncrementalSnapshot event (``type`` 3) of source Input (``source`` 5):
``{"type":3,"data":{"source":5,"text":"07 / 31","isChecked":false,"id":77},"timestamp":…}``, one event per change.
A checkout form is typed card number, expiry, code, so an input event whose final text (no later event of its input
extends it) is an expiry (``MM/YY``, ``MM / YY``, ``MM/YYYY``) or a 3-4 digit code is that card's when at most
``_EVENTS`` events before it, in the same recording, another input's event holds a full card number. A short number
typed with no card before it (a quantity, a zip, the card field's own first keystrokes) stays quiet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.replays import HEAD, INPUT, card_before, extended
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span

_DATE = re.compile(r"(?P<m>0[1-9]|1[0-2]) ?/ ?(?P<y>[2-9][0-9]|20[2-9][0-9])")
_CODE = re.compile(r"[0-9]{3,4}")


class ReplayInputsDetector(Detector):
    id: ClassVar[str] = "replay_inputs"
    priority: ClassVar[int] = 60
    type: ClassVar[CardDataType] = "cvv"
    ascii_only: ClassVar[bool] = True
    triggers: ClassVar[tuple[str, ...]] = (HEAD + r'[0-9]{2} ?/ ?[0-9]{2}', HEAD + r'[0-9]{3,4}"')
    margin: ClassVar[int | None] = None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        endpos = len(text) if endpos is None else endpos
        for m in INPUT.finditer(text, max(0, pos - 40), min(len(text), endpos + 140)):  # whole events
            value, at = m["text"], m.start("text")
            if not pos <= at <= m.end("text") <= endpos:
                continue
            if (date := _DATE.fullmatch(value)) is None and _CODE.fullmatch(value) is None:
                continue
            if extended(text, m.end(), m["id"], value) or not card_before(text, m.start(), m["id"]):
                continue
            if date is not None:
                yield Span(at, m.end("text"), "expiry", self.id, f"{date['m']}/{date['y'][-2:]}")
            else:
                yield Span(at, m.end("text"), "cvv", self.id, value)


DETECTOR = ReplayInputsDetector
