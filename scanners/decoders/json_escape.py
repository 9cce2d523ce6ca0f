"""JSON string escapes: ``\\u0034\\u0031…``, ``4111\\u00a01111…``, ``\\uff14`` (full-width), ``\\/``; a MIME message
in a JSON string whose part is base64 (its escaped line breaks restored for the base64 decoder).

A segment is a maximal stretch of valid JSON string-body text (plain characters and escapes, no raw quote or
control character) that holds a trigger match: an escaped digit, or an escape next to a digit. Inner escaped
quotes are part of the stretch, so escaped JSON-in-JSON decodes whole. Lone surrogates become U+FFFD. A string that
is a member's value takes its key along (``"card_expiry":"09\\u002f27"``): the key gives the value its meaning.

Limits: stretches longer than ``max_segment`` characters are ignored; decoded text is cut at ``max_output``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, line_bounds, plausible
from scanners.detectors.base import Decoded
from scanners.detectors.number_words import ESCAPED_WORDS

# A MIME part in base64 inside a JSON string (SES's "content" in an SNS notification: the raw message, its line
# breaks escaped): the string decoded whole gives the base64 decoder its lines.
MIME_BASE64 = r"(?i:content-transfer-encoding:[ \t]*base64)(?:\\{1,3}r)?\\{1,3}n"  # escaped once, or twice (SQS)
TRIGGERS = (
    r"\\u003[0-9]",
    r"\\u[fF][fF]1[0-9]",
    r"[0-9]\\u[0-9A-Fa-f]{4}",
    r"\\u[0-9A-Fa-f]{4}[0-9]",
    r"[0-9]\\/[0-9]",
    MIME_BASE64,
    ESCAPED_WORDS,  # a label or digit word in another language, its accented letter escaped: "Pr\\u00fcfnummer"
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_REGION = re.compile(r'(?:[^"\\\x00-\x1f]++|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})+')
_SURROGATE = re.compile("[\ud800-\udfff]")
_KEY = re.compile(r'"[A-Za-z_][\w.-]{0,63}"[ \t]*:[ \t]*"$')


def unescape(body: str) -> str | None:
    """Decode a JSON string body (without its quotes); None if it is not one."""
    try:
        value = json.loads(f'"{body}"')
    except ValueError:
        return None
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else None


class JsonEscapeDecoder(BoundedDecoder):
    id = "json_escape"
    priority = 20
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("\\u", line_start, line_end) < 0 and text.find("\\/", line_start, line_end) < 0 and (
                text.find("\\n", line_start, line_end) < 0):
            return
        if _TRIGGER.search(text, line_start, line_end) is None:
            return
        for m in _REGION.finditer(text, line_start, line_end):
            s, e = m.span()
            if s < start or e > end or e - s > self.max_segment or not _TRIGGER.search(text, s, e):
                continue
            decoded = unescape(m.group())
            if decoded is None or decoded == m.group():
                continue
            if plausible(decoded := decoded[: self.max_output], m.group()):
                key = _KEY.search(text, max(line_start, s - 72), s) if text[s - 1 : s] == '"' else None
                if key is not None:  # the string's key gives its value a meaning: "card_expiry":"09\u002f27"
                    if key.start() < start:
                        continue  # the segment, key and all, is not in the window
                    s, decoded = key.start(), key.group() + decoded
                yield Decoded(s, e, decoded, ("json_escape",))


DECODER = JsonEscapeDecoder
