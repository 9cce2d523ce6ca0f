"""Percent-encoding (``%XX``, with ``+`` as a space), e.g. ``4917%206100%200000%200000%20003``, ``card%3D4111…``.

A form body with encoded brackets in its keys (``card%5Bcvc%5D=123&...``) is one more segment, decoded whole.
A value's own ``key=`` goes along with it, with the ``?`` or ``&`` before it (``?exp=12%2F27`` decodes to
``?exp=12/27``): the key gives the value its meaning, the lead keeps a URL's ``cid=`` a URL parameter.

A segment is a maximal run of URL token characters ``[A-Za-z0-9%+._~/:,*-]`` holding a trigger match: an encoded
digit (``%3X``), an escape next to a digit, an escaped separator with its spaces between digits, or digit groups
joined by ``+``. (``/``, ``:`` and ``,`` are left
unescaped by ``encodeURI`` and Python's ``quote``, so ``%22exp%22:%2212/27%22`` is one value; ``*`` by
``encodeURIComponent`` and form encoders, so a masked card's asterisks stay in its segment:
``card%3D4242%20****%20****%204242%20exp%3D12%2F27`` is one message whose expiry is a masked card's.) Escaped bytes are
read as UTF-8, else as Latin-1, and the result must be mostly printable.

Limits: tokens longer than ``max_segment`` characters are not decoded (noted); decoded text is cut at ``max_output``
characters (a value's key comes on top: at most 66 characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote_to_bytes

from scanners.decoders._common import BoundedDecoder, capped, line_bounds, over_limit, plausible, utf8_or_latin1
from scanners.decoders.unicode_digits import touches_digits
from scanners.detectors.base import Decoded
from scanners.lazy_re import lazy_compile

# Escapes that can hide card data: an encoded digit; an encoded separator between digits (space, tab, - . /,
# NBSP, U+2000-U+206F); punctuation such as = or : right before a run of digits or a date; digit groups joined by "+".
_SEP = r"(?:2[0-9A-Fa-f]|3[A-Fa-f]|09|[aA]0|[cC]2%[aA]0|[eE][23]%80%[0-9A-Fa-f]{2}|[eE][fF]%[bB][bB]%[bB][fF])"
# Base64 written into a form field (a webhook's ``bt_payload=PD94…%0AaWNh…%2B…%3D``): an escaped line break, ``+``,
# ``/`` or ``=`` right after 16 base64 letters and digits.
B64_TRIGGER = r"[A-Za-z0-9]{16}%(?:0[AaDd]|2[BbFf]|3[Dd])"
# A digit of another script escaped as UTF-8 (full-width ``%EF%BC%94`` as an input method types it, Arabic-Indic
# ``%D9%A4``, Devanagari ``%E0%A5%AA``): three escaped multi-byte characters in a row (a value's worth: a CVV), or
# two and a third after one separator (a date: ``１２/２９``, the slash escaped or not), each a lead byte then its
# continuation bytes; ``decode`` keeps such a token only when its text holds a digit of another script.
_CONT = "%[89ABab][0-9A-Fa-f]"  # a continuation byte
_UTF8_CHAR = rf"%(?:[CDcd][0-9A-Fa-f]|[Ee][0-9A-Fa-f]{_CONT}|[Ff][0-4]{_CONT}{_CONT}){_CONT}"
UTF8_TRIGGER = rf"(?:{_UTF8_CHAR}){{2}}(?:%2[0-9A-Fa-f]|[/.+-])?{_UTF8_CHAR}"
# A full-width digit escaped as Shift_JIS (``%82R%82T…``: its lead byte 0x82 escaped, the trail byte 0x4F-0x58 a
# plain letter O-X), as a legacy Japanese CGI form posts it: three in a row; ``unquote`` reads such bytes as cp932
SJIS_TRIGGER = r"(?:%82[O-X]){3}"
TRIGGERS = (
    UTF8_TRIGGER,
    SJIS_TRIGGER,
    r"%3[0-9]",
    rf"[0-9]%{_SEP}[0-9]",
    r"%(?:2[0-9A-Fa-f]|3[A-Fa-f])[0-9]{3}",
    r"%25(?:2[0-9A-Fa-f]|3[A-Fa-f])[0-9]{3}",  # the same escape encoded twice (a body re-encoded on retry: %253D)
    r"%(?:2[0-9A-Fa-f]|3[A-Fa-f])[0-9]{1,2}/[0-9]{2}",  # an escape before a date left with its slash: exp%2012/27
    r"[0-9]{3}\+[0-9]{3}",
    # a track 1 record's start sentinel and format code escaped, once or twice (``%25B4258…%5ENAME%5E…``: a swipe
    # posted in a form field or a redirect's query); the card number after it is glued to the ``B``
    r"%25(?:25)?B[0-9]{4}",
    # a date's separator written with the spaces around it (``exp-date=06%20%2F%2032``, ``06+%2F+32``, ``06+-+32``:
    # a browser's form body, as a HAR's postData.text holds it), an escape or ``+`` first
    rf"[0-9](?:%{_SEP}|\+)(?:%{_SEP}|[+/.-]){{1,2}}[0-9]",
    B64_TRIGGER,
)
_TRIGGER = re.compile("|".join(TRIGGERS), re.ASCII)
_ASCII_TRIGGER = lazy_compile("|".join(TRIGGERS[2:]), re.ASCII)  # every trigger but the escaped multi-byte characters
# What the prefilter looks for: the same places, a little more widely. The spaced-separator trigger led by any digit
# cost the hyperscan pass about 8 % more on the first corpus; led by its escape (or by a digit and a literal ``+``) it
# costs next to nothing. A hit only opens the line to ``decode``, which still asks ``_TRIGGER`` of each token.
PREFILTER = (
    *TRIGGERS[:-2],
    rf"%{_SEP}(?:%{_SEP}|[+/.-]){{1,2}}[0-9]",
    rf"[0-9]\+(?:%{_SEP}|[+/.-]){{1,2}}[0-9]",
    B64_TRIGGER,
)
# A form value's words joined by "+", as application/x-www-form-urlencoded writes a space (a Twilio ``<Gather
# input="speech">`` webhook's ``SpeechResult=My+card+number+is+4556...``): a word then a number (``is+4556``,
# ``is+788``), or three digits said as words (``two+seven+oh``). ``decode`` reads such a value with no escape only
# when it is a key's value made of words and numbers (``_FORM_WORDS``): a base64 blob's ``+`` joins other pieces.
_SPOKEN = "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# A card number said in pairs or short groups after a word (``card+63+63+68+39+...``) is such a value too.
# A message's own parameter holds free text whatever it says (Twilio's SMS webhook ``Body``, its recording
# transcription callback ``TranscriptionText``, ``<Gather>``'s ``SpeechResult``; Plivo's inbound SMS ``Text`` and
# Vonage's ``text``; a contact form's ``message``, ``comments``, ``notes``): its value is read as words however they
# are spelled (``gültig+bis+06%2F27``, ``vencimento+04-31``, ``six+deux+deux+neuf``, ``phone+-+3762-...``,
# ``il+cvv+%C3%A8+295``).
_FREE_TEXT_KEY = (r"(?:Body|TranscriptionText|(?:Unstable)?SpeechResult|[Tt]ext|[Mm]essage|[Mm]sg|[Cc]omments?"
                  r"|[Nn]otes?|[Dd]escription)=")
FREE_TEXT_TRIGGER = rf"[?&\" \t]{_FREE_TEXT_KEY}[A-Za-z0-9%]*[+%]"
_FREE_TEXT = re.compile(rf"(?:^|[?&\" \t]){_FREE_TEXT_KEY}\Z", re.ASCII)
WORDS_TRIGGERS = (r"[A-Za-z]\+[0-9]{3}", rf"{_SPOKEN}(?:\+{_SPOKEN}){{2}}", r"[A-Za-z]\+[0-9]{1,2}\+[0-9]{1,6}\+[0-9]",
                  FREE_TEXT_TRIGGER)
_WORDS_TRIGGER = re.compile("|".join(WORDS_TRIGGERS), re.ASCII)
_PIECE = r"(?:[A-Za-z]+|[0-9]+)(?:-(?:[A-Za-z]+|[0-9]+))*[.,?!:]?"  # "XXXX-XXXX-XXXX-1666.", "card:"
_FORM_WORDS = re.compile(rf"{_PIECE}(?:\+{_PIECE})+", re.ASCII)
# A form body whose keys have encoded brackets (``card%5Bcvc%5D=123&card%5Bexp_month%5D=12``): decoded whole, keys
# and values together, so the keys give the values their meaning.
FORM_TRIGGER = r"%5[Dd]=[0-9]"
_FORM = re.compile(r"[A-Za-z0-9%+._~=&-]*%5[Dd]=[0-9][A-Za-z0-9%+._~=&-]*")
# A form key written escaped or with "+" for its spaces, its value a plain 3-4 digit number: a label in another script
# or language before a code (``%E3%82%BB…%83%89=225``: セキュリティコード, ``codice+di+sicurezza=358``,
# ``Kartenpr%C3%BCfnummer=692``), decoded with its value so the label names it
VALUED_TRIGGERS = (r"%[0-9A-Fa-f]{2}[A-Za-z]*=[0-9]{3}", r"[A-Za-z]\+[A-Za-z]+=[0-9]{3}")
_VALUED = re.compile(r"=[0-9]{3,4}(?![0-9A-Za-z%+])", re.ASCII)
_KEY_LEADS = frozenset(("", "\n", "\r", "&", "?", ";", " ", "\t", '"'))  # what stands before a key
_TOKEN = re.compile(r"[A-Za-z0-9%+._~/:,*-]+")
_LETTER = re.compile("[A-Za-z]")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%+._~/:,*-")
# the letter of a JSON or C escape (``\\n``, ``\\t``) is not part of the token after it
_ESCAPE_LETTERS = frozenset("nrtbf")
_KEY = re.compile(r"(?:[?&;]|^)?[A-Za-z_][A-Za-z0-9_.\-\[\]%]{0,63}=$", re.MULTILINE)
_UNIT = re.compile(r"%[0-9A-Fa-f]{2}|.", re.ASCII | re.DOTALL)  # what one decoded byte comes from


def _next_marker(text: str, pos: int, endpos: int) -> int:
    pct, plus = text.find("%", pos, endpos), text.find("+", pos, endpos)
    return plus if pct < 0 else pct if plus < 0 else min(pct, plus)


def places(token: str, decoded: str) -> tuple[int, ...]:
    """Where each character of ``decoded`` (``token`` unquoted) comes from in ``token``, then ``len(token)``; () when
    one character came from several escapes (a UTF-8 sequence) or the text was cut."""
    starts = [m.start() for m in _UNIT.finditer(token)]
    return (*starts, len(token)) if len(starts) == len(decoded) else ()


_SJIS_DIGIT = re.compile(rb"\x82[\x4f-\x58]")


def unquote(token: str) -> str:
    """``+`` to space and ``%XX`` to bytes, read as UTF-8, else as Shift_JIS (cp932) when they hold a full-width digit
    so written and read so, else Latin-1; malformed escapes stay as they are."""
    raw = unquote_to_bytes(token.replace("+", " "))
    if _SJIS_DIGIT.search(raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return raw.decode("cp932")
            except UnicodeDecodeError:
                pass
    return utf8_or_latin1(raw)


class PercentDecoder(BoundedDecoder):
    id = "percent"
    priority = 10
    in_place = True
    triggers = (*PREFILTER, *WORDS_TRIGGERS, FORM_TRIGGER, *VALUED_TRIGGERS)
    margin = None

    def decode(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Decoded]:
        start, end, line_start, line_end = line_bounds(text, pos, endpos)
        i = line_start
        while (hit := _next_marker(text, i, line_end)) >= 0:  # every trigger match holds a % or a +
            s = hit
            while s > 0 and text[s - 1] in _TOKEN_CHARS:
                s -= 1
            if text[s - 1 : s] == "\\" and text[s : s + 1] in _ESCAPE_LETTERS:
                s += 1  # a JSON string's escaped break or tab ends the text before it: "said:\r\n%34%31…"
            token = _TOKEN.match(text, s)
            i = e = token.end() if token else hit + 1
            if e <= start or s >= end:
                continue
            keyed = text[s - 1 : s] == "=" and _FREE_TEXT.search(text, max(line_start, s - 24), s) is not None
            words = keyed or (text[s - 1 : s] == "=" and _WORDS_TRIGGER.search(text, s, e) is not None)
            if (value := _valued_key(text, s, e)) is not None:
                yield value  # a key in another script or with spaces, and its plain code
                continue
            if not (words or _TRIGGER.search(text, s, e)) or over_limit(e - s, self.max_segment):
                continue
            if text.find("%", s, e) < 0 and _LETTER.search(text, s, e) and not keyed and not (
                    words and _FORM_WORDS.fullmatch(text, s, e)):
                continue  # "+" and no escape in a token with letters: base64 or a signature, not a form value
            decoded = capped(unquote(text[s:e]), self.max_output)
            if not (words or decoded.isascii() or touches_digits(decoded) or _ASCII_TRIGGER.search(text, s, e)):
                continue  # escaped words of another script (a search query), no digit: no card data to read
            if decoded != text[s:e] and plausible(decoded):
                key = _KEY.search(text, max(line_start, s - 66), s) if text[s - 1 : s] == "=" else None
                if key is not None:
                    s, decoded = key.start(), unquote(key.group()) + decoded  # the key: at most 66 more characters
                yield Decoded(s, e, decoded, ("percent",), places=places(text[s:e], decoded))
        for m in _FORM.finditer(text, start, end):
            if m.end() <= end and not over_limit(m.end() - m.start(), self.max_segment):
                decoded = capped(unquote(m.group()), self.max_output)
                if plausible(decoded):
                    yield Decoded(m.start(), m.end(), decoded, ("percent",), places=places(m.group(), decoded))


def _valued_key(text: str, s: int, e: int) -> Decoded | None:
    """``text[s:e]``, a form key with an escape or words joined by "+" (``VALUED_TRIGGERS``), decoded with its plain
    3-4 digit value after ``=``; None for any other token (a value, a key of one plain word, a longer number, a key
    with encoded brackets, which ``_FORM`` decodes with its whole body)."""
    value = _VALUED.match(text, e)
    if value is None or e - s > 96 or text[e - 3 : e] in ("%5D", "%5d") or text[s - 1 : s] not in _KEY_LEADS:
        return None
    if text.find("%", s, e) < 0 and not (text.find("+", s, e) >= 0 and _FORM_WORDS.fullmatch(text, s, e)):
        return None
    decoded = unquote(text[s:e]) + value.group()
    if not plausible(decoded):
        return None
    return Decoded(s, value.end(), decoded, ("percent",), places=places(text[s : value.end()], decoded))


DECODER = PercentDecoder
