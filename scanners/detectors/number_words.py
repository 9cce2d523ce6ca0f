"""Digits spoken in Spanish, French, German and Portuguese, as a voice bot's speech-to-text writes them (Lex V2
es_US/fr_FR/de_DE/pt_BR ``inputTranscript``, Transcribe segments), and in the languages of ``spoken_digits``: the
words for 0-9 in each language, the forms a caller uses when reading digits out (German ``zwo`` for two, Brazilian
``meia`` for six, ``uma``/``duas``), the word that doubles the next digit (``doble``, ``double``), and the French
numbers 10-99 a caller reads a card out with by pairs. ``spoken_intl`` and ``spoken_script`` read a run of words of
one language. A trigger cannot name an accented letter: it is a ``.`` there (``tr.s``), as in ``vocabulary``, or
``\\?`` (the engine's stand-in for it) in the languages added later."""

from __future__ import annotations

import re
from collections.abc import Callable

from scanners.cards.brands import is_pan
from scanners.detectors.spoken_digits import DIGITS as _MORE_DIGITS
from scanners.detectors.spoken_digits import FR_TEENS, FR_TENS, FR_TENS_OF_TEENS, FR_UNITS, ONE_CHARACTER, SCRIPTS
from scanners.lazy_re import lazy_compile

DIGITS: dict[str, dict[str, str]] = {
    "es": {"cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
           "siete": "7", "ocho": "8", "nueve": "9"},
    "fr": {"zéro": "0", "zero": "0", "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5",
           "six": "6", "sept": "7", "huit": "8", "neuf": "9"},
    "de": {"null": "0", "eins": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4", "fünf": "5", "fuenf": "5",
           "sechs": "6", "sieben": "7", "acht": "8", "neun": "9"},
    "pt": {"zero": "0", "um": "1", "uma": "1", "dois": "2", "duas": "2", "três": "3", "tres": "3", "quatro": "4",
           "cinco": "5", "seis": "6", "meia": "6", "sete": "7", "oito": "8", "nove": "9"},
}  # fmt: skip
_FIRST = tuple(DIGITS)  # the languages whose trigger writes an accented letter as ``.``
DIGITS.update(_MORE_DIGITS)
DOUBLE: dict[str, str] = {"es": "doble", "fr": "double", "de": "doppel", "pt": "duplo"}
# What a caller says while reading digits out, between two digit words ("dos tres seis a ver ocho", "zero cinco
# é dois", "cinque due ehm, sei", "vier zeven uhm, vier", "sześć dwa yyy, osiem"): a hesitation sound as each
# language writes it (Polish ``yyy``/``eee``, French ``bah``, Portuguese ``hã``), a filler word ("allora", "este"), a
# pause ("Moment"), an apology; one or two words (lower case), never a digit word
HESITATIONS: dict[str, frozenset[str]] = {
    "es": frozenset({"eh", "em", "este", "a ver", "vale", "bueno", "pues", "perdón", "perdon", "o sea"}),
    "fr": frozenset({"euh", "heu", "bah", "hum", "alors", "bon", "ben", "attendez", "pardon", "voilà"}),
    "de": frozenset({"äh", "ähm", "ehm", "also", "moment", "sorry"}),
    "pt": frozenset({"é", "hã", "hum", "ahn", "então", "peraí", "pera", "desculpa", "tipo"}),
    "it": frozenset({"ehm", "eh", "allora", "cioè", "dunque", "ecco", "aspetti", "scusi"}),
    "nl": frozenset({"eh", "uh", "uhm", "ehm", "even kijken", "sorry"}),
    "pl": frozenset({"yyy", "eee", "hmm", "czyli", "chwila", "przepraszam"}),
}

_SEP = r"[ \t,.\-]{1,3}"
# Portuguese and Italian "is" ("o código de segurança é 756", "il codice di sicurezza è 756"): the filler word "e"
# once folded
COPULA = str.maketrans({"é": "e", "è": "e", "ã": "a"})  # "ã": Portuguese "são" (they are)
# The copula escaped before its value (``sicurezza \u00e8 123``, Python's ``json.dumps`` default): a trigger of the
# JSON-escape decoder, as ``ESCAPED_WORDS``, when the label itself holds no accented letter
ESCAPED_COPULA = r"\\u00[eE][89][ \t]+[0-9]"


def _ascii(word: str, lang: str) -> str:
    return "".join(c if c.isascii() else "." if lang in _FIRST else r"\?" for c in word)


def _alternation(lang: str, *, zero: bool = True) -> str:
    double = {DOUBLE[lang]} if zero and lang in DOUBLE else set()
    words = {_ascii(w, lang) for w, d in DIGITS[lang].items() if zero or d != "0"} | double
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


