"""A value answered in the turn after the question that names it: an agent or a bot asks for the security code or
the expiry date, and the caller's next turn is just the value (``"Content": "sure, it's 4 5 6."``).

Turns are the string values speech and chat services write them in: Contact Lens segments (``Content``), Lex
(``inputTranscript``, a message's ``content``), Transcribe (``transcript``), chat (``text``). An answer counts only
when its whole turn is numbers (the value, and at most one more short answer: ``09/27 and 837``), filler words and
punctuation, and the turn before it (within ``REACH`` characters: the same record or the one before) asks for that
kind of value, or its record names the slot being elicited (Lex's ``slotToElicit``).

The same reading serves two more questions: a number that is a turn's whole answer to a question for an order,
reference or account number is an id (``answers_id_question``, for the PAN detector), and a value keyed in at an
Amazon Connect input block is named by the block's prompt and label in its flow-log record (``flow_inputs``, by
``cards.flowlog.block_words``; ``keyed_answers`` for a code).

Where a turn is, where it ends and what the turn before it said are ``speech_turns``'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import Pattern
from typing import TYPE_CHECKING

from scanners.cards.flowlog import FLOW_RESULT, block_words
from scanners.detectors.digit_words import DIGIT_WORDS, REPEATS
from scanners.detectors.months import NUMBER as MONTH_NUMBER
from scanners.detectors.number_words import DIGITS
from scanners.detectors.speech_turns import (
    REACH,
    TURN,
    TURN_KEY,
    message_part,
    said_before,
    turn_close,
    turn_keys,
    turn_said_before,
)
from scanners.detectors.spoken import MONTH_ABBREVIATIONS
from scanners.lazy_re import lazy_compile

if TYPE_CHECKING:  # numpy is loaded by the first batch screen only
    import numpy as np
    from numpy.typing import NDArray

_HIT = re.compile(TURN)
_TAILS = ("ontent", "ranscript", "tterance", "text", "isplay", "ITN", "itn", "exical")
# (and the digit words of the other languages callers answer in: Azure's lexical form writes "zéro huit / deux cinq";
# and their months' names: "¿Y la fecha de caducidad?" "junio 2025")
NUMBER_WORDS = frozenset(
    {*DIGIT_WORDS, *REPEATS, "ten", "eleven", "twelve", "twenty", "thirty", "forty", "hundred", "thousand", "slash",
     "january", "february", "march", "april", "june", "july", "august", "sept", "september", "october", "november",
     "december", *MONTH_ABBREVIATIONS, *(word for table in DIGITS.values() for word in table if word.isalpha()),
     *(name.lower() for name in MONTH_NUMBER if name.isalpha())}
)  # fmt: skip
# A number word as a trigger reads it: a letter outside ASCII is one "?" to hyperscan and itself to ``re`` (the class
# holds "?" and every non-ASCII character); words of other scripts are ``spoken_script``'s, no trigger's
_OTHER_LETTER = r"[^\x00-\x3e\x40-\x7f]"
_SAID_WORDS = sorted(
    ["may", *(w for w in NUMBER_WORDS if sum(c.isascii() for c in w) * 2 >= len(w) and w not in MONTH_ABBREVIATIONS)],
    key=lambda w: (-len(w), w))  # ("may" the month, whose abbreviation is its name)
SAID_WORD = "(?:" + "|".join("".join(c if c.isascii() else _OTHER_LETTER for c in w) for w in _SAID_WORDS) + ")"
# A value said in number words as a whole message (a code, a date: "nul vijf twee zes", "três oito quatro três",
# "September twenty thirty two"), as a trigger reads it: three number words in a row, and the message's other words
SAID_VALUE = rf"(?i:{SAID_WORD}[ ,]{{1,2}}{SAID_WORD}[ ,]{{1,2}}{SAID_WORD})(?:[A-Za-z, ]|{_OTHER_LETTER}){{0,40}}"
_LAST_SAID = re.compile(r"(?i:(?<![A-Za-z])" + SAID_WORD + r")[.!]?[ \t]*$")


# Each said word's last three letters (a shorter word whole), lower-case, also with "?" for a letter outside ASCII
# as ``SAID_WORD`` reads it: a text that ends in none of them ends in no said word, tested before ``_LAST_SAID``'s
# search, which tries the whole alternation at each of its 16 positions (23 us a line on the record shapes)
_SAID_TAILS = frozenset(t for w in _SAID_WORDS for t in (w[-3:], "".join(c if c.isascii() else "?" for c in w[-3:])))


def ends_said(said: str) -> bool:
    """The message ``said`` ends with a number word of one of the languages callers answer in ("... zes vier vier")."""
    tail = (said[:-1] if said.endswith("\n") else said).rstrip(" \t")  # what ``$`` and ``[ \t]*`` let end it
    tail = tail[:-1] if tail[-1:] in (".", "!") else tail
    end = tail[-3:].lower()
    if end.isascii() and not (end in _SAID_TAILS or end[1:] in _SAID_TAILS or end[2:] in _SAID_TAILS):
        return False
    return _LAST_SAID.search(said, max(0, len(said) - 16)) is not None


_WORDS = re.compile(r"(?:[^\W\d_]|')+|[0-9]+|.")
_PUNCT = frozenset(" \t,.!?/&:-")
_ELICIT = re.compile(r"""\\?["']slotToElicit\\?["'][ \t]*:[ \t\r\n]*\\?["'](?P<slot>[A-Za-z_][\w.-]{0,63})""")
FILLERS = frozenset(
    {"sure", "yes", "yeah", "yep", "ok", "okay", "um", "uh", "so", "right", "and", "it", "it's", "its", "is", "that's",
     "that", "the", "code", "date", "number", "my", "it'll", "be", "oh", "alright", "well", "of", "course", "expiry",
     "expiration", "expires", "security", "cvv", "cvc"}
)  # fmt: skip
Parse = Callable[[str, int], "tuple[int, int, str] | None"]


def may_answer(text: str, start: int, end: int) -> bool:
    """False for a ``TURN`` trigger hit (``text[start:end]``) whose turn cannot be an answer (more than 70
    characters, or a word in it that is no filler): a screen, so that such turns (a model's prose in a Bedrock log, a
    bot's status line) get no window."""
    if text[end - 1 : end] != '"' or _HIT.fullmatch(text, start, end) is None:
        return True  # another trigger's hit
    return bool(_numbers(text, end))


_QUOTE = ord('"')


def answer_verdicts(data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int8]:
    """``may_answer`` for a column of hits (``Detector.screen_batch``): 1 (kept) for a hit that ends without a quote,
    another trigger's hit; -1 for the others, whose turn ``may_answer`` reads (``data`` has a byte per character)."""
    import numpy as np

    last = np.frombuffer(data, dtype=np.uint8)[np.maximum(ends - 1, 0)]
    return np.where((last != _QUOTE) | (ends == 0), 1, -1).astype(np.int8)


# The turns read in the last text asked about (the CVV, expiry and turn PAN detectors' screens and finds ask about the
# same turns): the text and its dict are replaced together, so a thread never files a turn under another's text.
_memo: list[tuple[str, dict[int, list[int]]]] = [("", {})]


def _numbers(text: str, at: int) -> list[int]:
    """Where the numbers (digits, digit words, month names) of the turn starting at ``at`` start, when the turn ends
    within 70 characters and holds nothing else than numbers, filler words and punctuation (``Sure, it's 4 5 6.``,
    ``09/27 and 837``); else none."""
    memo_text, memo = _memo[0]
    if memo_text is not text:
        memo = {}
        _memo[0] = (text, memo)
    elif (known := memo.get(at)) is not None:
        return known
    starts = memo[at] = _read_numbers(text, at)
    return starts


def _read_numbers(text: str, at: int) -> list[int]:
    if text.find('"', at, at + 72) < 0:
        return []
    return body_numbers(text, at, turn_close(text, at))


def body_numbers(text: str, at: int, close: int) -> list[int]:
    """Where the numbers of the message ``text[at:close]`` start, when it holds nothing else than numbers, filler
    words and punctuation; else none."""
    starts: list[int] = []
    for token in _WORDS.finditer(text, at, close):
        word = token.group().lower()
        if word[0].isdigit() or word in NUMBER_WORDS:
            starts.append(token.start())
        elif (word[0].isalpha() and word not in FILLERS) or not (word[0].isalnum() or word[0] in _PUNCT):
            return []  # a word that is no filler, or a character no answer holds
    return starts


def answers(text: str, pos: int, endpos: int, question: Pattern[str], parse: Parse) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each answer turn starting in ``text[pos - 64:endpos]`` whose previous turn asks what
    ``question`` (lower-case ASCII keywords) names; ``parse(text, at)`` reads the value at ``at`` (tried at each of
    the turn's numbers: one turn may answer two questions, ``09/27 and 837``)."""
    lo = max(0, pos - 64)
    window = text[lo:endpos]
    if not any(tail in window for tail in _TAILS):
        return  # a fast pre-check: the tails of the turn keys
    for start, end in turn_keys(TURN_KEY, text, lo, endpos):
        numbers = _numbers(text, end)
        hit = first_answer(text, numbers, end, turn_close(text, end), parse) if numbers else None
        if hit is None:
            continue
        if (_asked_before(text, start, question) or _eliciting(text, end, question)) and not _names_other(
                text, end, question):
            yield hit


# A card element's own name said in the answer: "cvv 0328" answers no expiry question (Lex eliciting the expiry slot
# while the caller reads the code), "expiry 0328" no code question
_ELEMENT = re.compile(r"(?<![a-z])(?:cvv|cvc|expiry|expiration|expires)(?![a-z])")


def _names_other(text: str, at: int, question: Pattern[str]) -> bool:
    """The turn starting at ``at`` names a card element that ``question`` does not ask for, and none it does."""
    said = text[at : turn_close(text, at)].lower()
    return _ELEMENT.search(said) is not None and question.search(said) is None


def first_answer(text: str, numbers: list[int], at: int, close: int, parse: Parse) -> tuple[int, int, str] | None:
    """The first value ``parse`` reads at one of the ``numbers`` of the message ``text[at:close]`` that stands alone
    in it (``_alone``)."""
    return next((h for n in numbers if (h := parse(text, n)) is not None and _alone(text, at, close, h)), None)


# A question for a number that is no card's code or date, though it may name one: a PIN, a one-time or verification
# code we sent, a postal code, an order, the last four digits; a date of birth, a delivery, another document's expiry.
_NOT_ASKED = re.compile(
    r"(?<![a-z])(?:pin|otp|one[ -]time|passcode|(?<!card )verification code|sent|texted|zip|postal|post ?code"
    r"|(?<!in )order|last (?:4|four)|birth|dob|born|deliver(?:y|ed)?|passport|licen[cs]e|subscription|membership"
    r"|warranty|trial|policy"
    # the same in the other languages the card's questions are read in (``intl_words``): a passport's or a licence's
    # date, a date of birth, a postcode, an order, a code sent by text
    r"|pasaporte|passeport|reisepass|passaporte|f.hrerschein|permis|licencia|carteira|nacimiento|naissance"
    r"|geburt[a-z]*|nascimento|c.digo postal|code postal|postleitzahl|plz|cep|pedido|commande|bestellung"
    r"|enviamos|envoy[a-z]*|gesendet|enviado)(?![a-z])"
)


def asks(said: str, question: Pattern[str]) -> bool:
    """The words ``said`` (lower case) ask for what ``question`` names and for nothing that is no card's."""
    return question.search(said) is not None and _NOT_ASKED.search(said) is None


MAX_SKIPPED = 2  # answers of the same run before an answer: the card number, then the date, then the code


def _asked_before(text: str, start: int, question: Pattern[str]) -> bool:
    """The last turn before the turn key at ``start`` asks for what ``question`` names, or, when that turn is itself
    an answer (numbers and fillers only), the turn before it, over at most ``MAX_SKIPPED`` answers: "And expiry +
    security code?" "02/31" "9223"."""
    for _ in range(MAX_SKIPPED + 1):
        key, said = turn_said_before(text, start)
        if asks(said, question):
            return True
        if key is None or not _numbers(text, key[1]):
            return False
        start = key[0]
    return False


def _alone(text: str, at: int, close: int, hit: tuple[int, int, str]) -> bool:
    """Besides the value ``hit``, the turn ``text[at:close]`` holds at most four digits, numerals or digit words
    (one more short answer, as in ``09/27 and 837``): a turn of many digit groups is a card number, and one of more
    digits said as words (``one two three four five``, a speech recognizer's lexical reading) a longer number, not a
    code or a date."""
    before, after = text[at : hit[0]], text[hit[1] : close]
    if any(m.start() <= hit[0] < m.end() for m in _GROUPS.finditer(text, at, close)):
        return False  # "4530 5854" then "1129 0522": a card number's groups said over two turns, not a date
    if _LETTERS.search(text, hit[0], hit[1]) and (_digit_word(_LAST_WORD.search(before))
                                                  or _digit_word(_FIRST_WORD.match(after))):
        return False  # a value said in words that runs on in words: "one two three four five" holds no code
    words = sum(w.lower() in DIGIT_WORDS for w in _LETTERS.findall(before + " " + after))
    return sum(c.isdigit() for c in before + after) + words <= 4


_LETTERS = re.compile("[A-Za-z]+")
_GROUPS = re.compile(r"(?<![0-9])[0-9]{4}[ \-.][0-9]{4}(?![0-9])")  # two groups of four: a card number's
_LAST_WORD = re.compile("([A-Za-z]+)[ ,-]*$")  # the word right before a value, and right after it
_FIRST_WORD = re.compile("[ ,-]*([A-Za-z]+)")


def _digit_word(m: re.Match[str] | None) -> bool:
    return m is not None and m[1].lower() in DIGIT_WORDS


def _eliciting(text: str, at: int, question: Pattern[str]) -> bool:
    """The record of the turn at ``at`` names the slot its bot was eliciting, and the slot's name asks for the value
    (Lex: ``"inputTranscript": "837", ... "slotToElicit": "SecurityCode"``, a DTMF answer its slot did not take)."""
    after = text[at : at + REACH]
    nxt = next(turn_keys(TURN_KEY, after, 0, len(after)), None)
    m = _ELICIT.search(after, 0, nxt[0] if nxt else len(after))
    return m is not None and question.search(m["slot"].lower()) is not None


# A question for a number that is no card's: the id words a booking, order or account desk asks for.
_ID_QUESTION = re.compile(
    r"(?<![a-z])(?:order|reference|ref|confirmation|tracking|booking|reservation|policy|claim|case|ticket|invoice"
    r"|member|membership|loyalty|rewards|customer|account|shipment|parcel)(?:[ _-]?(?:number|no|id|code|#))?"
    r"(?![a-z])"
)
# The turn asks for it: a question mark, or a request as speech-to-text writes it without one ("can I have your
# order number please"). A statement that only names an id word ("you can reach billing Monday to Friday, our refund
# policy applies") asks for nothing.
_ASKS = lazy_compile(r"\?|(?<![a-z])(?:please|(?:can|could|may) (?:i|we|you)|what|which|provide|give|tell|read|enter"
                   r"|need|confirm)(?![a-z])")
# The id already said in that turn ("The reference is 3281064354", "my invoice ORD-92262050", a code of letters and
# digits: "Can I get a reference, csH8L/1V9e5sI4?"): it answered itself, so the number after it answers nothing.
_GIVEN = lazy_compile(r"[0-9]{4}|(?<![A-Za-z0-9/+_\-])(?=[A-Za-z/+_\-]*[0-9])[A-Za-z0-9/+_\-]{12,}")
_CARD_QUESTION = lazy_compile(
    r"(?<![a-z])(?:card|visa|master ?card|amex|discover|maestro|debit|credit|pan|cc|payment|long number)(?![a-z])"
)


def answers_id_question(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` (digits) is a turn's whole answer (filler words and punctuation around it at most:
    ``"Content": "Yes it's 4…."``; a rich-text part's text is no whole turn: ``speech_turns.message_part``) and the
    turn before asks for an order, reference, account... number, names no card and does not give that number itself
    (``Can I have your order number?``, not ``The reference is 32810643``): an id the caller read out, not a card
    number."""
    turns = list(turn_keys(TURN_KEY, text, max(0, start - 40), start))
    if not turns:
        return False
    key, at = turns[-1]  # the last turn key before the value
    if text.find('"', at, start) >= 0 or message_part(text, key):
        return False
    close = turn_close(text, at)
    if close < end or close - at > 72:
        return False
    for token in _WORDS.finditer(text, at, close):
        if start <= token.start() < end:
            continue
        word = token.group().lower()
        if (word[0].isalnum() and word not in FILLERS) or not (word[0].isalnum() or word[0] in _PUNCT):
            return False
    asked = said_before(text, key)
    named = _ID_QUESTION.search(asked)
    return (named is not None and _CARD_QUESTION.search(asked) is None and _GIVEN.search(asked, named.end()) is None
            and _ASKS.search(asked) is not None)


_FLOW_RESULT = re.compile(r'"Results\\?"[ \t]*:[ \t]*\\?"(?P<v>[0-9]{2}/?[0-9]{1,4})\\?"')


def flow_inputs(text: str, pos: int, endpos: int) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, value, block words) of each keypad input of 3-6 digits (a slash after the first two allowed:
    ``"Results": "0929"``, ``"09/29"``) in ``text[pos - 64:endpos]`` at a Connect input block (``block_words``)."""
    for m in _FLOW_RESULT.finditer(text, max(0, pos - 64), endpos):
        words = block_words(text, m.start())
        if words is not None:
            yield m.start("v"), m.end("v"), m["v"], words


KEYED_DATE = FLOW_RESULT + r"[01][0-9]/?[2-4]"  # the trigger of ``flow_inputs`` for a date
KEYED_CODE = FLOW_RESULT + r'[0-9]{3,4}\\?"'  # the trigger of ``keyed_answers``


def keyed_answers(text: str, pos: int, endpos: int, question: Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each 3-4 digit keypad input (``"Results": "837"``) at a Connect input block whose
    prompt or label asks for what ``question`` names (``"Text": "Enter the 3 digit security code on the back of your
    card"``, ``"Identifier": "CollectCvv"``)."""
    for start, end, value, words in flow_inputs(text, pos, endpos):
        if len(value) <= 4 and value.isdigit() and question.search(words):
            yield start, end, value
