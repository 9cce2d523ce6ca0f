"""Limits, window handling and the "is this text?" check shared by the decoders.

Limits: an encoded segment longer than ``max_segment`` characters is not decoded (``over_limit``); decoded text is
cut at ``max_output`` characters (``capped``), and decompression never inflates more than ``max_output`` bytes. Both
are noted (``scanners.engine.limits``), so the item is reported incomplete, never clean.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import zlib
from collections.abc import Iterator
from typing import ClassVar

from scanners.detectors.base import Decoder
from scanners.engine.limits import OUTPUT, SEGMENT, WINDOW_REACH, note_limit
from scanners.errors import ConfigError
from scanners.lazy_re import LazyPattern, lazy_compile

MAX_SEGMENT_CHARS = 2 << 20
MAX_OUTPUT_CHARS = 1 << 20
# At most one character in 20 may be a control character, U+FFFD or a lone surrogate.
BAD_RATIO = 20

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_SAMPLE = 4096
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_TRUNCATED = ("unexpected end of data", "truncated data")
GZIP_MAGIC = b"\x1f\x8b"
# Printable ASCII runs of a binary record: its keys and string values (MessagePack, CBOR, protobuf, BSON, Thrift and
# Avro write strings as raw bytes after binary type and length bytes, and numbers as binary).
_TEXT_RUN = re.compile(rb"[\x20-\x7e]{3,}")
RUN_SEPARATOR = " | "  # between two runs: a key and its value stay apart but adjacent, and never join as digit groups
# An ANSI escape sequence (ECMA-48), which a terminal shows as no text: a control sequence (CSI: "[", parameter
# bytes, intermediate bytes, a final byte) or a two-character escape, after the escape character.
CSI_BODY = r"\[[0-?]*[ -/]*[@-~]"
ANSI = re.compile(rf"\x1b{CSI_BODY}|\x1b[@-Z\\-_]")


class BoundedDecoder(Decoder):
    """A decoder with output and segment size limits (keyword arguments, positive integers)."""

    ascii_only: ClassVar[bool] = True  # every encoding handled is ASCII; the triggers see every line

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        for name, value in (("max_segment", max_segment), ("max_output", max_output)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer")
        self.max_segment = max_segment
        self.max_output = max_output


LINE_REACH = 65536  # encoded blobs up to this size around a window decode whole


def line_bounds(text: str, pos: int, endpos: int | None) -> tuple[int, int, int, int]:
    """Clip the window to ``text`` and return it with the enclosing line: ``(pos, endpos, line_start, line_end)``.

    Segments never span a newline, so finding them in the whole line judges their boundaries on the full text.
    Lines longer than that are seen only ``LINE_REACH`` characters either side of the window.
    """
    n = len(text)
    end = n if endpos is None else max(0, min(endpos, n))
    start = max(0, min(pos, end))
    line_end = text.find("\n", end, end + LINE_REACH)
    line_start = text.rfind("\n", max(0, start - LINE_REACH), start) + 1
    # a huge line is only looked at within LINE_REACH of the window, so cost stays bounded
    return start, end, line_start or max(0, start - LINE_REACH), min(n, end + LINE_REACH) if line_end < 0 else line_end


def window_lines(text: str, pos: int, endpos: int | None) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each line part inside the window (clipped as ``line_bounds`` clips it): decoders whose
    windows are whole lines read them one by one."""
    start, end, _, _ = line_bounds(text, pos, endpos)
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        yield start, stop
        start = stop + 1


def trigger_lines(
    trigger: re.Pattern[str], text: str, pos: int, endpos: int | None, limit: int, *, whole: bool = False
) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each hit of ``trigger`` in the window with its whole line, ``(match, line_start, line_end)``, one hit a line;
    a line longer than ``limit`` is skipped (noted), and so is a line outside the window's lines (the engine gives a
    line whole); with ``whole``, also a line the window's lines do not hold entirely (another window reads it whole),
    unless it is longer than the engine's reach (``WINDOW_REACH``: a SQL dump's extended ``INSERT``), which the engine
    may give in pieces only: the piece holding the end of the line's first hit reads it whole, once."""
    start, end, at, _ = line_bounds(text, pos, endpos)
    while (m := trigger.search(text, at, end)) is not None:
        _, _, s, e = line_bounds(text, m.start(), m.end())
        first, at = at <= s, e + 1  # searched from the line's start or before: ``m`` is the line's first hit
        if e <= start or s >= end or over_limit(e - s, limit):
            continue
        if whole and (s < start or e > end) and not (e - s > WINDOW_REACH and first and start < m.end() <= end):
            continue
        yield m, s, e


