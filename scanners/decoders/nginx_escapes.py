"""nginx's log escaping: ``{\\x22pan\\x22:\\x224111…\\x22}``. With ``log_format``'s default ``escape=default``
nginx writes ``"``, ``\\`` and every byte below 0x20 or above 0x7E of a variable (``$request_body``, a header) as
``\\xHH``, so a logged JSON body has each quote as ``\\x22`` glued to its value's digits, and a card number reads as
part of a longer digit run (``x226011…``). A pipeline that ships the line in a JSON string escapes the backslash once
more (``\\\\x22``); an escape is read at any such level.

A segment is a run of ``\\xHH`` escapes with short plain text between them (a key, a value, a separator; no raw
quote: the log format's own quotes bound the variable) that holds a trigger match: an escaped quote next to a digit.
Escaped bytes are read as UTF-8 (else Latin-1), the plain text is kept; the body's keys are inside the run.

Limits: segments longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, escape_runs, plausible, utf8_or_latin1
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

TRIGGERS = (r"\\x22[0-9]", r"[0-9]\\+x22")  # an escaped quote glued to a value's digit
_TRIGGER = lazy_compile("|".join(TRIGGERS), re.ASCII)
_ESCAPE = r"\\+x[0-9A-Fa-f]{2}"
_ESCAPES = lazy_compile(rf"(?:{_ESCAPE})+")
# escapes, and the plain text between them when it is short and holds no quote
_RUN = lazy_compile(rf'{_ESCAPE}(?:[^"\n]{{0,80}}?{_ESCAPE})*')
_HEX = re.compile(r"x([0-9A-Fa-f]{2})")


class NginxEscapesDecoder(BoundedDecoder):
    id = "nginx_escapes"
    priority = 55
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        for _, s, e in escape_runs(_RUN, _TRIGGER, text, pos, endpos, limit=self.max_segment):
            raw = text[s:e]
            decoded = capped(_ESCAPES.sub(_bytes, raw), self.max_output)
            if decoded != raw and plausible(decoded, raw):
                yield Decoded(s, e, decoded, ("nginx_escapes",))


def _bytes(m: re.Match[str]) -> str:
    """A run of escapes (each ``\\x`` behind one or more backslashes) as the text of its bytes."""
    return utf8_or_latin1(bytes(int(h, 16) for h in _HEX.findall(m.group())))


DECODER = NginxEscapesDecoder
