"""EBCDIC text written as hex: a mainframe record (a settlement or clearing file, IBM code page 037, 500 or 1047)
dumped the way a hex editor, ISPF's ``HEX ON``, a file transfer's trace or a ``DUMP`` shows it: ``F4F1F1F1…`` for
``4111…``, letters ``C1``-``C9``, ``D1``-``D9``, ``E2``-``E9`` (and ``81``-``A9`` lower case), the space ``40``.

A segment is a run of hex byte pairs (contiguous, or separated by single spaces; not glued to other letters or
digits) that holds a trigger match: six EBCDIC digits in a row (``F0``-``F9``). Its bytes must all be EBCDIC text
(``0x40``-``0xFE``: hex of ASCII text has its digits and spaces below ``0x40``, and the ``hex`` decoder reads it), at
least 70 % of them letters, digits and spaces (``sniff.EBCDIC_WORDS``), so that digests and binary data (random
bytes) decode to nothing. The digits, letters and space of the three code pages are the same bytes; the run is read
as code page 037, as the scanner reads a binary EBCDIC file (``engine.sniff``).

Limits: a run longer than ``max_segment`` characters is not decoded (and noted); decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible
from scanners.detectors.base import Decoded
from scanners.engine.sniff import EBCDIC_WORDS
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"(?:[Ff][0-9] ?){5}[Ff][0-9]",)  # six EBCDIC digits ("0"-"9" are F0-F9)
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII)
_RUNS = (
    lazy_compile(r"(?<![0-9A-Za-z_])(?:[0-9A-Fa-f]{2})+(?![0-9A-Za-z_])", re.ASCII),
    lazy_compile(r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})+(?![0-9A-Za-z_])", re.ASCII),
)
_NOT_TEXT = bytes(range(0x40)) + b"\xff"  # control bytes (EBCDIC's too) and 0xFF: no EBCDIC text
MIN_BYTES = 8


def ebcdic_text(raw: bytes) -> bool:
    """Every byte is EBCDIC text, at least 70 % of them letters, digits and spaces."""
    if len(raw) < MIN_BYTES or len(raw.translate(None, _NOT_TEXT)) != len(raw):
        return False
    return (len(raw) - len(raw.translate(None, EBCDIC_WORDS))) * 10 >= len(raw) * 7


class EbcdicHexDecoder(BoundedDecoder):
    id = "ebcdic_hex"
    priority = 51
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        for rx in _RUNS:
            for m in rx.finditer(text, line_start, line_end):
                s, e = m.span()
                if e <= start or s >= end or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                    continue
                raw = bytes.fromhex(m.group().replace(" ", ""))
                if ebcdic_text(raw) and plausible(decoded := capped(raw.decode("cp037"), self.max_output)):
                    yield Decoded(s, e, decoded, ("ebcdic hex",))


DECODER = EbcdicHexDecoder
