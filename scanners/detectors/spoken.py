"""Card dates and codes as people say them and speech-to-text writes them (Lex ``inputTranscript``, Contact Lens
``Content``): month and year in words (the year also in digits, as speech-to-text writes ``Twelve 29.``), ``twelve
thirty``, ``oh four twenty twenty nine``, ``zero four, thirty one``, ``December twenty thirty``, ``March of two
thousand thirty``, or digit by digit as printed, MMYY (``zero six two seven``: a prompt's or a caller's "expiry zero
six two seven") (years 2020-2049: a card is valid for at most about 20 years); a security code as digits, spaced or
dashed digits, or digit words (``123``, ``1 2 3``, ``1-2-3``, ``one two three``, ``double five seven``), also another
language's (``trzy zero osiem``, ``ستة سبعة ستة``, ``三 零 六``: ``number_words``), a label's own noun for "number"
between (``CVC 번호 123``)."""

from __future__ import annotations

import re

from scanners.cards.wordtrie import longest_first
from scanners.detectors.card_dates import DATE_END
from scanners.detectors.context import GAP, gap_ok, line_end
from scanners.detectors.digit_words import DIGIT_WORDS, NUMBER_WORD, spelled_digits
from scanners.detectors.months import NUMBER as MONTH_NUMBER
from scanners.detectors.number_words import COPULA, DIGITS, code_after
from scanners.detectors.spoken_digits import NUMBER_NOUNS, ONE_CHARACTER
from scanners.lazy_re import lazy_compile

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = (*_ONES, "ten", "eleven", "twelve")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}
_ONE = "|".join(_ONES)
_MONTH = (
    rf"(?P<month>(?:(?:oh|zero)[ -])?(?:{'|'.join(_MONTHS)})"
    r"|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?)"
)
_YY = rf"(?:twenty|thirty|forty)(?:[ -](?:{_ONE}))?"
# the year in words, or in digits ("Twelve 29."; not a day before a year: "Feb 27, 2026")
_YEAR = rf"(?P<year>(?:(?:twenty|two thousand(?: and)?)[ -])?{_YY}|(?:20)?[2-4][0-9](?![0-9]|,? (?:19|20)[0-9]{{2}}))"
_SPOKEN = re.compile(GAP + rf"(?P<v>(?i:{_MONTH}(?:[ ,/-]{{1,3}}|,? of | slash ){_YEAR})){DATE_END}", re.ASCII)
# MMYY digit by digit: four digit words, the month 01-12 and the year 20-49 checked in ``_by_digit``; no fifth
_DIGIT = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
# (a slash said between month and year: Azure's lexical form writes "zero six / two five")
_BY_DIGIT = re.compile(
    GAP + rf"(?P<v>(?i:(?:{_DIGIT})[ -](?:{_DIGIT})(?:[ -]|[ ]?/[ ]?)(?:{_DIGIT})[ -](?:{_DIGIT})))"
    rf"(?![A-Za-z0-9]|[ ,\-]{{1,2}}(?i:{_DIGIT}|double|triple))",
    re.ASCII,
)
# A date said digit by digit in any language's digit words (``number_words``; English's too), as speech-to-text's
# lexical form writes it: MMYY or MMYYYY ("vencimento zero cinco dois seis"), month and year apart by a slash or a dash
# ("quatre / trois un", "null fünf / zwei null drei null"), or a month's name then its year ("octobre deux zéro deux
# neuf"); the words ``_REACH`` characters after the keyword at most, past its filler words
_REACH = 80
_DIGIT_OF = {w: d for table in (*DIGITS.values(), DIGIT_WORDS) for w, d in table.items()}
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_MONTH_OF = {**MONTH_NUMBER, **{n: i for i, n in enumerate(_EN_MONTHS, 1)}}
_SAID = re.compile(r"[ \t]*(?:(?P<w>[^\W\d_]+)|(?P<s>[/-]))")
# A security code named by where it is (``three digit code``, ``code on the back``; an Amex card's ``4 digit code on
# the front``, not the number on the front, the card's own), for the CVV keywords: a flat alternation whose every
# alternative starts with a literal, so that ``re`` skips ahead to those characters.
BACK_CODE = "|".join(
    [*(f"{n}[ -]digits?(?: security)? code(?: on the (?:back|front))?" for n in ("three", "four", "3", "4")),
     *(f"{w} on the back" for w in ("code", "digits", "number")), *(f"{w} on the front" for w in ("code", "digits"))]
)  # fmt: skip
_CLOCK = lazy_compile(r"(?i)[ \t]*(?:[ap]\.?m\b|o'?clock)")  # "twelve thirty pm" is a time


