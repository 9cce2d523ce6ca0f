"""ISO 8583 field dumps: the data element a value is written under, and field 2's PAN behind its length prefix.

Switches, acquirer hosts and terminal SDKs log a message field by field, each named by its data element's number:
``DE002 : [...]``, ``DE2=...``, ``F002=...``, ``Field-2 : ...``, ``fld 002: ...``, ``[002] LLVAR ...``, or jPOS's
``<isomsg><field id="2" value="..."/>`` (``keyparse.attribute_owner`` reads that one as ``de2``).

Field 2, the primary account number, is ``LLVAR n..19``: on the wire its digits follow a two-digit length, and a
dump of the packed field shows them glued together (``DE002 : [164111111111111111]``). Under a key that names
field 2 (and only there), a run of digits whose first two give the length of the rest, the rest a valid card number
(brand range, length, Luhn), holds that card number. Elsewhere no prefix is ever stripped: an epoch in nanoseconds
or an id whose first two digits happen to count the rest stays what it is.

A dump that prints each element on its own (``DE014 (EXPIRATION DATE) [4] 2801``) gives element 14's expiry, year
first (``dumped_expiries``).

A raw message logged as ASCII text (``wire_fields``) is read by its bitmap: the MTI, the bitmap(s) in hex, then the
elements glued in bitmap order (field table ``_LAYOUT``). One whose bitmap is binary is logged as hex; the hex decoder
hands it on with its bitmap written in hex characters (``binary_bitmap_message``), and field 2 logged alone as hex,
its length a BCD byte, as its card number (``bcd_length_pan``).

Other elements are no card by definition: amounts, dates and times, codes, the STAN, the retrieval reference number
(DE37), institution, terminal and merchant ids (``NON_CARD_FIELDS``); a number written under one of them is an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from scanners.cards.brands import is_pan
from scanners.lazy_re import lazy_compile

Kind = Literal["pan", "expiry", "track"]

# A key that names a data element by number: DE2, DE002, F002, FLD-2, Field 2, BIT002 (case-insensitive).
_FIELD = r"(?:[Dd][Ee]|[Ff](?:[Ll][Dd]|[Ii][Ee][Ll][Dd])?|[Bb][Ii][Tt])[ _\-#.]?"
# The engine's triggers (ASCII, hyperscan and ``re`` alike): a key naming field 2, then the start of an LLVAR run
# (a length of 12 to 19, then at least 12 digits). The characters between them are any punctuation and spaces (the
# exact separators, at most 9 and 14 characters, are checked in Python: a trigger that spells them out costs
# hyperscan four times as much). The ``de`` keys have a trigger of their own: in one alternation with the others the
# trigger cost hyperscan 0.05 s on the 56 MB first benchmark corpus, split 0.01 s (the same matches).
_RUN = r"1[2-9][0-9]{12}"
_TO_RUN = rf"[ _\-#.]?0{{0,2}}2[^0-9A-Za-z\n]{{1,10}}{_RUN}"
TRIGGERS = (
    rf"(?:^|[^0-9A-Za-z_])[Dd][Ee]{_TO_RUN}",
    rf"(?:^|[^0-9A-Za-z_])(?:[Ff](?:[Ll][Dd]|[Ii][Ee][Ll][Dd])?|[Bb][Ii][Tt]){_TO_RUN}",
    rf"\[0{{0,2}}2\][^0-9\n]{{0,14}}{_RUN}",
    rf"<[Ff][Ii][Ee][Ll][Dd][ \t]+[Ii][Dd]=\\?[\"']0{{0,2}}2\\?[\"'][ \t]+[Vv][Aa][Ll][Uu][Ee]=\\?[\"']{_RUN}",
)
REACH = 64  # a key and its separators lie within this many characters before the digits

_KEYED_RUN = lazy_compile(
    rf"(?:(?<![0-9A-Za-z_]){_FIELD}0{{0,2}}(?P<k>[0-9]{{1,3}})\\?[\"']?[ \t]{{0,2}}[:=][ \t]{{0,2}}\\?[\"'\[(]?"
    r"|\[0{0,2}(?P<b>[0-9]{1,3})\][ \t]{0,2}(?:[A-Za-z]{1,6}[ \t]{0,2})?(?:[:=][ \t]{0,2})?[\[\"'(]?"
    r"|<[Ff][Ii][Ee][Ll][Dd][ \t]+[Ii][Dd]=\\?[\"']0{0,2}(?P<x>[0-9]{1,3})\\?[\"'][ \t]+[Vv][Aa][Ll][Uu][Ee]=\\?[\"']"
    r")(?P<run>[0-9]+)(?![0-9A-Za-z_])"
)
_ISOMSG_REACH = 8192  # keyparse's reach for the ``<isomsg`` an XML field belongs to

# Data elements that never hold a card number (ISO 8583:1987 numbering): processing code, amounts, dates and times,
# conversion rates, STAN, merchant type, country codes, entry mode, card sequence number, NII, condition codes,
# fees, acquiring and forwarding institution ids, RRN, approval code, response code, service restriction code,
# terminal and card acceptor ids, currency codes, security control information, additional amounts, network
# management code, original data elements, replacement amounts, receiving institution id.
NON_CARD_FIELDS = frozenset(
    {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
     33, 37, 38, 39, 40, 41, 42, 49, 50, 51, 53, 54, 70, 90, 95, 100}
)  # fmt: skip
# A key read from a log line (punctuation dropped, lower case) that names a data element: ``de37``, ``de037``,
# ``field37``, ``fld037``, ``bit37``, and ``f037`` (a bare ``f`` only zero-padded to three digits, as switches write).
_ELEMENT_KEY = re.compile(r"(?:de|field|fld|bit)0*([0-9]{1,3})|f(0[0-9]{2}|1[0-2][0-9])")
# ``DE037 : [`` (a bracketed value), ``[037] ``, ``DE037 [RRN]: `` or ``DE037(RRN)=`` (the element's name in brackets
# or parentheses, as POS and switch logs write it): the key right before a value that no ``key: value`` reader takes.
_BRACKETED = re.compile(
    rf"(?:(?<![0-9A-Za-z_])({_FIELD}[0-9]{{1,3}})[ \t]*(?:[:=][ \t]*\[|[\[(][A-Za-z0-9 ,/_.-]{{1,40}}[\])]"
    r"[ \t]*[:=][ \t]*)|\[([0-9]{3})\][ \t]*(?:[:=][ \t]*)?\[?)$"
)


def element_number(key: str) -> int | None:
    """The data element a key names (``DE037``, ``field_37``, ``F037``, ``de37`` from jPOS), or None."""
    m = _ELEMENT_KEY.fullmatch(key.lower().translate(_PUNCT))
    return None if m is None else int(m[1] or m[2])


_PUNCT = str.maketrans("", "", "_.-# ")


def non_card_key(key: str) -> bool:
    """The key names an ISO 8583 data element that is no card number (an amount, a date, an id...)."""
    number = element_number(key)
    return number is not None and number in NON_CARD_FIELDS


def bracketed_key(text: str, lo: int, start: int) -> str | None:
    """The element key of a value written in brackets after it (``DE037 : [<n>]``, ``[037] <n>``), read in
    ``text[lo:start]``, or None."""
    m = _BRACKETED.search(text, lo, start)
    if m is None:
        return None
    return m[1] or f"de{m[2]}"


# A field dump's line as switches and simulators print an element: its key (``DE014``, ``Field 14``, ``fld 014``,
# ``BIT014``, ``[014]``), perhaps its name in parentheses or brackets (``(EXPIRATION DATE)``), perhaps its length in
# brackets (``[4]``), a colon or equals sign, perhaps a bracket or quote, then the value. The key alone before the
# value (``DE014 2801``) counts only zero-padded: ``de 14 2801`` is Spanish or French prose. Element 14 holds the
# card's expiry as YYMM (``dumped_expiries``). The trigger: a key naming element 14, then no letter or digit.
DUMP_TRIGGERS = (
    r"(?:^|[^0-9A-Za-z_])(?:[Dd][Ee]|[Ff](?:[Ll][Dd]|[Ii][Ee][Ll][Dd])?|[Bb][Ii][Tt])[ _\-#.]?0?14[^0-9A-Za-z_\n]",
    r"\[0?14\][ \t]",
)
DUMP_REACH = 72  # from a key to the end of its value at most
_DUMPED = lazy_compile(
    rf"(?:(?<![0-9A-Za-z_])(?P<key>{_FIELD}(?P<pad>0?)[0-9]{{1,3}})|\[(?P<b>0{{0,2}}[0-9]{{1,3}})\])"
    r"(?P<name>[ \t]{0,2}[(\[][A-Za-z][A-Za-z0-9 ,./_'-]{0,40}[)\]])?"
    r"(?:[ \t]{0,2}[\[(<](?P<size>[0-9]{1,3})[\])>])?"
    r"(?P<set>[ \t]{0,2}[:=])?[ \t]{0,4}[\[\"'(]?"
    r"(?P<v>[0-9]{4})(?![0-9A-Za-z_])"
)


def dumped_expiries(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, MM/YY) of element 14's expiry (YYMM) on each field dump's line within ``text[pos:endpos]``."""
    for m in _DUMPED.finditer(text, max(0, pos - DUMP_REACH), min(len(text), endpos)):
        number = element_number(m["key"]) if m["key"] else int(m["b"])
        if number != 14 or not _EXPIRY.fullmatch(m["v"]) or m["size"] not in (None, "4", "04", "004"):
            continue
        if m["key"] and not (m["pad"] or m["name"] or m["size"] or m["set"]):
            continue  # "de 14 2801": prose, not a field's key
        v = m["v"]
        if pos <= m.start("v") and m.end("v") <= endpos:
            yield m.start("v"), m.end("v"), f"{v[2:]}/{v[:2]}"


