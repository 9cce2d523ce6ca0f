"""Quoted-printable (RFC 2045), as mail archives write bodies: ``=34=31=31…``, ``card=3D4111…``, ``4111=20…``, and
soft line breaks (``=`` at a line end) that split a card number across lines.

A segment is a paragraph of soft-broken lines (from the first line not preceded by a soft break to the first line
not ending in one) holding a trigger match: an encoded digit next to another escape (a lone ``=37`` is more likely a
``latency=378ms`` log value), ``=3D`` before a digit, an encoded space between digits, or a soft break right after a
digit or before one (a keyword and its value split: ``security code=`` then `` 543``) or after a spoken digit (a
voicemail transcript's ``two oh zero =``), an HTML attribute's ``=3D"`` (an HTML body: a receipt's label cell and
value cell are read decoded), or an escaped non-ASCII letter before a plain digit (``g=C3=BCltig bis 09/31``,
``Pr=C3=BCfnummer 344``: the keyword itself is encoded, so only the decoded text names the value). Bytes are read
as UTF-8, else in the charset the mail part declares (EUC-KR, Windows-1256...), else Windows-1252; the result must be
mostly printable, and every ``=`` must escape a byte or break a line (so ``a=1 b=300`` is not QP). A line with
literal spaces and a ``key=digits`` pair (``order=20606550635332 latency=12ms``) is a logfmt log line, not QP: QP
writes a literal ``=`` as ``=3D``, and an encoder that writes ``=20`` for a space mid-line writes it for every space.

A one-line segment lies inside its window like every decoder's. A paragraph of several lines is the one exception:
any window that touches it yields the whole paragraph (the same segment, so the engine reports it once); a window is
one line, and a card split by a soft break needs both.

Limits: paragraphs longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at
``max_output``.
"""

from __future__ import annotations

import quopri
import re
from bisect import bisect_right, insort
from collections.abc import Iterator

from scanners.cards.layouts import dump_line
from scanners.decoders._common import (
    MAX_OUTPUT_CHARS,
    MAX_SEGMENT_CHARS,
    BoundedDecoder,
    capped,
    line_bounds,
    over_limit,
    plausible,
)
from scanners.decoders.mime_charset import DeclaredCharsets
from scanners.detectors.base import Decoded

TRIGGERS = (
    r"=3[0-9]=[0-9A-Fa-f]{2}", r"=[0-9A-Fa-f]{2}=3[0-9]", r"=3[dD][0-9]", r"[0-9]=20[0-9]", r"[0-9] ?=\r?$",
    r"[A-Za-z] =3[dD] [0-9]",  # a label, an escaped "=" with its spaces, a value: "Expiry =3D 08/27"
    r"=\r?\n[ \t]?[0-9]",  # a soft break before a digit: "security code=" ending a line, " 543" the next
    r"[a-z]=\r?\n[a-z]",  # a soft break inside a word: a keyword split ("codice di sicu=" then "rezza 123")
    # ... or between a keyword's words, a space before or after the break, or right after an escaped letter of it
    # ("security=" then " code 0112", "g=C3=BCltig =" then "bis 12/25", "g=C3=BC=" then "ltig bis 07/32"), the value
    # soon after on the next line
    r"(?:[a-z]|=[89A-F][0-9A-F]) ?=\r?\n[ \t]?[a-z][^\n=]{0,40}[0-9]",
    r"=3[dD]\"",  # an HTML attribute's "=": a QP HTML body (a receipt's table cells)
    r"=1B[$(][@BJ][^\n]{0,60}[0-9]",  # ISO-2022-JP's escape sequence (a shift to JIS X 0208 or back), then a digit
    # a non-ASCII letter written as escapes (two high bytes in a row: UTF-8's lead and continuation bytes, a
    # character of a double-byte charset, an Arabic or Cyrillic word; a letter of a Latin-1 or Latin-2 code page
    # inside a word or ending it before ": "), with a plain digit further on the line (the last two escapes of the
    # keyword match): the keyword itself is encoded ("g=C3=BCltig bis 09/31", "=E6=9C=89=E5=8A=B9=E6=9C=9F=E9=99=90
    # 12/29", EUC-KR's "=C0=AF=C8=BF=B1=E2=B0=A3 12/29", "g=FCltig", "wa=BFno=B6ci 09/31", "kart numaras=FD: " and
    # "n=FAmero do cart=E3o: " before a card number); RFC 2045 escapes are upper-case hex
    r"=[89A-F][0-9A-F]=[89A-F][0-9A-F][^\n0-9=]{0,60}[0-9]",
    r"[A-Za-z]=[A-F][0-9A-F](?:[a-z]|: )[^\n0-9=]{0,60}[0-9]",
    # a soft break after a spoken digit, or inside the word after one: a transcript's number split ("two oh zero =",
    # "six four eig=" then "ht five"), as a voicemail mail's body writes it
    r"\b(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine) (?i:[a-z]{0,5})=\r?$",
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII | re.MULTILINE)
_NOT_QP = re.compile(r"=(?![0-9A-Fa-f]{2}|\r?\n|\r?$)", re.MULTILINE)  # every = escapes a byte or breaks a line
_MAPPED_LINES = 200
_KEY_NUMBER = re.compile(r"[A-Za-z_]=[0-9]+(?![0-9A-Za-z=])")  # logfmt's key=number, read whole


