"""Card numbers typed as they come, in irregular groups, right after a card key or word (``"ccNum": "41- 11 111"``).

An irregular grouping is weaker evidence than a card's print grouping (``pan`` reads only fours with a tail, 4-6-5
and 4-6-4), so the value must be named a card just before it: a card key (``cardNumber``, ``raw_card``, ``PAN``,
``ccNum``) or a card label ending the text before it (card, PAN, cc, card number, "card is", "card on file", "card
instead:", a table's ``|Card|`` cell, ``card#``, ``CC INFO``, a scheme's name, another language's card word:
"tarjeta:", "sa CB", "meu cartão é", "Kartennummer ist"), or its expiry or code named right after it. The groups
(two or more, joined by one to three spaces or a dash with spaces around it) are the whole value, or the value then
its expiry (``12-27``, ``12/27``, ``1227``); their digits a valid PAN. Named by nothing, they must be a message of
their own (``loosegroups.said_alone``: ``"body": "ok its 22 01 56 55 41 44 87 96"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from scanners.cards.brands import is_test_pan
from scanners.cards.loosegroups import COMPANIONS, NAMED_AFTER, NUMBER_SAID, OPEN, UNNAMED, loose_pans
from scanners.cards.loosegroups import GROUPS as _GROUPS
from scanners.detectors import companions
from scanners.detectors.base import Detector
from scanners.engine.finding import CardDataType, Span


class LoosePanDetector(Detector):
    id: ClassVar[str] = "loose_pan"
    priority: ClassVar[int] = 62
    type: ClassVar[CardDataType] = "pan"
    ascii_only: ClassVar[bool] = True
    # "cc" caseless cost the prefilter pass 15 %: its own pattern, in the cases keys write it (ccNum, CC_NO)
    triggers: ClassVar[tuple[str, ...]] = (
        rf"(?i)(?:card|pan)[a-z_ #&\\.]{{0,16}}\|?{OPEN}{_GROUPS}",
        # another language's card word (``loosegroups.INTL_CARD``; an accented letter is one ``?`` to the trigger)
        rf"(?i)(?:tarjeta|carte|cart(?:.|\\u00e3)o|karte|carta|karty|kaart)[a-z_ #\\.'?\x80-\xff]{{0,16}}"
        rf"(?:\\u00e[89] )?{OPEN}{_GROUPS}",
        rf"(?:CB|cb)[ \t:]{{1,3}}{_GROUPS}",
        NUMBER_SAID,  # "the number is"
        rf"(?:cc|CC|Cc)(?:[ _-]?(?:[Nn]um|NUM|[Nn]o|NO|[Nn]r|NR|INFO|[Ii]nfo)[A-Za-z_]{{0,12}})?#?{OPEN}{_GROUPS}",
        rf"(?:VISA|Visa|visa|AMEX|Amex|amex|MC|M[Aa]ster[Cc]ard|MASTERCARD|D[Ii][Ss][Cc][Oo][Vv][Ee][Rr]|JCB|Diners|DINERS|Maestro"
        rf"|MAESTRO)[ \t:#]{{1,3}}{_GROUPS}",  # a scheme's name: "VISA 4005 8059 94329"
        COMPANIONS,  # no label: an expiry and a named code follow (the year's digits, then the code)
        *NAMED_AFTER,  # ... or an expiry or a code named as one (the groups' last digit, then its word)
        *UNNAMED,  # ... or a card paid with, or groups that are a message of their own ("ok its 22 01 56 …")
    )
    # whole-line windows: a start offset for these triggers (hyperscan's SOM over their unbounded gaps) cost 15 % of
    # the combined trigger pass on the 60 MB corpus, more than reading the hit's line
    margin: ClassVar[int | None] = None

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
        stop = len(text) if endpos is None else endpos
        # a card cut by the window's start may own a date inside it: read it whole
        for start, end, digits in loose_pans(text, companions.run_start(text, pos), stop):
            test = is_test_pan(digits)
            if start >= pos:
                yield Span(start, end, "pan", self.id, digits, test_card=test)
            yield from (s for s in companions.after_pan(text, end, stop, self.id, test) if s.start >= pos)

DETECTOR = LoosePanDetector
