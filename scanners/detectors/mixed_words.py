"""A card number said partly in digit words and partly in numerals, as speech-to-text writes a caller who starts
reading a card out digit by digit and the recogniser switches to a numeral for the rest (``four one one one`` then
the remaining twelve digits as one number), or the other way round.

``spelled_pan`` reads numerals of at most four digits, a spoken group; a long numeral mixed with words is read here,
and only when the run is a value set apart: a key's whole value or a string's tail (``"cardNum": "…"``, ``card=…``,
``Caller said:\\n…``, a turn's ``Sure it's …``, ``so that's …``, ``it's a visa …``), ending where the value ends (a
quote, an escape, the line's end, a comma, the next ``key=``) or where the card's next value is named (``… 16302
expiration date 12/26``, subtitle cues joined into one turn). It must hold two digit words or more and a numeral of
five digits or more, read as 13-19 digits that ``is_pan`` accepts (IIN range, brand length, Luhn), and no id, phone
or order name may own it (``idkeys.id_keyed``, and a turn that answers a question for an id). Prose that happens to
hold number words and numbers (``one of 4111 stores``, ``two 16-digit ids``) is no run of this shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import is_pan
from scanners.cards.idkeys import id_keyed
from scanners.detectors.dialogue import answers_id_question
from scanners.detectors.digit_words import NUMBER_WORD, spelled_digits
from scanners.lazy_re import lazy_compile

_AFTER = r"(?:(?<![A-Za-z0-9])|(?<=\\[nrt]))"  # a JSON escape's letter is no part of the word after it
_WORD = rf"{_AFTER}{NUMBER_WORD}\b"
_NUMERAL = rf"{_AFTER}[0-9]{{1,19}}(?![A-Za-z0-9])"
_RUN = re.compile(rf"(?:{_WORD}|{_NUMERAL})(?:[ \-]+(?:{_WORD}|{_NUMERAL}))+", re.ASCII)
_LONG = re.compile(r"[0-9]{5,}")
_WORDS = re.compile(NUMBER_WORD, re.ASCII)
# What may precede the value (or the line's start): a quote, a key's sign, an escape (``\n``, ``\"``), a tab, or a word
# that leads a card number read out (``card``, ``number``, ``pan``, ``is``, ``it's``, ``that's``, ``said``, a scheme's
# name: ``it's a visa three seven …``), or a caller's filler at a turn's start (``"Content": "sure three seven …"``)
_OPENS = lazy_compile(
    r"""(?:["'=:>\t\n]|\\[nrt"]|(?<![A-Za-z])(?i:card|number|pan|is|it's|its|that's|thats|was|said|visa|amex"""
    r"""|mastercard|discover)"""
    r"""|(?<![A-Za-z])(?i:sure|yes|yeah|yep|ok|okay|um|uh)[,.]?)[ \t]*$""",
    re.ASCII,
)
# What may follow it: the line's or string's end, an escape, a list's comma or semicolon, the next ``key=``, or the
# name of the card's next value said on in the same turn (``… 16302 expiration date 12/26``, ``… 35112 the 4 digit
# code on the front is …``: subtitle cues joined into one turn)
_CLOSES = lazy_compile(r"""[ \t]*(?:$|[\r\n"'\\,;<]|[A-Za-z_]{1,30}[=:]|(?i:(?:and )?(?:the )?(?:exp(?:iry|ires"""
                       r"""|iration)?|cvv|cvc|security code|(?:3|4|three|four)[ -]digit)(?![A-Za-z])))""", re.ASCII)


def mixed_pans(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, digits) of each card number in ``text[lo:hi]`` (whole lines) said in digit words mixed with a
    long numeral, as a value set apart."""
    for run in _RUN.finditer(text, lo, hi):
        said = run.group()
        if not _LONG.search(said) or len(_WORDS.findall(said)) < 2:
            continue
        digits = spelled_digits(said)
        if digits is None or not 13 <= len(digits) <= 19 or not is_pan(digits):
            continue
        start, end = run.span()
        before = text[max(lo, start - 12) : start]
        at_line_start = start - 12 <= lo and not before.strip(" \t")
        if not (at_line_start or _OPENS.search(before)) or not _CLOSES.match(text, end, hi):
            continue
        if id_keyed(text, start) or answers_id_question(text, start, end):
            continue
        yield start, end, digits
