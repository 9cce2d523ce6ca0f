"""The last card-metadata record an expiry detector found in a text (``card_summary.truncated_object``), kept so
every hit inside it is judged once; a keyword right after a card number given in any grouping (``date_subject.
number_given_before``) dates that card, not the record's truncated one."""

from __future__ import annotations

from scanners.detectors.card_summary import truncated_object
from scanners.detectors.date_subject import number_given_before


class CardObjects:
    """The last card-metadata record found in a text (``truncated_object``), so every hit inside it is judged once.
    One tuple is swapped at a time, so threads sharing a detector never pair one text with another's bounds."""

    def __init__(self) -> None:
        self._last: tuple[str, int, int] = ("", -1, -1)

    def holds(self, text: str, at: int) -> bool:
        last_text, lo, hi = self._last
        if last_text is text and lo <= at < hi:
            return not number_given_before(text, at)
        bounds = truncated_object(text, at)
        if bounds is None:
            return False
        self._last = (text, *bounds)
        return not number_given_before(text, at)
