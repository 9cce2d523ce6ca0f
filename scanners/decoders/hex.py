"""Hex-encoded text: ``34313131…`` (hex of ASCII, as payload dumps and ``xxd -p`` write it), byte pairs separated
by spaces or colons (``34 31 31 31``, ``34:31:31``), and ``\\x34\\x31…`` escapes.

A segment is a maximal run of hex byte pairs (not glued to other letters or digits) that holds a trigger match:
six hex-encoded ASCII (or UTF-16LE) digits in a row, or two groups of four joined by a space or a dash (``20``,
``2d``), the way a sentence with a grouped card number reads in hex. It decodes as UTF-8 (or UTF-16) text and must
be mostly printable, so digests, ids and ciphertext (random bytes) decode to nothing.

Limits: runs longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, bytes_to_text, line_bounds
from scanners.detectors.base import Decoded

TRIGGERS = (
    r"(?:3[0-9]){6}",
    r"(?:3[0-9][ :]){5}3[0-9]",
    r"(?:\\x3[0-9]){6}",
    r"(?:3[0-9]00){6}",  # hex of UTF-16LE text
    # a grouped card number: four digits, a space or dash, four digits (every PAN grouping starts 4 + 4 or more)
    r"(?:3[0-9]){4}2[0dD](?:3[0-9]){4}",
    r"(?:3[0-9][ :]){4}2[0dD][ :](?:3[0-9][ :]){3}3[0-9]",
    r"(?:\\x3[0-9]){4}\\x2[0dD](?:\\x3[0-9]){4}",
    r"(?:3[0-9]00){4}2[0dD]00(?:3[0-9]00){4}",
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_RUNS = (
    re.compile(r"(?<![0-9A-Za-z_])(?:[0-9A-Fa-f]{2})+(?![0-9A-Za-z_])"),
    re.compile(r"(?<![0-9A-Za-z_:])[0-9A-Fa-f]{2}(?:([ :])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2})*(?![0-9A-Za-z_:])"),
    re.compile(r"(?:\\x[0-9A-Fa-f]{2})+"),
)
_NOT_HEX = re.compile(r"[^0-9A-Fa-f]")


class HexDecoder(BoundedDecoder):
    id = "hex"
    priority = 50
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        for rx in _RUNS:
            for m in rx.finditer(text, line_start, line_end):
                s, e = m.span()
                if s < start or e > end or e - s > self.max_segment or not _TRIGGER.search(text, s, e):
                    continue
                raw = bytes.fromhex(_NOT_HEX.sub("", m.group().replace("\\x", "")))
                decoded = bytes_to_text(raw, self.max_output)
                if decoded is not None:
                    yield Decoded(s, e, decoded, ("hex",))


DECODER = HexDecoder
