"""ArcSight CEF records unescaped: ``CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|key=value ...``.

CEF escapes ``|`` and ``\\`` as ``\\|`` and ``\\\\`` in the header's fields, and ``=``, ``\\`` and line breaks as
``\\=``, ``\\\\``, ``\\n`` and ``\\r`` in the extension's values (the ArcSight CEF format; rsyslog's CEF escaping does
the same). A value logged with its own ``=`` (``msg=terminal read ok track2\\=;…\\=…?``, a form body's
``card%5Bexp_month%5D\\=12``) then reads as the text it was, for the detectors and the decoders after this one
(percent-encoding). A segment runs from ``CEF:`` to the line's end and is decoded only when it holds an escape.

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, over_limit, window_lines
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

# a CEF record whose header or extension holds an escape (a record without one reads as it stands)
TRIGGERS = (r"CEF:[0-9]{1,2}\|[^\n]*\\[=\\|nr]",)
_HEADER = lazy_compile(r"CEF:[0-9]{1,2}\|(?:(?:[^|\\\n]|\\.)*\|){6}")  # version, then six fields, each ending in |
_HEADER_ESCAPE = lazy_compile(r"\\([|\\])")
_EXTENSION_ESCAPE = lazy_compile(r"\\([=\\nr])")
_BREAKS = {"n": "\n", "r": "\r"}


def _extension_char(m: re.Match[str]) -> str:
    return _BREAKS.get(m[1], m[1])


class CefDecoder(BoundedDecoder):
    id = "cef"
    priority = 30
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for s, e in window_lines(text, pos, endpos):
            at = text.find("CEF:", s, e)
            header = _HEADER.match(text, at, e) if at >= 0 else None
            if header is None or over_limit(e - at, self.max_segment):
                continue
            head, extension = text[at : header.end()], text[header.end() : e]
            decoded = _HEADER_ESCAPE.sub(r"\1", head) + _EXTENSION_ESCAPE.sub(_extension_char, extension)
            if len(decoded) < e - at:  # some escape was read
                yield Decoded(at, e, capped(decoded, self.max_output), ("cef",))


DECODER = CefDecoder
