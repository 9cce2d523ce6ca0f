"""A number written in source code as string literals of its digits joined together, as a fixture splits a card
number to hide it from a plain search: ``"490085" + "5" + "1469" + "68120547"`` (Java, JavaScript, C#, Python,
Kotlin, Swift), ``'4111' . '1111'`` (PHP), ``"4111" .. "1111"`` (Lua), adjacent literals ``"4111" "1111"`` (C,
C++, Python), and a chain broken over lines: the operator ending a line or starting the next, or adjacent literals
on an indented next line (``("4111"`` / ``     "1111")``).

A segment is one such chain of two or more quoted digit strings (digits only: a version's dots, an id's letters,
an SQL fragment's words end it) holding 12 to 19 digits in all. It is decoded to its lines with the chain written as
the one literal it makes (``PAN = "4111…"``): the name before it stays with the value, and the PAN detector judges the
digits as it judges any literal (IIN, Luhn, the card word a twelve-digit number needs). Quoted digits one per line
with no operator (a column of a CSV file) are no chain.

Limits: a chain longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, line_bounds, over_limit, spliced
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_LIT = r"""["'][0-9]{1,19}["']"""
_OP = r"(?:\+|\.\.?)"
TRIGGERS = (
    rf"{_LIT}[ \t]*{_OP}[ \t]*(?:[\"'][0-9]|\r?$)",  # an operator after a digit literal, the next on its line or below
    rf"^[ \t]*{_OP}[ \t]*{_LIT}",  # a continuation line that opens with the operator
    rf"{_LIT}[ \t]+{_LIT}",  # adjacent literals (C, Python)
    rf"{_LIT}[ \t]*\r?\n[ \t]+[\"'][0-9]",  # ... the next on an indented line
)
_PART = r"""(?:"[0-9]{1,19}"|'[0-9]{1,19}')"""
# between two parts: an operator (a line break after or before it), blanks on one line, or a break to an indented line
_JOIN = rf"(?:[ \t]*{_OP}[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*{_OP}[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]+)"
_CHAIN = lazy_compile(rf"(?<![\w\"'.]){_PART}(?:{_JOIN}{_PART})+(?![\w\"'])", re.ASCII)
_DIGITS = lazy_compile("[0-9]+")
_BACK = 1024  # how far before a window a chain broken over lines is looked for
MIN_DIGITS, MAX_DIGITS = 12, 19


class ConcatLiteralsDecoder(BoundedDecoder):
    id = "concat_literals"
    priority = 48
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        at = text.rfind("\n", 0, max(0, line_start - _BACK)) + 1  # from a line start: a chain is never cut
        for m in _CHAIN.finditer(text, at, min(len(text), line_end + _BACK)):
            s, e = m.span()
            if s >= end:
                break
            if e <= start or over_limit(e - s, self.max_segment):
                continue
            digits = "".join(_DIGITS.findall(m.group()))
            if MIN_DIGITS <= len(digits) <= MAX_DIGITS:
                q = m.group()[0]
                ls, le, decoded = spliced(text, s, e, f"{q}{digits}{q}", self.max_output)
                yield Decoded(ls, le, decoded, ("concat_literals",))


DECODER = ConcatLiteralsDecoder
