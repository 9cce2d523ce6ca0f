"""Text written in source code as an array of its characters: ``char[] pan = {'4', '1', '1', '1', …};`` (Java, C,
C#; C's may end in ``'\\0'``), ``charArrayOf('4', …)`` (Kotlin), ``['4', '1', …]`` (a Python list, a JavaScript
array, often ``.join('')``-ed), on one line or pretty-printed over several, as a fixture hides a card number from a
plain search. (Double-quoted digits in brackets, ``["4", "1", …]``, are JSON's shape as much as code's: the
``array_pan`` detector reads them; JSON logs hold such arrays, which this decoder would re-read line by line.)

A segment is one such array of one-character literals in single quotes that holds six digits in a row (the
trigger). It is decoded to its lines with the array written as the quoted text it spells (``pan = "4111…";``): the
name before it stays with the value, as a twelve-digit card number needs it. Arrays of letters, or of digits fewer
than six in a row, are left alone.

Limits: an array longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._arrays import window_arrays
from scanners.decoders._common import BoundedDecoder, spliced
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"(?:'[0-9]'[ \t]*,[ \t]*){5}'[0-9]'",)
_TRIGGER = lazy_compile("|".join(TRIGGERS), re.ASCII)
# one quoted character (C's terminating '\0' too); possessive, so linear however long
_ARRAY = lazy_compile(r"[{\[(]\s*+'(?:[^'\\\n]|\\0)'(?:\s*+,\s*+'(?:[^'\\\n]|\\0)')++\s*+,?\s*+[}\])]")
_CHAR = lazy_compile(r"'([^'\\\n]|\\0)'")


def array_text(array: str) -> str:
    """The text an array of one-character literals spells (a C terminator dropped)."""
    return "".join(m[1] for m in _CHAR.finditer(array) if m[1] != "\\0")


class CharArraysDecoder(BoundedDecoder):
    id = "char_arrays"
    priority = 47
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m in window_arrays(text, (pos, endpos), _ARRAY, _TRIGGER, self.max_segment):
            ls, le, decoded = spliced(text, m.start(), m.end(), f'"{array_text(m.group())}"', self.max_output)
            yield Decoded(ls, le, decoded, ("char_arrays",))


DECODER = CharArraysDecoder
