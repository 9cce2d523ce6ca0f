"""Octal byte escapes: ``\\063\\060\\064…``, as C string literals, ``printf``, bash ``$'…'``, PostgreSQL's bytea
escape format and wire dumps of HTTP clients write bytes. The backslash may itself be escaped (``\\\\064``): a
bytea literal in an SQL string (PostgreSQL's documented input form, "preceded by two backslashes") and a COPY row
of ``pg_dump`` double it.

A segment is a run of three-digit escapes (``\\000``-``\\377``, possibly with plain text between them) that holds
a trigger match: three escaped ASCII digits in a row. It is decoded with the words before it on the line (up to
``REACH`` characters, cut at a space), since a key or label written plainly (``cvv \\071\\062\\071``,
``"cardNumber": "\\062…"``) is what names the value; escaped bytes are read as UTF-8 (else Latin-1), the rest of
the text is kept as it is.

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, escape_runs, plausible, utf8_or_latin1
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"(?:\\{1,2}0(?:6[0-7]|7[01])){3}",)  # "0"-"9" are octal 060-071, the backslash maybe doubled
_TRIGGER = lazy_compile(TRIGGERS[0], re.ASCII)
_ESCAPES = lazy_compile(r"(?:\\{1,2}[0-3][0-7]{2})+")
_OCTETS = lazy_compile(r"[0-3][0-7]{2}")
# escapes, and the plain text between them when it is short (a separator, a key, a closing quote and the next key)
_RUN = lazy_compile(r"\\{1,2}[0-3][0-7]{2}(?:.{0,40}?\\[0-3][0-7]{2})*")
REACH = 80  # characters of plain text before a run read with it


class OctalDecoder(BoundedDecoder):
    id = "octal"
    priority = 55
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for line_start, s, e in escape_runs(_RUN, _TRIGGER, text, pos, endpos, limit=self.max_segment):
            own = text.rfind("\n", line_start, s) + 1 or line_start  # the run's own line (a window may hold more)
            ws = max(own, s - REACH)
            if ws > own:
                cut = text.find(" ", ws, s)
                ws = cut + 1 if cut >= 0 else s
            raw = text[ws:e]
            decoded = capped(_ESCAPES.sub(_bytes, raw), self.max_output)
            if decoded != raw and plausible(decoded, raw):
                yield Decoded(ws, e, decoded, ("octal",))


def _bytes(m: re.Match[str]) -> str:
    return utf8_or_latin1(bytes(int(octet, 8) for octet in _OCTETS.findall(m.group())))


DECODER = OctalDecoder