def field2_pans(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each card number written as field 2's LLVAR value (its length prefix glued before
    it) under a key naming field 2, the digits within ``text[pos:endpos]``."""
    for m in _KEYED_RUN.finditer(text, max(0, pos - REACH), min(len(text), endpos + 24)):
        number = m["k"] or m["b"] or m["x"]
        run, start = m["run"], m.start("run") + 2
        if int(number) != 2 or len(run) < 14 or int(run[:2]) != len(run) - 2 or not is_pan(run[2:]):
            continue
        if m["x"] is not None and text.rfind("<isomsg", max(0, m.start() - _ISOMSG_REACH), m.start()) < 0:
            continue  # a <field id="2"> outside an ISO 8583 message: some other form's second field
        if pos <= start and m.end("run") <= endpos:
            yield start, m.end("run"), run[2:]


# Raw messages logged as ASCII text (jPOS's ISO87APackager and the like): the MTI (version 0-2, class 1-8, function
# 0-9, origin 0-5), the primary bitmap as 16 hex characters (a secondary one of 16 more when bit 1 is set), then the
# data elements in bitmap order, field 2 first: its LLVAR sits right after the bitmap(s), glued before the processing
# code. The trigger wants the run of digits a financial message holds after its bitmap: field 2's length and card
# number, then the processing code (6) and amount (12) that every authorization, financial and reversal message
# carries, 32 digits or more (a card of 12 digits at the least); 30 of them after 16 hex characters. A trigger that
# spelled out the MTI, bitmap and length cost a fifth of the whole hyperscan pass on the logs corpus (c60); this one
# a tenth of that. ``_WIRE`` then checks the MTI, the bitmap and every field.
_MTI = r"[0-2][1-8][0-9][0-5]"
WIRE_TRIGGER = r"[0-9A-Fa-f]{16}[0-9]{30}"
_WIRE = re.compile(rf"(?<![0-9A-Za-z]){_MTI}(?P<bitmap>[4-7C-Fc-f][0-9A-Fa-f]{{15}})(?P<second>[0-9A-Fa-f]{{16}})?")
# How the elements 3 to 45 are written (ISO 8583:1987 in ASCII, as jPOS's ISO87APackager; a message of a later version,
# MTI 1xxx or 2xxx, is read only as far as the amount, element 4, laid out alike in all three): ``n`` that many digits
# (processing code, amounts, date-times, conversion rates, STAN, expiry, merchant type, country codes, entry mode,
# card sequence number, NII, condition codes), ``x`` a C or D and eight digits (fees), ``a`` that many characters
# (RRN, approval and response codes, service restriction code, terminal and merchant ids, name and location),
# ``lln`` two digits of length then up to that many digits (institution ids), ``ll`` and ``lll`` two or three digits of
# length then up to that many characters (track 2 and track 1 data, additional response data).
_LAYOUT: dict[int, tuple[str, int]] = {
    3: ("n", 6), 4: ("n", 12), 5: ("n", 12), 6: ("n", 12), 7: ("n", 10), 8: ("n", 8), 9: ("n", 8), 10: ("n", 8),
    11: ("n", 6), 12: ("n", 6), 13: ("n", 4), 14: ("n", 4), 15: ("n", 4), 16: ("n", 4), 17: ("n", 4), 18: ("n", 4),
    19: ("n", 3), 20: ("n", 3), 21: ("n", 3), 22: ("n", 3), 23: ("n", 3), 24: ("n", 3), 25: ("n", 2), 26: ("n", 2),
    27: ("n", 1), 28: ("x", 9), 29: ("x", 9), 30: ("x", 9), 31: ("x", 9), 32: ("lln", 11), 33: ("lln", 11),
    34: ("ll", 28), 35: ("ll", 37), 36: ("lll", 104), 37: ("a", 12), 38: ("a", 6), 39: ("a", 2), 40: ("a", 3),
    41: ("a", 8), 42: ("a", 15), 43: ("a", 40), 44: ("ll", 25), 45: ("ll", 76),
}  # fmt: skip
WIRE_REACH = 640  # from a message's start to the end of its track 1 data (element 45) at most
# Element 14, the card's expiry as YYMM: a valid month and a year a card in use has (20-49). Element 35, track 2 data
# (the card number, ``=`` or ``D``, YYMM, service code, discretionary data); element 45, track 1 data (format code
# ``B``, the card number, ``^``, the name, ``^``, YYMM...). No sentinels in either.
_EXPIRY = lazy_compile(r"[2-4][0-9](?:0[1-9]|1[0-2])")
_TRACKS = {
    35: lazy_compile(r"(?P<pan>[0-9]{12,19})[=D][0-9]{2}(?:0[1-9]|1[0-2])[0-9]*F?"),
    45: lazy_compile(r"B(?P<pan>[0-9]{13,19})\^[A-Za-z0-9 /.'\-]{0,26}\^[0-9]{2}(?:0[1-9]|1[0-2])[0-9A-Za-z ]*"),
}


# A raw message with a binary bitmap and ASCII elements (as jPOS's ISO87APackagerBBitmap and many host interfaces
# write it): the bitmap's bytes are not text, so a connector logs the whole message as hex. The MTI's four ASCII
# digits, the bitmap's 8 bytes (16 with a secondary bitmap, bit 1), then field 2's length of 12-19 digits, in ASCII
# or as one BCD byte (``0x16``).
_BINARY_HEAD = re.compile(rb"[0-2][1-8][0-9][0-5]")


def _bcd_length(byte: int) -> int | None:
    """The card number's length a length byte gives in BCD (``0x16``: 16), 12 to 19, or None."""
    high, low = byte >> 4, byte & 0x0F
    return 10 * high + low if high == 1 and 2 <= low <= 9 else None


