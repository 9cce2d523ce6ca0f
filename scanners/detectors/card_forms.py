"""A card number written other than in ASCII digit groups, as ``card_summary.holds_card_number`` reads it in a
record: with JSON ``\\u`` escapes (``"4111\\u00a01111..."``, full-width ``\\uff14``), HTML entities (``&nbsp;``
between the groups), digits, spaces and dashes of another script (full-width ``４１１１``, a no-break space between
the groups), groups some of them emphasised in Markdown (``**4736** 7379 ...``), groups joined by slashes or pipes
(``6202/2707/...``, ``5081 | 8799 | ...``), or spoken (``four one one one ...``, as speech-to-text writes a caller
reading it out). The readers are the decoders' and the spoken detectors' own: ``json_escape.unescape``,
``html.unescape``, ``unicode_digits.fold``, ``emphasis_groups.drop_marks``, ``digit_words.number_runs`` and
``spelled_digits``. Each is tried only when the record holds what it reads. Groups
typed two or three spaces apart (``4111  1111 ...``) are read one space apart, and a card label's irregular groups
(``card is 41111 1111 11 ...``, as ``loose_pan`` reads them) as the one number they are.
"""

from __future__ import annotations

import html
import re

from scanners.cards.brands import is_pan
from scanners.cards.loosegroups import loose_pans
from scanners.decoders.emphasis_groups import drop_marks
from scanners.decoders.json_escape import unescape
from scanners.decoders.unicode_digits import fold
from scanners.detectors.digit_words import number_runs, spelled_digits
from scanners.lazy_re import lazy_compile

_ESCAPE = lazy_compile(r"\\u[0-9A-Fa-f]{4}")
_WIDE_GAP = re.compile(r"(?<=[0-9])[ \t]{2,3}(?=[0-9])")
_MARKED = lazy_compile(r"[*_~][0-9]")  # a digit group emphasised in Markdown: ``**4736** 7379 **9910** 0886``
# three to eight groups joined by one slash or ``" | "`` throughout (read as spaces: only a whole card number counts)
_JOINED = lazy_compile(r"(?<![0-9/|])[0-9]{2,8}(?P<s>/| \| )[0-9]{2,8}(?:(?P=s)[0-9]{2,8}){1,6}(?![0-9/|])")
_JOIN = re.compile(r"/| \| ")
_LABEL = re.compile(r"(?i)card|pan|cc")  # what every card label ``loose_pan`` reads holds
_LABELS = ("card", "pan", "cc")  # the same in lower-case ASCII text (ASCII letters fold only among themselves)
_TYPED_GROUP = 6  # a card's groups as people type them here; a number split once (``12345678-12345678``) is not one


def other_forms(text: str, lo: int, hi: int) -> str | None:
    """``text[lo:hi]`` with its escapes, entities and other scripts' digits and spaces read, or None when it holds
    none of them."""
    piece = text[lo:hi]
    read = piece
    if "\\u" in read:
        read = _ESCAPE.sub(lambda m: unescape(m[0]) or m[0], read)
    if "&" in read:
        read = html.unescape(read)
    if not read.isascii():
        read = fold(read)
    if "  " in read or "\t" in read:
        read = _WIDE_GAP.sub(" ", read)
    if _MARKED.search(read):
        read = drop_marks(read)
    if "/" in read or "|" in read:
        read = _JOINED.sub(lambda m: _JOIN.sub(" ", m[0]), read)
    if _labelled(read):
        for start, end, digits in reversed(list(loose_pans(read, 0, len(read), longest=_TYPED_GROUP))):
            read = read[:start] + digits + read[end:]
    return None if read == piece else read


def _labelled(read: str) -> bool:
    """``read`` holds what every card label holds (``_LABEL``): in an ASCII text its lower case is searched for each
    (a case-insensitive search tries every position)."""
    if read.isascii():
        low = read.lower()
        return any(label in low for label in _LABELS)
    return _LABEL.search(read) is not None


def spoken_card(text: str, lo: int, hi: int) -> bool:
    """``text[lo:hi]`` holds a card number in words (numerals may be mixed in): a run of number words whose digits
    pass the IIN, length and Luhn checks."""
    return any(is_pan(digits) for run in number_runs(text, lo, hi)
               if (digits := spelled_digits(run.group())) is not None and 12 <= len(digits) <= 19)
