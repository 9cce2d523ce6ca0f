"""Digits spoken in Spanish, French, German and Portuguese, as a voice bot's speech-to-text writes them (Lex V2
es_US/fr_FR/de_DE/pt_BR ``inputTranscript``, Transcribe segments): the words for 0-9 in each language, the forms a
caller uses when reading digits out (German ``zwo`` for two, Brazilian ``meia`` for six, ``uma``/``duas``), and
the word that doubles the next digit (``doble``, ``double``). Data only: ``spoken_intl`` reads a run of words of
one language. A trigger cannot name an accented letter: it is a ``.`` there (``tr.s``), as in ``vocabulary``."""

from __future__ import annotations

import re
from collections.abc import Callable

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
DOUBLE: dict[str, str] = {"es": "doble", "fr": "double", "de": "doppel", "pt": "duplo"}

_SEP = r"[ \t,.\-]{1,3}"
# Portuguese and Italian "is" ("o código de segurança é 756", "il codice di sicurezza è 756"): the filler word "e"
# once folded
COPULA = str.maketrans({"é": "e", "è": "e"})
# The copula escaped before its value (``sicurezza \u00e8 123``, Python's ``json.dumps`` default): a trigger of the
# JSON-escape decoder, as ``ESCAPED_WORDS``, when the label itself holds no accented letter
ESCAPED_COPULA = r"\\u00[eE][89][ \t]+[0-9]"


def _ascii(word: str) -> str:
    return "".join(c if c.isascii() else "." for c in word)


def _alternation(lang: str, *, zero: bool = True) -> str:
    words = {_ascii(w) for w, d in DIGITS[lang].items() if zero or d != "0"} | ({DOUBLE[lang]} if zero else set())
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


# Three digit words of one language in a row (a doubling word counts after the first; the first is no zero:
# German ``null, null, null`` is a JSON array).
TRIGGER = "(?i:" + "|".join(
    f"{_alternation(lang, zero=False)}{_SEP}{_alternation(lang)}{_SEP}{_alternation(lang)}" for lang in DIGITS
) + ")"  # fmt: skip
# a word, not counting the letter of a JSON escape before it (``Caller said:\\neins zwei``)
_WORD = re.compile(r"(?<!\\)[^\W\d_]+", re.UNICODE)
_SEPARATOR = re.compile(r"[ \t,.\-]{1,3}")


def runs(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each run in ``text[lo:hi]`` of three or more digit words of one language (and its
    doubling word) joined by spaces, commas, periods or hyphens."""
    found: list[tuple[int, int, str]] = []
    words = list(_WORD.finditer(text, lo, hi))
    i = 0
    while i < len(words):
        best: tuple[int, int, str] | None = None
        for lang, table in DIGITS.items():
            j, digits, double = i, "", False
            while j < len(words):
                w = words[j].group().lower()
                if j > i and not _SEPARATOR.fullmatch(text, words[j - 1].end(), words[j].start()):
                    break
                if w == DOUBLE[lang] and not double:
                    double = True
                elif w in table:
                    digits, double = digits + table[w] * (2 if double else 1), False
                else:
                    break
                j += 1
            if len(digits) >= 3 and not double and (best is None or j > best[1]):
                best = (i, j, digits)
        if best is None:
            i += 1
            continue
        found.append((words[best[0]].start(), words[best[1] - 1].end(), best[2]))
        i = best[1]
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
_ACCENTED = (*(w for table in DIGITS.values() for w in table if not w.isascii()), "prüf", "código", "sécurité",
             "segurança", "gültig", "validité", "expiración", "février", "août", "décembre", "märz", "março")


def _escaped(word: str) -> str:
    i = next(i for i, c in enumerate(word) if not c.isascii())
    return word[:i] + rf"\\u{ord(word[i]):04x}" + word[i + 1 : i + 3]


ESCAPED_WORDS = "(?i:" + "|".join(sorted({_escaped(w) for w in _ACCENTED})) + ")"