def binary_bitmap_message(raw: bytes) -> str | None:
    """The message in ``raw`` written as ``wire_fields`` reads it, its binary bitmap as hex characters, when ``raw``
    starts as a message with a binary bitmap announcing field 2 (bit 2) and then holds only printable ASCII."""
    if _BINARY_HEAD.match(raw) is None or len(raw) < 34 or not raw[4] & 0x40:
        return None
    at = 20 if raw[4] & 0x80 else 12
    head, rest = raw[at : at + 2], raw[at:]
    if (size := _bcd_length(raw[at])) is not None:  # a host interface writing lengths in BCD: ``16`` as one byte
        head, rest = str(size).encode(), str(size).encode() + raw[at + 1 :]
    if not (head.isdigit() and 12 <= int(head) <= 19 and rest.isascii() and rest.decode().isprintable()):
        return None
    return raw[:4].decode() + raw[4:at].hex().upper() + rest.decode()


def bcd_length_pan(raw: bytes) -> tuple[str, str] | None:
    """Field 2 as a host interface with BCD lengths and ASCII data writes it, logged as hex (``16 36 30 38 …``): its
    length in BCD (one byte, or two for an LLL length: ``00 16``), then that many ASCII digits, a valid card number,
    then nothing or printable ASCII (the fields after it). The digits and that rest, or None."""
    at = 2 if raw[:1] == b"\x00" else 1
    size = _bcd_length(raw[at - 1]) if len(raw) > at else None
    digits, rest = raw[at : at + size] if size else b"", raw[at + (size or 0) :]
    if size is None or len(digits) != size or not digits.isdigit() or not is_pan(digits.decode()):
        return None
    if rest and not (rest.isascii() and rest.decode().isprintable()):
        return None
    return digits.decode(), rest.decode()