# Three digit words of one language in a row (a doubling word counts after the first; the first is no zero:
# German ``null, null, null`` is a JSON array).
TRIGGER = "(?i:" + "|".join(
    f"{_alternation(lang, zero=False)}{_SEP}{_alternation(lang)}{_SEP}{_alternation(lang)}"
    for lang in DIGITS if lang not in SCRIPTS
) + ")"  # fmt: skip
# A word, not counting the letter of a JSON escape before it (``Caller said:\\neins zwei``), with its Devanagari and
# Arabic vowel signs; a CJK ideograph is a word alone (``六二四``); or a numeral of 1-6 digits (a group said as one,
# an Amex group too: ``3757 sieben sechs … 41423``)
_CJK = "\u3007\u4e00-\u9fff"
_MARKS = "\u0900-\u0903\u093a-\u094f\u0962\u0963\u064b-\u065f"
_WORD = lazy_compile(
    rf"(?<!\\)(?:[{_CJK}]|(?:[^\W\d_{_CJK}]|[{_MARKS}])+)|(?<![0-9A-Za-z])[0-9]{{1,6}}(?![0-9A-Za-z])", re.UNICODE
)
_SEPARATOR = lazy_compile(r"[ \t,.\-、，]{1,3}")
# the words a run may start with: any language's digit word or doubling word
RUN_STARTERS = frozenset(word for table in DIGITS.values() for word in table) | frozenset(DOUBLE.values())


