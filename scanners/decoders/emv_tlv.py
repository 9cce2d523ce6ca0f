"""EMV chip data as terminals and ISO 8583 field 55 dumps log it: BER-TLV in hex, the tags run together
(``9F2608…5A08<PAN>5F2403<YYMMDD>57…``) or one byte pair apart (``5F24 03 27 12 31``, a reader's APDU trace
``<< 70 29 57 13 41 11 … D2 71 …``), or a tag dump's line with the length in parentheses (``5A  (08) 53 71 …``).

The card tags are read where they stand in a run of hex: ``5A`` (application PAN, BCD, padded with ``F``),
``5F24`` (expiry, YYMMDD), ``57`` and ``9F6B`` (track 2 equivalent data: PAN, ``D``, YYMM, service code, padding).
Each value must be what its tag holds (a PAN passing the brand table and Luhn, a date with a month 01-12, a track
with its separator), so a tag-like pair inside random hex yields nothing. The run decodes to one line per element in
the words the detectors read: ``card number <PAN>``, ``card expiry <MM/YY>``, the track as written (``<PAN>D<YYMM…>``).

Limits: runs longer than ``max_segment`` characters are not decoded (noted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (
    r"5[Aa] ?0[6-9Aa] ?[0-9]{2} ?[0-9]{2}",  # application PAN: 6-10 bytes of BCD digits
    r"5[Ff]24 ?03 ?[0-9]{2} ?[01][0-9]",  # expiry YYMMDD
    # track 2 equivalent data: its D separator after the PAN's 12-19 digits (an APDU trace spaces every byte pair)
    r"57 ?(?:0[89A-Fa-f]|1[0-3])(?: ?[0-9]{2}){6,9} ?[0-9]?[Dd]",
    r"9[Ff]6[Bb] ?(?:0[89A-Fa-f]|1[0-3]) ?[0-9]{2}",
    # a tag dump's line, the length in parentheses before the spaced bytes: ``5A  (08) 53 71 30 …``
    r"(?:5[Aa]|5[Ff]24|57|9[Ff]6[Bb])[ \t]{1,4}\((?:0[3-9A-Fa-f]|1[0-9])\)[ \t]?[0-9]{2}",
)  # each holds a hex letter: a run of decimal digits (an id, a timestamp) never wakes the decoder
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_RUN = re.compile(r"(?<![0-9A-Za-z_])[0-9A-Fa-f]{2}(?: ?[0-9A-Fa-f]{2})+(?![0-9A-Za-z_])")
_NAMED = re.compile(
    r"(?<![0-9A-Za-z_])(?P<tag>5[Aa]|5[Ff]24|57|9[Ff]6[Bb])[ \t]{1,4}\((?P<len>[0-9A-Fa-f]{2})\)[ \t]?"
    r"(?P<v>[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2})*)(?![0-9A-Za-z_])"
)
_TRACK = lazy_compile(r"([0-9]{12,19})D([0-9]{4}[0-9]*)F?")


def _pan(value: str) -> str | None:
    digits = value.rstrip("F")
    return digits if digits.isdigit() and is_pan(digits) else None


def _expiry(value: str) -> str | None:
    return f"{value[2:4]}/{value[:2]}" if value.isdigit() and "01" <= value[2:4] <= "12" else None


def _track(value: str) -> str | None:
    m = _TRACK.fullmatch(value)
    return value if m and is_pan(m[1]) and "01" <= m[2][2:4] <= "12" else None  # as written: a plain twin matches


# tag -> (the byte lengths its value may have, how to read the value, the line that says what it is)
_TAGS = {
    "5A": (range(6, 11), _pan, "card number {}"),
    "5F24": (range(3, 4), _expiry, "card expiry {}"),
    "57": (range(8, 20), _track, "{}"),
    "9F6B": (range(8, 20), _track, "{}"),
}


def elements(hexstr: str) -> list[str]:
    """The card elements found in ``hexstr`` (upper-case hex digits, no spaces), at every byte boundary."""
    out: list[str] = []
    for at in range(0, len(hexstr) - 5, 2):
        for tag, (lengths, read, line) in _TAGS.items():
            if not hexstr.startswith(tag, at):
                continue
            head = at + len(tag)
            size = int(hexstr[head : head + 2], 16)
            value = hexstr[head + 2 : head + 2 + 2 * size]
            if size in lengths and len(value) == 2 * size and (found := read(value)) is not None:
                out.append(line.format(found))
    return out


class EmvTlvDecoder(BoundedDecoder):
    id = "emv_tlv"
    priority = 55
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        for run in _RUN.finditer(text, line_start, line_end):
            s, e = run.span()
            if e <= start or s >= end or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                continue
            found = elements(run.group().replace(" ", "").upper())
            if found:
                yield Decoded(s, e, capped("\n".join(found), self.max_output), ("emv_tlv",))
        for m in _NAMED.finditer(text, line_start, line_end):  # ``5A  (08) 53 71 …``: tag, (length), bytes
            s, e = m.span()
            if e <= start or s >= end or over_limit(e - s, self.max_segment):
                continue
            value = m["v"].replace(" ", "")
            if len(value) // 2 not in (int(m["len"], 16), int(m["len"]) if m["len"].isdigit() else -1):
                continue  # the length as BER writes it (hex) or as a viewer prints it (decimal): the bytes shown
            found = elements(f"{m['tag']}{len(value) // 2:02X}{value}".upper())
            if found:
                yield Decoded(s, e, capped("\n".join(found), self.max_output), ("emv_tlv",))


DECODER = EmvTlvDecoder