def _fits(kind: str, value: str) -> bool:
    if kind in ("n", "lln"):
        return value.isascii() and value.isdigit()
    if kind == "x":
        return value[:1] in ("C", "D") and value[1:].isascii() and value[1:].isdigit()
    return value.isascii() and value.isprintable()


def _elements(text: str, at: int, bits: int, width: int, last: int) -> dict[int, tuple[int, int]] | None:
    """Where each element 3 to ``last`` the bitmap (``bits``, ``width`` bits wide, bit 1 the highest) announces
    lies, its value read from ``at`` on; None unless each is there in its form and (when the bitmap announces nothing
    after ``last``) the message ends after them."""
    found = {}
    for number in range(3, last + 1):
        if not bits >> (width - number) & 1:
            continue
        kind, size = _LAYOUT[number]
        if kind[0] == "l":
            digits = 3 if kind == "lll" else 2
            head = text[at : at + digits]
            if len(head) != digits or not (head.isascii() and head.isdigit()) or int(head) > size:
                return None
            at, size = at + digits, int(head)
        value = text[at : at + size]
        if len(value) != size or not _fits(kind, value):
            return None
        found[number], at = (at, at + size), at + size
    if bits & ((1 << (width - last)) - 1) or at == len(text) or not text[at].isalnum():
        return found
    return None


