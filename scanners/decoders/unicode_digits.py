"""Card data written with non-ASCII digits, spaces or punctuation: ``ＣＶＶ：１２３``, ``exp ١٢/٢٧``, ``cvv\u00a0123``.

The PAN detector reads Unicode digits and separators itself; the CVV, expiry and track detectors (and the decoders)
read ASCII only. This decoder hands them the line with every such character folded to its ASCII form: decimal
digits of any script (Unicode category Nd) and single digits in typographic dress (superscript, subscript,
circled, parenthesised: ``\u2463``, ``\u2077``) to ``0-9``, the full-width forms (U+FF01-U+FF5E, as CJK input methods
type them) to their ASCII letters and punctuation, Unicode spaces to a space, dashes and the minus sign to ``-``,
fraction and division slashes to ``/``; zero-width characters, the soft hyphen and the bidirectional marks and
embeddings (LRM, RLM, ALM, LRE..RLO, the isolates LRI..PDI: invisible, typed or pasted around and inside numbers by
right-to-left text and by hand to hide them) are dropped, and so are combining marks written on a digit
(``4\u0336`` struck through, ``4\u0332`` underlined, ``4\ufe0f\u20e3`` a keycap): a reader sees the digit.

No trigger: the engine gives every line holding a non-ASCII character to this decoder whole (``ascii_only`` is
False). It yields only a line where folding touches digits: a digit of another script, or a folded separator next
to a digit (accented names and emoji need no second scan); a line longer than ``max_segment`` is not folded (and
says so), one holding fewer than three digits yields nothing.
Each changed line of the window is one segment; its findings are reported on that line (at their own column when
folding kept the line's length, ``Decoded.same_places``: a value on a later line of a CSV cell read as one line is
reported on that line), and a card number the PAN detector already found in the original is not reported twice
(the engine drops an encoded twin).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from functools import cache
from typing import ClassVar

from scanners.decoders._common import BoundedDecoder, capped, window_lines
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit

_DROPPED = (
    "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi marks, embeddings, isolates
)
# Combining marks (diacritics, marks for symbols such as the enclosing keycap, half marks) and variation selectors,
# dropped only on a digit: on a letter they are the letter's accent, and a label's accent must stay.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
_DIGIT_MARKS = re.compile(f"[{_MARKS}](?<=\\d.)[{_MARKS}]*")


# Digits in typographic dress, each a single digit a reader reads as it (Unicode category No with a digit value):
# superscript and subscript, circled, parenthesised, with a full stop, negative and sans-serif circled (dingbats),
# and with a comma; never numbers above 9 (``\u2469`` 10, ``\u247d`` (10)) nor numerals of non-positional systems.
_DRESSED = (
    "\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd"
    "\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U0001f100-\U0001f10a"
)
_LAST = 0x1FBFF  # no digit, space or dash is assigned past the Symbols for Legacy Computing block


@cache
def _fold_table() -> dict[int, str]:
    """Built on first use, in C but for its few hundred entries (a Python step for each of the 130,000 code points
    cost 0.2 G instructions, 1 % of a 60 MB scan): a scan that meets only ASCII text never pays for it. ``re``'s
    ``\\d`` is exactly category Nd and its ``\\s`` holds every Zs; each dash (Pd) is one of ``_DASHES`` (the
    decoder tests check both against a reading of every code point's category)."""
    codes = array("I", range(0x80, 0xD800))  # every code point but the surrogates, as one string made in C
    codes.extend(range(0xE000, _LAST + 1))
    chars = codes.tobytes().decode(f"utf-32-{sys.byteorder[0]}e")
    found = [(ord(char), str(unicodedata.decimal(char))) for char in re.findall(r"\d", chars)]
    found += [(ord(char), " ") for char in re.findall(r"\s", chars) if unicodedata.category(char) == "Zs"]
    found += [(ord(char), "-") for char in re.findall(f"[{_DASHES}]", chars) if unicodedata.category(char) == "Pd"]
    found += [(ord(char), str(unicodedata.digit(char))) for char in re.findall(f"[{_DRESSED}]", chars)]
    table = dict(sorted(found))  # code point order, as one pass over them would give
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})  # full-width ASCII forms
    table.update({0x2212: "-", 0x2044: "/", 0x2215: "/", 0x3000: " "})
    table.update({ord(char): "" for char in _DROPPED})
    return table


MIN_DIGITS = 3  # the shortest card data value: a CVV
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Every non-ASCII character the fold table maps, and some more (a superset: any digit or space of another script,
# each dash (category Pd), the full-width forms, the slashes, the minus sign, the dropped characters, the combining
# marks); found in C, so
# a window without one (accented names, CJK prose, emoji) is passed over without a Python step per character.
_DASHES = (
    "\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32"
    "\ufe58\ufe63\uff0d\U00010ead"
)
_FOLDABLE = re.compile(
    f"[^\x00-\x7f](?<=[\\d\\s{_DASHES}{_DRESSED}\uff01-\uff5e\u2044\u2212\u2215{_DROPPED}{_MARKS}])"
)


def fold(text: str) -> str:
    """``text`` with every digit, space and dash of another script folded to ASCII (what this decoder yields)."""
    table = _fold_table()
    text = _DIGIT_MARKS.sub("", text)
    # str.translate would look every ASCII character up in the table too (a missed lookup costs an exception)
    return _NON_ASCII.sub(lambda m: table.get(ord(m[0]), m[0]), text)


def _touches_digits(line: str, table: dict[int, str]) -> bool:
    """A character folded to a digit, a folded separator right before or after an ASCII digit, or a mark on a
    digit."""
    if _DIGIT_MARKS.search(line) is not None:
        return True
    for m in _NON_ASCII.finditer(line):
        to = table.get(ord(m[0]))
        if to is None:
            continue
        at = m.start()
        if to.isdigit() or line[at - 1 : at].isdigit() or line[at + 1 : at + 2].isdigit():
            return True
    return False


def touches_digits(text: str) -> bool:
    """Folding ``text`` changes what the ASCII detectors see (``_touches_digits``): the percent decoder asks it of
    escaped UTF-8 text."""
    return _touches_digits(text, _fold_table())


class UnicodeDigitsDecoder(BoundedDecoder):
    id = "unicode"
    priority = 90
    in_place = True
    triggers = ()
    margin = None
    ascii_only: ClassVar[bool] = False  # its windows are exactly the lines that hold a non-ASCII character

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))  # the window as ``window_lines`` clips it
        if end - max(0, min(pos, end)) <= self.max_segment and _FOLDABLE.search(text, max(0, pos), end) is None:
            return  # no line of it folds (``_touches_digits`` needs a character of the table) or is too long to fold
        for start, stop in window_lines(text, pos, endpos):
            if (got := self._line(text, start, stop)) is not None:
                yield got

    def _line(self, text: str, start: int, end: int) -> Decoded | None:
        """The folded line, when folding changed it and it holds a value's worth of digits."""
        line = text[start:end]
        if line.isascii():
            return None
        if len(line) > self.max_segment:
            note_limit(SEGMENT)
            return None
        # Only a change that touches digits can change what the ASCII detectors see: a digit of another script,
        # or a folded separator next to a digit (accented names and emoji are left to the plain scan).
        table = _fold_table()
        if not _touches_digits(line, table):
            return None
        folded = capped(fold(line), self.max_output)
        if sum(map(folded.count, "0123456789")) < MIN_DIGITS:
            return None
        # digits of another script and full-width forms fold one character for one: a value keeps its place
        return Decoded(start, end, folded, ("unicode",), same_places=len(folded) == end - start)

DECODER = UnicodeDigitsDecoder
