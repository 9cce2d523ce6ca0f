"""Letters of the scripts written without spaces between words: Chinese, Japanese (kanji, hiragana, katakana, also
half-width), Thai, Lao, Khmer, Myanmar; and Korean Hangul, whose particles and counters are written glued to a number
(``카드번호는4111...입니다``). A number against such a letter ends a word as it would against a space: ``カード番号は
4111...です`` is "the card number is 4111... (polite copula)", no token holding the digits."""

from __future__ import annotations

import re

_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u303c\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff"  # CJK, kana
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc]"  # Hangul, CJK compatibility, half-width kana and Hangul
)


def unspaced(char: str) -> bool:
    """``char`` is a letter of a script written without spaces between words (see the module's docstring)."""
    return _UNSPACED.match(char) is not None
