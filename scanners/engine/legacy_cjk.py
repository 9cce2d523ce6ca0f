"""Which legacy CJK encoding (EUC-KR, EUC-JP, Shift_JIS, GB18030, Big5) a file that is no valid UTF-8 is written in.

A Korean, Japanese or Chinese application writes its log in the platform's legacy code page as often as in UTF-8;
read as Windows-1252 such a file gives mojibake, so its keywords (``安全码``, ``CVC 번호``) and full-width digits
(``４２４２``) are lost. A code page is taken only when the sample decodes strictly in it (a multi-byte character cut
at the sample's end forgiven) and the text it gives is plausible for its language:

- almost every non-ASCII character (nine in ten, Latin letters, currency signs and punctuation marks aside, which
  may be no more than the CJK ones) is CJK: Hangul syllables, kana, ideographs, CJK punctuation or full-width
  forms (half-width katakana do not count: Chinese bytes read as Shift_JIS give them);
- the CJK characters come in words, most of them next to another (Latin text with accents read as Big5 or GBK
  gives one ideograph per accented letter, between ASCII letters);
- Korean is Hangul syllables (Chinese bytes read as EUC-KR give Hanja too: nineteen in twenty of the Hangul and
  ideographs; full-width digits and CJK punctuation, which every CJK language writes, tell nothing); Japanese
  holds kana, or, in Shift_JIS written in kanji almost alone (an order log's ``受注番号`` and ``追跡番号``),
  its kanji stay within JIS X 0208's first level (nine in ten: Chinese bytes read as Shift_JIS give half-width
  katakana and second-level kanji; read as EUC-JP they give first-level kanji, so there kana decide); Chinese holds
  neither, and read as GB18030 its ideographs stay within GB2312 (nine in ten: simplified Chinese; Big5 bytes read
  as GBK give characters beyond it), read as Big5 within Big5's frequently used level.

The code pages are tried in that order (Korean and Japanese bytes also decode as GB18030, as ideographs). A file
that fits none is read as before (Windows-1252 or Latin-1).
"""

from __future__ import annotations

import codecs

_SHARE_CJK = 0.9  # of the non-ASCII characters
_SHARE_PAIRED = 0.5  # of the CJK characters: next to another CJK character
_SHARE_HANGUL = 0.95  # of the Hangul and ideographs, for Korean (Chinese bytes read as EUC-KR give Hanja too)
_SHARE_KANA = 0.05  # of the CJK characters, for Japanese
_MIN_CJK = 4  # fewer CJK characters decide nothing


def _kind(char: str) -> str:
    """'h' Hangul syllable, 'k' kana, 'i' ideograph, 'p' CJK punctuation or full-width form, 'n' a Latin letter,
    currency sign or punctuation mark (a CJK log quotes them: ``endereço``, ``₩``, ``…``), '' anything else."""
    o = ord(char)
    if 0xA0 <= o <= 0x24F or 0x2000 <= o <= 0x20CF:
        return "n"
    if 0xAC00 <= o <= 0xD7A3:
        return "h"
    if 0x3040 <= o <= 0x30FF:
        return "k"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        return "i"
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
        return "p"
    return ""


def _fits(text: str, codec: str) -> bool:
    """``text`` (a strict decoding in ``codec``) reads as the language that code page is written for."""
    kinds = [_kind(c) if ord(c) > 0x7F else "" for c in text]
    neutral = kinds.count("n")
    other = sum(1 for c in text if ord(c) > 0x7F) - neutral
    cjk = [n for n, k in enumerate(kinds) if k and k != "n"]
    if len(cjk) < max(_MIN_CJK, neutral, other * _SHARE_CJK):
        return False
    last = len(kinds) - 1
    paired = sum(1 for n in cjk if kinds[n - 1] not in "n" or (n < last and kinds[n + 1] not in "n"))
    if paired < len(cjk) * _SHARE_PAIRED:
        return False
    hangul, kana = kinds.count("h"), kinds.count("k")
    if codec == "euc_kr":  # (a Korean log's full-width digits and punctuation: ``유효기간：２０３２년``)
        return hangul >= (hangul + kinds.count("i") + kana) * _SHARE_HANGUL
    ideographs = [text[n] for n in cjk if kinds[n] == "i"]
    if codec in ("euc_jp", "shift_jis"):
        # little kana: a log of kanji terms; not for EUC-JP, whose first level shares its bytes with GB2312's
        kanji = codec == "shift_jis" and sum(map(_jis_first_level, ideographs)) >= len(cjk) * _SHARE_CJK
        return hangul == 0 and (kana >= len(cjk) * _SHARE_KANA or kanji)
    if hangul or kana > len(cjk) * _SHARE_KANA:
        return False
    common = _in_gb2312 if codec == "gb18030" else _big5_frequent
    return sum(map(common, ideographs)) >= len(ideographs) * _SHARE_CJK


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _jis_first_level(char: str) -> bool:
    """In JIS X 0208's first level, the frequently used kanji (Shift_JIS lead bytes 0x88-0x98)."""
    try:
        return 0x88 <= char.encode("shift_jis")[0] <= 0x98
    except UnicodeEncodeError:
        return False


def _big5_frequent(char: str) -> bool:
    """In Big5's level of frequently used characters (lead bytes 0xA4-0xC6); Latin letters with accents read as Big5
    give characters of the other level (Windows-1252's accented letters are bytes 0xC7 and above, most of them)."""
    try:
        return 0xA4 <= char.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def legacy_cjk(sample: bytes) -> str | None:
    """The legacy CJK code page ``sample`` (bytes that are no valid UTF-8) is written in, or None. A sample that
    declares charsets itself (a mail's ``charset=``) is left to the decoder that reads each part in its own."""
    if b"harset=" in sample or b"HARSET=" in sample:
        return None
    for codec in ("euc_kr", "euc_jp", "shift_jis", "gb18030", "big5"):
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if _fits(text, codec):
            return codec
    return None
