"""Five more ways an expiry verb (``expires``, ``valid thru``) names a card's date (``weak_labels.verb_names_card``).

- A card number ends the sentence right before the verb's, and the verb's sentence goes on from it: speech-to-text
  put a period inside one sentence ("It is <n>. and it expires on 08/2032", "It is <n>., expires 12/2027", "<n>. It
  expires on 0432"). The digits must pass IIN, length and Luhn: an order number said before "it expires" names none.
- A whole card number in the verb's sentence or the one before it, on its line, the verb's subject being that card
  ("and it expires", "…, expires"; not "the link expires": ``card_in_sentences``), in any form
  ``card_summary.holds_card_number`` reads, said in words with numerals mixed in too, in English or another
  language's words (``turns.gives_card``), as speech-to-text writes a caller in a voicemail's or a call's transcript
  ("my card number is six 3 0 four, 5 oh two 0, ... and it expires 07/28", "cinco dos seis ... and it expires 03/28").
- A card number said in another language's words (``number_words``) ends right before the verb, a comma between at
  most: a caller says the number and its date in one breath, the number the verb's subject ("… sechs, sechs läuft
  ab 0228", "… cinco seis cuatro vence mayo de 2025"; ``card_ends_before``).
- The verb is written as a field's label (``VERB_LABEL``): Markdown model output listing what a caller gave
  (``- **Expires:** 05/28``, ``*Expires*: 05/28``, ``__Expires__: 05/28``) or a table's row (``| Expires | 05/28 |``);
  ``weak_labels`` then asks for a whole card number in the list or table it belongs to.
- The verb answers the question for the card's date asked just before it ("And the expiry date?", "¿Y la fecha de
  caducidad?", "A data ważności?": the last question in ``_ASKED_REACH`` characters before it, a help desk's or a
  transcript's previous comment or turn), its subject the card by grammar alone: the pronoun "it" ("it expires
  05/2028"), French "elle" (la carte: "elle expire en 05/32"), Polish "ważna" (valid, feminine as "karta" is: "ważna
  do 01/27"), or no subject at all, as Spanish, Portuguese and Italian leave it out ("caduca en 08/28", "vence em
  1225", "scade il 0833"). No word may stand before it in its clause (a line, a field, a speaker's turn, a sentence:
  "the offer is valid until", "la factura vence el" name their subject; "and it expires" is left to the card said
  before), and the date must be a card's by its numbers (numerals, or digit words: "vence el cero nueve tres dos"):
  a year from 20 to 49, which no day and month reads ("vence el 10/12" is a bill's December 10th). With no such
  question, "It expires February 2032." names no card.
- The same answer is a message of its own in a record that keeps only the customer's side, where no question is
  seen (``_said_alone``: an agent-assist log's ``last_utterance="it expires 12-29"``, an SMS webhook's
  ``text=vence+el+3%2F27``, a CRM case's description cell, a note's ``<br>`` line, an LLM summary's ``Customer said:
  \"scade il 1129\"``): the verb (with its preposition where the subject is left out: "vence el", not a bill's
  "vence 08/31") and a date as a card prints it, month then year (MM/YY, M/YY, MM-YY, MMYY, MM/YYYY), nothing else.
  The subject named ("my subscription expires 12/29"), a month's name, a full date, a duration or words after the
  date stay quiet; a JSON message or a speaker's line is read with its conversation instead (``conversation``).
"""

from __future__ import annotations

import re

from scanners.cards.brands import MAX_LENGTH, MIN_LENGTH, is_pan, is_pan_ascii
from scanners.cards.idkeys import id_keyed
from scanners.detectors.intl_words import EXPIRY_ASKED
from scanners.detectors.number_words import RUN_STARTERS, runs
from scanners.detectors.spoken import spoken_date
from scanners.detectors.turns import gives_card
from scanners.detectors.vocabulary import Expiry
from scanners.lazy_re import lazy_compile

_SAID_BEFORE = lazy_compile(
    r"(?<![0-9])(?P<n>[0-9](?:[ \-]?[0-9]){11,18})[.,]{1,2}[ \t]{1,2}(?:[Aa]nd[ \t]+)?(?:[Ii]t(?:'s)?[ \t]+)?$")
