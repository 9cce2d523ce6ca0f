"""Four digits after a whole-date expiry keyword in prose (``valid thru 2712``, ``expires 2908``), read as the
card's date only with evidence that a card is meant: a full card number on the line within reach, or a card code
and its value right after the date. ``monthyear.date_after`` asks here last, for a keyword that names no month or
year alone.
"""

from __future__ import annotations

import re

from scanners.detectors.card_dates import date_at
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.dateparts import Hit
from scanners.detectors.spoken import code_at
from scanners.detectors.vocabulary import Cvv
from scanners.lazy_re import lazy_compile

_YYMM_REACH = 200
_NOT_PROSE = re.compile(r"[|\n\r]|\\[nr]")
_GROUP_AFTER = lazy_compile(r"[ \-]?[0-9]")


# Between a date and the card code named right after it: "expires 2908, CVV 123", "valid thru 2908 and the code on
# the back is 123", a mail's HTML line break "valid thru 2908<br>cvc 123" (a comma, a line break tag, "and", "the";
# never another word: "valid thru 2030, promo code 123")
_CODE_NEXT = lazy_compile(r"[ \t]*(?:[,;]|<(?i:br)[ \t]*/?>)?[ \t]*(?:(?i:and|the)[ \t]+){0,2}", re.ASCII)


def prose_yymm(text: str, e: int, fillers: frozenset[str]) -> Hit | None:
    """Four digits after a whole-date keyword in prose, read as YYMM when they are no MMYY (``card 4111 ... valid
    thru 2712``, as an agent or a DTMF log writes the card's date in the ISO 8583 order), only when the line holds a
    full card number within reach or a card code with its value follows the date (``expires 2908, the code on the
    back is 123``: a Logback line, a Contact Lens turn, a prompt): alone, four digits after "expires" may be
    anything (a year: "expires 2027")."""
    hit = date_at(text, e, fillers, yymm=True, prose=True)
    if hit is None or _NOT_PROSE.search(text, e, hit[0]) or _GROUP_AFTER.match(text, hit[1]):
        return None  # a table's header or another line before it; a card number's first group
    if _code_follows(text, hit[1]):
        return hit
    lo = text.rfind("\n", max(0, e - _YYMM_REACH), e) + 1 or max(0, e - _YYMM_REACH)
    hi = text.find("\n", hit[1], hit[1] + _YYMM_REACH)
    return hit if holds_card_number(text, lo, min(len(text), hit[1] + _YYMM_REACH) if hi < 0 else hi) else None


def _code_follows(text: str, at: int) -> bool:
    """A card code keyword and its value come right after a date ending at ``at``."""
    gap = _CODE_NEXT.match(text, at)
    if gap is None or gap.end() == at:
        return False
    word = Cvv.ASKED.match(text[gap.end() : gap.end() + 32].lower())
    return word is not None and code_at(text, gap.end() + word.end(), Cvv.FILLERS) is not None
