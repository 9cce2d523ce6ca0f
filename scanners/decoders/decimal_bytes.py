"""A card number stored as a number (``NUMERIC(19,0)``, ``DECIMAL``) in a change event of Kafka Connect's JSON
converter: Debezium's default ``decimal.handling.mode=precise`` gives the column the ``Decimal`` logical type, whose
value is the unscaled integer's big-endian two's-complement bytes, and the converter writes them in base64 (its
default ``decimal.format=BASE64``, KIP-481): ``"card_number": "DkDKeh+qxw=="`` reads ``"card_number": "4…"``.

Only under a key that names a card number (``card_number``, ``cardNo``, ``pan``, ``cc_num``...), only a value of 6 to
9 bytes (a 13- to 19-digit number; a positive one), and only when the integer is a card number of a known brand and
length that passes Luhn: other short base64 under such a key (a token, a hash's prefix) is left as it is. The
segment is the member, its key included, rewritten with the integer's digits.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.decoders._common import BoundedDecoder, capped, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_KEY = r"(?:[A-Za-z_]{0,24}?(?:card_?(?:number|num|no|nr)|cc_?(?:number|num|no))|(?:[A-Za-z]{0,20}_)?pan)"
TRIGGERS = (rf'"(?i:{_KEY})"[ \t]*:[ \t]*"[A-Za-z0-9+/]{{8,12}}=?=?"',)
_MEMBER = lazy_compile(rf'"({_KEY})"[ \t]*:[ \t]*"([A-Za-z0-9+/]{{8,12}}=?=?)"', re.IGNORECASE)


def card_integer(value: str) -> str | None:
    """The digits of the positive integer whose big-endian bytes ``value`` (strict base64) holds, when they are a
    card number (6 to 9 bytes, ``is_pan``), or None."""
    try:
        raw = binascii.a2b_base64(value, strict_mode=True)
    except binascii.Error:
        return None
    if not 6 <= len(raw) <= 9 or raw[0] & 0x80:
        return None
    digits = str(int.from_bytes(raw, "big"))
    return digits if is_pan(digits) else None


class DecimalBytesDecoder(BoundedDecoder):
    id = "decimal_bytes"
    priority = 40
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        for m in _MEMBER.finditer(text, max(0, min(pos, end)), end):
            s, v = m.start(), m.start(2)
            if (digits := card_integer(m.group(2))) is not None and not over_limit(m.end() - s, self.max_segment):
                yield Decoded(s, m.end(), capped(f"{text[s:v]}{digits}\"", self.max_output), ("decimal_bytes",))


DECODER = DecimalBytesDecoder