def runs(text: str, lo: int, hi: int, *, numerals: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each run in ``text[lo:hi]`` of three or more digit words of one language (and its
    doubling word) joined by spaces, commas, periods or hyphens (or nothing, between Japanese or Chinese digits).
    With ``numerals``, a run may also hold numerals of 1-6 digits (``4111 uno uno uno 1111 …``, a caller reading
    some groups as numbers) when the whole is a card number ``is_pan`` accepts."""
    found: list[tuple[int, int, str]] = []
    words = list(_WORD.finditer(text, lo, hi))
    i = 0
    while i < len(words):
        if (w := words[i].group().lower()) not in RUN_STARTERS and not (numerals and w.isdigit()):
            i += 1  # no language's run starts here (``_read`` would give each of them nothing)
            continue
        best: tuple[int, int, str] | None = None
        for lang in DIGITS:
            for mixed in (True, False) if numerals else (False,):
                j, digits = _read(text, words, i, lang, mixed)
                if mixed and not (13 <= len(digits) <= 19 and is_pan(digits)):
                    continue
                if digits and (best is None or j > best[1]):
                    best = (i, j, digits)
        if best is None:
            i += 1
            continue
        found.append((words[best[0]].start(), words[best[1] - 1].end(), best[2]))
        i = best[1]
    return found


def _read(text: str, words: list[re.Match[str]], i: int, lang: str, mixed: bool) -> tuple[int, str]:
    """(end index, digits) of the run of ``lang``'s digit words (numerals too if ``mixed``) from ``words[i]``; no
    digits when it holds fewer than three digits said in words."""
    table, twin = DIGITS[lang], DOUBLE.get(lang)
    j, digits, said, double = i, "", 0, False
    while j < len(words):
        w = words[j].group().lower()
        if j > i and not _SEPARATOR.fullmatch(text, words[j - 1].end(), words[j].start()) and not (
                lang in ONE_CHARACTER and words[j - 1].end() == words[j].start()):
            break
        if w == twin and not double:
            double = True
        elif w in table:
            digits, said, double = digits + table[w] * (2 if double else 1), said + (2 if double else 1), False
        elif mixed and w.isdigit() and w.isascii() and not double:
            digits += w
        elif said and not double and (k := _hesitation(text, words, j, lang)):
            j += k  # only before another digit word: the next word is read as one or ends the run without it
            continue
        else:
            break
        j += 1
    return (j, digits) if said >= 3 and not double else (i, "")


def _hesitation(text: str, words: list[re.Match[str]], j: int, lang: str) -> int:
    """How many words from ``words[j]`` are a hesitation of ``lang`` that a digit word follows (0 if none)."""
    fillers = HESITATIONS.get(lang)
    if not fillers:
        return 0
    for k in (1, 2):
        if j + k < len(words) and words[j + k].group().lower() in DIGITS[lang] and " ".join(
                w.group().lower() for w in words[j : j + k]) in fillers and all(
                _SEPARATOR.fullmatch(text, words[i - 1].end(), words[i].start()) for i in range(j + 1, j + k + 1)):
            return k
    return 0


def _french_pairs() -> dict[str, int]:
    """Each French spelling of 0-99 (hyphens between the words, ``et`` spaced, as before the 1990 reform, or
    hyphenated, as after it), folded: lower case, ``-`` for every space."""
    units = {w: n for w, n in FR_UNITS.items() if n}
    pairs = {**FR_UNITS, **FR_TEENS, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "quatre-vingts": 80}
    for tens, t in FR_TENS.items():
        pairs[tens] = t
        pairs.update({f"{tens}-{w}": t + n for w, n in units.items()})
        pairs[f"{tens}-et-un"] = t + 1
    for tens, t in FR_TENS_OF_TEENS.items():
        pairs.update({f"{tens}-{w}": t + n for w, n in (*FR_TEENS.items(), ("dix-sept", 17), ("dix-huit", 18),
                                                          ("dix-neuf", 19))})
        pairs[f"{tens}-et-onze"] = t + 11
    return pairs


FRENCH_PAIRS = _french_pairs()
_PAIR = "(?:" + "|".join(
    sorted({_ascii(w, "fr").replace("-et-", "[ -]et[ -]") for w in FRENCH_PAIRS}, key=lambda w: (-len(w), w))) + ")"
# Two pairs said as tens (20-99, or a teen) in a row: the trigger of a card number read out by pairs in French
_TENS = "(?:" + "|".join(sorted({*FR_TENS, *FR_TEENS, "quatre-vingts"} - {"dix"}, key=lambda w: (-len(w), w))) + ")"
PAIR_TRIGGER = rf"(?i:{_TENS}[a-z?\- ]{{0,40}}[ ,]{{1,3}}{_TENS})"
_HAS_PAIR_TRIGGER = lazy_compile(PAIR_TRIGGER, re.ASCII)  # kept in step: a run the trigger cannot name is not read
_PAIR_RUN = lazy_compile(rf"(?i:(?<![^\W\d_]){_PAIR}(?:[ ,]{{1,3}}{_PAIR}){{5,}})(?![^\W\d_])")
_PAIR_WORD = lazy_compile(rf"(?i:{_PAIR})(?![^\W\d_])")


def pair_runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each card number in ``text[lo:hi]`` read out in French by pairs (``quarante-cinq
    trente-neuf …``): each number two digits (a lone unit too: ``six`` for 06), an odd number's last digit alone
    (``… trente et un zéro``); the digits ``is_pan`` accepts."""
    found: list[tuple[int, int, str]] = []
    for run in _PAIR_RUN.finditer(text, lo, hi):
        if not _HAS_PAIR_TRIGGER.search(run.group().encode("ascii", "replace").decode()):
            continue
        values = [FRENCH_PAIRS[re.sub("[ -]+", "-", w.group().lower())] for w in _PAIR_WORD.finditer(run.group())]
        paired = "".join(f"{v:02d}" for v in values)
        for digits in (paired, paired[:-2] + str(values[-1])) if values[-1] < 10 else (paired,):
            if 13 <= len(digits) <= 19 and is_pan(digits):
                found.append((run.start(), run.end(), digits))
                break
    return found


def code_after(text: str, at: int, hi: int, gap_ok: Callable[[str], bool]) -> tuple[int, int, str] | None:
    """A security code of 3-4 digit words of one language right after a label ending at ``at`` (only what
    ``gap_ok`` accepts between): ``die Prüfnummer ist null neun neun`` (a run that starts with a zero word, which
    no trigger names)."""
    found = runs(text, at, min(hi, at + 96))
    if not found or not 3 <= len(found[0][2]) <= 4 or not gap_ok(text[at : found[0][0]].translate(COPULA)):
        return None
    return found[0]


# JSON's escape of an accented letter in a label or digit word (``Pr\u00fcfnummer``, ``f\u00fcnf``, Python's
# ``json.dumps`` default): a trigger of the JSON-escape decoder, whose decoded text the detectors read again
_ACCENTED = (*(w for lang in _FIRST for w in DIGITS[lang] if not w.isascii()), "prüf", "código", "sécurité",
             "segurança", "gültig", "validité", "expiración", "février", "août", "décembre", "märz", "março",
             "atrás", "trás", "dígitos", "rückseite", "läuft", "válido", "válida", "jusqu'à", "tyłu", "ważna",
             "ważności")


def _escaped(word: str) -> str:
    i = next(i for i, c in enumerate(word) if not c.isascii())
    return word[:i] + rf"\\u{ord(word[i]):04x}" + word[i + 1 : i + 3]


ESCAPED_WORDS = "(?i:" + "|".join(sorted({_escaped(w) for w in _ACCENTED})) + ")"
