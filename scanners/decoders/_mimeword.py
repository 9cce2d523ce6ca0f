"""One RFC 2047 encoded-word (``=?utf-8?B?...?=``) read to its text, for ``mime_words`` (which reads a segment of
adjacent words whole) and ``base64`` (which leaves to it a B word that another word beside it continues)."""

from __future__ import annotations

import binascii
import re

from scanners.lazy_re import lazy_compile

WORD = lazy_compile(r"=\?([A-Za-z0-9_.:+-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([QqBb])\?([!->@-~]{0,1000}?)\?=", re.ASCII)
_CODECS = {"utf-8": "utf-8", "utf8": "utf-8", "us-ascii": "ascii", "ascii": "ascii", "iso-8859-1": "latin-1",
           "latin1": "latin-1", "latin-1": "latin-1", "windows-1252": "cp1252", "cp1252": "cp1252"}
_Q_ESCAPE = lazy_compile(r"=([0-9A-Fa-f]{2})")
_Q_BAD = lazy_compile(r"=(?![0-9A-Fa-f]{2})")
_B_TEXT = lazy_compile(r"[A-Za-z0-9+/]*")


def word_text(m: re.Match[str]) -> str | None:
    """The text of one encoded-word, or None when its charset is unknown or it does not decode."""
    codec = _CODECS.get(m.group(1).lower())
    body = m.group(3)
    if codec is None:
        return None
    if m.group(2) in "Bb":
        body = body.rstrip("=")
        if not _B_TEXT.fullmatch(body) or len(body) % 4 == 1:
            return None
        try:
            raw = binascii.a2b_base64(body + "=" * (-len(body) % 4))
        except (binascii.Error, ValueError):
            return None
    elif _Q_BAD.search(body):
        return None
    else:
        raw = _Q_ESCAPE.sub(lambda e: chr(int(e.group(1), 16)), body.replace("_", " ")).encode("latin-1")
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def chained_word(text: str, s: int, e: int) -> bool:
    """``text[s:e]`` is the text of a B encoded-word that an encoded-word beside it (white space between, a folded
    header's line break too) continues or is continued by: ``mime_words`` reads the segment whole (a number split over
    the two words is one number), so the base64 decoder leaves the piece alone."""
    head = text.rfind("=?", max(0, s - 48), s)
    m = WORD.match(text, head) if head >= 0 and text[s - 3 : s - 1] in ("?B", "?b") else None
    if m is None or m.start(3) != s or word_text(m) is None:
        return False
    rest = text[m.end() : m.end() + 80]
    after = WORD.match(text, m.end() + len(rest) - len(rest.lstrip(" \t\r\n")))
    if after is not None and after.start() > m.end() and word_text(after) is not None:
        return True
    gap = text[max(0, head - 80) : head]
    return gap != gap.rstrip(" \t\r\n") and gap.rstrip(" \t\r\n").endswith("?=")
