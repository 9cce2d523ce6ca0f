"""A mail body part in the charset its header declares: ``Content-Type: text/plain; charset=Shift_JIS`` over 8-bit
Japanese text (``有効期限 12/29``), and likewise EUC-JP, ISO-2022-JP, GB2312, Big5, EUC-KR, KOI8-R, Windows-125x.

A message whose parts mix charsets is no valid UTF-8 as a whole, so the file is read as Windows-1252 (or Latin-1)
and such a part's keywords arrive as mojibake. For a line holding a non-ASCII character and three digits, this
decoder finds the ``text/*`` part around it (the last ``Content-Type`` header with a ``charset`` before the line,
its blank line passed, no boundary of the message's ``boundary=`` parameters in between), turns the line back into
the bytes the file held (each character below U+0100 one byte, any other its Windows-1252 byte) and reads them in
the declared charset. A line that does not turn back into bytes (the file was read right: its text is already
what the part says), does not decode strictly, or reads the same is left alone. The layer is named by the codec
(``shift_jis``, ``euc_jp``, ``cp1251``...).

No trigger: the engine gives every line holding a non-ASCII character to this decoder whole (``ascii_only`` is
False). Each changed line is one segment, reported on its own line.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import ClassVar

from scanners.decoders._common import BoundedDecoder, capped, over_limit, plausible, window_lines
from scanners.detectors.base import Decoded

_HEADER = re.compile(r"^content-type:[ \t]*text/[^\n]*(?:\r?\n[ \t]+[^\n]*)*", re.IGNORECASE | re.MULTILINE)
_LINE_HEADER = re.compile(r"\n[cC](?:ontent|ONTENT)-")  # where ``_HEADER`` may match after a line break
_CHARSET = re.compile(r"charset[ \t]*=[ \t]*\"?([A-Za-z0-9_.:+-]{1,40})", re.IGNORECASE)
_BOUNDARY = re.compile(r"boundary[ \t]*=[ \t]*\"?([^\"\s;]{1,70})", re.IGNORECASE)
_BODY = re.compile(r"\r?\n\r?\n")
_DIGIT = re.compile("[0-9]")
MIN_DIGITS = 3  # the shortest card data value: a CVV
# Codecs whose text the file's own reading already gives (ASCII, Latin-1, Windows-1252) or that no 8-bit line holds.
_SKIP = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32"})

Part = tuple[int, int, int, str]  # (header start, body start, part end, codec name)


def _headers(text: str) -> list[re.Match[str]]:
    """The ``text/*`` Content-Type headers of ``text``, in order. A header is written Content-Type, content-type or
    CONTENT-TYPE, so the case-insensitive pattern is tried only at a line-initial ``Content-``, ``content-``,
    ``cONTENT-`` or ``CONTENT-``, found by one search with a literal line break first (``re`` skips to each break):
    a chunk with none (almost every log chunk; an HTTP log's quoted ``"Content-Type"`` is not line-initial) is spared
    the case-insensitive search, ten times as slow over a whole chunk. (Two plain searches, for ``ontent-`` and
    ``ONTENT-``, took two and a half times as long as this one.)"""
    starts = [0] if text[1:8] in ("ontent-", "ONTENT-") else []
    starts += [m.start() + 1 for m in _LINE_HEADER.finditer(text)]
    return [m for at in starts if (m := _HEADER.match(text, at)) is not None]


def _parts(text: str, skip: frozenset[str] = _SKIP) -> list[Part]:
    """Every ``text/*`` part of ``text`` that declares a charset other than ``skip`` (by default the ones the file
    reading gives)."""
    headers = _headers(text)
    if not headers:
        return []
    boundaries = {"\n--" + m[1] for m in _BOUNDARY.finditer(text)}
    out: list[Part] = []
    for m in headers:
        cs = _CHARSET.search(m[0])
        if cs is None:
            continue
        try:
            name = codecs.lookup(cs[1]).name
        except LookupError:
            continue
        body = _BODY.search(text, m.end())
        if name in skip or body is None:
            continue
        ends = [at for b in boundaries if (at := text.find(b, body.end())) >= 0]
        out.append((m.start(), body.end(), min(ends, default=len(text)), name))
    return out


def _raw(line: str) -> bytes | None:
    """The bytes a Windows-1252 or Latin-1 reading of the file turned into ``line`` (None: it was not read so)."""
    out = bytearray()
    for char in line:
        if ord(char) < 0x100:
            out.append(ord(char))
            continue
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


class DeclaredCharsets:
    """The charset a mail part declares for its body, asked by the decoders that peel a transfer encoding (base64,
    quoted-printable): the bytes they decode are text in that charset (EUC-KR, GB2312, Windows-1256...), not UTF-8.
    The parts are found once per text."""

    def __init__(self) -> None:
        self._memo: tuple[str, list[Part], list[int]] = ("", [], [])

    def codec_at(self, text: str, pos: int) -> str | None:
        """The codec of the ``text/*`` part whose body holds ``text[pos]`` (None outside any declared part)."""
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            parts = _parts(text, frozenset()) if "ontent-" in text or "ONTENT-" in text else []
            memo = self._memo = (text, parts, [p[1] for p in parts])
        _, parts, starts = memo
        k = bisect_right(starts, pos) - 1
        return parts[k][3] if k >= 0 and pos < parts[k][2] else None

    def decode(self, raw: bytes, text: str, pos: int) -> tuple[str, str] | None:
        """``raw`` read strictly in the charset declared for ``text[pos]``, and that codec's name (None: no declared
        charset, or the bytes are no text in it)."""
        codec = self.codec_at(text, pos)
        if codec is None:
            return None
        try:
            return raw.decode(codec), codec
        except (UnicodeDecodeError, LookupError):  # LookupError: a codec that is no text encoding (rot13)
            return None


class MimeCharsetDecoder(BoundedDecoder):
    id = "mime_charset"
    priority = 85
    triggers = ()
    margin = None
    ascii_only: ClassVar[bool] = False  # its windows are exactly the lines that hold a non-ASCII character

    def __init__(self, **limits: int) -> None:
        super().__init__(**limits)
        self._memo: tuple[str, list[Part], list[int]] = ("", [], [])  # the last text's parts, and their starts

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        # held here, not asked of the memo per line: each line given scans its decoded text at once, whose own
        # call replaces the memo (a mail of many such lines found its parts again after every one)
        _, parts, starts = self._parts_of(text)
        if not parts:  # no declared part in this text (a log chunk): no line to read again
            return
        for start, stop in window_lines(text, pos, endpos):
            if (got := self._line(text, start, stop, parts, starts)) is not None:
                yield got

    def _parts_of(self, text: str) -> tuple[str, list[Part], list[int]]:
        """``text``'s declared parts and their starts, found once per text."""
        memo = self._memo  # read once: another thread may swap in its own text's tuple meanwhile
        if memo[0] is not text:
            parts = _parts(text)
            memo = self._memo = (text, parts, [p[0] for p in parts])
        return memo

    def _line(self, text: str, start: int, end: int, parts: list[Part], starts: list[int]) -> Decoded | None:
        line = text[start:end].rstrip("\r")
        if line.isascii() or len(_DIGIT.findall(line)) < MIN_DIGITS or over_limit(len(line), self.max_segment):
            return None
        k = bisect_right(starts, start) - 1
        if k < 0 or not parts[k][1] <= start < parts[k][2]:
            return None
        raw = _raw(line)
        if raw is None:
            return None
        try:
            decoded = capped(raw.decode(parts[k][3]), self.max_output)
        except (UnicodeDecodeError, LookupError):  # LookupError: a codec that is no text encoding (rot13, zlib)
            return None
        if decoded == line or not plausible(decoded, line):
            return None
        return Decoded(start, start + len(line), decoded, (parts[k][3],))


DECODER = MimeCharsetDecoder
