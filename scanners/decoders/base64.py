"""Base64 (standard and URL-safe alphabets, padded or not); base64 of gzip or zlib is peeled in the same step.

A segment is a maximal run of base64 characters (plus up to two ``=``) that holds a trigger match. The text
trigger is tuned for card data: a group encoding two ASCII digits (``[MNO][DTjz]``) followed by three groups whose
first bytes are printable ASCII (``[I-Za-f]``). A run encoding 13 or more bytes of digits and separators always
holds one; hex digests, UUIDs, numbers and identifiers do not. Other triggers: gzip (``H4sI``), zlib (``eJw``…), a
UTF-16 BOM and BOM-less UTF-16LE ASCII text. Decoded bytes must be UTF-8 (or UTF-16) and mostly printable; gzip and
zlib (a header with a valid check) are inflated first (``_common.inflate``), and a Kinesis record the KPL aggregated
(its magic, protobuf and MD5: ``_kpl``) gives its user records' text.
Triggers end inside the run: a long run of digit-rich text may give one hit per group.

Wrapped blocks: MIME bodies and PEM files break base64 into lines of one length (76 or 64 characters, the last line
shorter; in a JSON string the breaks are escapes, ``\\r\\n``: ``_escaped_wrap``). A run that fills such a line is
decoded with the lines around it as one block, so a card number split by a line break is found (the block's first
line may follow a key: ``bt_payload=PD94…``); like a quoted-printable paragraph, any window touching the block
yields the whole block. A CSV table's expiry cells (a mail's ``text/csv`` attachment) follow it as segments of the
lines they are encoded on (``_csvtext.cell_segments``).

Windows: a run that touches the window is read whole, whatever the window's bounds (the engine clips a long
line's window a few KB around its hits, and a record's base64 ``data`` field often runs past that).

Limits: runs longer than ``max_segment`` characters are ignored (a coverage reason); at most ``max_output`` bytes
are inflated (a zip bomb is cut, not expanded) and decoded text is cut at ``max_output`` characters.
"""

from __future__ import annotations

import binascii
import heapq
import re
import zlib
from collections.abc import Iterator

from scanners.decoders._common import (
    GZIP_MAGIC,
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    BoundedDecoder,
    bytes_to_text,
    capped,
    inflate,
    line_bounds,
    plausible,
    zlib_header,
)
from scanners.decoders._csvtext import cell_segments, with_columns
from scanners.decoders._escaped_wrap import ESCAPED_BREAKS, escaped_block
from scanners.decoders._kpl import KPL_MAGIC, kpl_records
from scanners.decoders._mimeword import chained_word
from scanners.decoders.mime_charset import DeclaredCharsets
from scanners.detectors.base import Decoded
from scanners.engine.limits import SEGMENT, note_limit

