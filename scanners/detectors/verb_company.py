"""Three more ways an expiry verb (``expires``, ``valid thru``) names a card's date (``weak_labels.verb_names_card``).

- A card number ends the sentence right before the verb's, and the verb's sentence goes on from it: speech-to-text
  put a period inside one sentence ("It is <n>. and it expires on 08/2032", "It is <n>., expires 12/2027", "<n>. It
  expires on 0432"). The digits must pass IIN, length and Luhn: an order number said before "it expires" names none.
- A whole card number in the verb's sentence or the one before it, on its line, the verb's subject being that card
  ("and it expires", "…, expires"; not "the link expires": ``card_in_sentences``), in any form
  ``card_summary.holds_card_number`` reads, said in words with numerals mixed in too, as speech-to-text writes a
  caller in a voicemail's or a call's transcript ("my card number is six 3 0 four, 5 oh two 0, ... and it expires
  07/28").
- A card number said in another language's words (``number_words``) ends right before the verb, a comma between at
  most: a caller says the number and its date in one breath, the number the verb's subject ("… sechs, sechs läuft
  ab 0228", "… cinco seis cuatro vence mayo de 2025"; ``card_ends_before``).
- The verb is written as a field's label (``VERB_LABEL``): Markdown model output listing what a caller gave
  (``- **Expires:** 05/28``, ``*Expires*: 05/28``, ``__Expires__: 05/28``) or a table's row (``| Expires | 05/28 |``);
  ``weak_labels`` then asks for a whole card number in the list or table it belongs to.
"""

from __future__ import annotations

import re

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan, is_pan_ascii
from scanners.cards.idkeys import id_keyed
from scanners.detectors.card_summary import holds_card_number
from scanners.detectors.number_words import DIGITS, runs
from scanners.lazy_re import lazy_compile

_SAID_BEFORE = lazy_compile(
    r"(?<![0-9])(?P<n>[0-9](?:[ \-]?[0-9]){11,18})[.,]{1,2}[ \t]{1,2}(?:[Aa]nd[ \t]+)?(?:[Ii]t(?:'s)?[ \t]+)?$")
VERB_LABEL = re.compile(r"(?:\*{1,2}|_{1,2})?[ \t]*:|[ \t]*\|")
_SENTENCE_END = lazy_compile(r"[.;!?](?![0-9])")
# the verb's subject is the card just said: "it", "which", "that", or none ("…, expires 08/27"), never another noun
_SAID_SUBJECT = lazy_compile(r"(?:[,.]|(?<![A-Za-z])(?i:and|it|it's|it is|which|that))[ \t]{1,2}$")
_SAID_REACH = 240  # how far before the verb the sentence before its own may start
_TOKEN = lazy_compile(r"[^\W\d_]+|[0-9]+")
_DIGIT_WORDS = frozenset(word for table in DIGITS.values() for word in table)
LABEL_LEAD = " \t*_|-"  # what may stand before such a label on its line: a bullet, emphasis, a table's pipe


def number_just_said(text: str, s: int) -> bool:
    """A card number ends the sentence just before ``s``, the verb's sentence going on from it."""
    m = _SAID_BEFORE.search(text, max(0, s - 48), s)
    digits = "" if m is None else m["n"].replace(" ", "").replace("-", "")
    return MIN_LENGTH <= len(digits) <= MAX_LENGTH and is_pan_ascii(digits)


def card_in_sentences(text: str, s: int) -> bool:
    """A whole card number (digits, or said in words with numerals mixed in) in the sentence that holds ``s`` or in
    the one before it, on its line, the verb's subject being that card (``it``, or none)."""
    if _SAID_SUBJECT.search(text, max(0, s - 8), s) is None:
        return False
    lo = max(0, s - _SAID_REACH, text.rfind("\n", 0, s) + 1)  # a line is a message: never the line above
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, s)]
    lo = ends[-2] if len(ends) > 1 else lo
    return holds_card_number(text, lo, s)


def card_ends_before(text: str, s: int, gap: int = 0) -> bool:
    """A card number said in words (numerals mixed in) ends right before ``s`` on its line, a comma between at
    most (or up to ``gap`` more characters, no digit among them: the keyword before a date at ``s``), and no id's
    name before it."""
    hi = s
    while hi > 0 and text[hi - 1] in " \t,":
        hi -= 1
    said = _TOKEN.findall(text, max(0, hi - gap - 16), hi)  # a fast pre-check: a digit's word or a numeral there
    if not any(t.isdigit() or t.lower() in _DIGIT_WORDS for t in (said if gap else said[-1:])):
        return False
    lo = max(0, s - _SAID_REACH, text.rfind("\n", 0, s) + 1)
    return any(hi - gap <= end <= hi and MIN_LENGTH <= len(digits) <= MAX_LENGTH and is_pan(digits)
               and not any(c.isdigit() for c in text[end:hi]) and not id_keyed(text, start)
               for start, end, digits in runs(text, lo, hi, numerals=True))