def escape_runs(
    run: re.Pattern[str] | LazyPattern, trigger: re.Pattern[str] | LazyPattern, text: str, pos: int,
    endpos: int | None, *, limit: int,
) -> Iterator[tuple[int, int, int]]:
    """Each run of escapes (a match of ``run``) on the window's lines that touches the window and holds a ``trigger``
    match, ``(line_start, start, end)``; a run longer than ``limit`` is skipped (noted), and lines with no backslash
    are passed over whole (every escape the decoders using this read starts with one)."""
    start, end, line_start, line_end = line_bounds(text, pos, endpos)
    if text.find("\\", line_start, line_end) < 0:
        return
    for m in run.finditer(text, line_start, line_end):
        s, e = m.span()
        if e <= start or s >= end or not trigger.search(text, s, e) or over_limit(e - s, limit):
            continue
        yield line_start, s, e


def bad_chars(text: str) -> int:
    """How many control characters, U+FFFD and lone surrogates ``text`` holds."""
    return len(_BAD.findall(text))


def plausible(text: str, source: str = "") -> bool:
    """True when ``text`` is non-empty and mostly printable (see ``BAD_RATIO``).

    Bad characters already present in ``source`` (the encoded segment, for text-to-text decodings) are forgiven.
    """
    if not text:
        return False
    forgiven = bad_chars(source) if source else 0
    if (len(_BAD.findall(text, 0, _SAMPLE)) - forgiven) * BAD_RATIO > min(len(text), _SAMPLE):
        return False
    return len(text) <= _SAMPLE or (bad_chars(text) - forgiven) * BAD_RATIO <= len(text)


def b64_text(value: str) -> str | None:
    """``value`` (strict base64, padding and all) decoded to printable UTF-8 text on one line (a trailing line break,
    as ``echo`` leaves it, dropped; others read as spaces), or None. For a short value a record's shape names (a
    Kubernetes Secret's entry, a property list's ``<data>``), below the base64 decoder's length floor."""
    if not value:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", " ").replace("\n", " ") if text and plausible(text) else None


def _decode(data: bytes, codec: str) -> str | None:
    """Strict decode that tolerates a multi-byte character cut at the end of ``data``."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason not in _TRUNCATED:
            return None
        try:
            return data[: exc.start].decode(codec)
        except UnicodeDecodeError:
            return None


def utf8_or_latin1(raw: bytes) -> str:
    """``raw`` read as UTF-8, or else as Latin-1 (every byte a character: what a stray legacy byte was meant as)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def over_limit(length: int, limit: int) -> bool:
    """A segment of ``length`` characters is longer than ``limit``, so it is not decoded; that is noted, so the item it
    came from is never reported clean. Ask only about a segment the decoder would otherwise decode."""
    if length > limit:
        note_limit(SEGMENT)
        return True
    return False


def capped(text: str, limit: int) -> str:
    """``text`` cut at ``limit`` characters; a cut is noted, so the item it came from is never reported clean."""
    if len(text) > limit:
        note_limit(OUTPUT)
        return text[:limit]
    return text


