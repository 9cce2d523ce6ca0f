"""JSON string escapes: ``\\u0034\\u0031…``, ``4111\\u00a01111…``, ``\\uff14`` (full-width), ``\\/``; a MIME message
in a JSON string whose part is base64 (its escaped line breaks restored for the base64 decoder).

A segment is a maximal stretch of valid JSON string-body text (plain characters and escapes, no raw quote or
control character) that holds a trigger match: an escaped digit, or an escape next to a digit. Inner escaped
quotes are part of the stretch, so escaped JSON-in-JSON decodes whole. Lone surrogates become U+FFFD. A string that
is a member's value takes its key along (``"card_expiry":"09\\u002f27"``), and so does a string that is
a name's value in source code (``card0: "\\u0036…"``, ``PAN = "…"``): the key gives the value its meaning.
The strings of one object's members, joined only by ``": "`` and ``", "``, are one segment (each string decoded,
the punctuation kept): a form logged with every digit escaped splits a date in two members (``"expMonth":
"\\u0030\\u0039", "expYear": "\\u0032\\u0037"``) and names a code by its sibling card number.
Meta's data export (Facebook, Instagram, Messenger "Download your information") writes each UTF-8 byte of a
non-ASCII character as an escape of its own (``\\u00d9\\u00a8``, the two bytes of an Arabic-Indic eight): such
escapes trigger too, and a run of decoded characters U+0080-U+00FF that are the bytes of valid UTF-8 is read back as
the characters they encode (a run that is no valid UTF-8 is Latin-1 text, kept).

Limits: stretches longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``.

A line longer than ``_LONG`` (a file of JSON records with no newline between them, as Firehose writes an S3 object)
is read only around its backslashes: from the last run start before each to the first one after it. Only a run that
holds a trigger match can give a segment, and every trigger match holds a backslash, so every run that can is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible, string_key
from scanners.detectors.base import Decoded
from scanners.detectors.number_words import ESCAPED_COPULA, ESCAPED_WORDS
from scanners.lazy_re import lazy_compile

# A MIME part in base64 inside a JSON string (SES's "content" in an SNS notification: the raw message, its line
# breaks escaped): the string decoded whole gives the base64 decoder its lines.
MIME_BASE64 = r"(?i:content-transfer-encoding:[ \t]*base64)(?:\\+r)?\\+n"  # escaped once or more
# Still escaped after a peel (SES in SNS in SQS logged as JSON): the inner strings are peeled in the same step.
_NESTED_MIME = re.compile(MIME_BASE64)
_PEELS = 4  # JSON string levels peeled in one step at most (deeper: the engine's depth limit notes it)
TRIGGERS = (
    r"\\u003[0-9]",
    r"\\u[fF][fF]1[0-9]",
    r"[0-9]\\u[0-9A-Fa-f]{4}",
    r"\\u[0-9A-Fa-f]{4}[0-9]",
    r"[0-9]\\+/[0-9]",  # a JSON-escaped slash (PHP), at any level: 06\/31, 06\\\/31
    r"[0-9]{4}\\t[0-9]{4}",  # a tab typed between a card's groups, escaped: "card\t4111\t1111\t…" (a chat message)
    MIME_BASE64,
    ESCAPED_WORDS,  # a label or digit word in another language, its accented letter escaped: "Pr\\u00fcfnummer"
    ESCAPED_COPULA,  # "il codice di sicurezza \\u00e8 123"
    r"\\u00[cdefCDEF][0-9A-Fa-f]\\u00[89abAB][0-9A-Fa-f]",  # a UTF-8 lead byte and a continuation byte escaped (Meta)
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_REGION = re.compile(r'(?:[^"\\\x00-\x1f]++|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})+')
_SURROGATE = re.compile("[\ud800-\udfff]")
# the bytes of one UTF-8 character (lead byte, continuation bytes) as Latin-1 characters
_UTF8_AS_LATIN1 = re.compile(
    "(?:[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}|[\u00f0-\u00f4][\u0080-\u00bf]{3})+"
)
_MEMBER_GAP = re.compile(r'"[ \t]*[:,][ \t]*"')  # between a key and its value, or a value and the next key
_OPEN_QUOTE = re.compile('"')
_LONG = 1 << 16  # a line longer than this is read around its backslashes (``_hot_members``)
# A quote no backslash escapes, with a character before and after it that no member separator holds: the string
# after it starts a run whatever came before (neither it nor the text before the quote can be a ``": "``/``", "``).
_SYNC = lazy_compile(r'[^"\\\x00-\x1f \t:,]"(?=[^"\\\x00-\x1f \t:,])')
_SYNC_REACH = 4096  # how far back of a hit a run start is looked for (else: from the last place read)


def unescape(body: str) -> str | None:
    """Decode a JSON string body (without its quotes); None if it is not one."""
    try:
        value = json.loads(f'"{body}"')
    except ValueError:
        return None
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else None


def _as_utf8(m: re.Match[str]) -> str:
    try:
        return m[0].encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:  # an overlong form or a surrogate's bytes: Latin-1 text after all
        return m[0]


def utf8_read(text: str) -> str:
    """``text`` with each run of Latin-1 characters that are valid UTF-8 bytes read as UTF-8 (Meta's export)."""
    return _UTF8_AS_LATIN1.sub(_as_utf8, text)


class JsonEscapeDecoder(BoundedDecoder):
    id = "json_escape"
    priority = 20
    in_place = True
    triggers = TRIGGERS
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        if text.find("\\u", line_start, line_end) < 0 and text.find("\\/", line_start, line_end) < 0 and (
                text.find("\\n", line_start, line_end) < 0 and text.find("\\t", line_start, line_end) < 0):
            return
        if _TRIGGER.search(text, line_start, line_end) is None:
            return
        runs = _members if line_end - line_start <= _LONG else _hot_members
        for s0, e, pieces in runs(text, line_start, line_end):
            s = s0
            if e <= start or s >= end or not _TRIGGER.search(text, s, e) or over_limit(e - s, self.max_segment):
                continue
            decoded = _decode(text, pieces)
            if decoded is None or decoded == text[s:e]:
                continue
            if plausible(decoded := capped(decoded, self.max_output), text[s:e]):
                if len(pieces) > 1 and ":" in text[pieces[0][1] : pieces[1][0]]:  # the run starts with a key
                    key = _OPEN_QUOTE.match(text, s - 1, s) if s > line_start else None
                else:
                    key = string_key(text, line_start, s) if text[s - 1 : s] == '"' else None
                if key is not None:  # the string's key gives its value a meaning: "card_expiry":"09\u002f27"
                    s, decoded = key.start(), key.group() + decoded
                decoded, peels = self._peeled(decoded)
                yield Decoded(s, e, decoded, ("json_escape",) * peels)

    def _peeled(self, decoded: str) -> tuple[str, int]:
        """``decoded`` with the strings around an escaped MIME base64 part peeled until its line breaks are real
        (a mail in SES's "content", in SNS's "Message", in an SQS "body": three JSON levels above its base64), and
        how many levels that is: the levels of one escaping repeated count as one decoding step, so the base64
        part and what it holds are read within the engine's depth; the layers named are every level peeled."""
        peels = 1
        while peels < _PEELS and (nested := _NESTED_MIME.search(decoded)) is not None:
            inner = next((g for g in self.decode(decoded) if g.start <= nested.start() < g.end), None)
            if inner is None:
                break
            decoded = decoded[: inner.start] + inner.text + decoded[inner.end :]
            peels += len(inner.encoding)
        return decoded, peels


def _members(text: str, line_start: int, line_end: int) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Each stretch of string-body text of the line, with the string bodies after it that only member punctuation
    (``": "``, ``", "``) separates from it: ``(start, end, bodies)``. A key whose value is no string ends it."""
    run: list[tuple[int, int]] = []
    joins_at = -1  # where a string body must start to join the run: after a quoted member separator
    for m in _REGION.finditer(text, line_start, line_end):
        s, e = m.span()
        if run and s == run[-1][1] + 1 and _MEMBER_GAP.fullmatch(text, s - 1, e + 1):
            joins_at = e + 1  # the separator between two strings
            continue
        if run and s == joins_at:
            run.append((s, e))
            continue
        if run:
            yield _closed(text, run)
        run = [(s, e)]
    if run:
        yield _closed(text, run)


def _hot_members(text: str, line_start: int, line_end: int) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """``_members`` of a long line, only the stretches around its backslashes (every trigger match holds one): from a
    run start (``_SYNC``, or where the last stretch ended) at or before each to the first run start after it, so every
    run that holds one is read whole and the same as ``_members`` reads it."""
    done = line_start  # where the next stretch may begin: the line's start or a run start
    while (a := text.find("\\", done, line_end)) >= 0:  # every trigger match holds a backslash: a run without one
        begin = done  # gives no segment
        for m in _SYNC.finditer(text, max(done, a - _SYNC_REACH), a + 1):
            if m.end() <= a:
                begin = m.end()
        after = _SYNC.search(text, a + 1, line_end)
        done = after.end() if after is not None else line_end
        yield from _members(text, begin, done)


def _closed(text: str, run: list[tuple[int, int]]) -> tuple[int, int, list[tuple[int, int]]]:
    """The run without a last key whose value is no string (``..."x":1}``)."""
    if len(run) > 1 and "," in text[run[-2][1] : run[-1][0]]:
        run = run[:-1]
    return run[0][0], run[-1][1], run


def _decode(text: str, pieces: list[tuple[int, int]]) -> str | None:
    """The bodies decoded, the punctuation between them kept; None if the first is no JSON string body."""
    out: list[str] = []
    for i, (s, e) in enumerate(pieces):
        if i:
            out.append(text[pieces[i - 1][1] : s])
        body = unescape(text[s:e])
        if body is None and not i:
            return None
        out.append(text[s:e] if body is None else body)
    return utf8_read("".join(out))


DECODER = JsonEscapeDecoder
