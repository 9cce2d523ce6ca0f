"""A card number written over two consecutive lines of one speaker in a transcript written a message a line, each
line its time and its speaker's name first: a live chat's export (``(10:56:57) João Silva: Nummer ist 5548 7999``,
then ``(10:58:43) João Silva: 2767 0062``), a chat pasted into a ticket or mailed (``[10:21] Customer: ...``).

The second line holds only digit groups (and filler words); the line just above it is the same speaker's, said
within ``chat_split.MAX_GAP`` seconds of it when both times read as a time of day, and ends with digit groups. Their
groups joined must be laid out as a card's (``chat_split.laid_out``: 4-4-4-4, 4-6-5...) and form a valid PAN (IIN
range, length, Luhn): an order or phone number split over two lines seldom is. The number is reported on the second
line's digits, the line that makes it whole (the trigger's line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.detectors.chat_split import MAX_GAP, closing_groups, digit_groups, laid_out

# The trigger: a time's end, a name, then only digit groups to the line's end ("?": a letter outside ASCII, as
# hyperscan reads the text; \x80-\xff: a Latin-1 letter, as the ``re`` back end does)
LINE = (r"(?:\]|[0-9Mm]\)) ?[A-Za-z?\x80-\xff][A-Za-z0-9 ._'?()\x80-\xff\-]{0,30}: "
        r"[0-9]{1,8}(?:[ \-][0-9]{1,8}){0,5}[.]?\r?$")
_LINE = re.compile(
    r"^[ \t]*(?:\[(?P<b>[^\]\r\n]{1,40})\]|\((?P<p>[0-9][0-9:.]{3,10}(?: ?[AaPp][Mm])?)\)) ?"
    r"(?P<who>[^\W\d_][\w .'()\-]{0,30}?): (?P<said>[^\r\n]*?)[ \t]*\r?$", re.MULTILINE)
_CLOCK = re.compile(r"(?:.*[ T])?([0-9]{1,2})[:.]([0-9]{2})(?:[:.]([0-9]{2}))?(?: ?([AaPp])[Mm])?")
_DAY = 86400


def line_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each transcript line starting in ``text[lo:hi]`` whose digit groups finish the card
    number its speaker's line just above starts; start and end are this line's digits."""
    for m in _LINE.finditer(text, lo, hi):
        said = digit_groups(m["said"])
        if said is None or m.start() < 2:
            continue
        above = _LINE.match(text, text.rfind("\n", 0, m.start() - 1) + 1, m.start() - 1)
        if above is None or above["who"] != m["who"] or not _close(above, m):
            continue
        first = closing_groups(above["said"])
        if first is None or (len(first[0]) >= 12 and is_pan(first[0])):
            continue  # a whole number in one line is the PAN detector's
        digits, sizes = first[0] + said[0], first[1] + said[1]
        if 12 <= len(digits) <= 19 and laid_out(sizes) and is_pan(digits):
            yield m.start("said"), m.end("said"), digits


def _close(above: re.Match[str], below: re.Match[str]) -> bool:
    """The two lines were said within ``MAX_GAP`` seconds, when both their times read as a time of day."""
    a, b = _seconds(above["b"] or above["p"]), _seconds(below["b"] or below["p"])
    return a is None or b is None or (b - a) % _DAY <= MAX_GAP


def _seconds(stamp: str) -> int | None:
    """The time of day ``stamp`` writes, in seconds (a date before it passed over), None when it writes none."""
    m = _CLOCK.fullmatch(stamp.strip())
    if m is None:
        return None
    hour = int(m[1]) % 12 + (12 if (m[4] or "").lower() == "p" else 0) if m[4] else int(m[1])
    return hour * 3600 + int(m[2]) * 60 + int(m[3] or 0)
