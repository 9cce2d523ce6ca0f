"""``cards.wordtrie.longest_first`` matches as the flat longest-first alternation it stands for: same spans, same words,
wherever words share prefixes, one is cut short, the look-ahead refuses the longest, or a single character is both
a word's start and a word alone."""

from __future__ import annotations

import re

import pytest

from scanners.cards.wordtrie import longest_first
from scanners.detectors.months import _ENGLISH, FOREIGN_MONTH, NUMBER
from scanners.detectors.spoken import _CJK_DIGITS, _FOREIGN, _OTHERS

_END = r"(?![^\W\d_])"
WORDS = ("nul", "null", "nulla", "neun", "neuf", "dos", "do", "三", "三十", "零点五", "ab", "abc", "abcd")
ALONE = ("三", "零", "七")


def _flat(words: tuple[str, ...], end: str, alone: tuple[str, ...]) -> re.Pattern[str]:
    flat = "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" + end
    return re.compile(flat + ("|[" + "".join(alone) + "]" if alone else ""))


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in rx.finditer(text)]


@pytest.mark.parametrize("text", [
    "null", "nulla", "nullx", "nul", "nulx nul", "neunte neun", "dos do doh", "abcd abcde abc ab abx",
    "三", "三十", "三十一", "三个", "零点五", "零点", "零", "七七", "x三y", "nulnullnulla", "", "n", "do-dos",
    "ab1 abc_ abcd.", "ñul null", "NULL null",
])
@pytest.mark.parametrize("end", ["", _END])
def test_same_matches_as_the_flat_alternation(text: str, end: str) -> None:
    trie = re.compile(longest_first(WORDS, end, ALONE))
    assert _spans(trie, text) == _spans(_flat(WORDS, end, ALONE), text)


@pytest.mark.parametrize("text", [
    "el código es tres cuatro cinco", "code: dziewięć osiem", "sıfır bir iki", "三 零 六", "ثلاثة أربعة",
    "शून्य एक", "quattrocento", "otto\u00e9", "the code is 473", "vier", "zwei drei", "uno dos tres",
])
def test_foreign_words_as_before(text: str) -> None:
    words = tuple(w for w in _OTHERS if w not in _CJK_DIGITS)
    flat = _flat(words, _END, tuple(_CJK_DIGITS))
    assert _spans(_FOREIGN, text.lower()) == _spans(flat, text.lower())


def _month_rx(names: str) -> re.Pattern[str]:
    after = r"\.?(?:[ ,]{1,2}(?:del? )?|[ \t]?[/\-][ \t]?)(?P<y>20[0-9]{2})"  # as ``card_dates`` reads the year
    return re.compile(rf"(?i:(?P<m>{names}))" + after, re.ASCII)


@pytest.mark.parametrize("text", [
    "marzo 2031", "MARZO 2031", "mars 2031", "Mars. 2031", "mar 2031", "märz 2031", "MÄRZ 2031", "Maerz 2031",
    "mayıs 2031", "MAYIS 2031", "Mayis 2031", "mai 2031", "mais 2031", "maio de 2031", "setiembre del 2031",
    "septiembre 2033", "sept 2031", "juin 2031", "juni/2031", "juli - 2031", "11月 2031", "十一月 2031", "1月 2031",
    "grudnia 2031", "grudzień 2031", "يناير 2031", "सितम्बर 2031", "marzo2031", "marzo 31", "marz 2031",
])
def test_month_names_as_before(text: str) -> None:
    flat = "|".join(sorted((n for n in NUMBER if n not in _ENGLISH), key=lambda n: (-len(n), n)))
    old, new = _month_rx(flat).match(text), _month_rx(FOREIGN_MONTH).match(text)
    assert (old and (old.span(), old.groupdict())) == (new and (new.span(), new.groupdict()))
