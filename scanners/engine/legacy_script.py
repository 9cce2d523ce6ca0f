"""Which single-byte code page of a non-Latin script a file that is no valid UTF-8 (nor a legacy CJK code page) is in.

A Russian shop writes Windows-1251 or KOI8-R, an Arabic CRM Windows-1256 or ISO-8859-6, an Israeli one Windows-1255,
a Greek one Windows-1253, a Thai call centre TIS-620 (or its Windows superset, code page 874). Read as Windows-1252
their words come out as Latin accents (``Ñðîê äåéñòâèÿ``), so keywords are lost, and an Arabic file's direction marks
(LRM, RLM: 0xFD, 0xFE in Windows-1256) become letters ``ý þ`` touching a card number's digits.

Two cheap tests, both explainable from the bytes:

- words: these scripts write whole words in bytes 0x80 and above, so most high bytes (``_IN_WORDS``) stand in runs of
  three or more; Western and Central European text puts one or two accented letters between ASCII ones (``Größe``,
  ``ação``), so it never gets here and stays with ``legacy_latin`` or Windows-1252;
- letters: a candidate must read almost every high byte (``_OF_SCRIPT``) as a character of its script (or a format
  mark: LRM, RLM, ZWNJ), and its letters score by the language's letter frequencies (``_weights``: +1 for the most
  frequent third, -1 for the least frequent third, a capital after a small letter costs more), the average at least
  ``_MIN_SCORE``. Of the candidates that pass, the best average wins: that separates code pages whose letters sit on
  the same bytes in another order (Windows-1251 and KOI8-R, Windows-1256 and ISO-8859-6), since a wrong reading gives
  rare letters.

A code page that leaves a byte of the sample undefined or reads it as a C1 control is not tried (TIS-620 for a
file with code page 874's quotes). All read one byte as one character, so
positions stay right.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# (code page, first and last code point of its script, the language's letters from most to least frequent)
_RUSSIAN = "оеаинтсрвлкмдпуяызьбгчйхжюшцщэфъё"
_ARABIC = "اليمونهرتبةعدسفكقأحجشطصىخإضزثذغظءآؤئ"
_HEBREW = "יוהלמאתרנבשעםכדקןפחסצגטזךףץ"
_GREEK = "αοιετσνηυρπκμλωδγχθφβξζψ"
_THAI = "านรอกเ่งมยลวดทสัตะคีิ้ไบพหุขใจแชูปโ๊๋ผฉซญฮฝฟถธภศษฐฑฒณฆฬฤฦึืำ็์ฌ"
_CANDIDATES = (
    ("cp1251", "\u0400", "\u04ff", _RUSSIAN), ("koi8-r", "\u0400", "\u04ff", _RUSSIAN),
    ("cp1256", "\u0600", "\u06ff", _ARABIC), ("iso-8859-6", "\u0600", "\u06ff", _ARABIC),
    ("cp1255", "\u0590", "\u05ff", _HEBREW), ("cp1253", "\u0370", "\u03ff", _GREEK),
    ("tis-620", "\u0e00", "\u0e7f", _THAI), ("cp874", "\u0e00", "\u0e7f", _THAI),
)
SCRIPT_CODE_PAGES = frozenset(codec for codec, *_ in _CANDIDATES)
_MARKS = frozenset("\u200c\u200d\u200e\u200f\xa0")  # ZWNJ, ZWJ, LRM, RLM, no-break space: neutral in each
_MIN_BYTES = 6
_MAX_BYTES = 2000  # high bytes weighed: evidence enough, bounded work
_IN_WORDS = 0.6
_OF_SCRIPT = 0.85
_MIN_SCORE = 0.2
_HIGH = re.compile(rb"[\x80-\xff]")
_UNTEXT = re.compile("[\x80-\x9f\ufffd]")
_WORD = re.compile(rb"[\x80-\xff]{3,}")


def _weights(order: str) -> dict[str, int]:
    """+1 for the most frequent third of a language's letters, -1 for the least frequent third, 0 between."""
    third = len(order) / 3
    return {c: 1 if k < third else -1 if k >= 2 * third else 0 for k, c in enumerate(order)}


_WEIGHTS = {order: _weights(order) for order in (_RUSSIAN, _ARABIC, _HEBREW, _GREEK, _THAI)}


@functools.cache  # a code page has at most 128 high characters
def _fold(c: str) -> str:
    """A letter without its case and accent (Greek ``Ά`` and ``ς`` weigh as ``α`` and ``σ``)."""
    base = unicodedata.normalize("NFD", c.lower())[0]
    return "σ" if base == "ς" else base


def _weight(text: str, i: int, weights: dict[str, int]) -> int:
    """How plausible ``text[i]`` reads: its letter's frequency weight, or -3 for a capital after a small letter
    (Thai read as Windows-1251 gives ``пРСЖ``; no language writes so)."""
    if text[i].isupper() and text[i - 1].islower():
        return -3
    return weights.get(_fold(text[i]), 0)


def legacy_script(sample: bytes) -> str | None:
    """The non-Latin single-byte code page ``sample`` (bytes that are no valid UTF-8) is written in, or None. A
    sample that declares charsets itself (a mail's ``charset=``) is left to the decoder that reads each part."""
    if b"harset=" in sample or b"HARSET=" in sample:
        return None
    at = [m.start() for m, _ in zip(_HIGH.finditer(sample), range(_MAX_BYTES), strict=False)]
    if len(at) < _MIN_BYTES:
        return None
    end = at[-1] + 1
    in_words = sum(len(m[0]) for m in _WORD.finditer(sample, 0, end))
    if in_words < len(at) * _IN_WORDS:
        return None
    best, best_score = None, _MIN_SCORE
    for codec, low, high, order in _CANDIDATES:
        text = sample[:end].decode(codec, errors="replace")
        if _UNTEXT.search(text):  # a byte this code page leaves undefined or reads as a C1 control: not written in it
            continue
        chars = [i for i in at if text[i] not in _MARKS]
        in_script = [i for i in chars if low <= text[i] <= high]
        letters = [i for i in in_script if not text[i].isdigit()]  # Thai digits say nothing of letter frequency
        if not letters or len(in_script) < len(chars) * _OF_SCRIPT:
            continue
        score = sum(_weight(text, i, _WEIGHTS[order]) for i in letters) / len(letters)
        if score > best_score:
            best, best_score = codec, score
    return best