MIN_CHARS = 16
_ALPHABET = "A-Za-z0-9+/_-"
_C = f"[{_ALPHABET}]"
_C3 = f"{_C}{{3}}"
_F = "[I-Za-f]"
# A group encoding two digits, then three groups encoding a printable ASCII byte first (the last may be cut short).
TEXT_TRIGGER = f"[MNO][DTjz]{_C}{{2}}(?:{_F}{_C3}){{2}}{_F}{_C}"
# BOM-less UTF-16LE ASCII text: byte triples (0, X, 0) and (X, 0, Y) alternate.
_U16 = f"A[C-H][AEIMQUYcgkosw048]A{_F}[AQgw][AB]{_C}"
UTF16LE_TRIGGER = _U16 + _U16
GZIP_TRIGGER = f"H4sI{_C}{{12}}"
# A zlib stream (``78 01``, ``78 5e``, ``78 9c``, ``78 da``: the four compression levels' headers), as Celery/kombu
# write a compressed message body (``"compression": "application/x-gzip"`` is zlib there) and ``zlib.compress`` does.
ZLIB_TRIGGER = f"e(?:A[E-H]|F[4-7]|J[w-z]|N[o-r]){_C}{{12}}"
BOM_TRIGGER = f"/(?:/[4-7]|v[89+/]){_C}{{13}}"
# Base64 of text that is itself base64 (or other unspaced ASCII): eight groups in a row whose first two bytes are
# letters, digits, '+' or '/' (the first character then encodes 0x2B-0x7A, the second a high nibble 2-7). Random
# bytes give this one time in 10^8; nested encodings always do, so card data wrapped in several layers of base64 is
# peeled layer by layer (and a layer past the engine's depth limit is a coverage reason, never a silent clean).
_NESTED_GROUP = f"[K-OQ-WYZa-e][C-HS-Xi-ny-z0-3]{_C}{{2}}"
NESTED_TRIGGER = f"(?:{_NESTED_GROUP}){{8}}"
_TRIGGERS = (TEXT_TRIGGER, UTF16LE_TRIGGER, GZIP_TRIGGER, ZLIB_TRIGGER, BOM_TRIGGER, NESTED_TRIGGER)
# Each starts with a literal or one character class, so Python's re skips ahead fast.
_COMPILED = tuple(re.compile(p) for p in _TRIGGERS)
_RUN = re.compile(f"{_C}+={{0,2}}")
_PIECE = re.compile(r"[A-Za-z0-9+]{16,}={0,2}")
_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_URLSAFE = str.maketrans("-_", "+/")
_INFLATED = ("gzip", "zlib")
_NO_CODEC = (*_INFLATED, "kpl")  # layers that name no charset
_WRAP_MIN = 40  # shortest line length taken for a wrapped block (MIME uses 76, PEM 64)


def _hits(text: str, pos: int, endpos: int) -> Iterator[int]:
    """Start offsets of trigger matches in ``text[pos:endpos]``, in order."""
    return heapq.merge(*((m.start() for m in rx.finditer(text, pos, endpos)) for rx in _COMPILED))


def b64_bytes(run: str) -> bytes | None:
    """Decode a run of either alphabet, padded or not; a dangling last character is dropped."""
    run = run.rstrip("=")
    if len(run) % 4 == 1:
        run = run[:-1]
    try:
        return binascii.a2b_base64(run.translate(_URLSAFE) + "=" * (-len(run) % 4))
    except (binascii.Error, ValueError):
        return None