VERB_LABEL = re.compile(r"(?:\*{1,2}|_{1,2})?[ \t]*:|[ \t]*\|")
_SENTENCE_END = lazy_compile(r"[.;!?](?![0-9])")
# the verb's subject is the card just said: "it", "which", "that", or none ("…, expires 08/27"), never another noun
_SAID_SUBJECT = lazy_compile(r"(?:[,.]|(?<![A-Za-z])(?i:and|it|it's|it is|which|that))[ \t]{1,2}$")
_SAID_REACH = 240  # how far before the verb the sentence before its own may start
_TOKEN = lazy_compile(r"[^\W\d_]+|[0-9]+")
LABEL_LEAD = " \t*_|-"  # what may stand before such a label on its line: a bullet, emphasis, a table's pipe


def number_just_said(text: str, s: int) -> bool:
    """A card number ends the sentence just before ``s``, the verb's sentence going on from it."""
    m = _SAID_BEFORE.search(text, max(0, s - 48), s)
    digits = "" if m is None else m["n"].replace(" ", "").replace("-", "")
    return MIN_LENGTH <= len(digits) <= MAX_LENGTH and is_pan_ascii(digits)


def card_in_sentences(text: str, s: int) -> bool:
    """A whole card number (digits, or said in words with numerals mixed in, English or another language's:
    ``turns.gives_card``) in the sentence that holds ``s`` or in the one before it, on its line, the verb's subject
    being that card (``it``, or none)."""
    if _SAID_SUBJECT.search(text, max(0, s - 8), s) is None:
        return False
    lo = max(0, s - _SAID_REACH, text.rfind("\n", 0, s) + 1)  # a line is a message: never the line above
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, s)]
    lo = ends[-2] if len(ends) > 1 else lo
    return gives_card(text, lo, s)


# the verbs whose subject Spanish, Portuguese and Italian leave out, and Polish "ważna do" ("ż" also JSON-escaped)
_NO_PRONOUN = lazy_compile(r"(?i)caduca|vence|scade|expira|wa(?:[^\sa-y0-9]|\\u017c)na.do")
_IT = lazy_compile(r"(?<![A-Za-z])(?i:it)[ \t]+$")  # "it expires"
_ELLE = lazy_compile(r"(?<![A-Za-z])(?i:elle)[ \t]+$")  # "elle expire en", "elle expire le"
_DIGITS = re.compile(r"[0-9]")
_YEARS = range(20, 50)


def _subject_start(text: str, s: int, e: int) -> int | None:
    """Where the verb ``text[s:e]`` and the pronoun it needs start, or None (another verb, or no pronoun)."""
    word = text[s:e].lower()
    if word == "expires":
        pronoun = _IT.search(text, max(0, s - 8), s)
    elif word[:7] in ("expire ", "expire_", "expire-"):  # "expire en", "expire le", "expire fin"
        pronoun = _ELLE.search(text, max(0, s - 8), s)
    else:
        return s if _NO_PRONOUN.fullmatch(word) else None
    return None if pronoun is None else pronoun.start()


def _opens_clause(text: str, at: int) -> bool:
    """No word before ``at`` in its clause: a line's, a field's, a turn's or a sentence's start (a JSON-escaped line
    break too)."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or (j >= 2 and text[j - 2] == "\\" and text[j - 1] in "nrt"):
        return True
    return not (text[j - 1].isalnum() or text[j - 1] == "_")


_ASKED_REACH = 800  # a help desk export's comment: its JSON keys, its body three times (text, HTML, plain)
# where the question's sentence starts: after a sentence, a line, an HTML paragraph's tag, a speaker's name
_QUESTION_START = re.compile(r"[.!?\n>]|:[ \t]")


def _asked_for_date(text: str, at: int) -> bool:
    """The last question before ``at`` (within ``_ASKED_REACH``) asks for the card's date, in any language."""
    q = text.rfind("?", max(0, at - _ASKED_REACH), at)
    if q < 0:
        return False
    lo = max(0, q - 120)
    lo = max((m.end() for m in _QUESTION_START.finditer(text, lo, q)), default=lo)
    return EXPIRY_ASKED.search(text[lo:q].lower()) is not None


# the first number after the verb, its groups apart by a space, a slash or a dash ("06 / 27", "June 2029": 2029)
_NUMBER_AHEAD = re.compile(r"[^0-9\r\n]{0,24}?(?P<n>[0-9](?:[ /\-]{0,3}[0-9])*)")