def wire_fields(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """(start, end, type, value, card number) of the card number in field 2 of each raw ISO 8583 message written as
    ASCII, read by the message's bitmap; of its expiry in field 14 (as MM/YY); of the track data in fields 35 and 45
    and the card number in each; those within ``text[pos:endpos]``."""
    for m in _WIRE.finditer(text, max(0, pos - WIRE_REACH), min(len(text), endpos)):
        bits, width = int(m["bitmap"], 16), 64
        if bits >> 63:  # bit 1: a secondary bitmap follows
            if m["second"] is None:
                continue
            bits, width = bits << 64 | int(m["second"], 16), 128
        at = m.end("bitmap") + (16 if width == 128 else 0)
        size = text[at : at + 2]
        if not (bits >> (width - 2) & 1 and size.isascii() and size.isdigit() and 12 <= int(size) <= 19):
            continue
        start, end = at + 2, at + 2 + int(size)
        pan = text[start:end]
        version87 = text[m.start()] == "0"  # the 1993 and 2003 versions lay out elements 12 on otherwise
        fields = _elements(text, end, bits, width, 27 if version87 else 4) if is_pan(pan) else None
        if fields is None:
            continue
        found: list[tuple[int, int, Kind, str, str]] = [(start, end, "pan", pan, pan)]
        if not version87:
            yield from (f for f in found if pos <= f[0] and f[1] <= endpos)
            continue
        date = fields.get(14, (-1, -1))[0]
        if date >= 0 and _EXPIRY.fullmatch(text, date, date + 4):
            found.append((date, date + 4, "expiry", f"{text[date + 2 : date + 4]}/{text[date : date + 2]}", pan))
        found.extend(_tracks(text, end, bits, width))
        yield from (f for f in found if pos <= f[0] and f[1] <= endpos)


def _tracks(text: str, at: int, bits: int, width: int) -> Iterator[tuple[int, int, Kind, str, str]]:
    """The track data in fields 35 and 45 read from ``at`` (right after field 2), each with its card number."""
    last = 45 if bits >> (width - 45) & 1 else 35
    fields = _elements(text, at, bits, width, last) if bits >> (width - 35) & 1 or last == 45 else None
    for number, (start, end) in (fields or {}).items():
        m = _TRACKS[number].fullmatch(text, start, end) if number in _TRACKS else None
        if m is not None and is_pan(m["pan"]):
            yield start, end, "track", m.group(), m["pan"]
            yield m.start("pan"), m.end("pan"), "pan", m["pan"], m["pan"]