class Base64Decoder(BoundedDecoder):
    id = "base64"
    priority = 40
    in_place = True
    triggers = _TRIGGERS
    margin = None

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        super().__init__(max_segment=max_segment, max_output=max_output)
        self._declared = DeclaredCharsets()  # a mail part's charset, for bytes that are no UTF-8

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, i, line_end = line_bounds(text, pos, endpos)
        if not any(rx.search(text, i, line_end) for rx in _COMPILED):
            return
        for hit in _hits(text, i, line_end):
            if hit < i:
                continue
            s = hit
            while s > 0 and text[s - 1] in _CHARS:
                s -= 1
            run = _RUN.match(text, s)
            i = e = run.end() if run else hit + 1
            block = wrapped_block(text, s, e) or escaped_block(text, s, e, _WRAP_MIN)
            if block and block[1] - block[0] <= self.max_segment and (got := self._block(text, *block)) is not None:
                yield got  # else the run alone, as any other (lines of equal length may be separate values)
                yield from cell_segments(text, got)  # a CSV's expiry cells, each on the line it is encoded on
                i = max(i, block[1])
            elif s < end and start < e and e - s <= self.max_segment:  # the run touches the window: read it whole
                yield from self._decode_run(text, s, e)
            elif s < end and start < e:  # a run over the segment limit is not decoded: say so
                note_limit(SEGMENT)

    def _block(self, text: str, s: int, e: int) -> Decoded | None:
        joined = "".join(ESCAPED_BREAKS.sub("", text[s:e]).split())  # a JSON string's escaped breaks too
        got = self._attempt(joined, 0, len(joined), (text, s), columns=False)
        if got is None:
            return None
        codec = "utf-8" if got.encoding == ("base64",) else got.encoding[1] if got.encoding[1] not in _NO_CODEC else ""
        codec = codec if "\n" in text[s:e] else ""  # one physical line: no line starts, the CSV's columns inline
        starts = _line_starts(text[s:e], joined, codec) if codec else ()
        decoded = got.text if starts or got.encoding != ("base64",) else with_columns(got.text)
        return Decoded(s, e, decoded, got.encoding, line_starts=starts)

    def _decode_run(self, text: str, s: int, e: int) -> Iterator[Decoded]:
        if s > 3 and text[s - 1] == "?" and chained_word(text, s, e):
            return  # one piece of a folded header's encoded-words: mime_words reads the segment whole
        got = self._attempt(text, s, e, (text, s))
        if got is None and s == 0:  # the text may begin mid-run (a record cut from a long line)
            got = next(filter(None, (self._attempt(text, k, e) for k in (1, 2, 3))), None)
        if got is not None:
            yield got
            return
        if any(sep in text[s:e] for sep in "/_-"):  # e.g. /api/tokens/<b64>, key_<b64>
            for piece in _PIECE.finditer(text, s, e):
                if (got := self._attempt(text, *piece.span())) is not None:
                    yield got

    def _attempt(
        self, text: str, s: int, e: int, where: tuple[str, int] | None = None, *, columns: bool = True
    ) -> Decoded | None:
        """The run ``text[s:e]`` decoded (a CSV's expiry cells appended unless ``columns`` is false); bytes that are
        no UTF-8, or that hold an escape sequence (a 7-bit charset's shifts, as ISO-2022-JP writes Japanese), are
        read in the charset the mail part around ``where`` (the text and the run's place in it) declares, when there
        is one."""
        run = text[s:e].rstrip("=")
        if len(run) < MIN_CHARS or (raw := b64_bytes(run)) is None:
            return None
        if raw[:2] == GZIP_MAGIC or zlib_header(raw):
            inflated = inflate(raw, self.max_output)
            decoded = None if inflated is None else bytes_to_text(inflated, self.max_output)
            how = _INFLATED[raw[:2] != GZIP_MAGIC]
            if e == len(text) and _stream_cut(raw, self.max_output):  # the text ends inside the stream (a cut record)
                note_limit(SEGMENT)
            return None if decoded is None else Decoded(s, e, with_columns(decoded), ("base64", how))
        if raw[:4] == KPL_MAGIC:  # a Kinesis record the KPL aggregated: its user records' text, one a line
            texts = [t for r in kpl_records(raw) or () if (t := bytes_to_text(r, self.max_output)) is not None]
            joined = capped("\n".join(texts), self.max_output)
            return Decoded(s, e, with_columns(joined), ("base64", "kpl")) if texts else None
        decoded = bytes_to_text(raw, self.max_output)
        if where is not None and (b"\x1b" in raw or (decoded is None and not raw.isascii())):  # ESC: ISO-2022-JP
            declared = self._declared.decode(raw, *where)
            if declared is not None and plausible(text_in := capped(declared[0], self.max_output)):
                return Decoded(s, e, text_in, ("base64", declared[1]))
        if decoded is not None and columns:
            decoded = with_columns(decoded)  # a CSV: ``_csvtext``
        return None if decoded is None else Decoded(s, e, decoded, ("base64",))


def _stream_cut(raw: bytes, limit: int) -> bool:
    """The gzip or zlib stream ``raw`` ends before its end marker (read up to ``limit`` bytes of output): its encoded
    run was cut short (as where a line longer than a record is split), so what follows it is not read here."""
    inflater = zlib.decompressobj(wbits=31 if raw[:2] == GZIP_MAGIC else 15)
    try:
        inflater.decompress(raw, limit)
    except zlib.error:
        return False
    return not inflater.eof and not inflater.unconsumed_tail


