"""Card numbers written as numeric literals with ``_`` between digit groups: ``4111_1111_1111_1111`` in a test
fixture, ``long pan = 4111_1111_1111_1111L; // cvv 123 exp 12/30`` in Java, ``3782_822463_10005`` (Amex groups).

Python (PEP 515), JavaScript/TypeScript, Go and Ruby allow one ``_`` between two digits of a literal; Java, Kotlin,
C#, Rust and Swift allow more (and Rust and Swift a trailing one): the realistic card literal is groups joined by
single underscores, and that is what is read. A literal may end in its language's type suffix: ``L``/``l`` (Java,
Kotlin, C#), ``u``/``U``/``uL``/``UL``/``LU`` (Kotlin, C#), ``n`` (a JavaScript BigInt), ``u64``/``i64``/``usize``
(Rust, also after one ``_``: ``…_u64``). A literal is whole: not after a letter, digit, ``_``, ``.`` or ``$`` (an
identifier such as ``test_4242_4242`` or a float's fraction), not before another word character.

Each line holding such a literal of 12 to 19 digits is one segment, decoded to the line with every such literal
read as its digits (the suffix dropped): the PAN detector then judges the number as it would written plainly, and an
expiry and code beside it (a ``// cvv 123 exp 12/30`` comment) are read with their card. The trigger needs four
groups (``4-4-4-4``, ``4-4-4-3``, thousands ``4_111_111_…``) or three card-sized ones (``4-4-4`` of a 12-digit card,
Diners ``4-6-4``, Amex ``4-6-5``): a ``1_000_000`` constant never fires it.

Limits: lines longer than ``max_segment`` characters are skipped; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, trigger_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_LEAD = r"(?:^|[^0-9A-Za-z_.$])"
# four or more groups, or three card-sized ones (4-4-4, 4-6-4, 4-6-5)
TRIGGERS = (_LEAD + r"[0-9]{1,8}(?:_[0-9]{1,8}){3}", _LEAD + r"[0-9]{4}_[0-9]{4,6}_[0-9]{4,5}")
_TRIGGER = re.compile("|".join(TRIGGERS), re.MULTILINE)
_SUFFIX = r"(?:_?(?:[ui](?:8|16|32|64|128|size))|[uU][lL]?|[lL][uU]?|n)?"
LITERAL = lazy_compile(rf"(?<![0-9A-Za-z_.$])(?P<digits>[0-9]+(?:_[0-9]+)+){_SUFFIX}(?![0-9A-Za-z_])")
MIN_DIGITS, MAX_DIGITS = 12, 19


def _read(m: re.Match[str]) -> str:
    digits = m["digits"].replace("_", "")
    return digits if MIN_DIGITS <= len(digits) <= MAX_DIGITS else m[0]


def read_literals(line: str) -> str:
    """``line`` with every ``_``-split literal of 12 to 19 digits read as its digits (suffix dropped)."""
    return LITERAL.sub(_read, line)


class DigitUnderscoresDecoder(BoundedDecoder):
    id = "underscores"
    priority = 32
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in trigger_lines(_TRIGGER, text, pos, endpos, self.max_segment, whole=True):
            line = text[s:e]
            decoded = read_literals(line)
            if decoded != line:
                yield Decoded(s, e, capped(decoded, self.max_output), ("underscores",))


DECODER = DigitUnderscoresDecoder
