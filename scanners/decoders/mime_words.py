"""RFC 2047 encoded-words, as mail headers write non-ASCII text: ``Subject: =?UTF-8?Q?Karte_4111=E2=80=93...?=``
and ``=?iso-8859-1?B?S2FydGUgNDExMS4uLg==?=``.

A segment runs from the first to the last of adjacent encoded-words: words separated only by white space, a folded
header's line break included, are one text (RFC 2047 section 6.2: the space between them is not part of it), so a
card number a mailer split over two words is read whole. Q words read ``_`` as a space and ``=XX`` as a byte;
B words are base64. Charsets: UTF-8, ISO-8859-1, Windows-1252 and US-ASCII (an RFC 2231 ``*language`` suffix is
ignored); a word in another charset, or one that does not decode (a bad escape, bad base64, bytes the charset
does not hold), ends the segment and is left as it is. A segment is decoded when one of its words holds a digit
in its first 200 characters of text (a Q escape of a digit, ``=3X``, holds one too).

A segment on one line lies inside its window like every decoder's; one folded over several lines is yielded whole
to any window that touches it (the same segment, so the engine reads it once), as a quoted-printable paragraph is.
A lone B word that the base64 decoder reads to the same text (UTF-8) is left to it, so its findings come once.

Limits: a word longer than 1,000 characters is not an encoded-word here (RFC 2047 allows 75); a segment is at most
``max_segment`` characters and 64 lines; decoded text is cut at ``max_output`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible
from scanners.decoders._mimeword import WORD, word_text
from scanners.decoders.base64 import Base64Decoder
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

_CHARSET = r"[A-Za-z0-9_.:+-]{1,40}"
# An encoded-word holding a digit after its encoding letter (a Q escape's hex digits count: ``=34``, ``=C3=BC``).
TRIGGERS = (rf"=\?{_CHARSET}(?:\*[A-Za-z-]{{1,20}})?\?[QqBb]\?[!->@-~]{{0,200}}[0-9]",)
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII)
_FOLDS = 64  # lines of one folded header looked at either side of a window
_BASE64 = Base64Decoder()


def _base64_reads(text: str, word: re.Match[str], decoded: str) -> bool:
    return word.group(2) in "Bb" and any(seg.text == decoded for seg in _BASE64.decode(text, *word.span(3)))


def _folded_line(text: str, at: int) -> bool:
    """The line starting at ``at`` continues a folded header (it starts with a space or a tab)."""
    return at < len(text) and text[at] in " \t"


def _region(text: str, line_start: int, line_end: int) -> tuple[int, int]:
    """The window's line with the folded lines of the same header around it."""
    s, e = line_start, line_end
    for _ in range(_FOLDS):
        if s == 0 or not _folded_line(text, s):
            break
        s = text.rfind("\n", 0, s - 1) + 1
    for _ in range(_FOLDS):
        if e >= len(text) or not _folded_line(text, e + 1):
            break
        nl = text.find("\n", e + 1)
        e = len(text) if nl < 0 else nl
    return s, e


class MimeWordsDecoder(BoundedDecoder):
    id = "mime_words"
    priority = 55
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("=?", line_start, line_end) < 0 and not _folded_line(text, line_start):
            return
        s, e = _region(text, line_start, line_end)
        chain: list[tuple[re.Match[str], str]] = []
        for m in WORD.finditer(text, s, e):
            decoded = word_text(m)
            if chain and (decoded is None or text[chain[-1][0].end() : m.start()].strip(" \t\r\n")):
                yield from self._segment(text, chain, start, end)
                chain = []
            if decoded is not None:
                chain.append((m, decoded))
        yield from self._segment(text, chain, start, end)

    def _segment(self, text: str, chain: list[tuple[re.Match[str], str]], start: int, end: int) -> Iterator[Decoded]:
        if not chain:
            return
        s, e = chain[0][0].start(), chain[-1][0].end()
        if not any(_TRIGGER.match(m.group()) for m, _ in chain) or over_limit(e - s, self.max_segment):
            return
        if text.find("\n", s, e) < 0 and (s < start or e > end):
            return  # a one-line segment lies inside its window, as every decoder's does
        if text.find("\n", s, e) >= 0 and (e < start or s > end):
            return
        decoded = capped("".join(d for _, d in chain), self.max_output)
        if len(chain) == 1 and _base64_reads(text, chain[0][0], decoded):
            return  # a lone B word the base64 decoder reads the same: its findings are reported once, from there
        if plausible(decoded):
            yield Decoded(s, e, decoded, ("mime_word",))


DECODER = MimeWordsDecoder
