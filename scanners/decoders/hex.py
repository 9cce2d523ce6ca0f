"""Hex-encoded text: ``34313131…`` (hex of ASCII, as payload dumps and ``xxd -p`` write it), byte pairs separated
by spaces or colons (``34 31 31 31``, ``34:31:31``), and ``\\x34\\x31…`` escapes; a run also after an SQL literal's
prefix (MySQL's ``0x3431…``, SQLite's ``X'3431…'``, a Postgres bytea's ``\\x3431…``, as database dumps write binary
columns); an iOS NSData description: words of four bytes in angle brackets (``<7b227061 6e223a20 …>``), or since
iOS 13 after ``bytes = 0x`` in braces.

A segment is a maximal run of hex byte pairs (not glued to other letters or digits) that holds a trigger match: six
hex-encoded ASCII (or UTF-16LE) digits in a row (an NSData word's space may fall between them), or two groups of
four joined by a space or a dash (``20``, ``2d``), the way a sentence with a grouped card number reads in hex. It
decodes as UTF-8 (or UTF-16) text and must be mostly printable, so digests, ids and ciphertext (random bytes) decode
to nothing. Else the bytes may be a binary record shown as hex (a message bus bridge logging an undecodable
MessagePack, CBOR, protobuf, BSON, Thrift or Avro payload): its keys and string values are text runs between binary
type and length bytes, read as those runs (``_common.text_runs``: ``order | SO963498 | pan | 4121…``) when they hold
at least half of the bytes. An ISO 8583 message with a binary bitmap and ASCII elements is handed on with its
bitmap's bytes written as hex characters, as ``iso_wire`` reads a message logged as text
(``iso8583.binary_bitmap_message``); its field 2 alone, a BCD length byte before the ASCII digits (``16 36 30 …``),
as the card number (``iso8583.bcd_length_pan``).

Python's repr of UTF-16LE bytes (text a .NET or Windows peer sent, logged by ``http.client``'s ``send: b'…'``) prints
each character's low byte as itself (or escaped) and its zero high byte as ``\\x00``: ``b'4\\x001\\x00…'``; a run of
such pairs (its backslashes escaped once more in a JSON string too) holding six digits is read as the characters.

A quoted ``\\x`` run takes its key or name along (``PAN_BYTES = b"\\x36…"``, ``"pan": "\\x36…"``): it gives the
value its meaning (a twelve-digit card number needs a card word before it).

A line too long to read whole is widened to the ends of a run it cuts. Limits: a run longer than ``max_segment``
characters is not decoded (and noted, so the item is not reported clean); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.iso8583 import bcd_length_pan, binary_bitmap_message
from scanners.decoders._common import (
    RUN_SEPARATOR,
    BoundedDecoder,
    bytes_to_text,
    capped,
    line_bounds,
    over_limit,
    plausible,
    string_key,
    text_runs,
)
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit

TRIGGERS = (
    r"(?:3[0-9] ?){5}3[0-9]",  # a space may split the run: NSData's words of four bytes
    r"(?:3[0-9][ :]){5}3[0-9]",
    r"(?:\\x3[0-9]){6}",
    r"(?:3[0-9]00){6}",  # hex of UTF-16LE text
    # a grouped card number: four digits, a space or dash, four digits (every PAN grouping starts 4 + 4 or more)
    r"(?:3[0-9] ?){4}2[0dD] ?(?:3[0-9] ?){3}3[0-9]",
    r"(?:3[0-9][ :]){4}2[0dD][ :](?:3[0-9][ :]){3}3[0-9]",
    r"(?:\\x3[0-9]){4}\\x2[0dD](?:\\x3[0-9]){4}",
    r"(?:3[0-9]00){4}2[0dD]00(?:3[0-9]00){4}",
    r"(?:[0-9]\\+x00){6}",  # Python's repr of UTF-16LE text
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
# The literal prefixes a run may follow (its letter glued to it): MySQL's ``0x3431…`` (``_binary 0x…``), a Postgres
# bytea's ``\x3431…`` (``\\x`` in a pg_dump COPY row, its backslash escaped). SQLite's ``X'3431…'`` needs none: a
# quote is no letter.
_LITERAL = r"(?<=(?<![0-9A-Za-z_])0[xX])|(?<=\\x)"
_ESCAPES = re.compile(r"(?:\\x[0-9A-Fa-f]{2})+")
_RUNS = (
    re.compile(rf"(?:(?<![0-9A-Za-z_])|{_LITERAL})(?:[0-9A-Fa-f]{{2}})+(?![0-9A-Za-z_])"),
    re.compile(r"(?<![0-9A-Za-z_:])[0-9A-Fa-f]{2}(?:([ :])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2})*(?![0-9A-Za-z_:])"),
    _ESCAPES,
    # NSData's description: words of four bytes, the last shorter (``<7b227061 6e223a20 …>``; since iOS 13
    # ``{length = 64, bytes = 0x7b227061 … 3930227d }``, long data shown by its two ends, each read alone)
    re.compile(
        r"(?:(?<=<)|(?<=bytes = 0x)|(?<=\.\.\. ))[0-9A-Fa-f]{8}(?: [0-9A-Fa-f]{8})*(?: (?:[0-9A-Fa-f]{2}){1,3})?"
        r"(?=>| \.\.\.| ?\})"
    ),
)
# a character of Python's repr of UTF-16LE bytes: its low byte (printable, or escaped) and ``\x00``
_UTF16_REPR = re.compile(r"(?:(?:\\+x[0-9A-Fa-f]{2}|[ -\[\]-~])\\+x00)+")
_UTF16_UNIT = re.compile(r"\\+x([0-9A-Fa-f]{2})\\+x00|(.)\\+x00")
_QUOTES = ('"', "'")
_NOT_HEX = re.compile(r"[^0-9A-Fa-f]")
_RUN_CHARS = "0123456789ABCDEFabcdef :\\x"  # what a run is made of: a line cut inside one is widened to its ends


class HexDecoder(BoundedDecoder):
    id = "hex"
    priority = 50
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if line_start > 0 and text[line_start - 1] != "\n":  # a huge line cut inside a run: reach its start
            head = text[max(0, line_start - self.max_segment) : line_start]
            line_start -= len(head) - len(head.rstrip(_RUN_CHARS))
        if line_end < len(text) and text[line_end] != "\n":
            tail = text[line_end : line_end + self.max_segment]
            line_end += len(tail) - len(tail.lstrip(_RUN_CHARS))
        yield from self._utf16_reprs(text, start, end, line_start, line_end)
        for rx in _RUNS:
            for m in rx.finditer(text, line_start, line_end):
                s, e = m.span()
                if e <= start or s >= end or not _TRIGGER.search(text, s, e):
                    continue
                if e - s > self.max_segment:
                    note_limit(SEGMENT)  # not decoded: the item is not reported clean
                    continue
                raw = bytes.fromhex(_NOT_HEX.sub("", m.group().replace("\\x", "")))
                if (message := binary_bitmap_message(raw)) is not None:  # its bitmap's bytes written as hex
                    yield Decoded(s, e, message[: self.max_output], ("hex",))
                    continue
                if (field := bcd_length_pan(raw)) is not None:  # its BCD length byte is no text
                    yield Decoded(s, e, RUN_SEPARATOR.join(filter(None, field))[: self.max_output], ("hex",))
                    continue
                decoded = bytes_to_text(raw, self.max_output)
                if decoded is not None:
                    if rx is _ESCAPES and text[s - 1 : s] in _QUOTES and (key := string_key(text, line_start, s)):
                        s, decoded = key.start(), key.group() + decoded  # ``PAN = b"\x36…"``: the name comes along
                    yield Decoded(s, e, decoded, ("hex",))
                elif (runs := text_runs(raw, self.max_output)) is not None:
                    yield Decoded(s, e, runs, ("hex", "text runs"))


    def _utf16_reprs(self, text: str, start: int, end: int, lo: int, hi: int) -> Iterator[Decoded]:
        if text.find("x00", lo, hi) < 0:
            return
        for m in _UTF16_REPR.finditer(text, lo, hi):
            s, e = m.span()
            if e <= start or s >= end or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                continue
            chars = "".join(chr(int(u[1], 16)) if u[1] else u[2] for u in _UTF16_UNIT.finditer(m.group()))
            if plausible(decoded := capped(chars, self.max_output)):
                yield Decoded(s, e, decoded, ("hex",))

DECODER = HexDecoder
