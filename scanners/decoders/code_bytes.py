"""Text written in source code as an array of its bytes: ``static const uint8_t pan[16] = {0x34, 0x31, …};`` (C),
``new byte[] { 0x34, … }`` (C#, Java, Java also ``(byte) 0x34``), ``[]byte{0x34, …}`` (Go), ``[0x34u8, …]`` (Rust),
``byteArrayOf(0x34, …)`` (Kotlin), ``bytes([0x34, …])`` (Python),
``{52, 49, …}`` (decimal, in braces: C, Java, C#; an array of decimal bytes in square brackets is ``byte_array``'s),
on one line or pretty-printed over several, as test vectors and firmware headers hold a card number.

A segment is one such array whose bytes are all printable ASCII (a key, IV or hash is random bytes: one of its 16
bytes in 0x00-0x1F or 0x7F-0xFF all but surely) and which holds six ASCII digits in a row, a space or a dash allowed
after each (the trigger). It is decoded to its lines with the array written as the quoted text it holds
(``pan[16] = "4111…";``): the name before it (``pan``, ``card_number``) stays with the value, as a twelve-digit card
number needs it.

Limits: an array longer than ``max_segment`` characters is not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._arrays import window_arrays
from scanners.decoders._common import BoundedDecoder, spliced
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_CAST = r"(?:\(byte\)[ \t]*)?"  # Java's cast of a literal above 0x7F, written on every element by some generators
_SEP = rf"[ \t]*,[ \t]*{_CAST}"
# six digits' bytes in a row, a space's or a dash's byte allowed after each (a card number written in groups of four:
# ``{"cardNumber":"2204 1311 …"}`` as a fixture's byte array)
TRIGGERS = (
    rf"(?:0[xX]3[0-9](?:_?u8)?{_SEP}(?:0[xX]2[0dD](?:_?u8)?{_SEP})?){{5}}0[xX]3[0-9]",
    rf"\{{[ \t]*{_CAST}(?:(?:4[89]|5[0-7]){_SEP}(?:(?:32|45){_SEP})?){{5}}(?:4[89]|5[0-7])[ \t]*[,}}]",  # decimal
)
_TRIGGER = lazy_compile("|".join(TRIGGERS), re.ASCII)
_EL = rf"{_CAST}(?:0[xX][0-9A-Fa-f]{{1,2}}|[0-9]{{1,3}})(?:_?u8)?"
# an array, possessive so it is linear however long; line breaks between elements (a pretty-printed vector)
_ARRAY = lazy_compile(rf"[{{\[(]\s*+{_EL}(?:\s*+,\s*+{_EL})++\s*+,?\s*+[}}\])]", re.ASCII)
_NUMBER = lazy_compile(r"(0[xX])?([0-9A-Fa-f]+)(?:_?u8)?(?![\w])", re.ASCII)
_MIN_BYTES = 8


def array_text(array: str) -> str | None:
    """The printable ASCII text an array of byte literals spells, or None (a byte out of range or unprintable)."""
    values = [int(m[2], 16 if m[1] else 10) for m in _NUMBER.finditer(array.replace("(byte)", ""))]
    if len(values) < _MIN_BYTES or not all(0x20 <= v < 0x7F for v in values):
        return None
    return bytes(values).decode("ascii")


class CodeBytesDecoder(BoundedDecoder):
    id = "code_bytes"
    priority = 46
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for m in window_arrays(text, (pos, endpos), _ARRAY, _TRIGGER, self.max_segment):
            value = array_text(m.group())
            if value is not None:
                ls, le, decoded = spliced(text, m.start(), m.end(), f'"{value}"', self.max_output)
                yield Decoded(ls, le, decoded, ("code_bytes",))


DECODER = CodeBytesDecoder