def _checked(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = capped(text, limit)
    return text if plausible(text) else None


def _looks_utf16le(data: bytes) -> bool:
    return len(data) >= 8 and data[1::2].count(0) * 10 >= (len(data) // 2) * 9


def bytes_to_text(data: bytes, limit: int) -> str | None:
    """Decode UTF-8 (or UTF-16 with a BOM, or BOM-less UTF-16LE) to plausible text cut at ``limit`` chars."""
    if len(data) >= limit:  # an inflated bomb stops at exactly the limit: what lies beyond is not examined
        note_limit(OUTPUT)
    if data[:2] in _UTF16_BOMS:
        return _checked(_decode(data[: len(data) & ~1], "utf-16"), limit)
    if data.isascii():
        head = data[:limit]
        if head and len(head.translate(None, _PRINTABLE_ASCII)) * BAD_RATIO <= len(head):
            return head.decode("ascii")
        text = None
    else:
        text = _checked(_decode(data, "utf-8-sig"), limit)
    if text is None and _looks_utf16le(data):
        text = _checked(_decode(data[: len(data) & ~1], "utf-16-le"), limit)
    return text


def zlib_header(data: bytes) -> bool:
    """``data`` starts with a zlib stream's header (RFC 1950: deflate, a window of at most 32 KB, a valid check)."""
    return len(data) > 2 and data[0] & 0x8F == 0x08 and not data[1] & 0x20 and (data[0] << 8 | data[1]) % 31 == 0


def inflate(data: bytes, limit: int) -> bytes | None:
    """Inflate one or more gzip members, or a zlib stream (as kombu's ``application/x-gzip`` and ``zlib.compress``
    write it), never producing more than ``limit`` bytes; partial output (a truncated stream) is kept. A stream cut
    at ``limit`` (a bomb, or just a large body) is noted, so the item is not reported clean."""
    if zlib_header(data):
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(data, limit)
        except zlib.error:
            return None
        if inflater.unconsumed_tail:
            note_limit(OUTPUT)
        return out or None
    buf = bytearray()
    while data[:2] == GZIP_MAGIC:
        if len(buf) >= limit:
            note_limit(OUTPUT)  # another member, past the limit
            break
        inflater = zlib.decompressobj(wbits=31)
        try:
            buf += inflater.decompress(data, limit - len(buf))
        except zlib.error:
            break
        if inflater.unconsumed_tail:
            note_limit(OUTPUT)
            break
        if not inflater.eof:
            break
        data = inflater.unused_data
    return bytes(buf) or None


def _cbor_strings(run: bytes) -> list[bytes] | None:
    """The strings of a run that is CBOR text strings end to end (a header byte ``0x60 + n``, printable for n < 24,
    then n bytes: ``cpan`` ``p4111…``), when one of them is all digits (the header letter would be glued to a
    number); else None."""
    pieces, i = [], 0
    while i < len(run):
        n = run[i] - 0x60
        if not 0 < n < 24 or i + 1 + n > len(run):
            return None
        pieces.append(run[i + 1 : i + 1 + n])
        i += 1 + n
    return pieces if any(p.isdigit() for p in pieces) else None


def text_runs(raw: bytes, limit: int) -> str | None:
    """A binary record read by its text runs (three or more printable ASCII bytes; CBOR strings apart), joined by
    ``RUN_SEPARATOR``; None unless there are two or more and the runs hold at least half of the bytes (hashes,
    ciphertext, ids, certificates: random bytes, few runs)."""
    runs = [m.group() for m in _TEXT_RUN.finditer(raw)]
    if sum(map(len, runs)) * 2 < len(raw):
        return None
    pieces = [p.decode("ascii") for r in runs for p in (_cbor_strings(r) or [r])]
    if len(pieces) < 2:
        return None
    return capped(RUN_SEPARATOR.join(pieces), limit)


def spliced(text: str, start: int, end: int, value: str, limit: int) -> tuple[int, int, str]:
    """The lines holding ``text[start:end]`` (one or several) as one line with that stretch written as ``value``, cut
    at ``limit``: ``(lines_start, lines_end, decoded)``. For a decoder that reads a value written in code (an array of
    its bytes, literals joined by ``+``) in place: the key or name before it on its line stays with it."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    return ls, le, capped(text[ls:start] + value + text[end:le], limit)


# The key or name a quoted string is the value of: a JSON member's ``"card": "``; a name in source code, a JavaScript
# object's ``card0: "``, an assignment's ``PAN = "`` or ``pan := "``, Python's bytes ``PAN = b"``.
_STRING_KEY = lazy_compile(
    r"""(?:"[A-Za-z_][\w.-]{0,63}"[ \t]*:|(?<![\w$."'])[A-Za-z_$][\w$]{0,63}[ \t]*:?[:=])[ \t]*[bB]?["']$""")


def string_key(text: str, lo: int, at: int) -> re.Match[str] | None:
    """The key (with what joins it to the string) of the quoted string whose body starts at ``at``, not before
    ``lo``; a decoder that reads only the string takes it along, since the key gives the value its meaning (a
    twelve-digit card number needs a card word before it)."""
    return _STRING_KEY.search(text, max(lo, at - 72), at)
