"""Month names in the languages whose expiry labels ``vocabulary`` and ``intl_words`` know (Spanish, Portuguese,
French, German, Italian, Dutch, Turkish, Polish, Arabic, Hindi; Japanese, Chinese and Korean write a month as its
number and 月/월: ``5月``, ``五月``, ``5월``), as a caller says a card's date to a voice bot or a form prints it:
``caduca el septiembre 2033``, ``vence em setembro de 2033``, ``expire en mars 2031``, ``gültig bis März 2031``,
``scadenza marzo 2031``, ``son kullanma tarihi Mayıs 2031``. Data only:
``card_dates.date_at`` reads a name with a four-digit year after an expiry keyword, as it reads ``Feb 2027``.

Each name is written with its accents and without them (``março``/``marco``, ``août``/``aout``, ``März``/``Maerz``
/``Marz``), and a name the English alternation already reads (``april``, ``september``...) is left to it. Polish
also in the genitive a date uses (``grudnia``); Arabic the names of the Gregorian months used in Egypt and the Gulf
(يناير ...; the Levantine names are two words for some months: not read); Hindi with both spellings of a nasal
(सितंबर/सितम्बर) and of फ़रवरी.
"""

from __future__ import annotations

import unicodedata

from scanners.cards.wordtrie import longest_first
from scanners.lazy_re import lazy_compile

_NAMES = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "pl": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    "pl-genitive": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "hi": "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "ja": " ".join(f"{n}月" for n in range(1, 13)),
    "zh": "一月 二月 三月 四月 五月 六月 七月 八月 九月 十月 十一月 十二月",
    "ko": " ".join(f"{n}월" for n in range(1, 13)),
}
_VARIANTS = {"setiembre": 9, "jänner": 1, "maerz": 3,  # Spanish (Peru, Uruguay), Austrian German, German folded
             "ابريل": 4, "إبريل": 4, "اكتوبر": 10,  # Arabic without its hamza
             "फरवरी": 2, "सितम्बर": 9, "अक्तूबर": 10, "नवम्बर": 11, "दिसम्बर": 12,  # Hindi
             **{f"{n:02d}月": n for n in range(1, 10)}, **{f"{n:02d}월": n for n in range(1, 10)}}
_ENGLISH = frozenset({"april", "august", "september", "november", "december"})


def _folded(name: str) -> str:
    # Turkish dotless ı folds to i (``mayis``), as a keyboard without it writes it
    return "".join(c for c in unicodedata.normalize("NFKD", name.replace("ı", "i")) if c.isascii())


NUMBER: dict[str, int] = dict(_VARIANTS)
for _line in _NAMES.values():
    for _i, _name in enumerate(_line.split(), 1):
        NUMBER[_name] = _i
        if _folded(_name).isalpha():  # an Arabic or Hindi name folds to nothing
            NUMBER[_folded(_name)] = _i
for _name in [n for n in NUMBER if not n.isascii()]:
    NUMBER[_name.upper()] = NUMBER[_name]  # a non-ASCII letter does not fold under re.ASCII (MÄRZ)
# A regex alternation of the names, longest first (``marzo`` before ``mars``; ``re.ASCII`` folds ASCII letters only),
# as a trie (``cards.wordtrie``: a third of the flat alternation's cost to ``re``, tried at each of a gap's lengths).
# Each name once in ASCII lower case: two names that differ only in an ASCII letter's case (``MAYIS``, ``mayis``) match
# the same text, and no two of the trie's branches may.
FOREIGN_MONTH = longest_first({"".join(c.lower() if c.isascii() else c for c in n) for n in NUMBER
                               if n not in _ENGLISH})


def month_number(name: str) -> int:
    """The number of a month name in any of these languages (any case)."""
    return NUMBER.get(name.lower()) or NUMBER[name.upper()]  # MAYIS, from mayıs, matches Mayis too


_SENTENCE_START = lazy_compile(r"""(?:^|[.;:!?"'>\n=])[ \t]*(?:[^\W\d_]+[ \t]+)?$""")  # "=": a form value's start


def named_month(text: str, verb: int, start: int, end: int) -> bool:
    """A verb starting at ``verb`` begins its sentence (or follows one word: a pronoun, ``elle expire le``) and the
    date ``text[start:end]`` after it is a month named with a four-digit year (``caduca el septiembre 2033``): a
    caller's answer about the card a voice bot asked for. Something else that expires is named before the verb
    (``Das Angebot ist gültig bis März 2031``) or names its day (``vence el 30 de septiembre de 2033``)."""
    if not (text[start].isalpha() and text[end - 4 : end].isdigit()):
        return False
    return _SENTENCE_START.search(text, max(0, verb - 40), verb) is not None