def _month(words: str) -> int:
    word = words.lower().removeprefix("oh").removeprefix("zero").strip(" -")
    return _MONTHS.index(word) + 1 if word in _MONTHS else MONTH_ABBREVIATIONS.index(word[:3]) + 1


def _year(words: str) -> int:
    if words.isdigit():
        return int(words[-2:])
    parts = re.split(r"[ -]+", words.lower().replace("two thousand", "").replace(" and ", " "))
    parts = [p for p in parts if p and p != "and"]
    if len(parts) > 1 and parts[0] == "twenty" and parts[1] in _TENS:
        parts = parts[1:]  # "twenty thirty": the century
    return _TENS[parts[0]] + (_ONES.index(parts[1]) + 1 if len(parts) > 1 else 0)


def spoken_date(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """The date in words right after a keyword ending at ``at``: (start, end, "MM/YY")."""
    m = _SPOKEN.match(text, at)
    if m is None or not gap_ok(m["gap"], fillers) or _CLOCK.match(text, m.end()):
        return _by_digit(text, at, fillers)
    return m.start("v"), m.end("v"), f"{_month(m['month']):02d}/{_year(m['year']):02d}"


def _by_digit(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    m = _BY_DIGIT.match(text, at)
    digits = spelled_digits(m["v"]) if m is not None and gap_ok(m["gap"], fillers) else None
    if m is None or digits is None or not (1 <= int(digits[:2]) <= 12 and 20 <= int(digits[2:]) <= 49):
        return _said_date(text, at, fillers)
    return m.start("v"), m.end("v"), f"{digits[:2]}/{digits[2:]}"


def _said_date(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """The date said digit by digit in any language after ``at`` (see ``_DIGIT_OF``): (start, end, "MM/YY")."""
    limit = min(len(text), line_end(text, at), at + _REACH)
    start = end = -1
    month, digits, cut = 0, "", -1  # a month's name, the digits said, where the slash or dash fell among them
    pos = at
    while (m := _SAID.match(text, pos, limit)) is not None:
        word = m["w"].lower() if m["w"] else None
        if word in _DIGIT_OF:
            digits += _DIGIT_OF[word]
        elif word in _MONTH_OF and start < 0:
            month = _MONTH_OF[word]
        elif word is None and start >= 0 and cut < 0 and digits and not month:
            cut = len(digits)
        elif start < 0 and word is not None:
            pos = m.end()
            continue  # a filler word before the date, judged below
        else:
            break
        start = m.start(m.lastgroup or 0) if start < 0 else start
        end, pos = m.end(), m.end()
    if start < 0 or not digits or not gap_ok(text[at:start], fillers) or text[end - 1] in "/-":
        return None
    split = cut if cut > 0 else 2
    head, year = (str(month), digits) if month else (digits[:split], digits[split:])
    if len(year) == 4 and year.startswith("20"):
        year = year[2:]
    if not (1 <= len(head) <= 2 and len(year) == 2 and 1 <= int(head) <= 12 and 20 <= int(year) <= 49):
        return None
    return start, end, f"{int(head):02d}/{year}"


_CODE_END = r"(?![A-Za-z0-9_]|[.,/:\-][0-9])"
_CODE = re.compile(
    GAP + rf"(?:(?P<v>[0-9]{{3,4}}(?![0-9])|[0-9](?:[ \-][0-9]){{2,3}}(?! ?[0-9])){_CODE_END}"
    rf"|(?P<w>{NUMBER_WORD}(?:[ ,\-]{{1,2}}{NUMBER_WORD}){{1,3}})(?![A-Za-z0-9]|[ ,\-]{{1,2}}{NUMBER_WORD}))",
    re.ASCII,
)


# A digit word of another language within reach of a keyword (a word alone; a Japanese or Chinese digit anywhere):
# what makes ``code_at`` read that language's words
_OTHERS = sorted({w for t in DIGITS.values() for w in t} - set(_DIGIT.split("|")), key=len, reverse=True)
_CJK_DIGITS = sorted(w for lang in ONE_CHARACTER for w in DIGITS[lang] if len(w) == 1)
# (matched on lower-cased text: a caseless alternation of 136 words cost ``re`` about 5x as much per window)
# (as a trie, ``cards.wordtrie``: a flat alternation of 148 words cost ``re`` about 4x as much again)
_FOREIGN = re.compile(longest_first((w for w in _OTHERS if w not in _CJK_DIGITS), r"(?![^\W\d_])", _CJK_DIGITS))


def _foreign_near(text: str, at: int) -> bool:
    """A digit word of another language (a word alone; a Japanese or Chinese digit anywhere) starts within 48
    characters of ``at`` (the word's start checked here: a look-behind first would cost ``re`` its first-letter
    skip)."""
    lead = 1 if at > 0 else 0  # the character before ``at`` goes along, for the first word's start
    window = text[at - lead : at + 48].lower()
    return any(m.group() in _CJK_DIGITS or not window[m.start() - 1 : m.start()].isalpha()
               for m in _FOREIGN.finditer(window, lead))


# A label's noun for "number" (a Latin-script one a word alone)
_NOUN = re.compile("|".join(rf"\b{n}\b" if n.isascii() else n for n in sorted(NUMBER_NOUNS, key=len, reverse=True)))


def _gap_ok(gap: str, fillers: frozenset[str]) -> bool:
    """``gap_ok``, a label's noun for "number" in another language taken for ``number``."""
    return gap_ok(_NOUN.sub(" number ", gap) if not gap.isascii() or "num" in gap.lower() else gap, fillers)


def code_at(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """The 3-4 digit security code right after a keyword ending at ``at``: (start, end, digits)."""
    m = _CODE.match(text, at)
    if m is not None and _gap_ok(m["gap"], fillers):
        value = m["v"].replace(" ", "").replace("-", "") if m["v"] else spelled_digits(m["w"]) or ""
        if 3 <= len(value) <= 4:
            group = "v" if m["v"] else "w"
            return m.start(group), m.end(group), value
    # no English reading, or only of a foreign code's last words ("é sete zero zero": English "zero zero", the
    # Portuguese words before it no filler)
    if (m is None or not m["v"]) and _foreign_near(text, at):
        return code_after(text, at, line_end(text, at), lambda gap: _gap_ok(gap, fillers))
    return None


def copula_code(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """``code_at`` after a label of another language, whose copula may be an accented word: "o código de segurança
    é 756", "il cvv è 295", "os três números de trás são 974" (folded by ``COPULA`` to a filler word's letters)."""
    code = code_at(text, at, fillers)
    if code is None and not text[at : at + 8].isascii():
        tail = text[at : line_end(text, at)].translate(COPULA)  # one letter for one: offsets stay
        code = (c[0] + at, c[1] + at, c[2]) if (c := code_at(tail, 0, fillers)) else None
    return code


# A question that names the code, answered by the next sentence of the same text: speech-to-text writes a whole call
# as one transcript with no speakers (Transcribe's ``transcript``: "And the security code on the back? Three seven
# two. Thank you."). Only filler words before the question mark, and the answer is the whole next sentence.
_QUESTION = re.compile(r"(?P<q>[A-Za-z' ,]{0,30})\?[ \t]{1,2}")
_ANSWER_END = re.compile(r"[ \t]*(?:[.!?]|\\?[\"'<]|$)", re.MULTILINE)


def answered_code(text: str, at: int, fillers: frozenset[str]) -> tuple[int, int, str] | None:
    """The code answering the question that the keyword ending at ``at`` asks: (start, end, digits)."""
    m = _QUESTION.match(text, at)
    if m is None or not gap_ok(m["q"], fillers):
        return None
    code = code_at(text, m.end(), frozenset())
    return code if code is not None and code[0] == m.end() and _ANSWER_END.match(text, code[1]) else None
