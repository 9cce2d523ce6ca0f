"""Text written as an array of its byte values: ``[99, 97, 114, 100, 32, ...]``. journald's JSON export
(``journalctl -o json``) writes a field this way when its value holds non-UTF-8 or non-printable bytes (a log line
coloured with ANSI escapes, a stray Latin-1 byte), so the message that carries card data is a list of numbers;
Java's ``Arrays.toString(byte[])`` and a logged Node.js ``Buffer`` (``"data": [...]``) write bytes the same way
(Java's signed: -128 to -1 for the bytes above 127). Go's ``fmt`` prints a ``[]byte`` with ``%v`` (``%d``, and
inside a struct or map printed with ``%v``/``%+v``) the same numbers separated by single spaces and no comma, on one
line: ``pan bytes [52 49 49 49 ...]``. Erlang prints a binary that holds a byte which is no printable character
(``~p``, ``~w``: an OTP error report of a bad frame) as its bytes in double angle brackets: ``<<123,34,112,...,0,1>>``.

A segment is one such array, under any key, on one line or pretty-printed one number per line: at least
``_MIN_BYTES`` integers, each a byte. The bytes are read as UTF-8 (else Latin-1), ANSI escape sequences are dropped
(a terminal shows none) and the result must be mostly printable, so arrays of counts, readings or ids decode to
nothing.

Limits: arrays longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import ANSI, BoundedDecoder, capped, line_bounds, over_limit, plausible, utf8_or_latin1
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_MIN_BYTES = 8  # the shortest text that can carry a value with the word that names it
_BYTE = r"-?[0-9]{1,3}"
_DIGIT = "(?:4[89]|5[0-7])"  # an ASCII digit's byte
TRIGGERS = (
    rf"\[\s*{_BYTE}(?:\s*,\s*{_BYTE}){{{_MIN_BYTES - 1}}}",
    # Go's %v: six digits' bytes in a row (a card number; a CVV or a date with the bytes around it)
    rf"[\[ ]{_DIGIT}(?: {_DIGIT}){{5}}[ \]]",
    rf"<<[0-9]{{1,3}}(?:,\s*[0-9]{{1,3}}){{{_MIN_BYTES - 1}}}",  # Erlang's binary
)
_OPEN = re.compile(rf"\[(?=\s*{_BYTE}\s*,|[0-9]{{1,3}} [0-9])|<<(?=[0-9]{{1,3}},)", re.ASCII)
_ARRAY = re.compile(
    rf"\[\s*+{_BYTE}(?:\s*+,\s*+{_BYTE})*+\s*+\]|\[[0-9]{{1,3}}(?: [0-9]{{1,3}})*+\]"
    r"|<<[0-9]{1,3}(?:,\s*+[0-9]{1,3})*+>>",
    re.ASCII,
)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_NUMBER = re.compile(_BYTE, re.ASCII)
_FILLER = lazy_compile(r"[\s0-9,-]*", re.ASCII)  # what lies between a pretty-printed array's "[" and a later line
_BACK = 4096  # how far back a pretty-printed array's "[" is looked for (the trigger ends on its 8th number)


def as_bytes(array: str) -> bytes | None:
    """The bytes an array of byte values stands for, or None when a number is no byte (or too few)."""
    values = [int(n) for n in _NUMBER.findall(array)]
    if len(values) < _MIN_BYTES or not all(-128 <= v <= 255 for v in values):
        return None
    return bytes(v & 0xFF for v in values)


class ByteArrayDecoder(BoundedDecoder):
    id = "byte_array"
    priority = 45
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, _, _ = line_bounds(text, pos, endpos)
        at = start
        # A pretty-printed array's lines before the window (the trigger's hit ends on its 8th number): from its "[".
        back = text.rfind("[", max(0, start - _BACK), start)
        if back >= 0 and "\n" in text[back:start] and _FILLER.fullmatch(text, back + 1, start):
            at = back
        while (opener := _OPEN.search(text, at, end)) is not None:
            s = opener.start()
            m = _ARRAY.match(text, s)  # possessive: linear however long
            at = m.end() if m is not None else s + 1
            if m is None or ("\n" not in m.group() and m.end() > end) or over_limit(m.end() - s, self.max_segment):
                continue  # one line: the window must hold it; over several lines it is read whole from any of them
            raw = as_bytes(m.group())
            if raw is None:
                continue
            decoded = ANSI.sub("", utf8_or_latin1(raw))
            if m.group().startswith("<<"):  # Erlang lists a binary because a byte is no text: its controls part words
                decoded = _CONTROLS.sub(" ", decoded)
            decoded = capped(decoded, self.max_output)
            if plausible(decoded):
                yield Decoded(s, m.end(), decoded, ("byte_array",))


DECODER = ByteArrayDecoder
