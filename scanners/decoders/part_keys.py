"""A card number kept in sibling keys, one part each: a contact flow that stored the digits it collected in two
Get-customer-input blocks as contact attributes ``"cardPart1": "51344012", "cardPart2": "34569322"`` (an Amazon
Connect contact trace record's ``Attributes``), ``card_number_1=…&card_number_2=…``, ``pan-part-1``.

The keys are the evidence that the values are one number, as a table's header is for the columns of
``cards.cardparts``: each key a card word and its part's number (``cardparts.part_of``), one stem, numbered 1, 2 (and
on) in order, side by side (only separators between the members). The values, all digits, must join into a card
number of a brand in the IIN table, Luhn valid; the PAN detector then judges it as a number written whole. Keys that
name no card (an order's ``ref1``/``ref2``), members apart or out of order, and numbered cards that each hold a whole
number (``card1``, ``card2``: a card number's length twice over) never join.

The segment is the run of members, decoded to the first key and the joined number (``cardPart1: 5134…``), so the
number is reported on the line where the run starts. Limits: the members of one line only (a one-line JSON record,
a query string); a line longer than ``max_segment`` characters is skipped; decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan
from scanners.cards.cardparts import part_of
from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded

_CARD = r"(?i:card|karte|carte|tarjeta|carta|cartao|cc|pan)"
# a card-worded key numbered 1 with digits for its value: the run's first member
TRIGGERS = (_CARD + r"[A-Za-z_\-]{0,24}1\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?[0-9]",)
_TRIGGER = re.compile(TRIGGERS[0])
_MEMBER = re.compile(
    r"(?<![\w\-])\\?[\"']?(?P<key>[A-Za-z][\w\-]{0,40}[1-9])\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?(?P<v>[0-9]{2,17})"
    r"(?![0-9])\\?[\"']?")
_BETWEEN = re.compile(r"[ \t]*[,;&][ \t]*")  # between two members of one object, list or query string


class PartKeysDecoder(BoundedDecoder):
    id = "part_keys"
    priority = 36
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            yield from _runs(text, max(s, m.start() - 48), e, self.max_output)


def _runs(text: str, lo: int, hi: int, cap: int) -> Iterator[Decoded]:
    run: list[re.Match[str]] = []
    stem = ""
    for m in _MEMBER.finditer(text, lo, hi):
        part = part_of(m["key"])
        if part is not None and run and part == (stem, len(run) + 1) and _BETWEEN.fullmatch(text, run[-1].end(),
                                                                                             m.start()):
            run.append(m)
            continue
        if (got := _joined(run, cap)) is not None:
            yield got
        run, stem = ([m], part[0]) if part is not None and part[1] == 1 else ([], "")
    if (got := _joined(run, cap)) is not None:
        yield got


def _joined(run: list[re.Match[str]], cap: int) -> Decoded | None:
    """The run's number (two parts or more, a card number of a brand, Luhn valid) as its first key's value."""
    digits = "".join(m["v"] for m in run)
    if len(run) < 2 or not MIN_LENGTH <= len(digits) <= MAX_LENGTH or not is_pan(digits):
        return None
    return Decoded(run[0].start("key"), run[-1].end("v"), capped(f"{run[0]['key']}: {digits}", cap), ("part_keys",))


DECODER = PartKeysDecoder
