"""The codes a bare ``code`` names, for the CVV detector: a word that names nothing by itself, read from what comes
right before it (``weak_labels`` holds the labels that name a code or a date only in a card's company, and the
expiry-verb reading this builds on).

A bare ``code`` (a promo, error, status, zip or sort code anywhere else) names a card's code only right after the
card's expiry date in its sentence, or right after the card number itself. After the date: "Caller said: 4111 ...,
expiry 09 31, code 428" (a prompt to a model), "expiry september 2027 code three seven eight" (a Contact Lens
segment): the date read as the expiry detector reads it after its keyword (words, digits by digit too), naming a card
(``weak_labels.verb_names_card``) and no other subject (``date_subject.no_card_date``: "voucher expiry 12/26, code
4821"), then only a comma, "and" or "the" before "code" ("... expires 06 2032 and the code is 380", a Lex
utterance). After the number: digits or digit words that pass IIN, length and Luhn, then only separators, "and" or
"the" before "code" ("4111 1111 1111 1111 code 428", "Card number four one one one, ..., code three one eight", a
Contact Lens turn); "promo code", "error code", "zip code" or "(code 051)" name another code. The same bare word in
Spanish, Portuguese, French, Italian or German, under the same rule, after an expiry keyword of any of these languages
(``expiry_intl``'s): "caducidad 03/27 el código es 826", "gültig bis 03/27, der Code ist 826"; alone, never.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan_ascii
from scanners.detectors.date_subject import no_card_date
from scanners.detectors.digit_words import NUMBER_WORD, spelled_digits
from scanners.detectors.monthyear import date_after
from scanners.detectors.spoken import code_at, copula_code
from scanners.detectors.vocabulary import Cvv, Expiry
from scanners.detectors.weak_labels import sentence_start, verb_names_card
from scanners.lazy_re import lazy_compile

# "code" and a code's first digit or digit word: the CVV detector's trigger for ``bare_codes``
_DIGIT_WORDS = "zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple"
# "code", "code is", "code was" (the copula ``code_at`` reads as a filler: "and the code is 088"); the same bare word
# in Spanish, Portuguese, French, Italian and German, under the same rule: "caducidad 03/27 el código es 826", "o
# código é 826", "le code est 826", "il codice è 826", "der Code ist 826" (the copula ``copula_code`` folds)
_CODE_COPULA = r"(?:[ \t]+(?:is|was|es|est|ist|e|é|è))?"
_CODE_WORD = r"code|c[oó]digo|codice"
# (the trigger sees an accented letter as one other character: "c?digo", "?")
BARE_CODE_TRIGGER = (rf"(?i:(?:[ \t,;]code|digo|codice)(?:[ \t]+(?:is|was|es|est|ist|e|.))?[ \t:=]{{1,3}}"
                     rf"(?:[0-9]|{_DIGIT_WORDS}))")
_BARE_CODE = re.compile(
    rf"(?<![A-Za-z0-9_\-])(?i:{_CODE_WORD})(?=(?i:{_CODE_COPULA})[ \t:=]{{1,3}}(?:[0-9]|(?i:{_DIGIT_WORDS})))",
    re.ASCII)
# "and" and "the" before "code", or their Spanish, Portuguese, French, Italian or German words: "y el código es"
_AND_THE = r"(?:(?:and|y|e|et|und)[ \t]+)?(?:(?:the|el|o|le|il|[Dd]er)[ \t]+)?"
_AFTER_DATE = re.compile(rf"(?:[ \t]*[,;]?[ \t]+{_AND_THE}|[ \t]*[,;][ \t]*)$", re.ASCII)
_EXPIRY_RX = re.compile(Expiry.WORD, re.ASCII | re.MULTILINE)
_CODE_REACH = 48  # from "code" to its value's start: "code: ", a gap (``context.GAP_MAX``) and a little
_DATE_REACH = 64  # from the expiry keyword to "code": "expiry December twenty twenty eight, code"


def bare_codes(text: str, pos: int, endpos: int) -> list[tuple[int, int, str]]:
    """The codes a bare ``code`` names right after a card's expiry date or its number (see the module's docstring),
    those in or just after ``text[pos:endpos]``: (start, end, digits)."""
    found = []
    for m in _code_words(text, max(0, pos - _CODE_REACH), endpos):  # a code in the window, its word before
        date = _AFTER_DATE.search(text, max(0, m.start() - 12), m.start())
        card = _AFTER_CARD.search(text, max(0, m.start() - 12), m.start())
        if ((date is not None and _card_date_ends(text, date.start()))
                or (card is not None and _card_number_ends(text, card.start()))) and (
                code := code_at(text, m.end(), Cvv.FILLERS)
                or copula_code(text, m.end(), Cvv.INTL_FILLERS)) is not None:
            found.append(code)
    return found


def _code_words(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """``_BARE_CODE.finditer(text, lo, hi)``, led by a find for "code" in the window's lower case: the search led by
    its look-behind tried it at every position (7.0 ms of the record-shapes corpus, 2.4 ms so). Lower-casing ASCII
    keeps every position; a window with other characters (``İ`` lengthens) is searched as before."""
    piece = text[lo:hi]
    if not piece.isascii():
        yield from _BARE_CODE.finditer(text, lo, hi)
        return
    low = piece.lower()
    at = low.find("cod")  # "code", "codigo", "codice"
    while at >= 0:  # (matches are the word alone: two never overlap)
        if (m := _BARE_CODE.match(text, lo + at, hi)) is not None:
            yield m
        at = low.find("cod", at + 3)


# A card number's tokens (digits, digit groups, digit words) ending right before "code": "4111 1111 ... 1111 code",
# "four one one one, ... one code"; only separators and "and"/"the" before "code" (``_AFTER_CARD``)
_AFTER_CARD = re.compile(
    r"(?:[ \t]*[,;]?[ \t]+(?:(?i:and|the)[ \t]+){0,2}" + _AND_THE + r"|[ \t]*[,;][ \t]*)$", re.ASCII)
# (the separator has one way to read a run of blanks: ``[ \t]*[,\-]?[ \t]*`` had one per split of the run, and a
# search that fails tried them all, token after token: 52 s for ten "one    " before a non-number)
_CARD_TOKENS = re.compile(rf"(?:(?<![A-Za-z0-9_.\-])(?:{NUMBER_WORD}|[0-9]{{1,19}})[ \t]*(?:[,\-][ \t]*)?)+$", re.ASCII)
_TOKEN = lazy_compile(rf"{NUMBER_WORD}|[0-9]+", re.ASCII)
_NUMBER_REACH = 160  # a card number in words: 19 digit words and their separators


def _card_number_ends(text: str, at: int) -> bool:
    """A card number (PAN-valid digits, grouped or said digit by digit) ends at ``at``."""
    run = _CARD_TOKENS.search(text, max(0, at - _NUMBER_REACH), at)
    if run is None:
        return False
    tokens = _TOKEN.findall(run.group())
    for i in range(len(tokens)):  # the longest PAN-valid tail: words before the number ("it's one of...") drop off
        digits = spelled_digits(" ".join(tokens[i:]))
        if digits is None or len(digits) < MIN_LENGTH:
            return False
        if len(digits) <= MAX_LENGTH and is_pan_ascii(digits):
            return True
    return False


def _card_date_ends(text: str, at: int) -> bool:
    """A card's expiry date, after its keyword in the same sentence, ends at ``at``."""
    lo = max(sentence_start(text, at), at - _DATE_REACH)
    for rx, fillers, lower, dotted in _EXPIRY_READINGS:
        for k in rx.finditer(text, lo, at):
            hit = date_after(rx, text, k.span(), fillers, lower, dotted=dotted)
            if hit and hit[1] == at and verb_names_card(text, *k.span()) and not no_card_date(text, hit[0], hit[1]):
                return True
    return False


# the expiry keyword in English, and in another language ("caducidad 03/27", "gültig bis 03/27": ``expiry_intl``)
_EXPIRY_READINGS = ((_EXPIRY_RX, Expiry.FILLERS, Expiry.LOWER, False),
                    (re.compile(Expiry.INTL, re.ASCII | re.MULTILINE), Expiry.INTL_FILLERS, Expiry.INTL_LOWER, True))