def own_subject_date(text: str, s: int, e: int) -> bool:
    """The expiry verb ``text[s:e]`` answers a question for the card's date, its subject the card by grammar, and the
    number after it ends in a card's year (the module docstring's fourth way)."""
    at = _subject_start(text, s, e)
    if at is None or not _opens_clause(text, at):
        return False
    if (m := _NUMBER_AHEAD.match(text, e)) is not None:
        digits = "".join(_DIGITS.findall(m["n"]))
    elif (said := spoken_date(text, e, Expiry.INTL_FILLERS)) is not None:
        digits = said[2]  # said in digit words: "vence el cero nueve tres dos", "it expires June twenty twenty five"
    else:
        return False
    return len(digits) >= 2 and int(digits[-2:]) in _YEARS and (
        _asked_for_date(text, at) or _said_alone(text, at, s, e))


# A message of its own in a record of one side's messages: a logfmt field's quoted value (``last_utterance="``), a
# form body's message parameter (an SMS webhook's ``text=``, ``Text=``, ``Body=``), an HTML note's line (``<br>``,
# ``<p>``, ``<div>``), a quote after "said" (``Customer said: \"``), a line inside a CSV cell (``_cell_line``; a cell
# of its own on a row is a spreadsheet's, a test set's utterance); a JSON message or a speaker's line is left to the
# conversation it is part of (``conversation``, ``turns``)
_ALONE_OPEN = lazy_compile(
    r"""(?:[A-Za-z_]=["']|[?&](?i:text|body|message|msg)=|<(?i:br|p|div)[ \t]*/?>|"""
    r'(?i:said|says|wrote):?[ \t]+\\?")[ \t]*$')
# then the verb's date alone, as a card prints it: MM/YY, M/YY, MM-YY, MMYY, MM/YYYY ("06 / 27" said with spaces); a
# month's name is any document's date ("It expires February 2032.")
_ALONE_PREPOSITION = lazy_compile(r"[ \t]+(?i:en|el|em|il|le|on|a|\u00e0)(?![^\W\d_])")
_ALONE_DATE = lazy_compile(
    r"[ \t]+"
    r"(?:(?:0?[1-9]|1[0-2])[ \t]?[/-][ \t]?(?:20)?[2-4][0-9]|(?:0[1-9]|1[0-2])(?:20)?[2-4][0-9])"
    r"""[.!]?[ \t]*(?:$|[\r\n"'<&]|\\[nr"])""")
_CELL_REACH = 2000  # a CSV cell's lines: a case's description


def _said_alone(text: str, at: int, s: int, e: int) -> bool:
    """The verb's clause from ``at`` (its keyword ``text[s:e]``) is a message of its own, a date as a card prints it
    after the verb and nothing else: a customer's answer in a record that keeps only the customer's side (an
    agent-assist log's utterance, an SMS webhook's text, a CRM note's line) whose subject is the card by grammar."""
    prep = _ALONE_PREPOSITION.match(text, e)
    if prep is None and at == s and " " not in text[s:e]:
        return False  # a bare "vence 08/31" is a bill's label for its due date; people say "vence el 08/31"
    if _ALONE_DATE.match(text, e if prep is None else prep.end()) is None:
        return False
    return _ALONE_OPEN.search(text, max(0, at - 24), at) is not None or _cell_line(text, at)


def _cell_line(text: str, at: int) -> bool:
    """``at`` starts a line inside a quoted CSV cell (``,"`` opened it on a line above, no quote since)."""
    lo = text.rfind("\n", max(0, at - 200), at) + 1
    if lo == 0 or text[lo:at].strip(" \t"):
        return False
    q = text.rfind('"', max(0, lo - _CELL_REACH), lo)
    return q > 0 and text[q - 1] == "," and text[q + 1 : q + 2] != '"'


def card_ends_before(text: str, s: int, gap: int = 0) -> bool:
    """A card number said in words (numerals mixed in) ends right before ``s`` on its line, a comma between at
    most (or up to ``gap`` more characters, no digit among them: the keyword before a date at ``s``), and no id's
    name before it."""
    hi = s
    while hi > 0 and text[hi - 1] in " \t,":
        hi -= 1
    said = _TOKEN.findall(text, max(0, hi - gap - 16), hi)  # a fast pre-check: a digit's word or a numeral there
    if not any(t.isdigit() or t.lower() in RUN_STARTERS for t in (said if gap else said[-1:])):
        return False
    lo = max(0, s - _SAID_REACH, text.rfind("\n", 0, s) + 1)
    return any(hi - gap <= end <= hi and MIN_LENGTH <= len(digits) <= MAX_LENGTH and is_pan(digits)
               and not any(c.isdigit() for c in text[end:hi]) and not id_keyed(text, start)
               for start, end, digits in runs(text, lo, hi, numerals=True))