def _soft_broken(text: str, line_end: int) -> bool:
    """The line ending at ``line_end`` (a ``\\n`` or the text's end) ends with a soft break."""
    i = line_end - 1 if text[line_end - 1 : line_end] == "\r" else line_end
    return (line_end < len(text) and text[i - 1 : i] == "="
            and not dump_line(text, text.rfind("\n", 0, line_end) + 1, line_end))  # a byte of a dump's ASCII column


class QuotedPrintableDecoder(BoundedDecoder):
    id = "quoted_printable"
    priority = 60
    in_place = True
    triggers = TRIGGERS
    margin = None

    def __init__(self, *, max_segment: int = MAX_SEGMENT_CHARS, max_output: int = MAX_OUTPUT_CHARS) -> None:
        super().__init__(max_segment=max_segment, max_output=max_output)
        # The paragraphs found and decoded in the last text: the engine asks about each line of a paragraph (an
        # HTML body has a trigger on most lines), and the answers are the same. Swapped as one tuple per text.
        self._memo: tuple[str, list[tuple[int, int]], dict[tuple[int, int], Decoded | None]] = ("", [], {})
        self._declared = DeclaredCharsets()  # a mail part's charset, for bytes that are no UTF-8

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, _ = line_bounds(text, pos, endpos)
        if text.find("=", max(0, line_start - 3), end) < 0:  # from the soft break ending the line before it (CRLF)
            return
        memo = self._memo
        if memo[0] is not text:
            memo = self._memo = (text, [], {})
        _, found, decodings = memo
        at, done = line_start, -1
        while at <= end and at < len(text):
            k = bisect_right(found, (at, len(text) + 1)) - 1
            if k >= 0 and found[k][0] <= at <= found[k][1]:
                s, e = found[k]
            else:
                s, e = self._paragraph(text, at)
                insort(found, (s, e))
            at = e + 1
            if s <= done:
                continue
            done = s
            e -= text[e - 1 : e] == "\r"  # a CRLF line's \r is not part of it
            single = text.find("\n", s, e) < 0
            if single and (s < start or e > end):
                continue  # a one-line segment lies inside its window, as every decoder's does
            if (s, e) not in decodings:
                decodings[s, e] = self._decoded(text, s, e)
            if (got := decodings[s, e]) is not None:
                yield got

    def _paragraph(self, text: str, at: int) -> tuple[int, int]:
        """The soft-broken lines around the line starting at ``at``: (first line start, last line end)."""
        s = at
        while s > 0 and at - s < self.max_segment and _soft_broken(text, s - 1):
            s = text.rfind("\n", 0, s - 1) + 1
        e = text.find("\n", at)
        e = len(text) if e < 0 else e
        while _soft_broken(text, e) and e - s <= self.max_segment:
            nl = text.find("\n", e + 1)
            e = len(text) if nl < 0 else nl
        return s, e

    def _decoded(self, text: str, s: int, e: int) -> Decoded | None:
        if not _TRIGGER.search(text, s, e) or _NOT_QP.search(text, s, e) or over_limit(e - s, self.max_segment):
            return None
        encoded = text[s:e]
        if " " in encoded and _KEY_NUMBER.search(encoded):
            return None
        raw = quopri.decodestring(encoded.encode("latin-1", "replace"))
        decoded, codec = self._text(raw, text, s)
        decoded = capped(decoded, self.max_output)
        if decoded == encoded or not plausible(decoded, encoded):
            return None
        return Decoded(s, e, decoded, ("quoted_printable",), line_starts=_line_starts(encoded, raw, codec))

    def _text(self, raw: bytes, text: str, s: int) -> tuple[str, str]:
        """``raw`` read as UTF-8, else in the charset the mail part declares (EUC-KR, Windows-1256...; first when
        ``raw`` holds an escape sequence, as ISO-2022-JP's 7-bit shifts), else Windows-1252 (codec name ''); and the
        codec read."""
        if b"\x1b" in raw and (declared := self._declared.decode(raw, text, s)) is not None:
            return declared
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return self._declared.decode(raw, text, s) or (raw.decode("cp1252", "replace"), "")


def _line_starts(encoded: str, raw: bytes, codec: str) -> tuple[int, ...]:
    """Where each line of a soft-broken paragraph begins in its decoded text (an escape never spans lines, so the
    lines decoded one by one are the paragraph's bytes in order); none for a paragraph of more than 200 lines."""
    lines = encoded.split("\n")
    if len(lines) > _MAPPED_LINES:
        return ()
    starts, at = [], 0
    for line in lines:
        starts.append(len(raw[:at].decode(codec, "ignore")) if codec else at)
        at += len(quopri.decodestring(line.rstrip("\r").encode("latin-1", "replace")))
    return tuple(starts)

DECODER = QuotedPrintableDecoder