def _line_starts(block: str, joined: str, codec: str = "utf-8") -> tuple[int, ...]:
    """Where each line of a wrapped block begins in its decoded text (UTF-8, or the ``codec`` a mail part declares;
    every line but the last holds whole groups of four), so a value is reported on the line its encoded characters
    are on; none for UTF-16 text."""
    raw = b64_bytes(joined) or b""
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]  # the BOM the UTF-8 reading drops
    elif codec == "utf-8" and not raw.isascii() and _is_utf16(raw):
        return ()
    starts, chars, ascii_text = [], 0, raw.isascii() and b"\x1b" not in raw  # ESC: a 7-bit charset's shifts
    for line in block.split("\n"):
        at = chars * 3 // 4
        starts.append(at if ascii_text else len(raw[:at].decode(codec, "ignore")))
        chars += len(line.strip())
    return tuple(starts)


def _is_utf16(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _line_at(text: str, i: int) -> tuple[int, int]:
    """The line holding ``text[i]`` without its line break (a CRLF's ``\r`` too)."""
    ls = text.rfind("\n", 0, i) + 1
    le = text.find("\n", i)
    le = len(text) if le < 0 else le
    return ls, le - (text[le - 1 : le] == "\r")


def _is_run(text: str, s: int, e: int) -> bool:
    m = _RUN.match(text, s, e)
    return m is not None and m.end() == e


def _full(text: str, ls: int, le: int, width: int | None = None) -> bool:
    """``text[ls:le]`` is a full line of a wrapped block (of ``width``, when given): base64 only, no padding."""
    n = le - ls
    ok = n >= _WRAP_MIN and n % 4 == 0 if width is None else n == width
    return ok and "=" not in text[ls:le] and _is_run(text, ls, le)


def wrapped_block(text: str, s: int, e: int) -> tuple[int, int] | None:
    """(start, end) of the wrapped base64 block one of whose lines the run ``text[s:e]`` fills: full lines of one
    width and a last line no longer (padded or short). None when the run is no whole line or stands alone."""
    ls, le = _line_at(text, s)
    if (s, e) != (ls, le):
        return _keyed_block(text, s, e) if e == le else None
    first, last = ls, le
    prev = _line_at(text, ls - 1) if ls else (0, 0)
    if _full(text, *prev) and prev[1] - prev[0] > le - ls and _is_run(text, ls, le):
        width, first = prev[1] - prev[0], prev[0]  # the block's last line, shorter (if a multiple of 4: not padded)
    elif _full(text, ls, le):
        width = le - ls
    else:  # the block's last line: the line before it sets the width
        if ls == 0 or not _full(text, *prev) or prev[1] - prev[0] < le - ls:
            return None
        width, first = prev[1] - prev[0], prev[0]
    while first > 0 and _full(text, *(prev := _line_at(text, first - 1)), width):
        first = prev[0]
    if first > 0 and _full(text, k := max(prev[0], prev[1] - width), prev[1], width) and text[k - 1] not in _CHARS:
        first = k  # the first line follows a key
    while last == le and last < len(text) and _full(text, ls, le, width):  # then lines after it
        ls, le = _line_at(text, text.find("\n", last) + 1)
        if ls > last and 0 < le - ls <= width and _is_run(text, ls, le):
            last = le
    return (first, last) if (first, last) != (s, e) else None


def _keyed_block(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A wrapped block whose first line follows a key on its line (``bt_payload=PD94…`` then lines of the same
    width, as a form field or a log line writes a wrapped payload): the run ends its line and sets the width."""
    nxt = text.find("\n", e) + 1
    if not nxt or not _full(text, s, e):
        return None
    ls, le = _line_at(text, nxt)
    if not (_full(text, ls, le, e - s) or (ls < le <= ls + e - s and _is_run(text, ls, le))):
        return None
    block = wrapped_block(text, ls, le)
    return s, block[1] if block else le


DECODER = Base64Decoder
